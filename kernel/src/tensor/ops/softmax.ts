import { defineOp } from "../op.js";
import { runOp } from "../engine.js";
import { ArgumentError } from "../errors.js";
import { isFloat } from "../dtype.js";
import { normalizeAxis } from "../shape.js";
import { installMethods, type Tensor } from "../tensor.js";
import { toTensor, type TensorLike } from "../convert.js";
import { mul, sub } from "./arithmetic.js";
import { cast } from "./cast.js";
import { sum } from "./reduce.js";

declare module "../tensor.js" {
  interface TensorMethods {
    softmax(axis?: number): Tensor;
    logSoftmax(axis?: number): Tensor;
  }
}

/** Softmax-family attributes: the normalised axes the probabilities are taken over. */
export interface SoftmaxAttrs {
  axes: number[];
}

const floatOutput = ([x]: readonly Tensor[]) => [{ shape: x!.shape, dtype: x!.dtype }];

const softmaxOp = defineOp<SoftmaxAttrs>({
  name: "softmax",
  infer: floatOutput,
  // dx = y ⊙ (dy − Σ dy⊙y): written with y itself, so it can be differentiated again.
  grad: ({ dys: [dy], outputs: [y], attrs: { axes } }) => [mul(y!, sub(dy!, sum(mul(dy!, y!), axes, true)))],
});

const logSoftmaxOp = defineOp<SoftmaxAttrs>({
  name: "logSoftmax",
  infer: floatOutput,
  // y = x − logΣexp(x), so dx = dy − softmax(x) · Σ dy.
  grad: ({ dys: [dy], inputs: [x], attrs: { axes } }) => [sub(dy!, mul(softmaxOverAxes(x!, axes), sum(dy!, axes, true)))],
});

/**
 * Softmax over several (normalised) axes at once: exp(x − logΣexp(x)). Internal: logSumExp's
 * gradient uses it.
 * @example softmaxOverAxes(tensor([[0, 0], [0, 0]]), [0, 1]).arraySync() // [[0.25, 0.25], [0.25, 0.25]]
 */
export function softmaxOverAxes(x: Tensor, axes: number[]): Tensor {
  return runOp(softmaxOp, [x], { axes })[0]!;
}

function prepare(op: string, x: TensorLike, axis: number): [Tensor, SoftmaxAttrs] {
  const t = toTensor(x);
  if (t.rank === 0) throw new ArgumentError(`${op}: needs a tensor of rank ≥ 1 to normalise along an axis, got a scalar`);
  return [isFloat(t.dtype) ? t : cast(t, "float32"), { axes: [normalizeAxis(op, axis, t.rank)] }];
}

/**
 * exp(x) normalised to sum to 1 along `axis` (default the last), computed stably (the
 * maximum is subtracted first). Integer inputs give float32. A slice that is all −∞ gives NaN.
 * @example softmax(tensor([[0, Math.log(3)]])).arraySync() // [[0.25, 0.75]]
 */
export function softmax(x: TensorLike, axis = -1): Tensor {
  const [t, attrs] = prepare("softmax", x, axis);
  return runOp(softmaxOp, [t], attrs)[0]!;
}

/**
 * log(softmax(x)) along `axis` (default the last), computed as x − max − log Σ exp(x − max),
 * so it stays finite where softmax underflows to 0.
 * @example logSoftmax(tensor([0, 0])).arraySync() // [-0.693..., -0.693...]
 */
export function logSoftmax(x: TensorLike, axis = -1): Tensor {
  const [t, attrs] = prepare("logSoftmax", x, axis);
  return runOp(logSoftmaxOp, [t], attrs)[0]!;
}

installMethods({
  softmax(axis) {
    return softmax(this, axis);
  },
  logSoftmax(axis) {
    return logSoftmax(this, axis);
  },
});
