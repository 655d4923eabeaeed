import { registerKernel, type KernelFunc, type OutputInfo } from "../backend.js";
import type { GpuRuntime } from "./runtime.js";
import type { GpuData, GpuTensor } from "./program.js";

/** The backend as kernels see it: something that owns a runtime. */
export interface HasRuntime {
  readonly runtime: GpuRuntime;
}

/** A GPU kernel records dispatches on the runtime and returns its outputs' memory. */
export type GpuKernel<A = any> = (inputs: readonly GpuTensor[], attrs: A, outputs: readonly OutputInfo[], runtime: GpuRuntime) => GpuData[];

/**
 * A GPU kernel as the engine calls it (for kernels registered by other means, e.g. fused programs).
 * @example registerKernel("fused_0", "webgpu", gpuKernelFunc(kernel))
 */
export function gpuKernelFunc<A = any>(kernel: GpuKernel<A>): KernelFunc {
  return (inputs, attrs, outputs, backend) =>
    kernel(
      inputs.map((t) => ({ data: t.dataId as GpuData, shape: t.shape, dtype: t.dtype })),
      attrs as A,
      outputs,
      (backend as unknown as HasRuntime).runtime,
    );
}

/**
 * Registers a WebGPU kernel (returning an input's own memory shares it, as reshape does).
 * @example registerGpuKernel("neg", ([x], _, [out], rt) => rt.run(unaryProgram(...)))
 */
export function registerGpuKernel<A = any>(opName: string, kernel: GpuKernel<A>): void {
  registerKernel(opName, "webgpu", gpuKernelFunc(kernel));
}
