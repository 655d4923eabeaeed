import { findKernel, registerKernel, type DataId, type OutputInfo, type TensorInfo } from "../backend.js";
import { CpuBackend, CPU_JS } from "../cpu/index.js";
import { GradbookError } from "../../tensor/errors.js";
import { countTransfer } from "../../tensor/memory.js";
import { WASM_CPU, type WasmBackend } from "./wasm-backend.js";


/** A "cpu" kernel; it returns undefined for inputs it does not cover (a dtype, an attribute), which then run on the reference kernel. */
export type WasmKernel<A = any> = (inputs: readonly TensorInfo[], attrs: A, outputs: readonly OutputInfo[], backend: WasmBackend) => DataId[] | undefined;

let reference: CpuBackend | undefined;

/**
 * Runs the reference ("cpu-js") kernel of `opName` on copies of the inputs and copies the
 * results into WebAssembly memory: the per-call fallback of a kernel that covers only
 * some dtypes (float32) or attributes (the engine's own fallback covers ops with no
 * kernel here at all). Counted in `memory().numFallbacks`, as the engine's fallback is.
 * @example runReference("add", inputs, attrs, outputs, backend) // int32 addition
 */
export function runReference(opName: string, inputs: readonly TensorInfo[], attrs: unknown, outputs: readonly OutputInfo[], backend: WasmBackend): DataId[] {
  const kernel = findKernel(opName, CPU_JS);
  if (!kernel) throw new GradbookError(`${opName}: no kernel on the ${CPU_JS} backend to fall back to`);
  reference ??= new CpuBackend();
  countTransfer("fallbacks");
  const copies = inputs.map((t) => reference!.adopt(backend.readSync(t.dataId))); // readSync gives a fresh copy
  const results = kernel(inputs.map((t, i) => ({ ...t, dataId: copies[i]! })), attrs, outputs, reference);
  return results.map((id, i) => {
    const shared = copies.indexOf(id);
    return shared >= 0 ? inputs[shared]!.dataId : backend.write(reference!.readSync(id), outputs[i]!.dtype);
  });
}

/**
 * Registers a kernel of the "cpu" backend; where it returns undefined, the reference kernel runs.
 * @example registerWasmKernel("neg", ([x], _, [out], backend) => x.dtype === "float32" ? [...] : undefined)
 */
export function registerWasmKernel<A = any>(opName: string, kernel: WasmKernel<A>): void {
  registerKernel(opName, WASM_CPU, (inputs, attrs, outputs, backend) => {
    const wasm = backend as WasmBackend;
    return kernel(inputs, attrs as A, outputs, wasm) ?? runReference(opName, inputs, attrs, outputs, wasm);
  });
}

/** True when every tensor is float32 (what the WebAssembly kernels compute on). */
export function allFloat32(...tensors: readonly { dtype: string }[]): boolean {
  return tensors.every((t) => t.dtype === "float32");
}

/**
 * The element-wise sum of `shares` consecutive runs of `length` floats (each share's partial
 * result of a parallel kernel), added in share order with float32 roundings as the kernels
 * add: the same bits whichever threads ran the shares.
 * @example backend.view(bias).set(sumSharePartials(backend.view(partials), shares, channels))
 */
export function sumSharePartials(partials: ArrayLike<number>, shares: number, length: number): Float32Array {
  const total = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    let sum = 0;
    for (let share = 0; share < shares; share++) sum = Math.fround(sum + partials[share * length + i]!);
    total[i] = sum;
  }
  return total;
}
