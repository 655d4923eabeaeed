import { ArgumentError, ShapeError, showShape } from "./errors.js";

export type Shape = readonly number[];

/** Number of elements of a shape (1 for a scalar). */
export function sizeOf(shape: Shape): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

/** Row-major strides: `stridesOf([2, 3, 4])` is `[12, 4, 1]`. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = stride;
    stride *= shape[i]!;
  }
  return strides;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Checks that a shape is a list of non-negative integers, naming the op otherwise. */
export function checkShape(op: string, shape: Shape): void {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new ArgumentError(`${op}: a shape must be a list of non-negative integers, got ${JSON.stringify(shape)}`);
  }
}

/**
 * NumPy broadcasting of two shapes.
 * @example broadcastShapes("add", [2, 1, 3], [4, 3]) // [2, 4, 3]
 */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(`${op}: shapes ${showShape(a)} and ${showShape(b)} cannot be broadcast together (axis ${i}: ${da} vs ${db})`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * Normalises one axis (negative counts from the end) and checks its range.
 * @example normalizeAxis("sum", -1, 3) // 2
 */
export function normalizeAxis(op: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= Math.max(rank, 1)) {
    throw new ArgumentError(
      rank === 0
        ? `${op}: axis ${axis} is out of range for a tensor of rank 0 (a scalar has no axes; use axes undefined or reshape first)`
        : `${op}: axis ${axis} is out of range for a tensor of rank ${rank} (expected ${-rank} … ${rank - 1})`,
    );
  }
  return axis < 0 ? axis + rank : axis;
}

/** Normalises an axis list (undefined = all axes), sorted and without duplicates. */
export function normalizeAxes(op: string, axes: number | readonly number[] | undefined, rank: number): number[] {
  if (axes === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = (typeof axes === "number" ? [axes] : axes).map((a) => normalizeAxis(op, a, rank));
  if (new Set(list).size !== list.length) throw new ArgumentError(`${op}: repeated axis in ${JSON.stringify(axes)}`);
  return list.sort((x, y) => x - y);
}

/** The shape left after reducing `axes` (kept as size 1 with keepDims). */
export function reducedShape(shape: Shape, axes: readonly number[], keepDims: boolean): number[] {
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!axes.includes(i)) out.push(d);
    else if (keepDims) out.push(1);
  });
  return out;
}
