import { defineOp, type OpDef } from "../op.js";
import { runOp } from "../engine.js";
import { ShapeError, showShape } from "../errors.js";
import { isFloat, type DType } from "../dtype.js";
import { normalizeAxes, reducedShape, sizeOf, type Shape } from "../shape.js";
import { installMethods, type Tensor } from "../tensor.js";
import { toTensor, type TensorLike } from "../convert.js";
import { onesLike } from "../creation.js";
import { broadcastTo, reshape } from "./shape-ops.js";
import { div, mul, sub } from "./arithmetic.js";
import { cast } from "./cast.js";
import { linearRecurrence, shiftAlongAxis } from "./cumsum.js";
import { hasUnknownBatch } from "../unknown-batch.js";

/** Which axes a reduction takes: one, several (negatives count from the end), or all (undefined). */
export type Axes = number | readonly number[] | undefined;

declare module "../tensor.js" {
  interface TensorMethods {
    sum(axes?: number | number[], keepDims?: boolean): Tensor;
    mean(axes?: number | readonly number[], keepDims?: boolean): Tensor;
    prod(axes?: number | readonly number[], keepDims?: boolean): Tensor;
    max(axes?: number | readonly number[], keepDims?: boolean): Tensor;
    min(axes?: number | readonly number[], keepDims?: boolean): Tensor;
    argmax(axes?: number | readonly number[], keepDims?: boolean): Tensor;
    argmin(axes?: number | readonly number[], keepDims?: boolean): Tensor;
    all(axes?: number | readonly number[], keepDims?: boolean): Tensor;
    any(axes?: number | readonly number[], keepDims?: boolean): Tensor;
  }
}

/** Attributes of every reduction: normalised, sorted axes and keepDims. */
export interface ReduceAttrs {
  axes: number[];
  keepDims: boolean;
}

/**
 * Brings a reduction's gradient (or output) back to the input's rank, then shape.
 * @example expandReduced(tensor([1, 2]), [2, 3], { axes: [1] }).arraySync() // [[1, 1, 1], [2, 2, 2]]
 */
export function expandReduced(dy: Tensor, inputShape: readonly number[], { axes }: Pick<ReduceAttrs, "axes">): Tensor {
  return broadcastTo(reshape(dy, reducedShape(inputShape, axes, true)), inputShape);
}

/**
 * A float version of `t` (ints and bools become float32), for reductions whose result is fractional.
 * @example asFloat(tensor([1, 2], "int32")).dtype // "float32"
 */
export function asFloat(t: Tensor): Tensor {
  return isFloat(t.dtype) ? t : cast(t, "float32");
}

/**
 * Number of elements each output of a reduction over `axes` combines.
 * @example reductionSize([2, 3, 4], [0, 2]) // 8
 */
export function reductionSize(shape: Shape, axes: readonly number[]): number {
  return axes.reduce((n, a) => n * shape[a]!, 1);
}

/**
 * Throws when some output would reduce zero elements, for reductions with no identity (max, argmax...).
 * @example checkNonEmpty("max", [0, 3], [0]) // throws: max: cannot reduce over no elements ...
 */
export function checkNonEmpty(op: string, shape: Shape, axes: readonly number[]): void {
  if (reductionSize(shape, axes) === 0 && sizeOf(reducedShape(shape, axes, false)) > 0) {
    throw new ShapeError(`${op}: cannot reduce over no elements: axes ${showShape(axes)} of shape ${showShape(shape)} are empty, and ${op} of nothing is undefined`);
  }
}

/** Defines a reduction whose output has the reduced shape and the dtype `outDType` gives. */
function defineReduction(name: string, outDType: (dtype: DType) => DType, grad?: OpDef<ReduceAttrs>["grad"], nonEmpty = false): OpDef<ReduceAttrs> {
  return defineOp<ReduceAttrs>({
    name,
    infer: ([x], { axes, keepDims }) => {
      if (nonEmpty) checkNonEmpty(name, x!.shape, axes);
      return [{ shape: reducedShape(x!.shape, axes, keepDims), dtype: outDType(x!.dtype) }];
    },
    grad,
  });
}

function reduce(op: OpDef<ReduceAttrs>, x: TensorLike, axes: Axes, keepDims: boolean): Tensor {
  const t = toTensor(x);
  return runOp(op, [t], { axes: normalizeAxes(op.name, axes, t.rank), keepDims })[0]!;
}

