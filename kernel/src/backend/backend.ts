import type { DType, TypedArray } from "../tensor/dtype.js";
import type { Shape } from "../tensor/shape.js";
import type { RejectionError, ValueRule } from "./value-rule.js";

/** An opaque handle on memory owned by a backend (a typed array on the CPU, a buffer on the GPU). */
export type DataId = object;

/** What a kernel sees of an input tensor: its storage handle, shape and dtype. */
export interface TensorInfo {
  readonly dataId: DataId;
  readonly shape: Shape;
  readonly dtype: DType;
}

/** The shape and dtype an op's rule assigned to one of its outputs. */
export interface OutputInfo {
  readonly shape: Shape;
  readonly dtype: DType;
}

/** What a backend's allocator holds now. */
export interface BackendMemory {
  /** Bytes the backend really holds, pooled free blocks included. */
  readonly bytes: number;
}

/**
 * A place where tensor memory lives and kernels run. Tensors only hold DataIds, so a
 * backend can keep their data in WebAssembly or GPU memory. The engine moves a tensor
 * between backends when an op needs it elsewhere, and runs an op the backend has no kernel
 * for on its `fallback` backend (copying the inputs there and the outputs back).
 */
export interface Backend {
  readonly name: string;
  /** Whether `readSync` works (CPU: yes; GPU: no, use `await read`). */
  readonly canReadSync: boolean;
  /**
   * A synchronous backend whose kernels run the ops this one has none for (the engine copies
   * inputs there and results back, and counts it in `memory().fallbacks`); undefined: none.
   */
  readonly fallback?: string;
  /** Copies `values` into new backend memory; the caller keeps its array. */
  write(values: TypedArray, dtype: DType): DataId;
  /** Like `write`, but may keep `values` itself (the caller gives it up): saves a copy. */
  adopt?(values: TypedArray, dtype: DType): DataId;
  /** A fresh copy of the values that the caller owns (throws where `canReadSync` is false). */
  readSync(dataId: DataId): TypedArray;
  /** A fresh copy of the values that the caller owns; resolves once pending work is done. */
  read(dataId: DataId): Promise<TypedArray>;
  /** Frees the memory behind `dataId`. */
  release(dataId: DataId): void;
  supportsDType(dtype: DType): boolean;
  /** What the allocator holds (pools included); absent: the engine's own count is all there is. */
  memoryInfo?(): BackendMemory;
  /** Frees everything (device, workers) so the process can exit. */
  dispose?(): void;
  /**
   * Calls `run` (one kernel call) so that the parallel work it starts may still be running
   * when it returns, until `join()`: graph mode runs the small ops that do not depend on a
   * large product meanwhile. Absent: kernels are done when they return.
   */
  overlap?(run: () => DataId[]): DataId[];
  /** Waits for the work `overlap` left running. */
  join?(): void;
  /**
   * For backends that cannot read synchronously: checks the values on the device without
   * reading them now; if `rule` rejects one, the next read of any tensor throws `error(…)`
   * ("checked on read"). Absent: such checks are skipped on this backend.
   */
  checkOnRead?(dataId: DataId, dtype: DType, rule: ValueRule, error: RejectionError): void;
}

/**
 * Computes an op's outputs. Returns one DataId per output; returning an input's DataId
 * (e.g. reshape on the CPU) shares that input's memory instead of copying it.
 */
export type KernelFunc = (inputs: readonly TensorInfo[], attrs: any, outputs: readonly OutputInfo[], backend: Backend) => DataId[];

const kernels = new Map<string, KernelFunc>();
const key = (op: string, backend: string) => `${backend}/${op}`;

/**
 * Registers the kernel of op `opName` for backend `backendName` (tfjs-core style):
 * adding a backend never touches an op definition.
 * @example registerKernel("add", "cpu", (inputs, attrs, outputs, backend) => [...])
 */
export function registerKernel(opName: string, backendName: string, kernel: KernelFunc): void {
  if (kernels.has(key(opName, backendName))) throw new Error(`kernel ${opName} is already registered for backend ${backendName}`);
  kernels.set(key(opName, backendName), kernel);
}

/** The kernel registered for an op on a backend, if any. */
export function findKernel(opName: string, backendName: string): KernelFunc | undefined {
  return kernels.get(key(opName, backendName));
}

/** Names of ops that have a kernel on the backend (tests use this to check coverage). */
export function kernelNames(backendName: string): string[] {
  const prefix = `${backendName}/`;
  return [...kernels.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
}
