import { tensor, toTensor, type TensorLike } from "../tensor/convert.js";
import type { DType } from "../tensor/dtype.js";
import { ArgumentError, GradbookError } from "../tensor/errors.js";
import { Tensor } from "../tensor/tensor.js";
import { opLabel } from "../tensor/op.js";
import { executeGraph, planMemory, type MemoryPlan } from "./executor.js";
import { describeOverlap } from "./overlap.js";
import { constantOp, constantsOf, placeholderOp, type GraphIR, type PlaceholderAttrs } from "./ir.js";
import { readVariableOp, type ReadVariableAttrs } from "../tensor/engine.js";
import type { Variable } from "../tensor/variable.js";
import { saveGraphIR } from "./save.js";
import { graphToOnnx } from "./onnx/export.js";
import { writeFileSync } from "node:fs";
import { batchSizeOf, hasBatchPlaceholder, specialise } from "./unknown-batch.js";
import { showShape } from "../tensor/errors.js";
import { showDim } from "../tensor/unknown-batch.js";
import { formatBytes, optimizeGraph, type OptimizeReport } from "./passes/optimize.js";
import type { GraphPass } from "./passes/pass.js";
import { constantFolding } from "./passes/constant-folding.js";
import { deadCode } from "./passes/dead-code.js";

/** A graph of unknown batch size specialised for one batch size: its IR and memory plan, and the constants folded for it. */
interface Specialisation {
  readonly ir: GraphIR;
  readonly plan: MemoryPlan;
  readonly constants: readonly Tensor[];
}

/** What `display(graph)` shows; the graph view (viz/) installs it, so graph/ never imports viz/. */
let renderGraph: ((graph: Graph) => Record<string, unknown>) | undefined;

/** Called once by the graph view to draw compiled graphs. */
export function setGraphRenderer(render: (graph: Graph) => Record<string, unknown>): void {
  renderGraph = render;
}

/** Feeds for a run: a value per placeholder, by placeholder tensor or by name. */
export type FeedDict = Record<string, TensorLike> | ReadonlyMap<Tensor | string, TensorLike>;

/**
 * A compiled computation: op nodes over placeholders, variable reads and constants, run as
 * a whole. Made by `jit` (tracing a function) or by `run` over symbolic tensors. A graph
 * over placeholders with an unknown batch dimension runs for any batch size: it is
 * specialised for each batch size it meets (shapes inferred again, the plan cached).
 * @example
 * const x = placeholder([2], "float32", "x");
 * const g = graphFor([x.square().sum()]);
 * g.run({ x: tensor([1, 2]) })[0].item() // 5
 * const rows = placeholder([null, 2], "float32", "rows");
 * graphFor(rows.square().sum(1)).run({ rows: ones([3, 2]) })[0].shape // [3]
 */
export class Graph {
  readonly ir: GraphIR;
  private memoryPlan: MemoryPlan;
  private disposed = false;
  /** Every constant the graph has held (passes replace some), freed with the graph unless borrowed. */
  private readonly constants: Set<Tensor>;
  /** Captured tensors that stay their owner's (made before the graph): never freed by the graph. */
  private readonly borrowed: ReadonlySet<Tensor>;

  /** Names of the placeholders (checked at every run, so kept rather than derived each time). */
  private placeholderNames: Set<string>;
  /** Whether a placeholder has an unknown batch dimension. */
  private batched: boolean;
  /** The graph specialised per batch size met so far (batched graphs only), with its memory plan. */
  private readonly specialisations = new Map<number, Specialisation>();
  /** Whether optimize() ran: its specialisations then fold what the unknown batch size kept from folding. */
  private optimized = false;

  /** `borrowed`: constants of `ir` that belong to the caller (see Graph.borrowed). */
  constructor(ir: GraphIR, borrowed: Iterable<Tensor> = []) {
    this.ir = ir;
    this.memoryPlan = planMemory(ir);
    this.constants = new Set(constantsOf(ir));
    this.borrowed = new Set([...borrowed].filter((t) => this.constants.has(t)));
    this.placeholderNames = new Set(this.placeholders.map((p) => p.name));
    this.batched = hasBatchPlaceholder(ir);
  }

  /** The graph's inputs, in the order they were made. */
  get placeholders(): PlaceholderAttrs[] {
    return this.ir.nodes.filter((n) => n.op === placeholderOp).map((n) => n.attrs as PlaceholderAttrs);
  }

