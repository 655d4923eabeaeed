import { registerWasmKernel, allFloat32 } from "../register.js";
import { wasmData } from "../wasm-backend.js";
import { gemm } from "../gemm.js";
import { broadcastStrides } from "../../cpu/elementwise.js";
import { sizeOf } from "../../../tensor/shape.js";
import type { MatmulAttrs } from "../../../tensor/ops/matmul.js";

registerWasmKernel<MatmulAttrs>("matmul", ([a, b], { transposeA, transposeB }, [out], backend) => {
  if (!allFloat32(a!, b!, out!)) return undefined;
  const ra = a!.shape.length;
  const outShape = out!.shape;
  const rank = outShape.length;
  const m = outShape[rank - 2]!;
  const n = outShape[rank - 1]!;
  const k = transposeA ? a!.shape[ra - 2]! : a!.shape[ra - 1]!;
  const result = backend.allocate(sizeOf(outShape), "float32");
  const batchShape = outShape.slice(0, -2);
  const batches = sizeOf(batchShape);
  // Batch offsets in whole matrices; broadcast batch axes have stride 0.
  const aStrides = broadcastStrides(a!.shape.slice(0, -2), batchShape);
  const bStrides = broadcastStrides(b!.shape.slice(0, -2), batchShape);
  const index = new Array<number>(batchShape.length).fill(0);
  const pa = wasmData(a!.dataId).ptr;
  const pb = wasmData(b!.dataId).ptr;
  for (let batch = 0; batch < batches; batch++) {
    let aBatch = 0;
    let bBatch = 0;
    index.forEach((i, axis) => ((aBatch += i * aStrides[axis]!), (bBatch += i * bStrides[axis]!)));
    gemm(backend, pa + aBatch * m * k * 4, pb + bBatch * k * n * 4, result.ptr + batch * m * n * 4, m, n, k, transposeA, transposeB);
    for (let axis = index.length - 1; axis >= 0; axis--) {
      if (++index[axis]! < batchShape[axis]!) break;
      index[axis] = 0;
    }
  }
  return [result];
});
