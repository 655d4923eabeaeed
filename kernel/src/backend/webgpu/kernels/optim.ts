// Adam's update of one variable in one pass (w, g, m, v, α in; w', m', v' out), one thread
// per element. f32 arithmetic rounds after every step, as the CPU kernel's Math.fround does.
import { sizeOf } from "../../../tensor/shape.js";
import type { AdamUpdateAttrs } from "../../../tensor/ops/adam-update.js";
import { flatMain, linearGroups } from "../codegen.js";
import { Params } from "../program.js";
import { registerGpuKernel } from "../register.js";

registerGpuKernel<AdamUpdateAttrs>("adamUpdate", (inputs, { beta1, beta2, epsilon }, [out], rt) => {
  const size = sizeOf(out!.shape);
  const params = new Params();
  const countAt = params.int(size);
  // Params.float rounds to float32, as the CPU kernel rounds 1 − β1, 1 − β2 and ε.
  const [c1, c2, eps] = [params.float(1 - beta1), params.float(1 - beta2), params.float(epsilon)];
  const body = `  let g = in1[i]; let m = in2[i]; let v = in3[i];
  let m2 = m + (g - m) * fprm(${c1}u);
  let v2 = v + (g * g - v) * fprm(${c2}u);
  out0[i] = in0[i] - (m2 * in4[0]) / (sqrt(v2) + fprm(${eps}u));
  out1[i] = m2;
  out2[i] = v2;`;
  const output = { dtype: out!.dtype, length: size };
  return rt.run({ key: "adamUpdate", code: () => flatMain(countAt, body), inputs, outputs: [output, output, output], params, workgroups: size === 0 ? [0] : linearGroups(size) });
});
