import { checkInterrupt } from "./interrupt-check.js";
import { findKernel, type Backend, type DataId, type KernelFunc, type OutputInfo } from "../backend/backend.js";
import { checkMemory, FINITE, type RejectedValue } from "../backend/value-rule.js";
import { allocate, bytesPer, isFloat, type DType, type TypedArray } from "./dtype.js";
import { GradbookError, NumericsError, showShape } from "./errors.js";
import { countTransfer, Storage } from "./memory.js";
import { defineOp, type OpDef } from "./op.js";
import { sizeOf, type Shape } from "./shape.js";
import { Tensor, type Node } from "./tensor.js";
import { activeTrace } from "./trace-state.js";
import { hasUnknownBatch, noteHostValues } from "./unknown-batch.js";
import { keepHostCopy } from "./host-copy.js";
import { sharedScalarStorage } from "./scalar-cache.js";

const backends = new Map<string, () => Backend>();
const instances = new Map<string, Backend>();
let active: Backend | undefined;

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
 * Makes a backend available under `name` (created on first use). The first backend
 * registered is active until setBackend() chooses another.
 * @example registerBackend("webgpu", () => new WebGpuBackend(device)); setBackend("webgpu");
 */
export function registerBackend(name: string, factory: () => Backend): void {
  backends.set(name, factory);
  instances.delete(name);
}

/**
 * Chooses where new tensors live and kernels run.
 * @example setBackend("cpu-js") // the JavaScript reference kernels
 */
export function setBackend(name: string): void {
  active = backendNamed(name);
}

/**
 * The active backend.
 * @example getBackend().name // "cpu"
 */
export function getBackend(): Backend {
  if (active) return active;
  const first = backends.keys().next();
  if (first.done) throw new GradbookError("no backend is registered; import gradbook (its index registers the CPU backends)");
  return (active = backendNamed(first.value));
}

/**
 * Names of the registered backends.
 * @example listBackends() // ["cpu-js", "cpu"]
 */
export function listBackends(): string[] {
  return [...backends.keys()];
}

const flags = { checkNumerics: false, debug: Number(process.env.GRADBOOK_DEBUG ?? 0) };

/** Debug switches for students and developers. */
export const debug = {
  /**
   * When on, the first op whose output holds NaN or Infinity throws, naming the op: at once
   * on the CPU; on the GPU the next read of any tensor throws it ("checked on read").
   * @example debug.checkNumerics(true); tensor([0]).log() // throws: log produced -Infinity ...
   */
  checkNumerics(on: boolean): void {
    flags.checkNumerics = on;
  },
  /** 0 silent; 1 prints each op run with its shapes, backend and time (also set by GRADBOOK_DEBUG=1). */
  setLevel(level: number): void {
    flags.debug = level;
  },
};

/** Wraps values as a new leaf tensor on the active backend, which may keep `values` itself. */
export function tensorFromValues(values: TypedArray, shape: Shape, dtype: DType): Tensor {
  const backend = getBackend();
  const t = new Tensor(shape, dtype, adoptInto(backend, values, dtype));
  noteHostValues(t, values);
  if (!backend.canReadSync) keepHostCopy(t, values);
  return t;
}

function adoptInto(backend: Backend, values: TypedArray, dtype: DType): Storage {
  const upload = () => new Storage(backend, backend.adopt ? backend.adopt(values, dtype) : backend.write(values, dtype), values.length * bytesPer(dtype));
  // On a GPU every upload costs a queue write and a bind group; a CPU backend copies 4 bytes.
  return values.length === 1 && !backend.canReadSync ? sharedScalarStorage(backend, values, dtype, upload) : upload();
}

