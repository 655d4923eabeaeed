import { registerWasmKernel, allFloat32 } from "../register.js";
import { wasmData } from "../wasm-backend.js";
import { gemm } from "../gemm.js";
import { matmulGeometry } from "../../matmul-geometry.js";
import { sizeOf } from "../../../tensor/shape.js";
import type { MatmulAttrs } from "../../../tensor/ops/matmul.js";

registerWasmKernel<MatmulAttrs>("matmul", ([a, b], { transposeA, transposeB }, [out], backend) => {
  if (!allFloat32(a!, b!, out!)) return undefined;
  const { m, n, k, pairs } = matmulGeometry(a!.shape, b!.shape, out!.shape, transposeA);
  const result = backend.allocate(sizeOf(out!.shape), "float32");
  const pa = wasmData(a!.dataId).ptr;
  const pb = wasmData(b!.dataId).ptr;
  pairs.forEach(([aBatch, bBatch], batch) => {
    gemm(backend, pa + aBatch * m * k * 4, pb + bBatch * k * n * 4, result.ptr + batch * m * n * 4, m, n, k, transposeA, transposeB);
  });
  return [result];
});
