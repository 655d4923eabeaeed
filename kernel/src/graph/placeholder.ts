import { isDType, type DType } from "../tensor/dtype.js";
import { ArgumentError } from "../tensor/errors.js";
import { leafNode } from "../tensor/engine.js";
import { Tensor } from "../tensor/tensor.js";
import { UNKNOWN_BATCH } from "../tensor/unknown-batch.js";
import { Graph, type FeedDict } from "./graph.js";
import { buildGraph, constantsOf, placeholderOp } from "./ir.js";
import { assertNoBatchLeaks } from "./unknown-batch.js";

let unnamed = 0;

/**
 * A symbolic input of a graph (graph mode, as in the lecture): ops on it record nodes
 * instead of computing, and `run(outputs, feeds)` computes them for fed values. Graphs are
 * specialised to shapes: give every dimension, except that the first may be `null`, an
 * unknown batch size (shown as "?"): the graph then runs for any batch size. While the graph
 * is built, such a dimension reads as UNKNOWN_BATCH (a size no tensor has): use it in shapes
 * (`x.reshape([x.shape[0], -1])`), never as a number in a computation (`x.sum().div(x.shape[0])`
 * is refused when the graph is made; use `x.mean()`).
 * @example
 * const x = placeholder([3], "float32", "x");
 * const y = x.mul(2).sum();           // symbolic: nothing computed yet
 * run(y, { x: tensor([1, 2, 3]) })    // 12
 * const batch = placeholder([null, 2], "float32", "batch");
 * run(batch.sum(1), { batch: ones([5, 2]) }).shape // [5]: any batch size
 */
export function placeholder(shape: readonly (number | null)[], dtype: DType = "float32", name?: string): Tensor {
  const valid = Array.isArray(shape) && shape.every((d, i) => (d === null && i === 0) || (Number.isInteger(d) && d! >= 0));
  if (!valid) {
    throw new ArgumentError(`placeholder: shape must list every dimension as a non-negative integer, except that the first may be null (an unknown batch size), got ${JSON.stringify(shape)}`);
  }
  if (!isDType(dtype)) throw new ArgumentError(`placeholder: unknown dtype ${JSON.stringify(dtype)}; expected float32, float64, int32 or bool`);
  const label = name ?? `placeholder_${unnamed++}`;
  const dims = shape.map((d) => d ?? UNKNOWN_BATCH);
  const node = leafNode(placeholderOp, { name: label, shape: Object.freeze(dims), dtype });
  const t = new Tensor(dims, dtype, null, node, 0);
  t.name = label;
  node.outputs.push(t);
  return t;
}

/**
 * The graph that computes `outputs` from the placeholders and variables they depend on.
 * Over placeholders of unknown batch size, a graph that used the batch size as a number is
 * refused with a BatchDimensionError naming the op.
 * @example const g = graphFor([loss]); g.summary()
 */
export function graphFor(outputs: Tensor | readonly Tensor[]): Graph {
  const list = outputs instanceof Tensor ? [outputs] : [...outputs];
  const ir = buildGraph(list, [], []);
  assertNoBatchLeaks(ir);
  // Built from the caller's tensors: the tensors it captured stay theirs.
  return new Graph(ir, constantsOf(ir));
}

/**
 * Runs symbolic tensors built over placeholders: feeds give each placeholder a value
 * (by name or by the placeholder itself). Returns one tensor, or a list for a list.
 * Variables are read at each run, so a run after training sees the new weights.
 * @example
 * const x = placeholder([2, 2], "float32", "x");
 * const y = x.matmul(w.value).relu();
 * run(y, { x: tensor([[1, 2], [3, 4]]) })
 */
export function run(outputs: Tensor, feeds?: FeedDict): Tensor;
export function run(outputs: readonly Tensor[], feeds?: FeedDict): Tensor[];
export function run(outputs: Tensor | readonly Tensor[], feeds: FeedDict = {}): Tensor | Tensor[] {
  const graph = graphFor(outputs);
  const results = graph.run(feeds);
  return outputs instanceof Tensor ? results[0]! : results;
}
