import { registerKernel, type KernelFunc, type OutputInfo } from "../backend.js";
import { checkAllocation } from "../../tensor/allocation.js";
import { CPU_JS, type CpuBackend, type CpuData } from "./cpu-backend.js";
import type { DType, TypedArray } from "../../tensor/dtype.js";
import type { Shape } from "../../tensor/shape.js";

/** An input as a CPU kernel sees it: values plus shape and dtype. */
export interface CpuTensor {
  readonly values: TypedArray;
  readonly shape: Shape;
  readonly dtype: DType;
}

/** A CPU kernel computes output arrays from input arrays. */
export type CpuKernel<A = any> = (inputs: readonly CpuTensor[], attrs: A, outputs: readonly OutputInfo[]) => TypedArray | TypedArray[];

/**
 * Registers a kernel of the JavaScript reference backend ("cpu-js"), written over typed arrays. Returning an input's own array
 * shares its memory (used by reshape).
 * @example registerCpuKernel("neg", ([x]) => x.values.map((v) => -v))
 */
export function registerCpuKernel<A = any>(opName: string, kernel: CpuKernel<A>): void {
  registerKernel(opName, CPU_JS, cpuKernelFunc(opName, kernel));
}

/**
 * A CPU kernel over typed arrays as the engine calls kernels (storage handles in and out).
 * @example registerKernel("fused_0", "cpu-js", cpuKernelFunc("fused_0", ([x]) => x.values.map((v) => v + 1)))
 */
export function cpuKernelFunc<A>(opName: string, kernel: CpuKernel<A>): KernelFunc {
  return (inputs, attrs, outputs, backend) => {
    // A result that cannot fit is refused by name before a typed array is attempted.
    for (const output of outputs) checkAllocation(opName, output.shape, output.dtype);
    const cpuInputs = inputs.map((t) => ({ values: (t.dataId as CpuData).values, shape: t.shape, dtype: t.dtype }));
    const result = kernel(cpuInputs, attrs as A, outputs);
    const arrays = Array.isArray(result) ? result : [result];
    return arrays.map((values) => {
      const shared = inputs.find((t) => (t.dataId as CpuData).values === values);
      return shared ? shared.dataId : (backend as CpuBackend).adopt(values);
    });
  };
}