/** A new leaf tensor that shares `source`'s memory; `node` (default none) is what it reports as its maker. */
export function detach(source: Tensor, node: Node | null = null): Tensor {
  return new Tensor(source.shape, source.dtype, source.sharedStorage(), node);
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

/** A node with no inputs, for leaves that graph mode must recognise (variable reads, placeholders, host values). */
export function leafNode<A>(op: OpDef<A>, attrs: A): Node {
  return opaqueNode(op, [], attrs);
}

/**
 * A node for values made outside the engine's ops (a compiled graph's run) from `inputs`, so
 * autograd meets it on the way back to them; the caller adds its outputs.
 * @example const node = opaqueNode(compiledCallOp, [x], { name: "f" }); // then new Tensor(shape, dtype, storage, node, 0)
 */
export function opaqueNode<A>(op: OpDef<A>, inputs: readonly Tensor[], attrs: A): Node {
  return { id: nextNodeId++, op, inputs, attrs, outputs: [], scope: currentScope };
}

/**
 * Runs an op: checks shapes via the op's rule, then either records it symbolically (graph
 * mode: while `jit` traces, or when an input is symbolic) or runs a kernel now and records
 * the node on the outputs. Every op front-end goes through here.
 * @example const [y] = runOp(negOp, [x], {});
 */
export function runOp<A>(op: OpDef<A>, inputs: readonly Tensor[], attrs: A): Tensor[] {
  checkInterrupt();
  for (const input of inputs) if (input.isDisposed) throw new GradbookError(disposedInputMessage(op.name, input));
  const infos = op.infer(inputs, attrs);
  const node: Node = { id: nextNodeId++, op, inputs, attrs, outputs: [], scope: currentScope };
  const trace = activeTrace();
  // An output with graph mode's unknown batch size (ones broadcast to [x.shape[0], 3]) is a graph node too: it has no values yet.
  if (trace || inputs.some((t) => t.isSymbolic) || infos.some((info) => hasUnknownBatch(info.shape))) {
    for (const input of inputs) if (!input.isSymbolic) captureConstant(input);
    infos.forEach((info, i) => node.outputs.push(new Tensor(info.shape, info.dtype, null, node, i)));
    return node.outputs;
  }
  const storages = execute(op, inputs, attrs, infos);
  storages.forEach((storage, i) => node.outputs.push(new Tensor(infos[i]!.shape, infos[i]!.dtype, storage, node, i)));
  return node.outputs;
}

function disposedInputMessage(opName: string, input: Tensor): string {
  if (input.node?.op === readVariableOp) {
    const name = (input.node.attrs as ReadVariableAttrs).variable.name;
    return `${opName}: needs the value variable "${name}" had before it was assigned a new one, and that value is gone; compute the loss after the assignment, or take its gradient before assigning`;
  }
  return `${opName}: an input tensor was already disposed (shape ${showShape(input.shape)}); keep() it or return it from tidy()`;
}

/** A concrete tensor used by a graph stays alive with it (a variable's value is read anew at each run instead). */
function captureConstant(t: Tensor): void {
  if (t.node?.op === readVariableOp) return;
  const trace = activeTrace();
  if (trace) trace.capture(t);
  else t.keep();
}

/**
 * Runs an op's kernel on concrete inputs and returns the outputs' storage, without recording
 * a node: the executor of compiled graphs calls this with the shapes found when tracing.
 * Inputs held by another backend are moved to the active one; an op the active backend has
 * no kernel for runs on its fallback backend.
 */
export function execute<A>(op: OpDef<A>, inputs: readonly Tensor[], attrs: A, infos: readonly OutputInfo[]): Storage[] {
  const backend = getBackend();
  const started = flags.debug > 0 ? performance.now() : 0;
  const [runOn, kernel] = backendFor(op.name, backend, infos);
  let storages: Storage[];
  if (runOn === backend) {
    for (const t of inputs) if (t.backend !== backend) moveTensor(t, backend);
    const dataIds = kernel(inputs.map((t) => ({ dataId: t.dataId, shape: t.shape, dtype: t.dtype })), attrs, infos, backend);
    const inputStorages = inputs.map((t) => t.sharedStorage());
    storages = dataIds.map((id, i) => outputStorage(backend, id, inputStorages, infos[i]!));
  } else {
    storages = executeElsewhere(kernel, runOn, backend, inputs, attrs, infos);
  }
  if (flags.debug > 0) {
    const ms = (performance.now() - started).toFixed(3);
    const where = runOn === backend ? backend.name : `${runOn.name} (fallback from ${backend.name})`;
    process.stdout.write(`[gradbook] ${op.name} ${inputs.map((t) => showShape(t.shape)).join(" ")} -> ${infos.map((o) => showShape(o.shape)).join(" ")} on ${where} ${ms} ms\n`);
  }
  if (flags.checkNumerics) storages.forEach((s, i) => assertFinite(op.name, s, infos[i]!));
  return storages;
}

/**
 * Whether the active backend has its own kernel for `opName` (code with a fused fast path
 * and an op-by-op fallback chooses with it).
 * @example if (hasKernel("adamUpdate")) ... // one fused op, else a chain of elementwise ops
 */
export function hasKernel(opName: string): boolean {
  return findKernel(opName, getBackend().name) !== undefined;
}

/** The backend that runs `opName` and its kernel: the active one, or its fallback where it lacks the kernel or a dtype. */
function backendFor(opName: string, backend: Backend, infos: readonly OutputInfo[]): [Backend, KernelFunc] {
  const own = ownKernel(opName, backend, infos);
  if (own) return [backend, own];
  const supported = infos.every((info) => backend.supportsDType(info.dtype));
  const fallback = backend.fallback ? backendNamed(backend.fallback) : undefined;
  const borrowed = fallback ? findKernel(opName, fallback.name) : undefined;
  if (fallback && borrowed) return [fallback, borrowed];
  const other = [...backends.keys()].find((name) => name !== backend.name && findKernel(opName, name));
  const [dtypes, register] = [infos.map((i) => i.dtype).join("/"), `registerKernel("${opName}", "${backend.name}", kernel)`];
  // One template per case, so that each translates as a whole sentence.
  if (other) {
    throw new GradbookError(
      supported
        ? `${opName}: no kernel for the ${backend.name} backend; run it on another backend with setBackend("${other}"), or register one with ${register}`
        : `${opName}: the ${backend.name} backend does not support ${dtypes}; run it on another backend with setBackend("${other}"), or register one with ${register}`,
    );
  }
  throw new GradbookError(
    supported
      ? `${opName}: no kernel for the ${backend.name} backend; no backend has a kernel for it, or register one with ${register}`
      : `${opName}: the ${backend.name} backend does not support ${dtypes}; no backend has a kernel for it, or register one with ${register}`,
  );
}

/** Runs a kernel on another (synchronous) backend: inputs copied there, outputs copied back. */
function executeElsewhere<A>(kernel: KernelFunc, runOn: Backend, home: Backend, inputs: readonly Tensor[], attrs: A, infos: readonly OutputInfo[]): Storage[] {
  const temporary: DataId[] = [];
  const ids = inputs.map((t) => {
    if (t.backend === runOn) return t.dataId;
    const id = copyValues(t, runOn);
    temporary.push(id);
    return id;
  });
  countTransfer("fallbacks");
  const dataIds = kernel(inputs.map((t, i) => ({ dataId: ids[i]!, shape: t.shape, dtype: t.dtype })), attrs, infos, runOn);
  const storages = dataIds.map((id, i) => {
    const input = ids.indexOf(id);
    if (input >= 0 && !temporary.includes(id)) return inputs[input]!.sharedStorage();
    const values = runOn.readSync(id);
    if (!temporary.includes(id)) runOn.release(id);
    return adoptInto(home, values, infos[i]!.dtype);
  });
  for (const id of temporary) runOn.release(id);
  return storages;
}

/** Copies a tensor's values into new memory of `target` (counted in memory().transfers). */
function copyValues(t: Tensor, target: Backend): DataId {
  const source = t.backend!;
  if (!source.canReadSync) {
    throw new GradbookError(`a tensor (shape ${showShape(t.shape)}, ${t.dtype}) lives on the ${source.name} backend, which reads asynchronously, but the op runs on ${target.name}: run it with setBackend("${source.name}") or copy it with tensor(await t.data())`);
  }
  countTransfer("transfers");
  const values = source.readSync(t.dataId);
  return target.adopt ? target.adopt(values, t.dtype) : target.write(values, t.dtype);
}

/**
 * Moves a tensor's values to `target` for good (its later uses find them there).
 * @example moveTensor(variable.value, getBackend()) // a weight made on "cpu-js", used on "cpu"
 */
export function moveTensor(t: Tensor, target: Backend): void {
  t.moveTo(new Storage(target, copyValues(t, target), t.size * bytesPer(t.dtype)));
}

/**
 * The storage of a kernel's output: the input's own where the kernel handed an input's memory
 * back (reshape), else new storage of `backend` for `dataId`.
 * @example const storage = outputStorage(backend, dataIds[0], [x.sharedStorage()], infos[0])
 */
export function outputStorage(backend: Backend, dataId: DataId, inputs: readonly Storage[], info: OutputInfo): Storage {
  return inputs.find((s) => s.dataId === dataId) ?? new Storage(backend, dataId, sizeOf(info.shape) * bytesPer(info.dtype));
}

/**
 * The kernel `backend` runs `opName` with itself (its own, for these output dtypes), or
 * undefined where `execute` would run it elsewhere: a compiled graph resolves it once per node.
 * @example ownKernel("matmul", getBackend(), [{ shape: [2, 2], dtype: "float32" }]) // the backend's matmul kernel
 */
export function ownKernel(opName: string, backend: Backend, infos: readonly OutputInfo[]): KernelFunc | undefined {
  return infos.every((info) => backend.supportsDType(info.dtype)) ? findKernel(opName, backend.name) : undefined;
}

/**
 * Whether every kernel call must go through `execute` (the per-op timer of debug level 1 or
 * checkNumerics is on), rather than a compiled graph calling the kernels it resolved itself.
 * @example if (opsInstrumented()) execute(op, inputs, attrs, infos)
 */
export function opsInstrumented(): boolean {
  return flags.debug > 0 || flags.checkNumerics;
}

/** debug.checkNumerics: at once on the CPU; on the GPU the next read reports it ("checked on read"). */
function assertFinite(opName: string, storage: Storage, info: OutputInfo): void {
  if (!isFloat(info.dtype)) return;
  checkMemory(storage, info.dtype, FINITE, ({ value, at }: RejectedValue) => new NumericsError(`${opName} produced ${value} at flat index ${at} of its output (shape ${showShape(info.shape)}) — check its inputs`));
}

/** What a variable's value reports as its maker: graph mode and autograd find variables through it. */
export interface ReadVariableAttrs {
  readonly variable: { readonly name: string; readonly shape: Shape; readonly dtype: DType };
}

/** Reading a variable: a leaf in eager mode, a node that reads the current value at each run in graph mode. */
export const readVariableOp = defineOp<ReadVariableAttrs>({
  name: "readVariable",
  source: true,
  infer: (_inputs, { variable }) => [{ shape: variable.shape, dtype: variable.dtype }],
  describe: ({ variable }) => ({ variable: variable.name }),
});

/** Values computed by host code at each run of a graph (random numbers, per-step scalars). */
export interface HostValueAttrs {
  readonly shape: Shape;
  readonly dtype: DType;
  /** Called with the shape to fill: `shape`, or the batch size's version of it in a graph of unknown batch size. */
  readonly produce: (shape: Shape) => TypedArray;
  readonly label: string;
  /** For random draws: what `produce` draws, as data, so that a saved graph can draw again (tensor/random.ts). */
  readonly random?: RandomDraw;
}

/** The random functions a graph can save (tensor/random.ts). */
export type RandomDistribution = "randomUniform" | "randomInt" | "randomNormal" | "truncatedNormal" | "bernoulli" | "permutation";

/** A random draw as plain data: the function, its parameters, and its key when fixed (a seed), or null for a fresh key per draw. */
export interface RandomDraw {
  readonly distribution: RandomDistribution;
  readonly params: Readonly<Record<string, number>>;
  readonly key: readonly [number, number] | null;
}

export const hostValueOp = defineOp<HostValueAttrs>({
  name: "hostValue",
  source: true,
  infer: (_inputs, { shape, dtype }) => [{ shape, dtype }],
  describe: ({ label, shape, dtype, random }) => ({ label, shape, dtype, ...(random ? { random } : {}) }),
});

/**
 * A tensor whose values host code produces: now in eager mode; at every run of the graph
 * while tracing (so random numbers and step-dependent scalars are not frozen by `jit`).
 * @example const noise = hostTensor([2], "float32", (shape) => Float32Array.from({ length: sizeOf(shape) }, Math.random), "noise");
 */
export function hostTensor(shape: Shape, dtype: DType, produce: (shape: Shape) => TypedArray, label: string, random?: RandomDraw): Tensor {
  if (!activeTrace()) return tensorFromValues(produce(shape), shape, dtype);
  const node = leafNode(hostValueOp, { shape, dtype, produce, label, ...(random ? { random } : {}) });
  node.outputs.push(new Tensor(shape, dtype, null, node, 0));
  return node.outputs[0]!;
}

/**
 * A scalar that host code recomputes at every step: the number itself in eager mode, a
 * graph input while tracing (an optimizer's bias correction, a scheduled learning rate).
 * @example const alpha = perStep(() => lr * Math.sqrt(1 - beta2 ** (this.iterations + 1)), "alpha");
 */
export function perStep(value: () => number, label: string, dtype: DType = "float32"): number | Tensor {
  if (!activeTrace()) return value();
  return hostTensor([], dtype, () => {
    const out = allocate(dtype, 1);
    out[0] = value();
    return out;
  }, label);
}