const sumOp = defineReduction(
  "sum",
  (d) => (d === "bool" ? "int32" : d),
  ({ dys: [dy], inputs: [x], attrs }) => [expandReduced(dy!, x!.shape, attrs)],
);

/**
 * Sum over `axes` (all by default); keepDims leaves them as size 1. The sum of no elements is 0.
 * @example sum(tensor([[1, 2], [3, 4]]), 0).arraySync() // [4, 6]
 */
export function sum(x: TensorLike, axes?: Axes, keepDims = false): Tensor {
  return reduce(sumOp, x, axes, keepDims);
}

// Its own op (not sum then div) so the graph view shows one "mean" box; each input
// element receives dy / N.
const meanOp = defineReduction("mean", (d) => d, ({ dys: [dy], inputs: [x], attrs }) => [
  div(expandReduced(dy!, x!.shape, attrs), countOf(x!.shape, attrs.axes, dy!.dtype)),
]);

/**
 * How many elements each output of a reduction over `axes` combines: a number, or, for a
 * shape with graph mode's unknown batch dimension, ones broadcast to the shape and summed,
 * whose broadcast shape a graph rewrites for each batch size (a number would freeze it).
 * @example countOf([4, 3], [0], "float32") // 4
 */
function countOf(shape: Shape, axes: readonly number[], dtype: DType): number | Tensor {
  if (!hasUnknownBatch(shape)) return reductionSize(shape, axes);
  return sum(broadcastTo(toTensor(1, dtype), shape), [...axes], true);
}

/**
 * Arithmetic mean over `axes` (all by default). Integer and bool inputs give float32;
 * the mean of no elements is NaN (as in NumPy).
 * @example mean(tensor([[1, 2], [3, 5]]), 1).arraySync() // [1.5, 4]
 */
export function mean(x: TensorLike, axes?: Axes, keepDims = false): Tensor {
  // Ints and bools are cast first, so the op itself only sees floats (and its gradient is float).
  return reduce(meanOp, asFloat(toTensor(x)), axes, keepDims);
}

/**
 * The product of the other elements along `axis`, for every element, without dividing
 * (so zeros are handled): an exclusive running product from the front times one from the
 * back. Both are linear recurrences, whose gradients are again linear recurrences, so
 * this can be differentiated any number of times.
 */
function productOfOthers(x: Tensor, axis: number): Tensor {
  const ones = onesLike(x);
  const first = sub(ones, shiftAlongAxis(ones, axis, 1)); // 1 at index 0 along axis, else 0
  const last = sub(ones, shiftAlongAxis(ones, axis, -1)); // 1 at the last index
  const before = linearRecurrence(shiftAlongAxis(x, axis, 1), first, axis, false); // ∏_{j<k} x_j
  const after = linearRecurrence(shiftAlongAxis(x, axis, -1), last, axis, true); // ∏_{j>k} x_j
  return mul(before, after);
}

// The gradient rule handles at most one axis; prod() splits several axes into single-axis steps.
const prodOp = defineReduction(
  "prod",
  (d) => (d === "bool" ? "int32" : d),
  ({ dys: [dy], inputs: [x], attrs }) => {
    const g = expandReduced(dy!, x!.shape, attrs);
    if (attrs.axes.length === 0) return [g];
    if (attrs.axes.length > 1) throw new Error(`internal: prod's gradient rule takes one axis, got ${showShape(attrs.axes)}`);
    return [mul(g, productOfOthers(x!, attrs.axes[0]!))];
  },
);

/**
 * Product over `axes` (all by default); bool gives int32 and the product of no elements is 1.
 * The gradient is exact where inputs are zero (it never divides by x), to every order.
 * @example prod(tensor([[1, 2], [3, 4]]), 1).arraySync() // [2, 12]
 */
export function prod(x: TensorLike, axes?: Axes, keepDims = false): Tensor {
  const t = toTensor(x);
  const list = normalizeAxes("prod", axes, t.rank);
  if (list.length <= 1) return runOp(prodOp, [t], { axes: list, keepDims })[0]!;
  // One axis at a time (keeping dims so the axis numbers stay valid): the product is the same
  // and each step's gradient needs only a running product along one axis.
  let out = t;
  for (const axis of list) out = runOp(prodOp, [out], { axes: [axis], keepDims: true })[0]!;
  return keepDims ? out : reshape(out, reducedShape(t.shape, list, false));
}

