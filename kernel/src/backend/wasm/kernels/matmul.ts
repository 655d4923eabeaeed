import { registerKernel } from "../../backend.js";
import { registerWasmKernel, allFloat32 } from "../register.js";
import { WASM_CPU, wasmData, type WasmBackend } from "../wasm-backend.js";
import { gemm } from "../gemm.js";
import { matmulGeometry } from "../../matmul-geometry.js";
import { sizeOf } from "../../../tensor/shape.js";
import type { MatmulAttrs } from "../../../tensor/ops/matmul.js";
import { appliesRelu, type MatmulBiasReluAttrs } from "../../../tensor/ops/graph-only/matmul-bias-relu-op.js";

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

// Graph mode's fused dense layer (graph/passes/bias-relu-epilogue.ts), float32 matrices only
// (the pass makes it for those): the GEMM adds the bias and applies relu (unless told not to) as it stores C.
registerKernel("matmulBiasRelu", WASM_CPU, ([a, b, bias], attrs: MatmulBiasReluAttrs, [out], wasm) => {
  const { transposeA, transposeB } = attrs;
  const backend = wasm as WasmBackend;
  const { m, n, k } = matmulGeometry(a!.shape, b!.shape, out!.shape, transposeA);
  const result = backend.allocate(sizeOf(out!.shape), "float32");
  gemm(backend, wasmData(a!.dataId).ptr, wasmData(b!.dataId).ptr, result.ptr, m, n, k, transposeA, transposeB, undefined, { bias: wasmData(bias!.dataId).ptr, relu: appliesRelu(attrs) });
  return [result];
});

// Graph mode's fused relu gradient of a dense layer's input gradient
// (graph/passes/relu-grad-epilogue.ts), float32 only (the pass makes it for those): the GEMM
// stores the product where relu's output is > 0 and 0 elsewhere.
registerKernel("matmulReluGrad", WASM_CPU, ([a, b, y], { transposeA, transposeB }: MatmulAttrs, [out], wasm) => {
  const backend = wasm as WasmBackend;
  const { m, n, k } = matmulGeometry(a!.shape, b!.shape, out!.shape, transposeA);
  const result = backend.allocate(sizeOf(out!.shape), "float32");
  gemm(backend, wasmData(a!.dataId).ptr, wasmData(b!.dataId).ptr, result.ptr, m, n, k, transposeA, transposeB, undefined, { mask: wasmData(y!.dataId).ptr });
  return [result];
});
