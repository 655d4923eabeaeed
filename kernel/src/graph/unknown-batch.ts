// Graphs with an unknown batch dimension: traced once over placeholders whose first
// dimension is UNKNOWN_BATCH, then specialised for each batch size B that runs them by
// replaying the ops' shape rules node by node, with every attribute that is a multiple
// k·UNKNOWN_BATCH (a reshape target, a slice size, a broadcast shape) rewritten to k·B.
// What cannot be rewritten is a number the traced code computed from the batch size
// (`x.sum().div(x.shape[0])` captures the constant UNKNOWN_BATCH): batchLeaks() finds those.
import { ShapeError, showShape } from "../tensor/errors.js";
import { Tensor } from "../tensor/tensor.js";
import { batchMultiple, looksBatchDerived, madeFromBatchSize, UNKNOWN_BATCH } from "../tensor/unknown-batch.js";
import { constantOp, describeNode, placeholderOp, type GraphIR, type GraphNodeIR, type PlaceholderAttrs, type ValueInfo } from "./ir.js";
import { loadedOp } from "./serialize.js";

/** A graph with an unknown batch dimension that uses the batch size as a number, or feeds that disagree on it. */
export class BatchDimensionError extends ShapeError {}

/**
 * Whether a graph has a placeholder with an unknown batch dimension.
 * @example hasBatchPlaceholder(graphFor(placeholder([null, 3]).exp()).ir) // true
 */
export function hasBatchPlaceholder(ir: GraphIR): boolean {
  return ir.nodes.some((n) => n.op === placeholderOp && batchMultiple((n.attrs as PlaceholderAttrs).shape[0]!) === 1);
}

/**
 * The nodes of a graph that hold a number computed from the unknown batch size, other than
 * the multiples that specialisation rewrites: a constant of UNKNOWN_BATCH or its reciprocal
 * (a mean written as sum / x.shape[0]), an attribute of UNKNOWN_BATCH − 1. Each is described
 * as 'node 3 (op "constant"): the constant 4294967296, read by "div"'.
 * @example batchLeaks(ir) // ['node 3 (op "constant"): the constant 4294967296, read by "div"']
 */
export function batchLeaks(ir: GraphIR): string[] {
  const leaks: string[] = [];
  for (const node of ir.nodes) {
    const where = describeNode(node);
    if (node.op === constantOp) {
      const t = node.attrs.tensor as Tensor;
      const values = t.size <= 64 && t.backend?.canReadSync ? Array.from(t.dataSync()) : [];
      const leak = values.find(looksBatchDerived) ?? (madeFromBatchSize(t) ? "computed from the batch size" : undefined);
      if (leak === undefined) continue;
      const readers = new Set(ir.nodes.filter((n) => n.inputs.includes(node.outputs[0]!)).map((n) => `"${n.op.name}"`));
      leaks.push(`${where}: the constant ${leak}, read by ${[...readers].join(", ") || "no op"}`);
      continue;
    }
    // A random draw's key words are uint32 values, not sizes: only its parameters are looked at.
    const attrs = node.attrs?.random ? { ...node.attrs, random: node.attrs.random.params } : node.attrs;
    const leak = numbersIn(attrs).find((v) => looksBatchDerived(v) && batchMultiple(v) === 0);
    if (leak !== undefined) leaks.push(`${where}: the attribute value ${leak}`);
  }
  return leaks;
}

/**
 * Throws a BatchDimensionError naming the ops when a graph of unknown batch size holds
 * numbers computed from the batch size (see batchLeaks).
 * @example assertNoBatchLeaks(buildGraph([x.sum().div(x.shape[0])], [], [])) // throws: ... the constant 4294967296, read by "div" ...
 */
