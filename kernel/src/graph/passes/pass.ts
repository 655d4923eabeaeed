// What every graph pass is, and the few rewrites they share: a pass reads a GraphIR,
// rewrites it in place and says in one line what it did.
import type { Tensor } from "../../tensor/tensor.js";
import { findKernel } from "../../backend/backend.js";
import { CPU_JS } from "../../backend/cpu/cpu-backend.js";
import { getBackend } from "../../tensor/engine.js";
import { hostCopyOf } from "../../tensor/host-copy.js";
import { constantOp, producers, readersOf, resultValues, type ConstantAttrs, type GraphIR, type GraphNodeIR } from "../ir.js";

/** One optimisation of a graph. */
export interface GraphPass {
  readonly name: string;
  /** Rewrites `graph` in place; returns what it did, for the report ("folded 3 nodes"). */
  run(graph: GraphIR): string;
}

/**
 * Why a pass that rewrites into `op` skips the active backend, or undefined where it pays:
 * the backend needs a kernel of its own for `op`. cpu-js has one only so that graphs
 * optimised elsewhere run there (no faster than the ops it replaces), so it is skipped too.
 * @example const skip = skipWithoutKernel(im2colOp); if (skip) return skip;
 */
export function skipWithoutKernel(op: { readonly name: string }): string | undefined {
  const backend = getBackend().name;
  if (backend === CPU_JS) return `skipped: ${op.name} on ${CPU_JS} is a reference kernel, no faster than the ops it replaces`;
  return findKernel(op.name, backend) ? undefined : `skipped: the ${backend} backend has no ${op.name} kernel`;
}

/** What the rewriting passes look up in a graph, made once per pass run. */
export interface Lookups {
  /** Each value's producer. */
  readonly made: ReadonlyMap<number, GraphNodeIR>;
  /** Each value's readers, in graph order. */
  readonly readers: ReadonlyMap<number, readonly GraphNodeIR[]>;
  /** The values the graph returns or assigns (a rewrite must keep them). */
  readonly kept: ReadonlySet<number>;
  /** The one node that reads v, when the graph does not return or assign v either. */
  soleReader(v: number): GraphNodeIR | undefined;
  /** The producer of v when `reader` is v's sole reader (v may then go with a rewrite of `reader`). */
  onlyFor(v: number, reader: GraphNodeIR): GraphNodeIR | undefined;
}

/**
 * The lookups of `graph` as it is now (a pass that rewrites makes them before it starts).
 * @example const { made, onlyFor } = lookups(graph); const product = onlyFor(update.inputs[1], update)
 */
export function lookups(graph: GraphIR): Lookups {
  const made = producers(graph);
  const readers = readersOf(graph);
  const kept = resultValues(graph);
  const soleReader = (v: number) => (!kept.has(v) && readers.get(v)?.length === 1 ? readers.get(v)![0] : undefined);
  return { made, readers, kept, soleReader, onlyFor: (v, reader) => (soleReader(v) === reader ? made.get(v) : undefined) };
}

/**
 * Makes every reader of value `from` (nodes, outputs, assignments) read `to` instead.
 * @example replaceUses(graph, mulNode.outputs[0], x) // x·1 → x
 */
export function replaceUses(graph: GraphIR, from: number, to: number): void {
  renameUses(graph, new Map([[from, to]]));
}

/**
 * Makes every reader of a value in `renamed`'s keys read the value it maps to, in one sweep.
 * @example renameUses(graph, new Map([[duplicate, original]]))
 */
export function renameUses(graph: GraphIR, renamed: ReadonlyMap<number, number>): void {
  if (renamed.size === 0) return;
  const swap = (v: number) => renamed.get(v) ?? v;
  graph.nodes = graph.nodes.map((n) => (n.inputs.some((v) => renamed.has(v)) ? { ...n, inputs: n.inputs.map(swap) } : n));
  graph.outputs = graph.outputs.map(swap);
  graph.assigns = graph.assigns.map((a) => (renamed.has(a.value) ? { ...a, value: swap(a.value) } : a));
}

/**
 * Removes nodes, and the values only they wrote.
 * @example removeNodes(graph, new Set([deadNode]))
 */
export function removeNodes(graph: GraphIR, dead: ReadonlySet<GraphNodeIR>): void {
  if (dead.size === 0) return;
  graph.nodes = graph.nodes.filter((n) => !dead.has(n));
  for (const node of dead) for (const v of node.outputs) graph.values.delete(v);
}

/**
 * A constant node that writes `value` (an existing value id) from `tensor`, which the graph
 * keeps alive (the tensor is exempted from tidy scopes).
 * @example graph.nodes[i] = constantNode(graph, node.outputs[0], folded, node.scope)
 */
export function constantNode(graph: GraphIR, value: number, tensor: Tensor, scope: readonly string[]): GraphNodeIR {
  tensor.keep();
  return { id: graph.nextId++, op: constantOp, attrs: { tensor } satisfies ConstantAttrs, inputs: [], outputs: [value], scope };
}

/**
 * The values of a small constant (at most `limit` elements, on a synchronous backend or made
 * from host values, as literals are), else undefined.
 * @example constantValues(graph, producer, 1) // Float32Array [1] for the literal 1
 */
export function constantValues(node: GraphNodeIR | undefined, limit: number): ArrayLike<number> | undefined {
  if (node?.op !== constantOp) return undefined;
  const t = (node.attrs as ConstantAttrs).tensor;
  if (t.size > limit) return undefined;
  return t.backend?.canReadSync ? t.dataSync() : hostCopyOf(t);
}

/**
 * Whether `node` is a constant holding the scalar +0 (not −0: a fused kernel that writes +0
 * where the graph selected a −0 would change the sign of those zeros).
 * @example isPositiveZero(made.get(where.inputs[2]!)) // true for where(mask, x, 0)
 */
export function isPositiveZero(node: GraphNodeIR | undefined): boolean {
  const values = constantValues(node, 1);
  return values?.length === 1 && Object.is(values[0], 0);
}

/**
 * "3 nodes" / "1 node": counts in reports.
 * @example plural(2, "node") // "2 nodes"
 */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/**
 * Op names with counts: "mul×2, add".
 * @example summarize(["mul", "add", "mul"]) // "mul×2, add"
 */
export function summarize(names: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  return [...counts].map(([n, c]) => (c > 1 ? `${n}×${c}` : n)).join(", ");
}
