// Runs a GraphIR on concrete values: kernels are called with the shapes found when the
// graph was traced (no shape inference, no nodes recorded), and each intermediate buffer
// is freed right after its last reader (the memory plan), so peak memory stays low.
import { bytesPer, type TypedArray } from "../tensor/dtype.js";
import { ArgumentError, DTypeError, ShapeError, showShape } from "../tensor/errors.js";
import { execute, getBackend, moveTensor, opsInstrumented, outputStorage, ownKernel, tensorFromValues, readVariableOp, hostValueOp, type HostValueAttrs, type ReadVariableAttrs } from "../tensor/engine.js";
import type { Backend, KernelFunc, OutputInfo } from "../backend/backend.js";
import type { Storage } from "../tensor/memory.js";
import { shapesEqual } from "../tensor/shape.js";
import { batchMultiple } from "../tensor/unknown-batch.js";
import { Tensor } from "../tensor/tensor.js";
import type { Variable } from "../tensor/variable.js";
import { overlapSchedule, type Schedule } from "./overlap.js";
import { constantOp, placeholderOp, resultValues, type ConstantAttrs, type GraphIR, type GraphNodeIR, type PlaceholderAttrs } from "./ir.js";

/** The memory plan of a graph: the order its nodes run in, and for each the values whose last reader it is. */
export interface MemoryPlan extends Schedule {
  /** The graph's node list the plan was made for (a pass that changes the graph replaces it). */
  readonly planned: readonly GraphNodeIR[];
  /** Values to free after node i of `order` runs. */
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
  const schedule = overlapSchedule(graph);
  const { order } = schedule;
  const lastReader = new Map<number, number>();
  order.forEach((node, i) => node.inputs.forEach((v) => lastReader.set(v, i)));
  const pinned = resultValues(graph);
  for (const node of graph.nodes) if (node.op.source) node.outputs.forEach((v) => pinned.add(v));
  const freeAfter: number[][] = order.map(() => []);
  for (const [value, i] of lastReader) if (!pinned.has(value)) freeAfter[i]!.push(value);
  // An output nobody reads (one of several outputs of an op) is freed as soon as it is made.
  order.forEach((node, i) => {
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
  order.forEach((node, i) => {
    if (node.op.source) return;
    for (const v of node.outputs) {
      alive += bytes(v);
      total += bytes(v);
    }
    peak = Math.max(peak, alive);
    for (const v of freeAfter[i]!) if (!sources.has(v)) alive -= bytes(v);
  });
  return { ...schedule, planned: graph.nodes, freeAfter, peakBytes: peak, totalBytes: total };
}

/** What a run is given: a value for each placeholder, by name. */
export type Feeds = ReadonlyMap<string, Tensor>;

/**
 * A graph prepared for running: each value gets a slot in an array (no map lookups per run),
 * each node its input, output and free slots, and per backend the kernel each node runs with.
 */
interface Program {
  readonly slots: number;
  readonly steps: readonly Step[];
  readonly outputs: readonly number[];
  readonly assigns: readonly { readonly variable: Variable; readonly slot: number }[];
  /** Each step's own kernel on a backend (undefined: it goes through `execute`, which falls back). */
  readonly kernels: WeakMap<Backend, readonly (KernelFunc | undefined)[]>;
}

interface Step {
  readonly node: GraphNodeIR;
  /** A large product whose kernel may leave its parallel job running (Backend.overlap). */
  readonly detach: boolean;
  /** The last step of a detached product's window: the product is joined after it. */
  readonly joinAfter: boolean;
  readonly inputs: readonly number[];
  readonly inputInfos: readonly OutputInfo[];
  readonly outputs: readonly number[];
  readonly infos: readonly OutputInfo[];
  /** Slots whose last reader this step is. */
  readonly free: readonly number[];
}

/** Programs by memory plan (which holds the run order): a plan is made anew whenever a graph's nodes change (replan, specialisation). */
const programs = new WeakMap<MemoryPlan, Program>();

function programFor(graph: GraphIR, plan: MemoryPlan): Program {
  let program = programs.get(plan);
  if (program) return program;
  const { order, detached, joins, freeAfter } = plan;
  const slotOf = new Map<number, number>();
  const slot = (v: number) => slotOf.get(v) ?? slotOf.set(v, slotOf.size).get(v)!;
  const info = (v: number): OutputInfo => {
    const { shape, dtype } = graph.values.get(v)!;
    return { shape: Object.freeze([...shape]), dtype };
  };
  const steps = order.map((node, i) => ({
    node,
    detach: detached.has(node),
    joinAfter: joins.has(node),
    inputs: node.inputs.map(slot),
    inputInfos: node.inputs.map(info),
    outputs: node.outputs.map(slot),
    infos: node.outputs.map(info),
    free: freeAfter[i]!.map(slot),
  }));
  const outputs = graph.outputs.map(slot);
  const assigns = graph.assigns.map(({ variable, value }) => ({ variable: variable as Variable, slot: slot(value) }));
  program = { slots: slotOf.size, steps, outputs, assigns, kernels: new WeakMap() };
  programs.set(plan, program);
  return program;
}

function kernelsFor(program: Program, backend: Backend): readonly (KernelFunc | undefined)[] {
  let kernels = program.kernels.get(backend);
  if (!kernels) program.kernels.set(backend, (kernels = program.steps.map((s) => (s.node.op.source ? undefined : ownKernel(s.node.op.name, backend, s.infos)))));
  return kernels;
}

/**
 * Computes the graph's outputs from `feeds`, then applies its assignments and host effects.
 * The outputs are new tensors that the caller owns. Each value is held as storage in its
 * slot and released after its last reader (the memory plan); a node whose kernel the active
 * backend has, with its inputs there, calls that kernel directly, others (and every node
 * while the per-op timer or checkNumerics is on) go through `execute`, as eager ops do.
 */
export function executeGraph(graph: GraphIR, plan: MemoryPlan, feeds: Feeds): Tensor[] {
  const program = programFor(graph, plan);
  const backend = getBackend();
  const kernels = opsInstrumented() ? undefined : kernelsFor(program, backend);
  const storages: (Storage | undefined)[] = new Array(program.slots);
  const release = (slot: number) => {
    storages[slot]?.release();
    storages[slot] = undefined;
  };
  try {
    program.steps.forEach((step, i) => {
      const { node } = step;
      if (node.op.source) storages[step.outputs[0]!] = sourceStorage(node, feeds, backend);
      else runStep(step, kernels?.[i], storages, backend);
      // A detached product's inputs freed here are freed by the backend once it is joined.
      for (const slot of step.free) release(slot);
      if (step.joinAfter) backend.join?.();
    });
    backend.join?.();
    // Each output is the caller's to dispose: a tensor of its own over the value's memory.
    const outputs = program.outputs.map((slot, k) => tensorOver(storages[slot]!, graph.values.get(graph.outputs[k]!)!));
    for (const { variable, slot } of program.assigns) {
      const value = tensorOver(storages[slot]!, variable);
      variable.assign(value);
      value.dispose();
    }
    for (const effect of graph.effects) effect();
    return outputs;
  } finally {
    backend.join?.(); // after an error in a product's window too: nothing may still write memory
    for (let slot = 0; slot < storages.length; slot++) release(slot);
  }
}

/** The storage a source node stands for at this run, with a reference for its slot. */
function sourceStorage(node: GraphNodeIR, feeds: Feeds, backend: Backend): Storage {
  const value = sourceValue(node.op, node.attrs, feeds);
  // A value held elsewhere moves here for good, as an eager op's input does.
  if (value.backend !== backend && value.backend?.canReadSync) moveTensor(value, backend);
  const storage = value.sharedStorage().retain();
  if (node.op === hostValueOp) value.dispose();
  return storage;
}

/**
 * Runs one op node on the storage in its input slots and puts its outputs in theirs: with
 * `kernel` (the backend's own, resolved once) directly, as `overlap` where the step is a
 * detached product; else through `execute`.
 */
function runStep(step: Step, kernel: KernelFunc | undefined, storages: (Storage | undefined)[], backend: Backend): void {
  const { node } = step;
  const inputs = step.inputs.map((slot) => storages[slot]!);
  let made: Storage[];
  if (kernel && inputs.every((s) => s.backend === backend)) {
    const call = () => kernel(inputs.map((s, k) => ({ dataId: s.dataId, shape: step.inputInfos[k]!.shape, dtype: step.inputInfos[k]!.dtype })), node.attrs, step.infos, backend);
    made = (step.detach && backend.overlap ? backend.overlap(call) : call()).map((id, k) => outputStorage(backend, id, inputs, step.infos[k]!));
  } else {
    made = executeOnTensors(node, inputs, step);
  }
  made.forEach((storage, k) => void (storages[step.outputs[k]!] = storage.retain()));
}

/** A new tensor over `storage` (it takes a reference of its own). */
function tensorOver(storage: Storage, { shape, dtype }: OutputInfo): Tensor {
  return new Tensor(shape, dtype, storage);
}

/** Runs a node through `execute` (fallback backends, transfers, the per-op timer, checkNumerics) on tensors over its input storage. */
function executeOnTensors(node: GraphNodeIR, inputs: readonly Storage[], step: Step): Storage[] {
  const tensors = inputs.map((storage, k) => tensorOver(storage, step.inputInfos[k]!));
  try {
    return execute(node.op, tensors, node.attrs, step.infos);
  } finally {
    for (const t of tensors) t.dispose();
  }
}

/** The tensor a source node stands for at this run (a host value's is new: the caller disposes it). */
function sourceValue(op: unknown, attrs: any, feeds: Feeds): Tensor {
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
      return tensorFromValues(produce(shape) as TypedArray, shape, dtype);
    }
    default:
      throw new Error(`internal: unknown source op`);
  }
}