export function assertNoBatchLeaks(ir: GraphIR): void {
  if (!hasBatchPlaceholder(ir)) return;
  const leaks = batchLeaks(ir);
  if (leaks.length === 0) return;
  throw new BatchDimensionError(
    `graph: the batch size is unknown (placeholders made with null as their first dimension), but the graph holds numbers computed from it — ${leaks.join("; ")}. ` +
      "x.shape[0] stands for any batch size while the graph is built: use it in shapes (reshape([x.shape[0], -1])), not in arithmetic (x.sum().div(x.shape[0]) → x.mean(0).sum()), or give the batch size in the placeholder",
  );
}

function numbersIn(value: unknown): number[] {
  if (typeof value === "number") return [value];
  if (Array.isArray(value)) return value.flatMap(numbersIn);
  if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) return Object.values(value).flatMap(numbersIn);
  return [];
}

/**
 * The graph with the batch dimension `from` (UNKNOWN_BATCH by default) set to `to`: attributes
 * that are multiples of `from` are rewritten, and every value's shape is inferred again by its
 * op. Ops made from their attributes (fusion's programs) are remade for the new ones.
 * @example specialise(graph.ir, 32) // the same graph for batches of 32
 */
export function specialise(ir: GraphIR, to: number, from = UNKNOWN_BATCH): GraphIR {
  const values = new Map<number, ValueInfo>(ir.values);
  const nodes = ir.nodes.map((node): GraphNodeIR => {
    const attrs = rewrite(node.attrs, from, to);
    const op = attrs === node.attrs ? node.op : (loadedOp(node.op.name, attrs) ?? node.op);
    const inputs = node.inputs.map((v) => values.get(v)!).map(({ shape, dtype }) => new Tensor(shape, dtype, null));
    const infos = node.op === constantOp ? [values.get(node.outputs[0]!)!] : op.infer(inputs, attrs);
    node.outputs.forEach((v, k) => values.set(v, { shape: Object.freeze([...infos[k]!.shape]), dtype: infos[k]!.dtype }));
    return { ...node, op, attrs };
  });
  return { ...ir, nodes, values };
}

/** `value` with every number k·from replaced by k·to (the same object when nothing changes). */
function rewrite<T>(value: T, from: number, to: number): T {
  if (typeof value === "number") {
    const k = batchMultiple(value, from);
    return (k > 0 ? k * to : value) as T;
  }
  if (Array.isArray(value)) {
    const items = value.map((v) => rewrite(v, from, to));
    return (items.some((v, i) => v !== value[i]) ? Object.freeze(items) : value) as T;
  }
  if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.entries(value).map(([k, v]) => [k, rewrite(v, from, to)] as const);
    return (entries.some(([k, v]) => v !== (value as Record<string, unknown>)[k]) ? Object.fromEntries(entries) : value) as T;
  }
  return value;
}

/**
 * The batch size that `feeds` give a graph's placeholders of unknown batch, checking the
 * other dimensions; undefined when none of them is fed (the run then reports it missing).
 * @example batchSizeOf(graph.placeholders, new Map([["x", zeros([5, 3])]])) // 5
 */
export function batchSizeOf(placeholders: readonly PlaceholderAttrs[], feeds: ReadonlyMap<string, Tensor>): number | undefined {
  let batch: { size: number; name: string } | undefined;
  for (const { name, shape } of placeholders) {
    const fed = feeds.get(name);
    if (!fed || batchMultiple(shape[0]!) !== 1) continue;
    if (fed.rank !== shape.length || fed.shape.some((d, i) => i > 0 && d !== shape[i])) {
      throw new BatchDimensionError(`run: placeholder "${name}" has shape ${showShape(shape)} (? is any batch size), the value fed has ${showShape(fed.shape)}`);
    }
    if (batch && batch.size !== fed.shape[0]) {
      throw new BatchDimensionError(`run: placeholders "${batch.name}" and "${name}" share the unknown batch dimension, but the values fed have batch sizes ${batch.size} and ${fed.shape[0]}`);
    }
    batch = { size: fed.shape[0]!, name };
  }
  return batch?.size;
}
