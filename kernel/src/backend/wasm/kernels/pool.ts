import { registerWasmKernel, allFloat32 } from "../register.js";
import { wasmData, type WasmBackend, type WasmData } from "../wasm-backend.js";
import { sizeOf, type Shape } from "../../../tensor/shape.js";
import type { TensorInfo } from "../../backend.js";
import type { PoolAttrs } from "../../../tensor/ops/pool.js";

/** Image elements per share: below this pooling stays on one thread. */
const ELEMENTS_PER_SHARE = 2 ** 17;

/** Runs the maxPool kernel in `mode` over image x (shape `image`) and pooled shape `pooled`, writing `result`. */
function maxPool(backend: WasmBackend, mode: string, x: TensorInfo, src: TensorInfo | undefined, result: WasmData, image: Shape, pooled: Shape, attrs: PoolAttrs): WasmData[] {
  const [n, h, w, c] = image;
  const shares = Math.max(1, Math.min(n!, backend.maxShares, Math.floor(sizeOf(image) / ELEMENTS_PER_SHARE)));
  const scratch = backend.heap.allocate(8 * Math.max(1, c!) * shares);
  try {
    const args = [backend.constant(mode), wasmData(x.dataId).ptr, src ? wasmData(src.dataId).ptr : 0, result.ptr, n!, h!, w!, c!, pooled[1]!, pooled[2]!,
      attrs.poolSize[0], attrs.poolSize[1], attrs.strides[0], attrs.strides[1], attrs.pads[0], attrs.pads[2], scratch];
    backend.parallel("maxPool", args, shares);
  } finally {
    backend.heap.free(scratch);
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
