// Helpers of the indexing ops (gather, scatterAdd, slices, concat, split) that every CPU
// backend shares, so the "cpu" kernels check indices with the reference's exact words.
import type { TypedArray } from "../../tensor/dtype.js";
import { indexOutOfRange } from "../../tensor/index-errors.js";
import { sizeOf, stridesOf, type Shape } from "../../tensor/shape.js";
import type { SliceAttrs } from "../../tensor/ops/slice.js";

/**
 * Sizes around `axis`: elements before it (outer) and in one step of it (inner).
 * @example aroundAxis([2, 3, 4], 1) // { outer: 2, inner: 4 }
 */
export function aroundAxis(shape: Shape, axis: number): { outer: number; inner: number } {
  return { outer: sizeOf(shape.slice(0, axis)), inner: sizeOf(shape.slice(axis + 1)) };
}

/**
 * Checks every index against the axis length once, and resolves negative ones (−1: the last).
 * @example resolveIndices("gather", Int32Array.of(2, -1), 3, [3], 0) // Int32Array [2, 2]
 */
export function resolveIndices(op: string, indices: TypedArray, length: number, shape: Shape, axis: number): Int32Array {
  const resolved = new Int32Array(indices.length);
  for (let j = 0; j < indices.length; j++) {
    const i = indices[j]!;
    if (i < -length || i >= length) {
      throw indexOutOfRange(op, i, j, axis, length, shape);
    }
    resolved[j] = i < 0 ? i + length : i;
  }
  return resolved;
}

/**
 * Offset of the first sliced element and the per-axis strides (step times the axis stride).
 * @example sliceWalk([4, 3], { start: [1, 0], step: [2, 1], size: [2, 3] }) // { offset: 3, strides: [6, 1] }
 */
export function sliceWalk(shape: Shape, { start, step }: SliceAttrs): { offset: number; strides: number[] } {
  const strides = stridesOf(shape);
  let offset = 0;
  start.forEach((s, k) => (offset += s * strides[k]!));
  return { offset, strides: strides.map((st, k) => st * step[k]!) };
}