  /** The variables the graph reads, in the order of their read nodes. */
  get variables(): Variable[] {
    return this.ir.nodes.filter((n) => n.op === readVariableOp).map((n) => (n.attrs as ReadVariableAttrs).variable as Variable);
  }

  /** Number of nodes that compute something (sources excluded). */
  get opCount(): number {
    return this.ir.nodes.filter((n) => !n.op.source).length;
  }

  /**
   * How many tensors the graph keeps alive until dispose() frees them: its own constants
   * (captured tensors made before the graph stay their owner's), including ones that passes
   * folded or merged away.
   * @example graph.heldTensors // 25
   */
  get heldTensors(): number {
    let folded = 0;
    for (const { constants } of this.specialisations.values()) folded += constants.length;
    return this.constants.size - this.borrowed.size + folded;
  }

  /** The memory plan: peak and total bytes of intermediate values per run (at batch size 1 when the batch size is unknown). */
  get memory(): MemoryPlan {
    return this.memoryPlan;
  }

  /**
   * Whether the graph runs for any batch size (a placeholder's first dimension is unknown).
   * @example graphFor(placeholder([null, 3]).exp()).hasUnknownBatch // true
   */
  get hasUnknownBatch(): boolean {
    return this.batched;
  }

  /** Replaces the IR after a pass rewrote it (re-plans memory). */
  replan(): void {
    this.memoryPlan = planMemory(this.ir);
    this.placeholderNames = new Set(this.placeholders.map((p) => p.name));
    this.batched = hasBatchPlaceholder(this.ir);
    this.dropSpecialisations();
  }

  /**
   * The graph and memory plan for batches of `batch` (made on first use; a few are kept). In
   * an optimised graph, constant folding and dead code run again on it: what only the unknown
   * batch size kept them from (ones broadcast to the batch's shape, a mean's 1/batch in its
   * gradient) is now computed once per batch size instead of at every run.
   */
  private specialised(batch: number): Specialisation {
    let entry = this.specialisations.get(batch);
    if (!entry) {
      const ir = specialise(this.ir, batch);
      const constants = this.optimized ? runPasses(ir, [constantFolding, deadCode], this.constants).made : [];
      entry = { ir, plan: planMemory(ir), constants };
      // Typically two sizes alternate (full batches and the last one); keep a few, oldest out first.
      if (this.specialisations.size >= MAX_SPECIALISATIONS) this.dropSpecialisation(this.specialisations.keys().next().value!);
      this.specialisations.set(batch, entry);
    }
    return entry;
  }

  /** A captured tensor its owner disposed after the graph was made: an error that says so, not a read of freed memory. */
  private assertBorrowedAlive(): void {
    for (const t of this.borrowed) {
      if (!t.isDisposed || !constantsOf(this.ir).includes(t)) continue;
      throw new GradbookError(`run: a tensor the graph captured (shape ${showShape(t.shape)}, ${t.dtype}) was disposed after the graph was made; keep it while the graph is used, or make it an argument or a variable`);
    }
  }

  private dropSpecialisation(batch: number): void {
    for (const t of this.specialisations.get(batch)?.constants ?? []) t.dispose();
    this.specialisations.delete(batch);
  }

  private dropSpecialisations(): void {
    for (const batch of [...this.specialisations.keys()]) this.dropSpecialisation(batch);
  }

  /** Whether the graph has a placeholder called `name` (a pass may have dropped an unused one). */
  hasPlaceholder(name: string): boolean {
    return this.placeholderNames.has(name);
  }

  /**
   * Optimises the graph in place: constant folding, algebraic simplification, common
   * subexpressions, elementwise fusion (generated kernels) and dead code, in that order.
   * Returns a report of what each pass did, with node counts and peak memory before/after.
   * @example
   * const step = jit(trainStep, { onTrace: (g) => g.optimize() });
   * console.log(step.graphFor(x, y).optimize().toString()) // a second run finds nothing left to do
   */
  optimize(passes?: readonly GraphPass[]): OptimizeReport {
    if (this.disposed) throw new ArgumentError("optimize: this graph was disposed");
    const { report, made } = runPasses(this.ir, passes, this.constants);
    for (const t of made) this.constants.add(t);
    this.optimized = true;
    this.replan();
    return report;
  }

