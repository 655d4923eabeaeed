import { defineOp } from "../op.js";
import { runOp } from "../engine.js";
import { DTypeError, ShapeError, showShape } from "../errors.js";
import { promote } from "../dtype.js";
import { normalizeAxis, shapesEqual, type Shape } from "../shape.js";
import { installMethods, type Tensor } from "../tensor.js";
import { tensor, toTensor, type TensorLike } from "../convert.js";
import { zerosLike } from "../creation.js";
import { cast } from "./cast.js";
import { reshape } from "./shape-ops.js";

declare module "../tensor.js" {
  interface TensorMethods {
    gather(indices: TensorLike, axis?: number): Tensor;
    take(indices: TensorLike, axis?: number): Tensor;
    scatterAdd(indices: TensorLike, updates: TensorLike, axis?: number): Tensor;
  }
}

/** Attributes of gather and scatterAdd: the (normalised) axis the indices select along. */
export interface GatherAttrs {
  axis: number;
}

/** The shape gather gives: the indices' shape replaces axis `axis` of x. */
function gatheredShape(x: Shape, indices: Shape, axis: number): number[] {
  return [...x.slice(0, axis), ...indices, ...x.slice(axis + 1)];
}

function checkIndices(op: string, indices: Tensor): void {
  if (indices.dtype !== "int32") throw new DTypeError(`${op}: indices must be int32, got ${indices.dtype} (shape ${showShape(indices.shape)}); cast() them`);
}

function checkAxis(op: string, x: Tensor, axis: number): void {
  if (x.rank === 0) throw new ShapeError(`${op}: cannot index a scalar (rank 0 has no axis)`);
  if (axis < 0 || axis >= x.rank) throw new ShapeError(`${op}: axis ${axis} is out of range for a tensor of rank ${x.rank}`);
}

const gatherOp = defineOp<GatherAttrs>({
  name: "gather",
  infer: ([x, indices], { axis }) => {
    checkIndices("gather", indices!);
    checkAxis("gather", x!, axis);
    return [{ shape: gatheredShape(x!.shape, indices!.shape, axis), dtype: x!.dtype }];
  },
  // Each gathered element's gradient goes back to the position it came from; repeated
  // indices add up.
  grad: ({ dys: [dy], inputs: [x, indices], attrs: { axis } }) => [scatterAdd(zerosLike(x!), indices!, dy!, axis), undefined],
});

const scatterAddOp = defineOp<GatherAttrs>({
  name: "scatterAdd",
  infer: ([x, indices, updates], { axis }) => {
    checkIndices("scatterAdd", indices!);
    checkAxis("scatterAdd", x!, axis);
    if (x!.dtype === "bool") throw new DTypeError(`scatterAdd: cannot add into a bool tensor; cast() it to int32 or float32`);
    if (updates!.dtype !== x!.dtype) throw new DTypeError(`scatterAdd: updates are ${updates!.dtype} but x is ${x!.dtype}`);
    const expected = gatheredShape(x!.shape, indices!.shape, axis);
    if (!shapesEqual(updates!.shape, expected)) {
      throw new ShapeError(
        `scatterAdd: updates have shape ${showShape(updates!.shape)}, expected ${showShape(expected)} (x ${showShape(x!.shape)} with indices ${showShape(indices!.shape)} along axis ${axis})`,
      );
    }
    return [{ shape: x!.shape, dtype: x!.dtype }];
  },
  grad: ({ dys: [dy], inputs: [, indices], attrs: { axis } }) => [dy!, undefined, gather(dy!, indices!, axis)],
});

/**
 * Indices as an int32 tensor: plain numbers and nested arrays become int32 (they must be
 * integers); tensors must already be int32.
 * @example toIndices("gather", [[0, 2]]).dtype // "int32"
 */
export function toIndices(op: string, indices: TensorLike): Tensor {
  if (typeof indices !== "number" && !Array.isArray(indices)) {
    const t = toTensor(indices);
    checkIndices(op, t);
    return t;
  }
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (!Number.isInteger(v)) throw new DTypeError(`${op}: indices must be integers, got ${JSON.stringify(v)}`);
  };
  visit(indices);
  return tensor(indices, "int32");
}

/**
 * Picks entries along `axis` by int32 `indices` (NumPy `take`, TF `gather`): the result
 * has the indices' shape in place of that axis. Negative indices count from the end;
 * others out of range throw. The gradient adds back into the picked positions.
 * @example
 * gather(tensor([10, 20, 30]), [2, 0, 2]).arraySync()              // [30, 10, 30]
 * gather(tensor([[1, 2, 3], [4, 5, 6]]), [[2], [0]], 1).shape     // [2, 2, 1]
 */
export function gather(x: TensorLike, indices: TensorLike, axis = 0): Tensor {
  const t = toTensor(x);
  if (t.rank === 0) throw new ShapeError(`gather: cannot index a scalar (rank 0 has no axis)`);
  return runOp(gatherOp, [t, toIndices("gather", indices)], { axis: normalizeAxis("gather", axis, t.rank) })[0]!;
}

/**
 * NumPy's `take`: gather along `axis`; without an axis, from the flattened tensor (so the
 * result has the indices' shape). The same op as gather, so gradients work alike.
 * @example
 * take(tensor([[1, 2], [3, 4]]), [3, 0]).arraySync()    // [4, 1]
 * take(tensor([[1, 2], [3, 4]]), [1], 1).arraySync()    // [[2], [4]]
 */
export function take(x: TensorLike, indices: TensorLike, axis?: number): Tensor {
  const t = toTensor(x);
  return axis === undefined ? gather(reshape(t, [t.size]), indices, 0) : gather(t, indices, axis);
}

/**
 * The adjoint of gather: a copy of `x` with each slice of `updates` added at the position
 * its index names along `axis` (repeated indices accumulate, like NumPy's `np.add.at`).
 * `updates` has the shape gather(x, indices, axis) would have.
 * @example
 * scatterAdd(zeros([4]), [1, 3, 1], tensor([1, 2, 3])).arraySync()         // [0, 4, 0, 2]
 * scatterAdd(zeros([2, 3]), [2], tensor([[1], [2]]), 1).arraySync()      // [[0, 0, 1], [0, 0, 2]]
 */
export function scatterAdd(x: TensorLike, indices: TensorLike, updates: TensorLike, axis = 0): Tensor {
  const t = toTensor(x);
  const u = toTensor(updates, t.dtype);
  const dtype = promote(t.dtype, u.dtype);
  if (t.rank === 0) throw new ShapeError(`scatterAdd: cannot index a scalar (rank 0 has no axis)`);
  return runOp(scatterAddOp, [cast(t, dtype), toIndices("scatterAdd", indices), cast(u, dtype)], { axis: normalizeAxis("scatterAdd", axis, t.rank) })[0]!;
}

installMethods({
  gather(indices, axis) {
    return gather(this, indices, axis);
  },
  take(indices, axis) {
    return take(this, indices, axis);
  },
  scatterAdd(indices, updates, axis) {
    return scatterAdd(this, indices, updates, axis);
  },
});
