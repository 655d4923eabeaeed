// Runs a GraphIR on concrete values: kernels are called with the shapes found when the
// graph was traced (no shape inference, no nodes recorded), and each intermediate buffer
// is freed right after its last reader (the memory plan), so peak memory stays low.
import { bytesPer, type TypedArray } from "../tensor/dtype.js";
import { ArgumentError, DTypeError, ShapeError, showShape } from "../tensor/errors.js";
import { detach, execute, tensorFromValues, readVariableOp, hostValueOp, type HostValueAttrs, type ReadVariableAttrs } from "../tensor/engine.js";
import { shapesEqual } from "../tensor/shape.js";
import { batchMultiple } from "../tensor/unknown-batch.js";
import { Tensor } from "../tensor/tensor.js";
import type { Variable } from "../tensor/variable.js";
import { constantOp, placeholderOp, resultValues, type ConstantAttrs, type GraphIR, type PlaceholderAttrs } from "./ir.js";

/** The memory plan of a graph: for each node, the values whose last reader it is. */
export interface MemoryPlan {
  /** Values to free after node i runs. */
  readonly freeAfter: readonly (readonly number[])[];
  /** Bytes alive at the fullest point of a run (intermediates only; constants and variables excluded; at batch size 1 when it is unknown). */
  readonly peakBytes: number;
  /** Bytes if nothing were freed before the end. */
  readonly totalBytes: number;
}

/**
 * Plans when each intermediate value can be freed: after its last reader, unless it is an
 * output, a source (owned by its variable or the graph) or assigned to a variable.
 */
export function planMemory(graph: GraphIR): MemoryPlan {
  const lastReader = new Map<number, number>();
  graph.nodes.forEach((node, i) => node.inputs.forEach((v) => lastReader.set(v, i)));
  const pinned = resultValues(graph);
  for (const node of graph.nodes) if (node.op.source) node.outputs.forEach((v) => pinned.add(v));
  const freeAfter: number[][] = graph.nodes.map(() => []);
  for (const [value, i] of lastReader) if (!pinned.has(value)) freeAfter[i]!.push(value);
  // An output nobody reads (one of several outputs of an op) is freed as soon as it is made.
  graph.nodes.forEach((node, i) => {
    for (const v of node.outputs) if (!lastReader.has(v) && !pinned.has(v)) freeAfter[i]!.push(v);
  });
  // An unknown batch dimension counts as 1: a graph of unknown batch size is planned per example.
  const bytes = (v: number) => {
    const info = graph.values.get(v)!;
    return info.shape.reduce((a, b) => a * (batchMultiple(b) || b), 1) * bytesPer(info.dtype);
  };
  const sources = new Set(graph.nodes.filter((n) => n.op.source).flatMap((n) => n.outputs));
  let alive = 0;
  let peak = 0;
  let total = 0;
  graph.nodes.forEach((node, i) => {
    if (node.op.source) return;
    for (const v of node.outputs) {
      alive += bytes(v);
      total += bytes(v);
    }
    peak = Math.max(peak, alive);
    for (const v of freeAfter[i]!) if (!sources.has(v)) alive -= bytes(v);
  });
  return { freeAfter, peakBytes: peak, totalBytes: total };
}

/** What a run is given: a value for each placeholder, by name. */
export type Feeds = ReadonlyMap<string, Tensor>;

/**
 * Computes the graph's outputs from `feeds`, then applies its assignments and host effects.
 * The outputs are new tensors that the caller owns.
 */
export function executeGraph(graph: GraphIR, plan: MemoryPlan, feeds: Feeds): Tensor[] {
  const values = new Map<number, Tensor>();
  const owned = new Set<number>();
  try {
    graph.nodes.forEach((node, i) => {
      if (node.op.source) {
        values.set(node.outputs[0]!, sourceValue(node.op, node.attrs, feeds, () => owned.add(node.outputs[0]!)));
        return;
      }
      const inputs = node.inputs.map((v) => values.get(v)!);
      const infos = node.outputs.map((v) => graph.values.get(v)!);
      const storages = execute(node.op, inputs, node.attrs, infos);
      node.outputs.forEach((v, k) => {
        values.set(v, new Tensor(infos[k]!.shape, infos[k]!.dtype, storages[k]!));
        owned.add(v);
      });
      for (const v of plan.freeAfter[i]!) release(v);
    });
    // Each output is the caller's to dispose: outputs the run did not make (a fed value, a
    // variable's value) and repeats of one value are handed out as aliases of its memory.
    const handedOut = new Set<number>();
    const outputs = graph.outputs.map((v) => {
      const first = owned.has(v) && !handedOut.has(v);
      handedOut.add(v);
      return first ? values.get(v)! : detach(values.get(v)!);
    });
    for (const { variable, value } of graph.assigns) (variable as Variable).assign(values.get(value)!);
    for (const effect of graph.effects) effect();
    return outputs;
  } finally {
    // Assigned values are shared with their variables by now; host values and the rest go.
    for (const v of owned) if (!graph.outputs.includes(v)) release(v);
  }

  function release(v: number): void {
    if (!owned.has(v)) return;
    values.get(v)?.dispose();
    owned.delete(v);
  }
}

function sourceValue(op: unknown, attrs: any, feeds: Feeds, markOwned: () => void): Tensor {
  switch (op) {
    case placeholderOp: {
      const { name, shape, dtype } = attrs as PlaceholderAttrs;
      const fed = feeds.get(name);
      if (!fed) throw new ArgumentError(`run: no value fed for placeholder "${name}" (shape ${showShape(shape)}, ${dtype}); pass it in the feeds`);
      if (!shapesEqual(fed.shape, shape)) throw new ShapeError(`run: placeholder "${name}" has shape ${showShape(shape)}, the value fed has ${showShape(fed.shape)}`);
      if (fed.dtype !== dtype) throw new DTypeError(`run: placeholder "${name}" is ${dtype}, the value fed is ${fed.dtype}; cast() it first`);
      return fed;
    }
    case readVariableOp:
      return ((attrs as ReadVariableAttrs).variable as Variable).value;
    case constantOp:
      return (attrs as ConstantAttrs).tensor;
    case hostValueOp: {
      const { produce, shape, dtype } = attrs as HostValueAttrs;
      markOwned();
      return tensorFromValues(produce(shape) as TypedArray, shape, dtype);
    }
    default:
      throw new Error(`internal: unknown source op`);
  }
}
