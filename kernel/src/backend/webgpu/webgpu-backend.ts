import type { Backend, DataId } from "../backend.js";
import type { DType, TypedArray } from "../../tensor/dtype.js";
import { GradbookError } from "../../tensor/errors.js";
import type { GpuDevice } from "./device.js";
import { GpuRuntime } from "./runtime.js";
import { setStorageBufferLimit } from "./codegen.js";
import type { GpuData } from "./program.js";
import type { RejectionError, ValueRule } from "../value-rule.js";

/** The backend's name. */
export const WEBGPU = "webgpu";

/**
 * Tensors in GPU buffers, kernels in WGSL (registered under "webgpu"); reads are
 * asynchronous (`await t.data()`). float32, int32 and bool (one 32-bit word each).
 * @example const backend = new WebGpuBackend(await openGpu(onLost));
 */
export class WebGpuBackend implements Backend {
  readonly name = WEBGPU;
  readonly canReadSync = false;
  readonly runtime: GpuRuntime;
  /** Why the device was lost, once it has been (its tensors can no longer be read). */
  lost: string | undefined;

  constructor(gpu: GpuDevice) {
    this.runtime = new GpuRuntime(gpu);
    setStorageBufferLimit(gpu.limits.maxStorageBuffersPerShaderStage);
  }

  write(values: TypedArray, dtype: DType): DataId {
    return this.runtime.upload(values, dtype);
  }

  readSync(_dataId: DataId): TypedArray {
    throw new GradbookError('the webgpu backend reads asynchronously: use `await t.data()` (or `await t.array()`), or compute on the CPU with setBackend("cpu")');
  }

  async read(dataId: DataId): Promise<TypedArray> {
    const data = dataId as GpuData;
    if (this.lost) throw new GradbookError(`this tensor was stored on the GPU, which is gone (${this.lost}); compute it again`);
    const words = await this.runtime.read(data);
    switch (data.dtype) {
      case "float32":
        return new Float32Array(words.buffer, 0, data.length);
      case "int32":
        return new Int32Array(words.buffer, 0, data.length);
      default:
        return Uint8Array.from(words);
    }
  }

  /** Checks values on the GPU; a failure throws at the next read (see GpuRuntime.check). */
  checkOnRead(dataId: DataId, _dtype: DType, rule: ValueRule, error: RejectionError): void {
    this.runtime.check(dataId as GpuData, rule, error);
  }

  release(dataId: DataId): void {
    this.runtime.release(dataId as GpuData);
  }

  supportsDType(dtype: DType): boolean {
    return dtype !== "float64";
  }

  /** Submits pending work and destroys the device (Node can exit; the backend is unusable after). */
  dispose(): void {
    this.runtime.flush();
    this.lost ??= "the webgpu backend was disposed";
    this.runtime.gpu.device.destroy();
  }

  /** Bytes of GPU memory the backend holds (tensors plus the pool kept for reuse). */
  memoryInfo(): { bytes: number } {
    return { bytes: this.runtime.bytes };
  }
}
