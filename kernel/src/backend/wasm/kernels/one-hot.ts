import { registerWasmKernel } from "../register.js";
import { wasmData } from "../wasm-backend.js";
import { sizeOf } from "../../../tensor/shape.js";
import type { OneHotAttrs } from "../../../tensor/ops/one-hot.js";

// Where a training step's sparse labels become targets: on the reference it cost a copy out and back per step.
registerWasmKernel<OneHotAttrs>("oneHot", ([indices], { depth, onValue, offValue }, [out], backend) => {
  if (indices!.dtype !== "int32") return undefined;
  const result = backend.allocate(sizeOf(out!.shape), "float32");
  if (result.length > 0) backend.kernels.oneHot!(wasmData(indices!.dataId).ptr, result.ptr, sizeOf(indices!.shape), depth, onValue, offValue);
  return [result];
});
