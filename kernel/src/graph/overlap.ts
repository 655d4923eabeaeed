// The order a compiled graph runs in: the traced order, except that each large matrix
// product is followed by the small later ops that do not depend on it, which the main thread
// runs while the worker threads compute the product (Backend.overlap). Eager mode cannot do
// this: it does not know the ops to come.
import type { GraphIR, GraphNodeIR } from "./ir.js";
import { hasUnknownBatch } from "../tensor/unknown-batch.js";
import { sizeOf } from "../tensor/shape.js";

/** Products of at least this many multiply-adds run beside the small ops that do not depend on them. */
const OVERLAP_WORK = 2 ** 20;
/** Ops whose inputs and outputs have at most this many elements each run on one thread: they fit beside a product. */
const SMALL_ELEMENTS = 2 ** 15;

const PRODUCTS = new Set(["matmul", "matmulBiasRelu", "matmulReluGrad", "matmulAdamUpdate"]);

/** Elements of a value (undefined for an unknown batch size: neither small nor large). */
function elements(graph: GraphIR, v: number): number | undefined {
  const { shape } = graph.values.get(v)!;
  return hasUnknownBatch(shape) ? undefined : sizeOf(shape);
}

/** Multiply-adds of a product node. */
function productWork(graph: GraphIR, node: GraphNodeIR): number | undefined {
  const a = graph.values.get(node.inputs[0]!)!.shape;
  const k = (node.attrs as { transposeA?: boolean }).transposeA ? a.at(-2)! : a.at(-1)!;
  const out = elements(graph, node.outputs[0]!);
  return out === undefined ? undefined : out * k;
}

function isSmall(graph: GraphIR, node: GraphNodeIR): boolean {
  const small = (v: number) => (elements(graph, v) ?? Infinity) <= SMALL_ELEMENTS;
  return node.inputs.every(small) && node.outputs.every(small) && (!PRODUCTS.has(node.op.name) || (productWork(graph, node) ?? Infinity) < OVERLAP_WORK / 2);
}

/** A run order, and which products run beside the nodes that follow them. */
export interface Schedule {
  readonly order: readonly GraphNodeIR[];
  /** Products whose kernel may leave its work running (Backend.overlap). */
  readonly detached: ReadonlySet<GraphNodeIR>;
  /** The last op beside each detached product: it is joined after this one. */
  readonly joins: ReadonlySet<GraphNodeIR>;
}

/**
 * The order to run `graph`'s nodes in: its sources (variable reads, inputs, constants), then
 * its ops in the graph's order, except that after each large product
 * come the small later nodes that do not depend on it (the bias gradients and optimizer
 * updates of other layers, say), and of two large products that could both run the smaller
 * goes first (the larger then has more beside it). Every node still follows its inputs.
 * @example overlapSchedule(ir).detached.size // 3 in an MLP training step
 */
export function overlapSchedule(graph: GraphIR): Schedule {
  const order: GraphNodeIR[] = [];
  const available = new Set<number>();
  const detached = new Set<GraphNodeIR>();
  const joins = new Set<GraphNodeIR>();
  const emit = (node: GraphNodeIR) => {
    order.push(node);
    for (const v of node.outputs) available.add(v);
  };
  // Sources first (they need nothing; variables are assigned only after the run): every op is then free to move up.
  graph.nodes.filter((n) => n.op.source).forEach(emit);
  const pending = graph.nodes.filter((n) => !n.op.source);
  const large = (node: GraphNodeIR) => (PRODUCTS.has(node.op.name) ? (productWork(graph, node) ?? 0) : 0);
  while (pending.length > 0) {
    let node = pending.shift()!;
    if (large(node) < OVERLAP_WORK) {
      emit(node);
      continue;
    }
    // A smaller product that could run now goes first: the largest gets the most ops beside it.
    const smaller = pending.find((n) => large(n) >= OVERLAP_WORK && large(n) < large(node) && n.inputs.every((v) => available.has(v)));
    if (smaller) {
      pending.splice(pending.indexOf(smaller), 1);
      pending.unshift(node);
      node = smaller;
    }
    emit(node);
    const blocked = new Set(node.outputs); // values computed from the product's output
    const window: GraphNodeIR[] = [];
    for (const later of pending) {
      if (later.inputs.some((v) => blocked.has(v))) later.outputs.forEach((v) => blocked.add(v));
      else if (later.inputs.every((v) => available.has(v)) && isSmall(graph, later)) {
        window.push(later);
        for (const v of later.outputs) available.add(v);
      }
    }
    if (window.length === 0) continue;
    for (const n of window) pending.splice(pending.indexOf(n), 1);
    window.forEach(emit);
    detached.add(node);
    joins.add(window.at(-1)!);
  }
  return { order, detached, joins };
}

/**
 * What the schedule overlaps, for summaries: undefined when nothing.
 * @example describeOverlap(graph.memory) // "3 matrix products run beside 9 small ops that do not need them (on backends with worker threads)"
 */
export function describeOverlap({ order, detached, joins }: Schedule): string | undefined {
  if (detached.size === 0) return undefined;
  let beside = 0;
  let open = false;
  for (const node of order) {
    if (open) beside++;
    if (detached.has(node)) open = true;
    if (joins.has(node)) open = false;
  }
  const products = detached.size === 1 ? "1 matrix product runs" : `${detached.size} matrix products run`;
  return `${products} beside ${beside} small ops that do not need ${detached.size === 1 ? "it" : "them"} (on backends with worker threads)`;
}
