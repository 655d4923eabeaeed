import { registerCpuKernel, type CpuTensor } from "../register.js";
import type { OutputInfo } from "../../backend.js";
import { product } from "./matmul.js";
import type { MatmulAdamAttrs } from "../../../tensor/ops/graph-only/matmul-adam-op.js";
import { productShape } from "../../../tensor/ops/graph-only/matmul-bias-relu-op.js";
import { allocate, type TypedArray } from "../../../tensor/dtype.js";
import type { AdamUpdateAttrs } from "../../../tensor/ops/adam-update.js";

/** Variable, first and second moment: read, then written as new arrays. */
interface AdamState {
  readonly w: TypedArray;
  readonly m: TypedArray;
  readonly v: TypedArray;
}

/** The state plus the gradient: what an update reads. */
interface AdamInputs extends AdamState {
  readonly g: TypedArray;
}

registerCpuKernel<AdamUpdateAttrs>("adamUpdate", ([w, g, m, v, alpha], attrs, [out]) => adamStep(w!, g!.values, m!, v!, alpha!, attrs, out!));

// Graph mode's fused weight update (graph/passes/adam-epilogue.ts), as the reference defines
// it: the gradient product, then the update.
registerCpuKernel<MatmulAdamAttrs>("matmulAdamUpdate", ([a, b, w, m, v, alpha], attrs, [out]) => {
  const gradient = product(a!, b!, attrs, { shape: productShape(a!.shape, b!.shape, attrs), dtype: out!.dtype });
  return adamStep(w!, gradient, m!, v!, alpha!, attrs, out!);
});

/** [w', m', v'] of one Adam step of w with gradient values `g`, in `out`'s dtype. */
function adamStep(w: CpuTensor, g: TypedArray, m: CpuTensor, v: CpuTensor, alpha: CpuTensor, attrs: AdamUpdateAttrs, out: OutputInfo): TypedArray[] {
  const length = w.values.length;
  const input = { w: w.values, g, m: m.values, v: v.values };
  const output = { w: allocate(out.dtype, length), m: allocate(out.dtype, length), v: allocate(out.dtype, length) };
  (out.dtype === "float32" ? float32Update : float64Update)(input, output, alpha.values[0]!, attrs);
  return [output.w, output.m, output.v];
}

// float32 rounds after every step (Math.fround), so the result equals the op-by-op update's
// bit for bit; float64 needs no rounding (its extra bits make the double rounding of ÷ and √
// harmless). Two loops rather than one over a rounding function: a call through a variable
// that is sometimes Math.fround and sometimes the identity is not inlined, which made this
// kernel 12× slower (24 ms for a 784×256 weight).
function float32Update({ w, g, m, v }: AdamInputs, out: AdamState, a: number, { beta1, beta2, epsilon }: AdamUpdateAttrs): void {
  const r = Math.fround;
  const [c1, c2, eps] = [r(1 - beta1), r(1 - beta2), r(epsilon)];
  for (let i = 0; i < w.length; i++) {
    const gi = g[i]!;
    const mi = r(m[i]! + r(r(gi - m[i]!) * c1));
    const vi = r(v[i]! + r(r(r(gi * gi) - v[i]!) * c2));
    out.m[i] = mi;
    out.v[i] = vi;
    out.w[i] = r(w[i]! - r(r(mi * a) / r(r(Math.sqrt(vi)) + eps)));
  }
}

function float64Update({ w, g, m, v }: AdamInputs, out: AdamState, a: number, { beta1, beta2, epsilon }: AdamUpdateAttrs): void {
  for (let i = 0; i < w.length; i++) {
    const gi = g[i]!;
    const mi = m[i]! + (gi - m[i]!) * (1 - beta1);
    const vi = v[i]! + (gi * gi - v[i]!) * (1 - beta2);
    out.m[i] = mi;
    out.v[i] = vi;
    out.w[i] = w[i]! - (mi * a) / (Math.sqrt(vi) + epsilon);
  }
}
