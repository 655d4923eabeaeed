import { defineOp } from "../op.js";
import { runOp } from "../engine.js";
import { normalizeAxes, reducedShape } from "../shape.js";
import { installMethods, type Tensor } from "../tensor.js";
import { toTensor, type TensorLike } from "../convert.js";
import { div, mul, sub } from "./arithmetic.js";
import { asFloat, expandReduced, mean, reductionSize, type Axes, type ReduceAttrs } from "./reduce.js";
import { euclideanNorm } from "./reduce-norm.js";
import { softmaxOverAxes } from "./softmax.js";

declare module "../tensor.js" {
  interface TensorMethods {
    variance(axes?: number | readonly number[], keepDims?: boolean): Tensor;
    std(axes?: number | readonly number[], keepDims?: boolean): Tensor;
    logSumExp(axes?: number | readonly number[], keepDims?: boolean): Tensor;
  }
}

/**
 * Population variance over `axes` (all by default): mean((x − mean(x))²), dividing by N like
 * NumPy's default (ddof = 0). Integer inputs give float32; NaN for no elements.
 * @example variance(tensor([1, 2, 3, 4])).item() // 1.25
 */
export function variance(x: TensorLike, axes?: Axes, keepDims = false): Tensor {
  const t = asFloat(toTensor(x));
  const list = normalizeAxes("variance", axes, t.rank);
  const centered = sub(t, mean(t, list, true));
  return mean(mul(centered, centered), list, keepDims);
}

/**
 * Population standard deviation over `axes` (all by default), √variance, dividing by N.
 * Computed as ‖x − mean(x)‖₂ / √N, so its gradient where all values are equal is 0
 * rather than NaN. Integer inputs give float32; NaN for no elements.
 * @example std(tensor([1, 2, 3, 4])).item() // 1.118...
 */
export function std(x: TensorLike, axes?: Axes, keepDims = false): Tensor {
  const t = asFloat(toTensor(x));
  const list = normalizeAxes("std", axes, t.rank);
  const centered = sub(t, mean(t, list, true));
  return div(euclideanNorm(centered, list, keepDims), Math.sqrt(reductionSize(t.shape, list)));
}

const logSumExpOp = defineOp<ReduceAttrs>({
  name: "logSumExp",
  infer: ([x], { axes, keepDims }) => [{ shape: reducedShape(x!.shape, axes, keepDims), dtype: x!.dtype }],
  // The gradient is the softmax over the reduced axes (an op, so it can be differentiated again).
  grad: ({ dys: [dy], inputs: [x], attrs }) => [mul(expandReduced(dy!, x!.shape, attrs), softmaxOverAxes(x!, attrs.axes))],
});

/**
 * log Σ exp(x) over `axes` (all by default), computed stably as m + log Σ exp(x − m) with m
 * the maximum, so large inputs do not overflow. Integer inputs give float32; −∞ for no elements.
 * @example logSumExp(tensor([1000, 1000])).item() // 1000.693...
 */
export function logSumExp(x: TensorLike, axes?: Axes, keepDims = false): Tensor {
  const t = asFloat(toTensor(x));
  return runOp(logSumExpOp, [t], { axes: normalizeAxes("logSumExp", axes, t.rank), keepDims })[0]!;
}

installMethods({
  variance(axes, keepDims) {
    return variance(this, axes, keepDims);
  },
  std(axes, keepDims) {
    return std(this, axes, keepDims);
  },
  logSumExp(axes, keepDims) {
    return logSumExp(this, axes, keepDims);
  },
});
