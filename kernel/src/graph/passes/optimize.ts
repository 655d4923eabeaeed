// Runs the passes in order and reports, pass by pass, what changed: node counts, what each
// pass did, and the memory plan's peak before and after (and after each pass that moved it).
import { planMemory } from "../executor.js";
import type { GraphIR } from "../ir.js";
import { adamEpilogue } from "./adam-epilogue.js";
import { algebraicSimplification } from "./algebraic.js";
import { biasReluEpilogue } from "./bias-relu-epilogue.js";
import { commonSubexpressions } from "./common-subexpressions.js";
import { constantFolding } from "./constant-folding.js";
import { convColumns } from "./conv-columns.js";
import { convPool } from "./conv-pool.js";
import { deadCode } from "./dead-code.js";
import { elementwiseFusion } from "./elementwise-fusion.js";
import { isFused } from "./fused-op.js";
import type { GraphPass } from "./pass.js";
import { poolArgmax } from "./pool-argmax.js";
import { poolReluGradient } from "./pool-relu-gradient.js";
import { reluGradEpilogue } from "./relu-grad-epilogue.js";
import { softmaxCrossEntropyFusion } from "./softmax-cross-entropy.js";
import { sparseCrossEntropyFusion } from "./sparse-cross-entropy.js";

/**
 * The passes `graph.optimize()` runs, in order: simplification before CSE (it makes equal
 * nodes appear), CSE before the cross-entropy fusion (the loss and its gradient then share
 * one oneHot; then softmax cross-entropy fusion takes them with their log-softmax), conv column sharing before the epilogue fusion (a conv becomes a GEMM it can
 * fuse), the pool-relu gradient (then its argmax routing) and the epilogue (then conv-pool fusion, which
 * fuses what those made) before elementwise fusion (which would otherwise take relu, its mask
 * and the bias add into a kernel), relu-gradient epilogue fusion after the bias-relu epilogue
 * (which makes relu's masks read its output) and before elementwise fusion (which would take
 * the mask), Adam epilogue fusion after conv-pool fusion (which fuses a first layer's
 * filter-gradient product otherwise), dead code last (it removes what the others left unread,
 * such as the constants fusion wrote into its kernels).
 */
export const DEFAULT_PASSES: readonly GraphPass[] = [
  constantFolding,
  algebraicSimplification,
  commonSubexpressions,
  sparseCrossEntropyFusion,
  softmaxCrossEntropyFusion,
  convColumns,
  poolReluGradient,
  poolArgmax,
  biasReluEpilogue,
  convPool,
  reluGradEpilogue,
  adamEpilogue,
  elementwiseFusion,
  deadCode,
];

/** What one pass did. */
export interface PassReport {
  readonly pass: string;
  readonly nodesBefore: number;
  readonly nodesAfter: number;
  readonly did: string;
  readonly ms: number;
  /** Peak bytes of intermediates in the memory plan after the pass. */
  readonly peakBytesAfter: number;
}

/** What optimize() did to a graph. */
export class OptimizeReport {
  constructor(
    readonly passes: readonly PassReport[],
    /** Op nodes (sources excluded) before and after. */
    readonly nodesBefore: number,
    readonly nodesAfter: number,
    /** Peak bytes of intermediates in the memory plan, before and after. */
    readonly peakBytesBefore: number,
    readonly peakBytesAfter: number,
    /** Fused nodes in the optimised graph: generated elementwise kernels and the fused ops other passes make. */
    readonly fusedKernels: number,
  ) {}

  /** The report as a table. */
  toString(): string {
    const width = Math.max(...this.passes.map((p) => p.pass.length));
    // A pass that moves the peak says so: a trade of memory for time (conv column sharing) shows where it is made.
    const peakChange = (p: PassReport, i: number) => {
      const before = i === 0 ? this.peakBytesBefore : this.passes[i - 1]!.peakBytesAfter;
      return formatBytes(before) === formatBytes(p.peakBytesAfter) ? "" : `; peak memory ${formatBytes(before)} → ${formatBytes(p.peakBytesAfter)}`;
    };
    const lines = [
      `optimize: ${this.nodesBefore} → ${this.nodesAfter} ops, ${this.fusedKernels} fused kernels, peak memory ${formatBytes(this.peakBytesBefore)} → ${formatBytes(this.peakBytesAfter)}`,
      ...this.passes.map((p, i) => `  ${p.pass.padEnd(width)}  ${String(p.nodesBefore).padStart(4)} → ${String(p.nodesAfter).padEnd(4)} ${p.did}${peakChange(p, i)} (${p.ms.toFixed(1)} ms)`),
    ];
    return lines.join("\n");
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

const opCount = (graph: GraphIR) => graph.nodes.filter((n) => !n.op.source).length;

/**
 * Runs `passes` over `graph` in place and reports what each did; `afterPass` sees the graph
 * after each pass (the Graph uses it to track the constants passes make).
 * @example console.log(optimizeGraph(graph.ir).toString())
 */
export function optimizeGraph(graph: GraphIR, passes: readonly GraphPass[] = DEFAULT_PASSES, afterPass?: (graph: GraphIR) => void): OptimizeReport {
  const nodesBefore = opCount(graph);
  const peakBefore = planMemory(graph).peakBytes;
  const reports = passes.map((pass): PassReport => {
    const before = opCount(graph);
    const started = performance.now();
    const did = pass.run(graph);
    afterPass?.(graph);
    const ms = performance.now() - started;
    return { pass: pass.name, nodesBefore: before, nodesAfter: opCount(graph), did, ms, peakBytesAfter: planMemory(graph).peakBytes };
  });
  const fused = graph.nodes.filter((n) => n.op.fused || isFused(n.op)).length;
  return new OptimizeReport(reports, nodesBefore, opCount(graph), peakBefore, reports.at(-1)?.peakBytesAfter ?? peakBefore, fused);
}

/**
 * Bytes in the unit that suits them.
 * @example formatBytes(4404019) // "4.2 MiB"
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}
