import { defineOp } from "../op.js";
import { runOp } from "../engine.js";
import { ArgumentError, DTypeError, ShapeError, showShape } from "../errors.js";
import { promote } from "../dtype.js";
import { normalizeAxis, shapesEqual } from "../shape.js";
import { installMethods, type Tensor } from "../tensor.js";
import { toTensor, type TensorLike } from "../convert.js";
import { cast } from "./cast.js";
import { expandDims, reshape } from "./shape-ops.js";

declare module "../tensor.js" {
  interface TensorMethods {
    concat(others: Tensor | readonly TensorLike[], axis?: number): Tensor;
    split(sizesOrCount: number | readonly number[], axis?: number): Tensor[];
    unstack(axis?: number): Tensor[];
  }
}

/** Attributes of concat: the (normalised) axis the inputs are joined along. */
export interface ConcatAttrs {
  axis: number;
}

/** Attributes of split: the axis and the size of each part along it (they sum to its length). */
export interface SplitAttrs {
  axis: number;
  sizes: number[];
}

const concatOp = defineOp<ConcatAttrs>({
  name: "concat",
  infer: (inputs, { axis }) => {
    const first = inputs[0]!;
    let total = 0;
    inputs.forEach((t, i) => {
      if (t.dtype !== first.dtype) throw new DTypeError(`concat: tensor ${i} is ${t.dtype} but tensor 0 is ${first.dtype}`);
      const matches = t.rank === first.rank && t.shape.every((d, k) => k === axis || d === first.shape[k]);
      if (!matches) {
        throw new ShapeError(
          `concat: tensor ${i} has shape ${showShape(t.shape)} but tensor 0 has ${showShape(first.shape)}; all shapes must match except along axis ${axis}`,
        );
      }
      total += t.shape[axis]!;
    });
    const shape = [...first.shape];
    shape[axis] = total;
    return [{ shape, dtype: first.dtype }];
  },
  grad: ({ dys: [dy], inputs, attrs: { axis } }) => splitBySizes(dy!, inputs.map((t) => t.shape[axis]!), axis),
});

const splitOp = defineOp<SplitAttrs>({
  name: "split",
  infer: ([x], { axis, sizes }) => {
    const total = sizes.reduce((a, b) => a + b, 0);
    if (total !== x!.shape[axis]) throw new ShapeError(`split: sizes ${JSON.stringify(sizes)} add up to ${total}, but axis ${axis} of ${showShape(x!.shape)} has ${x!.shape[axis]}`);
    return sizes.map((size) => {
      const shape = [...x!.shape];
      shape[axis] = size;
      return { shape, dtype: x!.dtype };
    });
  },
  grad: ({ dys, attrs: { axis } }) => [concat(dys, axis)],
});

function splitBySizes(t: Tensor, sizes: number[], axis: number): Tensor[] {
  return sizes.length === 1 ? [t] : runOp(splitOp, [t], { axis, sizes });
}

/** Converts each operand and promotes them to one dtype (bool < int32 < float32 < float64). */
function commonDType(op: string, values: readonly TensorLike[]): Tensor[] {
  if (!Array.isArray(values) || values.length === 0) throw new ArgumentError(`${op}: expected a non-empty list of tensors, got ${Array.isArray(values) ? "[]" : typeof values}`);
  const tensors = values.map((v) => toTensor(v));
  const dtype = tensors.map((t) => t.dtype).reduce(promote);
  return tensors.map((t) => cast(t, dtype));
}

/**
 * Joins tensors along an existing axis; their other dimensions must agree. Mixed dtypes
 * are promoted as in arithmetic.
 * @example concat([tensor([[1, 2]]), tensor([[3, 4], [5, 6]])], 0).arraySync() // [[1, 2], [3, 4], [5, 6]]
 */
export function concat(tensors: readonly TensorLike[], axis = 0): Tensor {
  const ts = commonDType("concat", tensors);
  const rank = ts[0]!.rank;
  if (rank === 0) throw new ShapeError(`concat: cannot concatenate scalars (rank 0 has no axis); use stack()`);
  const at = normalizeAxis("concat", axis, rank);
  if (ts.length === 1) return ts[0]!;
  return runOp(concatOp, ts, { axis: at })[0]!;
}

/**
 * Joins tensors of one shape along a new axis (`axis` counts in the result's rank).
 * @example stack([tensor([1, 2]), tensor([3, 4])], 1).arraySync() // [[1, 3], [2, 4]]
 */
