import { registerWasmKernel, allFloat32 } from "../register.js";
import { wasmData } from "../wasm-backend.js";
import { sizeOf } from "../../../tensor/shape.js";
import { sparseCrossEntropyGradRows, sparseCrossEntropyRows } from "../../cpu/kernels/cross-entropy.js";

// Graph mode's fused sparse cross-entropy: rows × classes elements, a few per sample, so the
// reference arithmetic runs in place on the WebAssembly memory (no copies out and back).
registerWasmKernel("sparseCrossEntropy", ([ls, labels], _, [out], backend) => {
  if (!allFloat32(ls!, out!) || labels!.dtype !== "int32") return undefined;
  const result = backend.allocate(sizeOf(labels!.shape), "float32");
  sparseCrossEntropyRows(backend.view(wasmData(ls!.dataId)), backend.view(wasmData(labels!.dataId)), ls!.shape.at(-1)!, backend.view(result));
  return [result];
});

registerWasmKernel("sparseCrossEntropyGrad", ([ls, labels, g], _, [out], backend) => {
  if (!allFloat32(ls!, g!, out!) || labels!.dtype !== "int32") return undefined;
  const result = backend.allocate(sizeOf(ls!.shape), "float32");
  sparseCrossEntropyGradRows(backend.view(wasmData(ls!.dataId)), backend.view(wasmData(labels!.dataId)), backend.view(wasmData(g!.dataId)), ls!.shape.at(-1)!, backend.view(result));
  return [result];
});

// Graph mode's fused classifier loss (graph/passes/softmax-cross-entropy.ts): each exp once, in
// WebAssembly (the exps of a row kept in float64 scratch for its gradient).
registerWasmKernel("softmaxCrossEntropy", ([z, labels, g], _, [loss, dz], backend) => {
  const classes = z!.shape.at(-1)!;
  if (!allFloat32(z!, g!, loss!, dz!) || labels!.dtype !== "int32" || classes === 0) return undefined; // no classes: the reference's rows of −0
  const rows = sizeOf(labels!.shape);
  const results = [backend.allocate(rows, "float32"), backend.allocate(sizeOf(z!.shape), "float32")] as const;
  if (rows === 0) return [...results];
  const exps = backend.heap.allocate(classes * 8);
  try {
    backend.kernels.softmaxCrossEntropy!(wasmData(z!.dataId).ptr, wasmData(labels!.dataId).ptr, wasmData(g!.dataId).ptr, results[0].ptr, results[1].ptr, rows, classes, exps);
  } finally {
    backend.free(exps);
  }
  return [...results];
});
