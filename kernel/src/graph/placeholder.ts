import { isDType, type DType } from "../tensor/dtype.js";
import { ArgumentError } from "../tensor/errors.js";
import { leafNode } from "../tensor/engine.js";
import { Tensor } from "../tensor/tensor.js";
import { Graph, type FeedDict } from "./graph.js";
import { buildGraph, placeholderOp } from "./ir.js";

let unnamed = 0;

/**
 * A symbolic input of a graph (graph mode, as in the lecture): ops on it record nodes
 * instead of computing, and `run(outputs, feeds)` computes them for fed values. Graphs are
 * specialised to shapes: give every dimension (jit retraces a function for a new shape).
 * @example
 * const x = placeholder([3], "float32", "x");
 * const y = x.mul(2).sum();           // symbolic: nothing computed yet
 * run(y, { x: tensor([1, 2, 3]) })    // 12
 */
export function placeholder(shape: readonly number[], dtype: DType = "float32", name?: string): Tensor {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new ArgumentError(`placeholder: shape must list every dimension as a non-negative integer, got ${JSON.stringify(shape)}; graphs are specialised to shapes (jit() retraces for a new batch size)`);
  }
  if (!isDType(dtype)) throw new ArgumentError(`placeholder: unknown dtype ${JSON.stringify(dtype)}; expected float32, float64, int32 or bool`);
  const label = name ?? `placeholder_${unnamed++}`;
  const node = leafNode(placeholderOp, { name: label, shape: Object.freeze([...shape]), dtype });
  const t = new Tensor(shape, dtype, null, node, 0);
  t.name = label;
  node.outputs.push(t);
  return t;
}

/**
 * The graph that computes `outputs` from the placeholders and variables they depend on.
 * @example const g = graphFor([loss]); g.summary()
 */
export function graphFor(outputs: Tensor | readonly Tensor[]): Graph {
  const list = outputs instanceof Tensor ? [outputs] : [...outputs];
  return new Graph(buildGraph(list, [], []));
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
