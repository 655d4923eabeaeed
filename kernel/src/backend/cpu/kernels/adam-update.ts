import { registerCpuKernel } from "../register.js";
import { allocate } from "../../../tensor/dtype.js";
import type { AdamUpdateAttrs } from "../../../tensor/ops/adam-update.js";

// Rounds after every step (Math.fround for float32), so the result equals the op-by-op
// update's bit for bit (float64's extra bits make the double rounding of ÷ and √ harmless).
registerCpuKernel<AdamUpdateAttrs>("adamUpdate", ([w, g, m, v, alpha], { beta1, beta2, epsilon }, [out]) => {
  const r = out!.dtype === "float32" ? Math.fround : (x: number) => x;
  const [c1, c2, eps, a] = [r(1 - beta1), r(1 - beta2), r(epsilon), alpha!.values[0]!];
  const length = w!.values.length;
  const [w2, m2, v2] = [allocate(out!.dtype, length), allocate(out!.dtype, length), allocate(out!.dtype, length)];
  for (let i = 0; i < length; i++) {
    const gi = g!.values[i]!;
    const mi = r(m!.values[i]! + r(r(gi - m!.values[i]!) * c1));
    const vi = r(v!.values[i]! + r(r(r(gi * gi) - v!.values[i]!) * c2));
    m2[i] = mi;
    v2[i] = vi;
    w2[i] = r(w!.values[i]! - r(r(mi * a) / r(r(Math.sqrt(vi)) + eps)));
  }
  return [w2, m2, v2];
});
