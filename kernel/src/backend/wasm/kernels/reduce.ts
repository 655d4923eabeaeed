import { registerWasmKernel, allFloat32 } from "../register.js";
import { wasmData } from "../wasm-backend.js";
import { sizeOf, type Shape } from "../../../tensor/shape.js";
import type { ReduceAttrs } from "../../../tensor/ops/reduce.js";
import type { SoftmaxAttrs } from "../../../tensor/ops/softmax.js";

/** [outer, reduced, inner] sizes when `axes` are adjacent (sorted), else undefined. */
function blocks(shape: Shape, axes: readonly number[]): [number, number, number] | undefined {
  if (axes.length === 0) return [sizeOf(shape), 1, 1];
  const sorted = [...axes].sort((p, q) => p - q);
  if (sorted.some((axis, i) => axis !== sorted[0]! + i)) return undefined;
  const first = sorted[0]!;
  const last = sorted.at(-1)!;
  return [sizeOf(shape.slice(0, first)), sizeOf(shape.slice(first, last + 1)), sizeOf(shape.slice(last + 1))];
}

for (const [op, code] of [["sum", "SUM"], ["mean", "MEAN"], ["max", "MAX"], ["min", "MIN"]] as const) {
  registerWasmKernel<ReduceAttrs>(op, ([x], { axes }, [out], backend) => {
    const sizes = blocks(x!.shape, axes);
    if (!sizes || !allFloat32(x!, out!) || sizes[1] === 0) return undefined; // an empty reduction's identity comes from the reference
    const result = backend.allocate(sizeOf(out!.shape), "float32");
    if (result.length > 0) backend.kernels.reduce!(backend.constant(code), wasmData(x!.dataId).ptr, result.ptr, ...sizes);
    return [result];
  });
}

// Accuracy metrics take the argmax of every batch's predictions.
for (const [op, largest] of [["argmax", 1], ["argmin", 0]] as const) {
  registerWasmKernel<ReduceAttrs>(op, ([x], { axes }, [out], backend) => {
    const sizes = blocks(x!.shape, axes);
    if (!sizes || !allFloat32(x!) || sizes[1] === 0) return undefined;
    const result = backend.allocate(sizeOf(out!.shape), "int32");
    if (result.length > 0) backend.kernels.argExtremum!(largest, wasmData(x!.dataId).ptr, result.ptr, ...sizes);
    return [result];
  });
}

for (const [op, logarithm] of [["softmax", 0], ["logSoftmax", 1]] as const) {
  registerWasmKernel<SoftmaxAttrs>(op, ([x], { axes }, [out], backend) => {
    const rank = x!.shape.length;
    if (!allFloat32(x!, out!) || axes.length !== 1 || axes[0] !== rank - 1) return undefined;
    const cols = x!.shape[rank - 1]!;
    const result = backend.allocate(sizeOf(out!.shape), "float32");
    if (result.length > 0) backend.kernels.softmax!(wasmData(x!.dataId).ptr, result.ptr, result.length / cols, cols, logarithm);
    return [result];
  });
}
