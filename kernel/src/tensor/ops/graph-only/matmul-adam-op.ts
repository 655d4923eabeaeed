// The op that Adam epilogue fusion makes (graph/passes/adam-epilogue.ts): a weight's gradient
// product and Adam's update of the weight as one op, so a backend can take Adam's step on
// each block of the gradient as soon as the product has computed it, while it is in the
// cache, instead of in a pass of its own over the whole gradient afterwards. Graph-only:
// no eager code makes it and it needs no gradient (an optimizer's step is not part of a loss).
import { defineOp } from "../../op.js";
import type { AdamUpdateAttrs } from "../adam-update.js";
import type { MatmulAttrs } from "../matmul.js";

/** The product's transposes and Adam's constants. */
export interface MatmulAdamAttrs extends MatmulAttrs, AdamUpdateAttrs {}

/**
 * matmulAdamUpdate(a, b, w, m, v, α) → [w', m', v'] = adamUpdate(w, op(a)·op(b), m, v, α) for
 * matrices a, b and a variable w with as many elements as the product (in the product's
 * row-major order: a conv filter's [fh, fw, ci, co] is its [fh·fw·ci, co] gradient).
 * @example runOp(matmulAdamUpdateOp, [x, dh, w, m, v, alpha], { transposeA: true, transposeB: false, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 })
 */
export const matmulAdamUpdateOp = defineOp<MatmulAdamAttrs>({
  name: "matmulAdamUpdate",
  fused: true,
  infer: ([, , w, m, v]) => [w!, m!, v!].map((t) => ({ shape: t.shape, dtype: t.dtype })),
});
