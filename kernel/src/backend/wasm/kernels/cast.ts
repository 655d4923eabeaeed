import { registerWasmKernel } from "../register.js";
import { wasmData } from "../wasm-backend.js";
import { sizeOf } from "../../../tensor/shape.js";

/** The kernel's dtype codes; float64 casts run on the reference. */
const CODES: Record<string, string> = { float32: "FLOAT32", int32: "INT32", bool: "BOOL" };

// Accuracy metrics cast every batch's comparisons to float32.
registerWasmKernel<{ dtype: string }>("cast", ([x], _, [out], backend) => {
  const [from, to] = [CODES[x!.dtype], CODES[out!.dtype]];
  if (from === undefined || to === undefined || from === to) return undefined;
  const result = backend.allocate(sizeOf(out!.shape), out!.dtype);
  if (result.length > 0) backend.kernels.cast!(backend.constant(from), backend.constant(to), wasmData(x!.dataId).ptr, result.ptr, result.length);
  return [result];
});
