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
