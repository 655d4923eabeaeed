import { defineOp } from "../op.js";
import { runOp } from "../engine.js";
import { DTypeError, ShapeError, showShape } from "../errors.js";
import { toTensor } from "../convert.js";
import { isFloat } from "../dtype.js";
import { shapesEqual } from "../shape.js";
import type { Tensor } from "../tensor.js";

/** Adam's constants (the per-step scale α is an input: it changes at every step, also in a compiled graph). */
export interface AdamUpdateAttrs {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

/**
 * One Adam update of a variable as one op, so a backend can run it in one pass over
 * memory instead of a dozen elementwise ops. Inputs w, g, m, v (one shape and float
 * dtype) and the scalar α; outputs, each rounded to the dtype after every step as the
 * op-by-op form does:
 *   m' = m + (g − m)·(1 − β1);  v' = v + (g² − v)·(1 − β2);  w' = w − (m'·α) / (√v' + ε).
 * Not differentiable (an optimizer's step is not part of a loss).
 */
export const adamUpdateOp = defineOp<AdamUpdateAttrs>({
  name: "adamUpdate",
  infer: ([w, g, m, v, alpha]) => {
    for (const t of [g!, m!, v!]) {
      if (!shapesEqual(t.shape, w!.shape)) throw new ShapeError(`adamUpdate: the variable has shape ${showShape(w!.shape)} but a gradient or moment has ${showShape(t.shape)}`);
    }
    if (alpha!.rank !== 0) throw new ShapeError(`adamUpdate: the step size must be a scalar, got shape ${showShape(alpha!.shape)}`);
    if (!isFloat(w!.dtype) || [g, m, v, alpha].some((t) => t!.dtype !== w!.dtype)) {
      throw new DTypeError(`adamUpdate: needs one float dtype for all inputs, got ${[w, g, m, v, alpha].map((t) => t!.dtype).join(", ")}`);
    }
    return [w!, m!, v!].map((t) => ({ shape: t.shape, dtype: t.dtype }));
  },
});

/**
 * The updated [variable, first moment, second moment] of one Adam step (see adamUpdateOp).
 * @example const [w2, m2, v2] = adamUpdate(w, g, m, v, 0.001, { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
 */
export function adamUpdate(w: Tensor, g: Tensor, m: Tensor, v: Tensor, alpha: number | Tensor, attrs: AdamUpdateAttrs): [Tensor, Tensor, Tensor] {
  const [w2, m2, v2] = runOp(adamUpdateOp, [w, g, m, v, toTensor(alpha, w.dtype)], attrs);
  return [w2!, m2!, v2!];
}
