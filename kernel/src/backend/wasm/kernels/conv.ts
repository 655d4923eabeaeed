import { registerKernel } from "../../backend.js";
import { registerWasmKernel, allFloat32 } from "../register.js";
import { WASM_CPU, wasmData, type WasmBackend } from "../wasm-backend.js";
import { gemm } from "../gemm.js";
import { sizeOf, type Shape } from "../../../tensor/shape.js";
import type { ConvAttrs, ConvFilterAttrs, ConvTransposeAttrs } from "../../../tensor/ops/conv.js";
import type { Im2colAttrs } from "../../../tensor/ops/graph-only/im2col-op.js";

// The conv2d family as GEMMs over the column matrix col [n·oh·ow, fh·fw·c] (see
// assembly/conv.ts), with the filter W seen as [fh·fw·c, co]:
//   conv2d:               y = col · W
//   conv2dBackpropFilter: dW = colᵀ · dy
//   conv2dTranspose (dx): dx = col2im(dy · Wᵀ)
// Grouped convolutions run on the reference kernels.

/** Rows and width of the column matrix. */
const columnShape = (filter: Shape, output: Shape): [number, number] => [output[0]! * output[1]! * output[2]!, filter[0]! * filter[1]! * filter[2]!];

/** Column-matrix elements per share: below this im2col stays on one thread (it only moves memory). */
const COLUMN_ELEMENTS_PER_SHARE = 2 ** 16;

/** Runs im2col (or, with `back`, col2im) for an image of shape `image`, a filter `filter` and an output of shape `output`, shared by images. */
function columns(backend: WasmBackend, x: number, col: number, image: Shape, filter: Shape, output: Shape, attrs: ConvAttrs, back: boolean): void {
  const [n, h, w, c] = image;
  const [rows, width] = columnShape(filter, output);
  const shares = Math.min(n!, backend.maxShares, Math.floor((rows * width) / COLUMN_ELEMENTS_PER_SHARE));
  backend.parallel("im2col", [x, col, n!, h!, w!, c!, filter[0]!, filter[1]!, output[1]!, output[2]!,
    attrs.strides[0], attrs.strides[1], attrs.dilations[0], attrs.dilations[1], attrs.pads[0], attrs.pads[2], back ? 1 : 0], shares);
}

/** Runs `body` with a scratch column matrix, freed afterwards. */
function withColumns<T>(backend: WasmBackend, rows: number, width: number, body: (col: number) => T): T {
  const col = backend.heap.allocate(Math.max(1, rows * width) * 4);
  try {
    return body(col);
  } finally {
    backend.free(col);
  }
}

registerWasmKernel<ConvAttrs>("conv2d", ([x, w], attrs, [out], backend) => {
  if (attrs.groups !== 1 || !allFloat32(x!, w!, out!)) return undefined;
  const result = backend.allocate(sizeOf(out!.shape), "float32");
  const [rows, width] = columnShape(w!.shape, out!.shape);
  withColumns(backend, rows, width, (col) => {
    columns(backend, wasmData(x!.dataId).ptr, col, x!.shape, w!.shape, out!.shape, attrs, false);
    gemm(backend, col, wasmData(w!.dataId).ptr, result.ptr, rows, w!.shape[3]!, width, false, false);
  });
  return [result];
});

registerWasmKernel<ConvFilterAttrs>("conv2dBackpropFilter", ([x, dy], attrs, [out], backend) => {
  if (attrs.groups !== 1 || !allFloat32(x!, dy!, out!)) return undefined;
  const result = backend.allocate(sizeOf(out!.shape), "float32");
  const [rows, width] = columnShape(attrs.filterShape, dy!.shape);
  withColumns(backend, rows, width, (col) => {
    columns(backend, wasmData(x!.dataId).ptr, col, x!.shape, attrs.filterShape, dy!.shape, attrs, false);
    gemm(backend, col, wasmData(dy!.dataId).ptr, result.ptr, width, attrs.filterShape[3]!, rows, true, false);
  });
  return [result];
});

registerWasmKernel<ConvTransposeAttrs>("conv2dTranspose", ([dy, w], attrs, [out], backend) => {
  if (attrs.groups !== 1 || !allFloat32(dy!, w!, out!)) return undefined;
  const result = backend.allocate(sizeOf(out!.shape), "float32");
  backend.view(result).fill(0);
  const [rows, width] = columnShape(w!.shape, dy!.shape);
  withColumns(backend, rows, width, (col) => {
    gemm(backend, wasmData(dy!.dataId).ptr, wasmData(w!.dataId).ptr, col, rows, width, w!.shape[3]!, false, true);
    columns(backend, result.ptr, col, attrs.outputShape, w!.shape, dy!.shape, attrs, true);
  });
  return [result];
});

// Graph mode's column matrix (graph/passes/conv-columns.ts), float32 only (the pass makes it for float32 images).
registerKernel("im2col", WASM_CPU, ([x], attrs: Im2colAttrs, [out], wasm) => {
  const backend = wasm as WasmBackend;
  const result = backend.allocate(sizeOf(out!.shape), "float32");
  if (result.length > 0) columns(backend, wasmData(x!.dataId).ptr, result.ptr, x!.shape, attrs.filterShape, attrs.outputShape, attrs, false);
  return [result];
});