export function stack(tensors: readonly TensorLike[], axis = 0): Tensor {
  const ts = commonDType("stack", tensors);
  const first = ts[0]!;
  ts.forEach((t, i) => {
    if (!shapesEqual(t.shape, first.shape)) throw new ShapeError(`stack: tensor ${i} has shape ${showShape(t.shape)} but tensor 0 has ${showShape(first.shape)}; all must have the same shape`);
  });
  if (!Number.isInteger(axis) || axis < -first.rank - 1 || axis > first.rank) {
    throw new ArgumentError(`stack: axis ${axis} is out of range for stacking tensors of rank ${first.rank} (expected ${-first.rank - 1} … ${first.rank})`);
  }
  const at = axis < 0 ? axis + first.rank + 1 : axis;
  return concat(ts.map((t) => expandDims(t, at)), at);
}

/**
 * Splits a tensor along `axis` into `count` equal parts (count must divide the axis), or
 * into parts of the given sizes (one of them may be -1: the rest).
 * @example
 * split(tensor([1, 2, 3, 4, 5, 6]), 3).map((t) => t.arraySync())        // [[1, 2], [3, 4], [5, 6]]
 * split(tensor([1, 2, 3, 4, 5, 6]), [1, -1]).map((t) => t.arraySync())  // [[1], [2, 3, 4, 5, 6]]
 */
export function split(x: TensorLike, sizesOrCount: number | readonly number[], axis = 0): Tensor[] {
  const t = toTensor(x);
  if (t.rank === 0) throw new ShapeError(`split: cannot split a scalar (rank 0 has no axis)`);
  const at = normalizeAxis("split", axis, t.rank);
  const length = t.shape[at]!;
  let sizes: number[];
  if (typeof sizesOrCount === "number") {
    const count = sizesOrCount;
    if (!Number.isInteger(count) || count < 1) throw new ArgumentError(`split: the number of parts must be a positive integer, got ${count}`);
    if (length % count !== 0) throw new ShapeError(`split: axis ${at} of ${showShape(t.shape)} has length ${length}, which ${count} equal parts cannot divide; pass a list of sizes instead`);
    sizes = new Array<number>(count).fill(length / count);
  } else {
    if (!Array.isArray(sizesOrCount) || sizesOrCount.length === 0) throw new ArgumentError(`split: expected a part count or a non-empty list of sizes, got ${JSON.stringify(sizesOrCount)}`);
    const bad = sizesOrCount.find((s) => !Number.isInteger(s) || s < -1);
    if (bad !== undefined) throw new ArgumentError(`split: sizes must be non-negative integers (or one -1), got ${JSON.stringify(sizesOrCount)}`);
    const unknown = sizesOrCount.filter((s) => s === -1).length;
    if (unknown > 1) throw new ArgumentError(`split: at most one size may be -1, got ${JSON.stringify(sizesOrCount)}`);
    const known = sizesOrCount.reduce((a, s) => (s === -1 ? a : a + s), 0);
    if (unknown === 1 ? known > length : known !== length) {
      throw new ShapeError(`split: sizes ${JSON.stringify(sizesOrCount)} add up to ${known}, but axis ${at} of ${showShape(t.shape)} has length ${length}`);
    }
    sizes = sizesOrCount.map((s) => (s === -1 ? length - known : s));
  }
  return splitBySizes(t, sizes, at);
}

/**
 * Splits along `axis` into its slices, each without that axis (the inverse of stack).
 * @example unstack(tensor([[1, 2], [3, 4]]), 1).map((t) => t.arraySync()) // [[1, 3], [2, 4]]
 */
export function unstack(x: TensorLike, axis = 0): Tensor[] {
  const t = toTensor(x);
  if (t.rank === 0) throw new ShapeError(`unstack: cannot unstack a scalar (rank 0 has no axis)`);
  const at = normalizeAxis("unstack", axis, t.rank);
  const count = t.shape[at]!;
  if (count === 0) return [];
  const partShape = t.shape.filter((_, i) => i !== at);
  return splitBySizes(t, new Array<number>(count).fill(1), at).map((part) => reshape(part, partShape));
}

installMethods({
  concat(others, axis) {
    // A list is a list of tensors; anything else is one tensor.
    return concat([this, ...(Array.isArray(others) ? (others as readonly TensorLike[]) : [others as Tensor])], axis);
  },
  split(sizesOrCount, axis) {
    return split(this, sizesOrCount, axis);
  },
  unstack(axis) {
    return unstack(this, axis);
  },
});
