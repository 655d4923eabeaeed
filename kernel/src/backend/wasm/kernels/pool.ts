import { registerKernel } from "../../backend.js";
import { registerWasmKernel, allFloat32, sumSharePartials } from "../register.js";
import { WASM_CPU, wasmData, type WasmBackend, type WasmData } from "../wasm-backend.js";
import { sizeOf, type Shape } from "../../../tensor/shape.js";
import type { TensorInfo } from "../../backend.js";
import type { PoolAttrs } from "../../../tensor/ops/pool.js";
import { tilesImage, type MaxPoolReluGradAttrs } from "../../../tensor/ops/graph-only/max-pool-relu-grad-op.js";
import type { MaxPoolArgmaxGradAttrs } from "../../../tensor/ops/graph-only/max-pool-argmax-ops.js";

/** Image elements per share: below this pooling stays on one thread. */
const ELEMENTS_PER_SHARE = 2 ** 17;

/** Shares for a kernel over image shape `image`: whole images, at least ELEMENTS_PER_SHARE elements each. */
const imageShares = (backend: WasmBackend, image: Shape) => Math.max(1, Math.min(image[0]!, backend.maxShares, Math.floor(sizeOf(image) / ELEMENTS_PER_SHARE)));

/** Runs the maxPool kernel in `mode` over image x (shape `image`) and pooled shape `pooled`, writing `result`. */
function maxPool(backend: WasmBackend, mode: string, x: TensorInfo, src: TensorInfo | undefined, result: WasmData, image: Shape, pooled: Shape, attrs: PoolAttrs): WasmData[] {
  const [n, h, w, c] = image;
  const shares = imageShares(backend, image);
  const scratch = backend.heap.allocate(8 * Math.max(1, c!) * shares);
  try {
    const args = [backend.constant(mode), wasmData(x.dataId).ptr, src ? wasmData(src.dataId).ptr : 0, result.ptr, n!, h!, w!, c!, pooled[1]!, pooled[2]!,
      attrs.poolSize[0], attrs.poolSize[1], attrs.strides[0], attrs.strides[1], attrs.pads[0], attrs.pads[2], scratch];
    backend.parallel("maxPool", args, shares);
  } finally {
    backend.free(scratch);
  }
  return [result];
}

registerWasmKernel<PoolAttrs>("maxPool2d", ([x], attrs, [out], backend) =>
  allFloat32(x!, out!) ? maxPool(backend, "POOL", x!, undefined, backend.allocate(sizeOf(out!.shape), "float32"), x!.shape, out!.shape, attrs) : undefined,
);

registerWasmKernel<PoolAttrs>("maxPoolGrad", ([x, dy], attrs, [out], backend) => {
  if (!allFloat32(x!, dy!, out!)) return undefined;
  return maxPool(backend, "POOL_GRAD", x!, dy!, backend.allocate(sizeOf(out!.shape), "float32"), x!.shape, dy!.shape, attrs);
});

registerWasmKernel<PoolAttrs>("maxPoolGradGrad", ([x, g], attrs, [out], backend) =>
  allFloat32(x!, g!, out!) ? maxPool(backend, "POOL_GRAD_GRAD", x!, g!, backend.allocate(sizeOf(out!.shape), "float32"), x!.shape, out!.shape, attrs) : undefined,
);

/**
 * Runs a gradient kernel of tiling windows (maxPoolReluGrad, maxPoolArgmaxGrad) that reads
 * `routing` (x or argmax) and dy and writes every position of an image of shape `image`;
 * with `biasGrad` adds the shares' per-channel sums.
 */
function tiledGradient(backend: WasmBackend, kernel: string, routing: TensorInfo, dy: TensorInfo, image: Shape, attrs: PoolAttrs, biasGrad: boolean): WasmData[] {
  const result = backend.allocate(sizeOf(image), "float32");
  const [n, h, w, c] = image;
  const [, oh, ow] = dy.shape;
  const [ph, pw] = attrs.poolSize;
  const shares = imageShares(backend, image);
  const sums = biasGrad ? backend.allocate(c! * shares, "float32") : undefined;
  try {
    if (sums) backend.view(sums).fill(0);
    backend.parallel(kernel, [wasmData(routing.dataId).ptr, wasmData(dy.dataId).ptr, result.ptr, sums?.ptr ?? 0, n!, h!, w!, c!, oh!, ow!, ph, pw], shares);
    if (!sums) return [result];
    const bias = backend.allocate(c!, "float32");
    backend.view(bias).set(sumSharePartials(backend.view(sums), shares, c!));
    return [result, bias];
  } finally {
    if (sums) backend.release(sums);
  }
}

// Graph mode's fused gradient of relu → maxPool2d (graph/passes/pool-relu-gradient.ts),
// float32 only (the pass makes it for float32 values): windows that tile the image with c a
// multiple of 4 take the vectorised kernel, which writes every covered position itself (and
// sums the bias gradient when asked: the pass asks only for such windows); other pools
// scatter like maxPoolGrad, keeping the gradient where x > 0.
registerKernel("maxPoolReluGrad", WASM_CPU, ([x, dy], attrs: MaxPoolReluGradAttrs, outputs, wasm) => {
  const backend = wasm as WasmBackend;
  if (tilesImage(attrs, x!.shape[3]!)) return tiledGradient(backend, "maxPoolReluGrad", x!, dy!, x!.shape, attrs, attrs.biasGrad === true);
  return maxPool(backend, "POOL_RELU_GRAD", x!, dy!, backend.allocate(sizeOf(outputs[0]!.shape), "float32"), x!.shape, dy!.shape, attrs);
});

// Graph mode's pool-argmax routing (graph/passes/pool-argmax.ts), made only for float32
// images whose windows tile them with c a multiple of 4.
registerKernel("maxPoolArgmax", WASM_CPU, ([x], attrs: PoolAttrs, [out], wasm) => {
  const backend = wasm as WasmBackend;
  const pooled = backend.allocate(sizeOf(out!.shape), "float32");
  const argmax = backend.allocate(sizeOf(out!.shape), "int32");
  const [n, h, w, c] = x!.shape;
  backend.parallel("maxPoolArgmax", [wasmData(x!.dataId).ptr, pooled.ptr, argmax.ptr, n!, h!, w!, c!, out!.shape[1]!, out!.shape[2]!, ...attrs.poolSize], imageShares(backend, x!.shape));
  return [pooled, argmax];
});

registerKernel("maxPoolArgmaxGrad", WASM_CPU, ([argmax, dy], attrs: MaxPoolArgmaxGradAttrs, _outputs, wasm) =>
  tiledGradient(wasm as WasmBackend, "maxPoolArgmaxGrad", argmax!, dy!, attrs.imageShape, attrs, attrs.biasGrad === true),
);
