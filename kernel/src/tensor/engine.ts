import { checkInterrupt } from "./interrupt-check.js";
import { findKernel, type Backend, type DataId } from "../backend/backend.js";
import { CpuBackend } from "../backend/cpu/index.js";
import { bytesPer, isFloat, type DType, type TypedArray } from "./dtype.js";
import { GradbookError, NumericsError, showShape } from "./errors.js";
import { Storage } from "./memory.js";
import type { OpDef } from "./op.js";
import { sizeOf, type Shape } from "./shape.js";
import { Tensor, type Node } from "./tensor.js";

const backends = new Map<string, () => Backend>([["cpu", () => new CpuBackend()]]);
const instances = new Map<string, Backend>();
let active: Backend = backendNamed("cpu");

function backendNamed(name: string): Backend {
  let backend = instances.get(name);
  if (!backend) {
    const factory = backends.get(name);
    if (!factory) throw new GradbookError(`unknown backend "${name}"; available: ${[...backends.keys()].join(", ")}`);
    backend = factory();
    instances.set(name, backend);
  }
  return backend;
}

/**
 * Makes a backend available under `name` (created on first use).
 * @example registerBackend("webgpu", () => new WebGpuBackend(device)); setBackend("webgpu");
 */
export function registerBackend(name: string, factory: () => Backend): void {
  backends.set(name, factory);
}

/**
 * Chooses where new tensors live and kernels run.
 * @example setBackend("cpu")
 */
export function setBackend(name: string): void {
  active = backendNamed(name);
}

/**
 * The active backend.
 * @example getBackend().name // "cpu"
 */
export function getBackend(): Backend {
  return active;
}

const flags = { checkNumerics: false, debug: Number(process.env.GRADBOOK_DEBUG ?? 0) };

/** Debug switches for students and developers. */
export const debug = {
  /**
   * When on, the first op whose output holds NaN or Infinity throws, naming the op.
   * @example debug.checkNumerics(true); tensor([0]).log() // throws: log produced -Infinity ...
   */
  checkNumerics(on: boolean): void {
    flags.checkNumerics = on;
  },
  /** 0 silent; 1 prints each op run with its shapes and time (also set by GRADBOOK_DEBUG=1). */
  setLevel(level: number): void {
    flags.debug = level;
  },
};

/** Wraps data already in the active backend's format as a new leaf tensor. */
export function tensorFromValues(values: TypedArray, shape: Shape, dtype: DType): Tensor {
  const storage = new Storage(active, active.write(values, dtype), sizeOf(shape) * bytesPer(dtype));
  return new Tensor(shape, dtype, storage);
}

/** A new leaf tensor that shares `source`'s memory (no node: gradients stop here). */
export function detach(source: Tensor): Tensor {
  return new Tensor(source.shape, source.dtype, source.sharedStorage());
}

let nextNodeId = 0;
let currentScope: readonly string[] = [];

/**
 * Runs `fn` with every op it creates labelled with `name` (nested scopes give a path);
 * the graph view collapses each scope into an expandable group.
 * @example const y = nameScope("dense_1", () => x.matmul(w).add(b));
 */
export function nameScope<T>(name: string, fn: () => T): T {
  const outer = currentScope;
  currentScope = [...outer, name];
  try {
    return fn();
  } finally {
    currentScope = outer;
  }
}

/**
 * Runs an op eagerly: checks shapes via the op's rule, runs the active backend's kernel,
 * and records the node on the outputs. Every op front-end goes through here.
 */
export function runOp<A>(op: OpDef<A>, inputs: readonly Tensor[], attrs: A): Tensor[] {
  checkInterrupt();
  for (const input of inputs) {
    if (input.isDisposed) throw new GradbookError(`${op.name}: an input tensor was already disposed (shape ${showShape(input.shape)}); keep() it or return it from tidy()`);
  }
  const infos = op.infer(inputs, attrs);
  const backend = active;
  const kernel = findKernel(op.name, backend.name);
  if (!kernel) throw new GradbookError(`${op.name}: no kernel for the ${backend.name} backend; run it on the CPU with setBackend("cpu"), or register one with registerKernel("${op.name}", "${backend.name}", kernel)`);
  const started = flags.debug > 0 ? performance.now() : 0;
  const dataIds = kernel(
    inputs.map((t) => ({ dataId: t.dataId, shape: t.shape, dtype: t.dtype })),
    attrs,
    infos,
    backend,
  );
  const node: Node = { id: nextNodeId++, op, inputs, attrs, outputs: [], scope: currentScope };
  infos.forEach((info, i) => node.outputs.push(new Tensor(info.shape, info.dtype, storageFor(dataIds[i]!, inputs, info.shape, info.dtype), node, i)));
  if (flags.debug > 0) {
    const ms = (performance.now() - started).toFixed(3);
    process.stdout.write(`[gradbook] ${op.name} ${inputs.map((t) => showShape(t.shape)).join(" ")} -> ${infos.map((o) => showShape(o.shape)).join(" ")} ${ms} ms\n`);
  }
  if (flags.checkNumerics) node.outputs.forEach((t) => assertFinite(op.name, t));
  return node.outputs;
}

function storageFor(dataId: DataId, inputs: readonly Tensor[], shape: Shape, dtype: DType): Storage {
  const shared = inputs.find((t) => t.dataId === dataId);
  return shared ? shared.sharedStorage() : new Storage(active, dataId, sizeOf(shape) * bytesPer(dtype));
}

function assertFinite(opName: string, t: Tensor): void {
  if (!isFloat(t.dtype) || !active.canReadSync) return;
  const values = active.readSync(t.dataId);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) {
      throw new NumericsError(`${opName} produced ${values[i]} at flat index ${i} of its output (shape ${showShape(t.shape)}) — check its inputs`);
    }
  }
}
