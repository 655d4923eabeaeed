import { registerWasmKernel, allFloat32, sumSharePartials } from "../register.js";
import { wasmData, type WasmBackend } from "../wasm-backend.js";
import { sizeOf } from "../../../tensor/shape.js";
import { twoByTwo, type ConvPoolAttrs, type ConvPoolGradAttrs } from "../../../tensor/ops/graph-only/conv-pool-ops.js";

// Graph mode's fused conv → relu → 2×2 max pool layer and its filter gradient
// (graph/passes/conv-pool.ts; assembly/conv-pool.ts), for 2×2 windows that tile the image
// (the only ones the pass makes); anything else runs on the reference kernels.

/** Shares for a layer's kernel: whole images, at least this many pooled values per share. */
const POOLED_PER_SHARE = 2 ** 14;
const shares = (backend: WasmBackend, n: number, pooled: number) => Math.max(1, Math.min(n, backend.maxShares, Math.floor(pooled / POOLED_PER_SHARE)));

registerWasmKernel<ConvPoolAttrs>("matmulBiasReluMaxPool", ([col, w, bias], attrs, [out], backend) => {
  const [n, h, width, co] = attrs.imageShape;
  if (!twoByTwo(attrs) || co! % 8 !== 0 || !allFloat32(col!, w!, bias!)) return undefined;
  const size = sizeOf(out!.shape);
  const pooled = backend.allocate(size, "float32");
  const argmax = backend.allocate(size, "int32");
  const [, oh, ow] = out!.shape;
  const ptr = (t: typeof col) => wasmData(t!.dataId).ptr;
  if (size > 0) backend.parallel("matmulBiasReluMaxPool", [ptr(col), ptr(w), ptr(bias), pooled.ptr, argmax.ptr, n!, h!, width!, co!, col!.shape[1]!, oh!, ow!], shares(backend, n!, size));
  return [pooled, argmax];
});

registerWasmKernel<ConvPoolGradAttrs>("maxPoolArgmaxFilterGrad", ([col, argmax, dy], attrs, outputs, backend) => {
  const [n, h, width, co] = attrs.imageShape;
  if (!twoByTwo(attrs) || co! % 4 !== 0 || !allFloat32(col!, dy!)) return undefined;
  const k = col!.shape[1]!;
  const [, oh, ow] = dy!.shape;
  const count = shares(backend, n!, sizeOf(dy!.shape));
  const length = k * co! + co!; // one share's dW then db
  const partials = backend.allocate(count * length, "float32");
  try {
    const ptr = (t: typeof col) => wasmData(t!.dataId).ptr;
    backend.parallel("maxPoolArgmaxFilterGrad", [ptr(col), ptr(argmax), ptr(dy), partials.ptr, n!, h!, width!, co!, k, oh!, ow!], count);
    const total = sumSharePartials(backend.view(partials), count, length);
    const dw = backend.allocate(k * co!, "float32");
    backend.view(dw).set(total.subarray(0, k * co!));
    if (!outputs[1]) return [dw];
    const db = backend.allocate(co!, "float32");
    backend.view(db).set(total.subarray(k * co!));
    return [dw, db];
  } finally {
    backend.release(partials);
  }
});