  /**
   * Computes the outputs for the given placeholder values, then performs the graph's
   * variable assignments. The outputs are new tensors the caller owns.
   * @example g.run({ x: tensor([1, 2]) })
   */
  run(feeds: FeedDict = {}): Tensor[] {
    if (this.disposed) throw new ArgumentError("run: this graph was disposed");
    this.assertBorrowedAlive();
    // Passes run on `ir` directly (optimizeGraph(graph.ir)) leave the plan behind: plan again.
    if (this.memoryPlan.planned !== this.ir.nodes) this.replan();
    const byName = new Map<string, Tensor>();
    const entries = feeds instanceof Map ? [...feeds.entries()] : Object.entries(feeds);
    const known = this.placeholderNames;
    const made: Tensor[] = [];
    for (const [key, value] of entries) {
      const name = key instanceof Tensor ? placeholderName(key) : key;
      if (!known.has(name)) throw new ArgumentError(`run: "${name}" is not a placeholder of this graph; its placeholders are ${[...known].map((n) => `"${n}"`).join(", ") || "none"}`);
      const t = value instanceof Tensor ? value : fedHostValues(value, this.placeholders.find((p) => p.name === name)!.dtype);
      if (!(value instanceof Tensor) && t !== value) made.push(t);
      byName.set(name, t);
    }
    try {
      const batch = this.batched ? batchSizeOf(this.placeholders, byName) : undefined;
      // With no batch to go by, the run on the generic graph reports the placeholder not fed.
      const { ir, plan } = batch === undefined ? { ir: this.ir, plan: this.memoryPlan } : this.specialised(batch);
      return executeGraph(ir, plan, byName);
    } finally {
      for (const t of made) t.dispose();
    }
  }

  /**
   * A text summary: inputs, variables, outputs, op counts and the memory plan. An unknown
   * batch dimension shows as "?" (`x float32[?, 784]`).
   * @example console.log(jit(f).graphFor(x).summary())
   */
  summary(): string {
    const counts = new Map<string, number>();
    for (const label of this.ir.nodes.filter((n) => !n.op.source).map((n) => opLabel(n.op, n.attrs))) counts.set(label, (counts.get(label) ?? 0) + 1);
    const variables = this.ir.nodes.filter((n) => n.op === readVariableOp).map((n) => (n.attrs as { variable: { name: string } }).variable.name);
    const constants = this.ir.nodes.filter((n) => n.op === constantOp).length;
    const lines = [
      `Graph: ${this.opCount} ops, ${this.placeholders.length} inputs, ${variables.length} variables, ${constants} constants, ${this.ir.outputs.length} outputs, ${this.ir.assigns.length} assignments`,
      `  inputs: ${this.placeholders.map((p) => `${p.name} ${p.dtype}${showShape(p.shape)}`).join(", ") || "none"}`,
      `  variables read: ${variables.join(", ") || "none"}`,
      `  ops: ${[...counts].sort((a, b) => b[1] - a[1]).map(([op, c]) => `${op}×${c}`).join(", ")}`,
      `  memory: peak ${formatBytes(this.memoryPlan.peakBytes)} of intermediates${this.batched ? " at batch size 1" : ""} (${formatBytes(this.memoryPlan.totalBytes)} without reuse)`,
    ];
    const overlap = describeOverlap(this.memoryPlan);
    if (overlap) lines.push(`  overlap: ${overlap}`);
    return lines.join("\n");
  }

  /**
   * The graph in Graphviz's DOT language (sources as ellipses, ops as boxes, edges with
   * shapes; "?" for an unknown batch dimension).
   * @example writeFileSync("step.dot", graph.toDot())
   */
  toDot(): string {
    const producer = new Map<number, number>();
    for (const n of this.ir.nodes) for (const v of n.outputs) producer.set(v, n.id);
    const quote = (s: string) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
    const lines = ["digraph gradbook {", "  rankdir=TB;", "  node [fontname=Helvetica, fontsize=10];"];
    for (const n of this.ir.nodes) {
      const label = n.op.source ? sourceLabel(n.op.name, n.attrs) : opLabel(n.op, n.attrs);
      // DOT reads \n inside a quoted label as a line break: the scope goes on a second line.
      const text = n.scope.length ? `${quote(label).slice(0, -1)}\\n${quote(n.scope.join("/")).slice(1)}` : quote(label);
      lines.push(`  n${n.id} [label=${text}, shape=${n.op.source ? "ellipse" : "box"}];`);
    }
    for (const n of this.ir.nodes) {
      for (const v of n.inputs) {
        const info = this.ir.values.get(v)!;
        lines.push(`  n${producer.get(v)} -> n${n.id} [label=${quote(`${info.dtype}[${info.shape.map(showDim).join(",")}]`)}];`);
      }
    }
    lines.push("}");
    return lines.join("\n");
  }

