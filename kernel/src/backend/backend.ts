import type { DType, TypedArray } from "../tensor/dtype.js";
import type { Shape } from "../tensor/shape.js";

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

/**
 * A place where tensor memory lives and kernels run. Tensors only hold DataIds, so a
 * backend can keep their data in WebAssembly or GPU memory.
 */
export interface Backend {
  readonly name: string;
  /** Whether `readSync` works (CPU: yes; GPU: no, use `await read`). */
  readonly canReadSync: boolean;
  /** Takes ownership of `values` (the caller must not modify them afterwards). */
  write(values: TypedArray, dtype: DType): DataId;
  readSync(dataId: DataId): TypedArray;
  read(dataId: DataId): Promise<TypedArray>;
  /** Frees the memory behind `dataId`. */
  release(dataId: DataId): void;
  supportsDType(dtype: DType): boolean;
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
