import { defineOp } from "../op.js";
import { runOp } from "../engine.js";
import { ArgumentError, showShape } from "../errors.js";
import { normalizeAxes, normalizeAxis, reducedShape } from "../shape.js";
import { installMethods, type Tensor } from "../tensor.js";
import { toTensor, type TensorLike } from "../convert.js";
import { applyBinary, defineBinaryOp, mul, neg } from "./arithmetic.js";
import { sumTo, reshape } from "./shape-ops.js";
import { abs, sign } from "./unary.js";
import { asFloat, checkNonEmpty, expandReduced, extremumWeights, max, sum, type Axes } from "./reduce.js";

declare module "../tensor.js" {
  interface TensorMethods {
    norm(ord?: NormOrder, axes?: number | readonly number[], keepDims?: boolean): Tensor;
  }
}

/** Which norm: 1, 2, Infinity (vector or, over two axes, matrix norms), "fro", or "euclidean" (the default). */
export type NormOrder = number | "fro" | "euclidean";

const divNoNanOp = defineBinaryOp("divNoNan", {
  grad: ({ dys: [dy], inputs: [a, b], outputs: [out] }) => [sumTo(divNoNan(dy!, b!), a!.shape), sumTo(neg(divNoNan(mul(dy!, out!), b!)), b!.shape)],
});

/**
 * a / b, but 0 wherever b is 0 (TensorFlow's divide_no_nan); its gradients are 0 there too.
 * Used by the norms' gradients so that the gradient at the zero vector is 0 instead of NaN.
 * @example divNoNan(tensor([1, 1]), tensor([2, 0])).arraySync() // [0.5, 0]
 */
export function divNoNan(a: TensorLike, b: TensorLike): Tensor {
  return applyBinary(divNoNanOp, a, b, "float32");
}

/** Vector norms over a set of axes: "l1" Σ|x|, "l2" √Σx² and "max" max|x|. */
export interface VectorNormAttrs {
  ord: "l1" | "l2" | "max";
  axes: number[];
  keepDims: boolean;
}

const vectorNormOp = defineOp<VectorNormAttrs>({
  name: "vectorNorm",
  infer: ([x], { axes, keepDims }) => [{ shape: reducedShape(x!.shape, axes, keepDims), dtype: x!.dtype }],
  grad: ({ dys: [dy], inputs: [x], outputs: [y], attrs }) => {
    const g = expandReduced(dy!, x!.shape, attrs);
    // x/‖x‖ with 0 at the zero vector: a valid subgradient there (the norm has a kink), and no NaN.
    if (attrs.ord === "l2") return [mul(g, divNoNan(x!, expandReduced(y!, x!.shape, attrs)))];
    // sign(x) is 0 at 0: the subgradient of |x| that PyTorch and TensorFlow use.
    if (attrs.ord === "l1") return [mul(g, sign(x!))];
    return [mul(g, mul(sign(x!), extremumWeights(abs(x!), y!, attrs.axes)))];
  },
});

function vectorNorm(x: Tensor, ord: VectorNormAttrs["ord"], axes: number[], keepDims: boolean): Tensor {
  return runOp(vectorNormOp, [x], { ord, axes, keepDims })[0]!;
}

/**
 * The Euclidean norm √Σx² over `axes` (normalised), computed with scaling so that it neither
 * overflows nor underflows; its gradient at the zero vector is 0.
 * @example euclideanNorm(tensor([[3, 4]]), [1], false).arraySync() // [5]
 */
export function euclideanNorm(x: Tensor, axes: number[], keepDims: boolean): Tensor {
  return vectorNorm(x, "l2", axes, keepDims);
}

/**
 * Vector and matrix norms, following tf.norm:
 * - `"euclidean"` (default): √Σx² over `axes` (all by default), any number of axes;
 * - `1`, `2`, `Infinity` with one axis, or with `axes` undefined (the whole tensor as one
 *   vector): Σ|x|, √Σx², max|x|;
 * - `1`, `Infinity` with two axes [rows, cols]: the matrix norms (max column sum of |x|,
 *   max row sum); the matrix 2-norm (spectral) is not supported;
 * - `"fro"`: the Frobenius norm over two axes (by default the last two).
 * Integer inputs give float32. Gradients at 0 are 0, not NaN (a valid subgradient); the
 * ∞-norm's gradient is split evenly between tied largest |x|. The ∞-norm of nothing is 0.
 * @example
 * norm(tensor([3, 4])).item()                 // 5
 * norm(tensor([3, -4]), 1).item()             // 7
 * norm(tensor([[1, -2], [3, 4]]), Infinity, [0, 1]).item() // 7 (largest row sum)
 */
export function norm(x: TensorLike, ord: NormOrder = "euclidean", axes?: Axes, keepDims = false): Tensor {
  const t = asFloat(toTensor(x));
  // Kept in the order given: for matrix norms the first axis holds the rows.
  const given = axes === undefined ? undefined : (typeof axes === "number" ? [axes] : [...axes]).map((a) => normalizeAxis("norm", a, t.rank));
  const sorted = normalizeAxes("norm", axes, t.rank);
  if (ord === "euclidean") return euclideanNorm(t, sorted, keepDims);
  if (ord === "fro") {
    if (given !== undefined && given.length !== 2) throw new ArgumentError(`norm: "fro" is a matrix norm and takes two axes, got ${showShape(given)}`);
    if (given === undefined && t.rank < 2) throw new ArgumentError(`norm: "fro" is a matrix norm and needs a tensor of rank ≥ 2, got shape ${showShape(t.shape)}`);
    return euclideanNorm(t, given === undefined ? [t.rank - 2, t.rank - 1] : sorted, keepDims);
  }
  if (ord !== 1 && ord !== 2 && ord !== Infinity) {
    throw new ArgumentError(`norm: unsupported ord ${JSON.stringify(ord) ?? String(ord)}; expected 1, 2, Infinity, "fro" or "euclidean"`);
  }
  const vectorOrd = ord === 1 ? "l1" : ord === 2 ? "l2" : "max";
  if (given === undefined || given.length < 2) return vectorNorm(t, vectorOrd, sorted, keepDims);
  if (given.length !== 2) throw new ArgumentError(`norm: ord ${ord} takes one axis (a vector norm) or two (a matrix norm), got ${showShape(given)}`);
  if (ord === 2) throw new ArgumentError(`norm: the matrix 2-norm (largest singular value) is not supported; use "fro" or a vector norm over one axis`);
  // Matrix 1-norm: largest column sum (sum over rows, then max over columns); ∞-norm the reverse.
  const [rows, cols] = given as [number, number];
  const [inner, outer] = ord === 1 ? [rows, cols] : [cols, rows];
  checkNonEmpty("norm", t.shape, [outer]);
  const result = max(sum(abs(t), inner, true), outer, true);
  return keepDims ? result : reshape(result, reducedShape(t.shape, sorted, false));
}

installMethods({
  norm(ord, axes, keepDims) {
    return norm(this, ord, axes, keepDims);
  },
});
