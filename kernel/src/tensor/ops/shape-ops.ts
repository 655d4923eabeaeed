import { defineOp } from "../op.js";
import { runOp } from "../engine.js";
import { ShapeError, ArgumentError, showShape } from "../errors.js";
import { broadcastShapes, checkShape, normalizeAxes, shapesEqual, sizeOf, type Shape } from "../shape.js";
import { installMethods, type Tensor } from "../tensor.js";
import { toTensor, type TensorLike } from "../convert.js";
import { sum } from "./reduce.js";

declare module "../tensor.js" {
  interface TensorMethods {
    reshape(shape: readonly number[]): Tensor;
    broadcastTo(shape: readonly number[]): Tensor;
    expandDims(axis?: number): Tensor;
    squeeze(axes?: number | readonly number[]): Tensor;
    flatten(): Tensor;
  }
}

const reshapeOp = defineOp<{ shape: number[] }>({
  name: "reshape",
  infer: ([x], { shape }) => [{ shape, dtype: x!.dtype }],
  grad: ({ dys: [dy], inputs: [x] }) => [reshape(dy!, x!.shape)],
});

/** Resolves one -1 in a requested shape against `size` elements. */
function resolveShape(shape: readonly number[], from: Shape): number[] {
  const size = sizeOf(from);
  const unknown = shape.filter((d) => d === -1).length;
  if (unknown > 1) throw new ArgumentError(`reshape: at most one dimension may be -1, got ${showShape(shape)}`);
  checkShape("reshape", shape.map((d) => (d === -1 ? 0 : d)));
  const known = shape.reduce((p, d) => (d === -1 ? p : p * d), 1);
  if (unknown === 1) {
    if (known === 0 || size % known !== 0) throw new ShapeError(`reshape: cannot reshape ${showShape(from)} (${size} elements) into ${showShape(shape)}`);
    return shape.map((d) => (d === -1 ? size / known : d));
  }
  if (known !== size) throw new ShapeError(`reshape: cannot reshape ${showShape(from)} (${size} elements) into ${showShape(shape)} (${known} elements)`);
  return [...shape];
}

/**
 * Same values, new shape; one dimension may be -1 (inferred). Shares memory on the CPU.
 * @example reshape(arange(6), [2, -1]).shape // [2, 3]
 */
export function reshape(x: TensorLike, shape: readonly number[]): Tensor {
  const t = toTensor(x);
  const resolved = resolveShape(shape, t.shape);
  return shapesEqual(resolved, t.shape) ? t : runOp(reshapeOp, [t], { shape: resolved })[0]!;
}

const broadcastToOp = defineOp<{ shape: number[] }>({
  name: "broadcastTo",
  infer: ([x], { shape }) => {
    checkShape("broadcastTo", shape);
    const out = broadcastShapes("broadcastTo", x!.shape, shape);
    if (!shapesEqual(out, shape)) throw new ShapeError(`broadcastTo: cannot broadcast ${showShape(x!.shape)} to ${showShape(shape)}`);
    return [{ shape: out, dtype: x!.dtype }];
  },
  grad: ({ dys: [dy], inputs: [x] }) => [sumTo(dy!, x!.shape)],
});

/**
 * Repeats size-1 axes (and adds leading axes) to reach `shape`, NumPy style.
 * @example broadcastTo(tensor([1, 2]), [3, 2]).arraySync() // [[1, 2], [1, 2], [1, 2]]
 */
export function broadcastTo(x: TensorLike, shape: readonly number[]): Tensor {
  const t = toTensor(x);
  return shapesEqual(t.shape, shape) ? t : runOp(broadcastToOp, [t], { shape: [...shape] })[0]!;
}

/**
 * Sums a broadcast gradient back to the shape of the operand it came from: the adjoint of
 * broadcasting, used by every broadcasting op's gradient rule.
 * @example sumTo(ones([4, 3]), [1, 3]).arraySync() // [[4, 4, 4]]
 */
export function sumTo(x: Tensor, shape: Shape): Tensor {
  if (shapesEqual(x.shape, shape)) return x;
  const lead = x.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < x.rank; i++) if (i < lead || (shape[i - lead] === 1 && x.shape[i] !== 1)) axes.push(i);
  return reshape(sum(x, axes, false), shape);
}

/**
 * Inserts a size-1 axis at `axis` (−1 appends one at the end). Shares memory on the CPU.
 * @example expandDims(tensor([1, 2]), 0).shape // [1, 2]; expandDims(tensor([1, 2]), -1).shape // [2, 1]
 */
export function expandDims(x: TensorLike, axis = 0): Tensor {
  const t = toTensor(x);
  // The new axis can go at any of rank + 1 positions.
  if (!Number.isInteger(axis) || axis < -t.rank - 1 || axis > t.rank) {
    throw new ArgumentError(`expandDims: axis ${axis} is out of range for a tensor of rank ${t.rank} (expected ${-t.rank - 1} … ${t.rank})`);
  }
  const at = axis < 0 ? axis + t.rank + 1 : axis;
  return reshape(t, [...t.shape.slice(0, at), 1, ...t.shape.slice(at)]);
}

/**
 * Removes size-1 axes: the listed ones (each must have size 1), or every size-1 axis.
 * @example squeeze(zeros([1, 3, 1])).shape // [3]; squeeze(zeros([1, 3, 1]), 0).shape // [3, 1]
 */
export function squeeze(x: TensorLike, axes?: number | readonly number[]): Tensor {
  const t = toTensor(x);
  const drop = axes === undefined ? t.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : normalizeAxes("squeeze", axes, t.rank);
  for (const axis of drop) {
    if (t.shape[axis] !== 1) throw new ShapeError(`squeeze: axis ${axis} has size ${t.shape[axis]}, expected 1 (shape ${showShape(t.shape)})`);
  }
  return reshape(t, t.shape.filter((_, i) => !drop.includes(i)));
}

/**
 * The values as a 1-D tensor in row-major order (a scalar becomes shape [1]); shares memory on the CPU.
 * @example flatten(tensor([[1, 2], [3, 4]])).arraySync() // [1, 2, 3, 4]
 */
export function flatten(x: TensorLike): Tensor {
  const t = toTensor(x);
  return reshape(t, [t.size]);
}

installMethods({
  expandDims(axis) {
    return expandDims(this, axis);
  },
  squeeze(axes) {
    return squeeze(this, axes);
  },
  flatten() {
    return flatten(this);
  },
  reshape(shape) {
    return reshape(this, shape);
  },
  broadcastTo(shape) {
    return broadcastTo(this, shape);
  },
});
