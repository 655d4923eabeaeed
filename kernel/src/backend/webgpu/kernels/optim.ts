// Adam's update of one variable in one pass (w, g, m, v, α in; w', m', v' out), one thread
// per element. f32 arithmetic rounds after every step, as the CPU kernel's Math.fround does.
import { sizeOf } from "../../../tensor/shape.js";
import type { AdamUpdateAttrs } from "../../../tensor/ops/adam-update.js";
import { flatMain, linearGroups } from "../codegen.js";
import { Params, type GpuData, type GpuTensor } from "../program.js";
import type { GpuRuntime } from "../runtime.js";
import type { OutputInfo } from "../../backend.js";
import type { MatmulAdamAttrs } from "../../../tensor/ops/graph-only/matmul-adam-op.js";
import { productShape } from "../../../tensor/ops/graph-only/matmul-bias-relu-op.js";
import { matmul } from "./matmul.js";
import { registerGpuKernel } from "../register.js";

registerGpuKernel<AdamUpdateAttrs>("adamUpdate", (inputs, attrs, [out], rt) => adamUpdate(rt, inputs, attrs, out!));

// Graph mode's fused weight update (graph/passes/adam-epilogue.ts): the gradient product and
// the update recorded in turn (the gradient lives only between them).
registerGpuKernel<MatmulAdamAttrs>("matmulAdamUpdate", ([a, b, w, m, v, alpha], attrs, [out], rt) => {
  const gradient = matmul(rt, a!, b!, attrs.transposeA, attrs.transposeB, { shape: productShape(a!.shape, b!.shape, attrs), dtype: out!.dtype });
  try {
    return adamUpdate(rt, [w!, { data: gradient, shape: w!.shape, dtype: out!.dtype }, m!, v!, alpha!], attrs, out!);
  } finally {
    rt.release(gradient);
  }
});

/** Records Adam's update of w (inputs w, g, m, v, α) into new memory: [w', m', v']. */
function adamUpdate(rt: GpuRuntime, inputs: readonly GpuTensor[], { beta1, beta2, epsilon }: AdamUpdateAttrs, out: OutputInfo): GpuData[] {
  const size = sizeOf(out.shape);
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
  const output = { dtype: out.dtype, length: size };
  return rt.run({ key: "adamUpdate", code: () => flatMain(countAt, body), inputs, outputs: [output, output, output], params, workgroups: size === 0 ? [0] : linearGroups(size) });
}