// 1/k at each of the k positions that equal their group's extremum (y), 0 elsewhere. A mask
// that is constant almost everywhere, so its gradient is zero.
const extremumWeightsOp = defineOp<{ axes: number[] }>({
  name: "extremumWeights",
  infer: ([x]) => [{ shape: x!.shape, dtype: x!.dtype }],
  grad: () => [undefined, undefined],
});

/**
 * Where the extremum `y` of `x` over `axes` was found, as weights summing to 1 per group
 * (ties split the gradient evenly, as in TensorFlow; NaN matches NaN).
 * @example extremumWeights(x, max(x, 1), [1]) // for x = [[1, 3, 3]]: [[0, 0.5, 0.5]]
 */
export function extremumWeights(x: Tensor, y: Tensor, axes: number[]): Tensor {
  return runOp(extremumWeightsOp, [x, y], { axes })[0]!;
}

const extremumGrad: OpDef<ReduceAttrs>["grad"] = ({ dys: [dy], inputs: [x], outputs: [y], attrs }) => [
  mul(expandReduced(dy!, x!.shape, attrs), extremumWeights(x!, y!, attrs.axes)),
];
const maxOp = defineReduction("max", (d) => d, extremumGrad, true);
const minOp = defineReduction("min", (d) => d, extremumGrad, true);

/**
 * Largest element over `axes` (all by default). NaN propagates. The gradient goes to the
 * positions that hold the maximum, split evenly between ties (TensorFlow's choice; PyTorch's
 * `max(dim)` picks one). Reducing no elements throws.
 * @example max(tensor([[1, 5], [7, 2]]), 1).arraySync() // [5, 7]
 */
export function max(x: TensorLike, axes?: Axes, keepDims = false): Tensor {
  return reduce(maxOp, x, axes, keepDims);
}

/**
 * Smallest element over `axes` (all by default); gradient and ties as for max.
 * @example min(tensor([[1, 5], [7, 2]]), 0).arraySync() // [1, 2]
 */
export function min(x: TensorLike, axes?: Axes, keepDims = false): Tensor {
  return reduce(minOp, x, axes, keepDims);
}

const argmaxOp = defineReduction("argmax", () => "int32", undefined, true);
const argminOp = defineReduction("argmin", () => "int32", undefined, true);

/**
 * Index (int32) of the largest element over `axes`: the first one on ties, the first NaN if
 * any. With several axes (or all, the default) it is the row-major flat index within the
 * reduced axes, as NumPy's argmax of a flattened array. Not differentiable.
 * @example argmax(tensor([[1, 5, 5], [7, 2, 0]]), -1).arraySync() // [1, 0]
 */
export function argmax(x: TensorLike, axes?: Axes, keepDims = false): Tensor {
  return reduce(argmaxOp, x, axes, keepDims);
}

/**
 * Index (int32) of the smallest element over `axes`; ties and NaN as for argmax.
 * @example argmin(tensor([3, 1, 1])).item() // 1
 */
export function argmin(x: TensorLike, axes?: Axes, keepDims = false): Tensor {
  return reduce(argminOp, x, axes, keepDims);
}

const allOp = defineReduction("all", () => "bool");
const anyOp = defineReduction("any", () => "bool");

/**
 * Whether every element over `axes` is true (non-zero); true for no elements.
 * @example all(tensor([[true, false], [true, true]]), 1).arraySync() // [false, true]
 */
export function all(x: TensorLike, axes?: Axes, keepDims = false): Tensor {
  return reduce(allOp, x, axes, keepDims);
}

/**
 * Whether some element over `axes` is true (non-zero); false for no elements.
 * @example any(tensor([[true, false], [false, false]]), 1).arraySync() // [true, false]
 */
export function any(x: TensorLike, axes?: Axes, keepDims = false): Tensor {
  return reduce(anyOp, x, axes, keepDims);
}

installMethods({
  sum(axes, keepDims) {
    return sum(this, axes, keepDims);
  },
  mean(axes, keepDims) {
    return mean(this, axes, keepDims);
  },
  prod(axes, keepDims) {
    return prod(this, axes, keepDims);
  },
  max(axes, keepDims) {
    return max(this, axes, keepDims);
  },
  min(axes, keepDims) {
    return min(this, axes, keepDims);
  },
  argmax(axes, keepDims) {
    return argmax(this, axes, keepDims);
  },
  argmin(axes, keepDims) {
    return argmin(this, axes, keepDims);
  },
  all(axes, keepDims) {
    return all(this, axes, keepDims);
  },
  any(axes, keepDims) {
    return any(this, axes, keepDims);
  },
});
