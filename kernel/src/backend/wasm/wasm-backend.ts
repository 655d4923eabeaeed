import { availableParallelism } from "node:os";
import type { Backend, DataId } from "../backend.js";
import { allocate, type DType, type TypedArray } from "../../tensor/dtype.js";
import { GradbookError } from "../../tensor/errors.js";
import { compileKernels, kernelImports, type KernelVariant } from "./module.js";
import { Heap } from "./heap.js";
import { ThreadPool } from "./threads.js";
import { CPU_JS } from "../cpu/cpu-backend.js";

/** The name of the WebAssembly backend (the default CPU backend where it loads). */
export const WASM_CPU = "cpu";

/** Storage on the "cpu" backend: a block of WebAssembly memory. */
export interface WasmData {
  readonly ptr: number;
  readonly length: number;
  readonly dtype: DType;
}

/** Shares per thread that a parallel kernel is cut into (see maxShares). */
const SHARES_PER_THREAD = 2;

const BYTES: Record<DType, number> = { float32: 4, float64: 8, int32: 4, bool: 1 };
const VIEWS = { float32: Float32Array, float64: Float64Array, int32: Int32Array, bool: Uint8Array } as const;

/** Options of the "cpu" backend (tests pin them). */
export interface WasmBackendOptions {
  /** Which kernels build to use (default: the best the runtime validates). */
  variant?: KernelVariant;
  /** Threads in all, the calling one included (default: $GRADBOOK_THREADS or every core, at most 8). */
  threads?: number;
}

function defaultThreads(): number {
  const requested = Number(process.env.GRADBOOK_THREADS);
  return Number.isInteger(requested) && requested > 0 ? requested : Math.min(8, availableParallelism());
}

/**
 * The fast CPU backend: tensors live in one shared WebAssembly memory and kernels are
 * AssemblyScript compiled to 128-bit SIMD (relaxed SIMD where available), the big ones
 * spread over worker threads. Ops without a kernel here run on "cpu-js".
 * @example registerBackend("cpu", () => new WasmBackend()); setBackend("cpu")
 */
export class WasmBackend implements Backend {
  readonly name = WASM_CPU;
  readonly canReadSync = true;
  readonly fallback = CPU_JS;
  readonly variant: KernelVariant;
  readonly heap: Heap;
  readonly kernels: Record<string, (...args: number[]) => number>;
  private readonly exports: WebAssembly.Exports;
  private readonly constants = new Map<string, number>();
  readonly threads: ThreadPool;

  constructor(options: WasmBackendOptions = {}) {
    const { module, variant } = compileKernels(options.variant);
    const memory = new WebAssembly.Memory({ initial: 256, maximum: 32768, shared: true });
    const instance = new WebAssembly.Instance(module, kernelImports(memory));
    this.variant = variant;
    this.heap = new Heap(memory);
    this.kernels = instance.exports as typeof this.kernels;
    this.exports = instance.exports;
    this.threads = new ThreadPool(module, memory, instance.exports, options.threads ?? defaultThreads());
    this.maxThreads = this.threads.size;
  }

  /** New uninitialised storage for `length` elements of `dtype`. */
  allocate(length: number, dtype: DType): WasmData {
    return { ptr: this.heap.allocate(length * BYTES[dtype]), length, dtype };
  }

  write(values: TypedArray, dtype: DType): DataId {
    const data = this.allocate(values.length, dtype);
    this.view(data).set(values);
    return data;
  }

  /** A typed-array view of `data` (valid until the memory next grows, i.e. the next allocation). */
  view(data: WasmData): TypedArray {
    return new VIEWS[data.dtype](this.heap.bytes as ArrayBuffer, data.ptr, data.length);
  }

  readSync(dataId: DataId): TypedArray {
    this.join();
    const data = dataId as WasmData;
    const copy = allocate(data.dtype, data.length);
    copy.set(this.view(data));
    return copy;
  }

  read(dataId: DataId): Promise<TypedArray> {
    return Promise.resolve(this.readSync(dataId));
  }

  release(dataId: DataId): void {
    this.free((dataId as WasmData).ptr);
  }

  /** Frees a block of the heap, once a detached job that may still read it is finished (at once where none is). */
  free(ptr: number): void {
    if (this.threads.detaching) this.threads.afterDetached(() => this.heap.free(ptr));
    else this.heap.free(ptr); // the common case: no closure per free
  }

  supportsDType(dtype: DType): boolean {
    return dtype in BYTES;
  }

  /** What the allocator holds from the WebAssembly memory (in use plus pooled for reuse), and what is in use. */
  memoryInfo(): { bytes: number; usedBytes: number } {
    return { bytes: this.heap.heldBytes, usedBytes: this.heap.usedBytes };
  }

  /** The value of a constant the kernels module exports (its op codes). */
  constant(name: string): number {
    let value = this.constants.get(name);
    if (value === undefined) {
      const global = this.exports[name] as WebAssembly.Global | undefined;
      if (!global) throw new GradbookError(`the WebAssembly kernels export no constant ${name}`);
      this.constants.set(name, (value = global.value));
    }
    return value;
  }

  /** The threads kernels may use: the pool's size, or 1 (benchmarks set it to compare one thread with all). */
  maxThreads: number;

  /** The most shares worth cutting a job into: a few per thread, so a thread that starts late (asleep, descheduled) takes fewer. */
  get maxShares(): number {
    return this.maxThreads > 1 ? SHARES_PER_THREAD * this.maxThreads : 1;
  }

  /**
   * Runs an exported kernel that takes (…, share, shares) once per share, spread over the
   * threads (see ThreadPool.run); with `maxThreads` 1, as one share on this thread.
   */
  parallel(name: string, args: readonly number[], shares: number): void {
    const count = this.maxThreads > 1 ? shares : 1;
    if (this.detachNext) {
      this.detachNext = false;
      if (this.threads.runDetached(name, args, count)) return;
    }
    this.threads.run(name, args, count);
  }

  /** Set by overlap(): the next parallel job goes to the workers and is left running. */
  private detachNext = false;

  /**
   * Calls `run` (one kernel) so that the first parallel job it starts is handed to the worker
   * threads and may still be running when it returns (see ThreadPool.runDetached); memory
   * freed meanwhile is freed once it is finished. `join()` waits for it.
   */
  overlap(run: () => DataId[]): DataId[] {
    this.detachNext = true;
    try {
      return run();
    } finally {
      this.detachNext = false;
    }
  }

  /** Finishes the job overlap() left running, if any. */
  join(): void {
    this.threads.join();
  }

  dispose(): void {
    this.threads.dispose();
  }
}

/** The "cpu" backend's storage of a kernel input, checked (a kernel receives only its own backend's tensors). */
export function wasmData(dataId: DataId): WasmData {
  const data = dataId as WasmData;
  if (typeof data.ptr !== "number") throw new GradbookError("a \"cpu\" kernel received a tensor stored on another backend");
  return data;
}
