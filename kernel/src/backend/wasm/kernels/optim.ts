import { registerWasmKernel, allFloat32 } from "../register.js";
import { wasmData } from "../wasm-backend.js";
import { sizeOf } from "../../../tensor/shape.js";
import type { AdamUpdateAttrs } from "../../../tensor/ops/adam-update.js";

/** Elements per share: below this an update stays on one thread (it is bound by memory, not arithmetic). */
const ELEMENTS_PER_SHARE = 2 ** 15;

registerWasmKernel<AdamUpdateAttrs>("adamUpdate", (inputs, { beta1, beta2, epsilon }, _outputs, backend) => {
  if (!allFloat32(...inputs)) return undefined;
  const n = sizeOf(inputs[0]!.shape);
  const results = [backend.allocate(n, "float32"), backend.allocate(n, "float32"), backend.allocate(n, "float32")] as const;
  const [w2, m2, v2] = results;
  const pointers = inputs.map((t) => wasmData(t.dataId).ptr);
  // Math.fround: the constants as the op-by-op update sees them (float32 scalars).
  const args = [...pointers, w2.ptr, m2.ptr, v2.ptr, n, Math.fround(1 - beta1), Math.fround(1 - beta2), Math.fround(epsilon)];
  backend.parallel("adamUpdate", args, Math.min(backend.maxShares, Math.floor(n / ELEMENTS_PER_SHARE)));
  return [...results];
});