  /**
   * Saves an inference graph to `dir`: graph.json (format "gradbook-graph": ops, attributes,
   * shapes, dtypes, placeholders, outputs; version 2 when it has an unknown batch dimension or
   * random draws, else 1) and weights.safetensors (the current values of the variables it
   * reads, and its constants). `loadGraph(dir)` reads it back. Random draws (dropout masks,
   * randomNormal) are saved as their distribution and parameters: the loaded graph draws new
   * values at each run (from the global generator, or from their seed if they had one).
   * Graphs that assign variables (training steps) or run other host code cannot be saved.
   * @example jit((x: Tensor) => model.apply(x), { batchPolymorphic: true }).graphFor(xTest).save("mlp-graph")
   */
  save(dir: string): void {
    saveGraphIR(this.ir, dir);
  }

  /**
   * The graph as an ONNX model (opset 17), for onnxruntime and other tools: placeholders are
   * its inputs by name, outputs are "output_0", "output_1", …, variables are initializers.
   * Ops without an ONNX mapping are an error that names them.
   * @example const bytes = jit((x: Tensor) => model.apply(x)).graphFor(xTest).toOnnx()
   */
  toOnnx(): Uint8Array {
    return graphToOnnx(this.ir);
  }

  /**
   * Writes `toOnnx()` to a file.
   * @example graph.exportOnnx("mlp.onnx")
   */
  exportOnnx(path: string): void {
    writeFileSync(path, this.toOnnx());
  }

  /** Frees the graph's own constants (not the tensors it borrowed from the caller). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.dropSpecialisations();
    for (const t of this.constants) if (!this.borrowed.has(t)) t.dispose();
  }

  toString(): string {
    return this.summary();
  }

  [Symbol.for("gradbook.mimebundle")](): Record<string, unknown> {
    return renderGraph ? renderGraph(this) : { "text/plain": this.summary() };
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.summary();
  }
}

/** How many batch sizes a graph keeps specialised plans for. */
const MAX_SPECIALISATIONS = 8;

/**
 * Runs `passes` (by default optimize()'s) over `ir` in place. Constants they made (folded
 * values) and dropped again are freed now; returns the report and the constants they made
 * that `ir` keeps. `held` are the graph's own (captured ones may be the caller's: never freed here).
 */
function runPasses(ir: GraphIR, passes: readonly GraphPass[] | undefined, held: ReadonlySet<Tensor>): { report: OptimizeReport; made: Tensor[] } {
  const made = new Set<Tensor>();
  const report = optimizeGraph(ir, passes, (after) => constantsOf(after).forEach((t) => held.has(t) || made.add(t)));
  const kept = new Set(constantsOf(ir));
  for (const t of made) if (!kept.has(t)) t.dispose();
  return { report, made: [...made].filter((t) => kept.has(t)) };
}

/**
 * A feed given as host values (numbers, nested arrays) in the placeholder's dtype where that
 * keeps every value: float64 always, int32 when they are all integers (as a feed dict converts
 * to its placeholder's dtype); otherwise as inferred, and the dtype check names the mismatch.
 * @example fedHostValues([1, 2, 3], "int32").dtype // "int32"
 */
function fedHostValues(value: TensorLike, dtype: DType): Tensor {
  const inferred = toTensor(value);
  if (inferred.dtype !== "float32" || dtype === "float32" || dtype === "bool") return inferred;
  if (dtype === "int32" && !allIntegers(value)) return inferred;
  const converted = tensor(value, dtype);
  inferred.dispose();
  return converted;
}

/** Whether host values (a number, nested arrays, a typed array) are all integers. */
function allIntegers(value: unknown): boolean {
  if (typeof value === "number") return Number.isInteger(value);
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>).every(Number.isInteger);
  return Array.isArray(value) && value.every(allIntegers);
}

function placeholderName(t: Tensor): string {
  if (t.node?.op !== placeholderOp) throw new ArgumentError(`run: feeds are keyed by placeholders or their names, got a tensor of shape [${t.shape.join(", ")}] made by ${t.node?.op.name ?? "data"}`);
  return (t.node.attrs as PlaceholderAttrs).name;
}

/** The label of a source node: its name, or what it holds. */
export function sourceLabel(op: string, attrs: any): string {
  switch (op) {
    case "placeholder":
      return `placeholder ${attrs.name}`;
    case "readVariable":
      return attrs.variable.name;
    case "hostValue":
      return attrs.label;
    default:
      return `constant [${(attrs.tensor as Tensor).shape.join(", ")}]`;
  }
}
