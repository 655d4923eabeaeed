import type { TypedArray } from "../../tensor/dtype.js";
import { sizeOf, type Shape } from "../../tensor/shape.js";

// Most shape and indexing ops are one walk over an output in row-major order while a
// second offset moves through the source with its own per-axis strides: transpose
// (permuted strides), strided slices (strides times steps, negative for reversed axes),
// tile and broadcasting (stride 0 on repeated axes). These two loops are that walk.

/**
 * `out[i] = src[offset + Σ index[k] · strides[k]]` for every row-major index of `shape`.
 * @example stridedRead(x, 0, [1, 3], [3, 2], out) // transpose of a [2, 3] matrix
 */
export function stridedRead(src: TypedArray, offset: number, strides: readonly number[], shape: Shape, out: TypedArray): void {
  const size = sizeOf(shape);
  if (size === 0) return;
  const rank = shape.length;
  if (rank === 0) {
    out[0] = src[offset]!;
    return;
  }
  const inner = shape[rank - 1]!;
  const innerStride = strides[rank - 1]!;
  const rows = size / inner;
  const index = new Array<number>(rank).fill(0);
  let base = offset;
  let o = 0;
  for (let r = 0; r < rows; r++) {
    for (let k = 0, s = base; k < inner; k++, s += innerStride) out[o++] = src[s]!;
    for (let axis = rank - 2; axis >= 0; axis--) {
      index[axis]!++;
      base += strides[axis]!;
      if (index[axis]! < shape[axis]!) break;
      base -= strides[axis]! * shape[axis]!;
      index[axis] = 0;
    }
  }
}

/**
 * The adjoint walk: `dst[offset + Σ index[k] · strides[k]] = src[i]` for every row-major
 * index of `shape` (the positions must be distinct).
 * @example stridedWrite(out, 1, [1], [2], src) // places 2 values at out[1], out[2]
 */
export function stridedWrite(dst: TypedArray, offset: number, strides: readonly number[], shape: Shape, src: TypedArray): void {
  const size = sizeOf(shape);
  if (size === 0) return;
  const rank = shape.length;
  if (rank === 0) {
    dst[offset] = src[0]!;
    return;
  }
  const inner = shape[rank - 1]!;
  const innerStride = strides[rank - 1]!;
  const rows = size / inner;
  const index = new Array<number>(rank).fill(0);
  let base = offset;
  let i = 0;
  for (let r = 0; r < rows; r++) {
    for (let k = 0, d = base; k < inner; k++, d += innerStride) dst[d] = src[i++]!;
    for (let axis = rank - 2; axis >= 0; axis--) {
      index[axis]!++;
      base += strides[axis]!;
      if (index[axis]! < shape[axis]!) break;
      base -= strides[axis]! * shape[axis]!;
      index[axis] = 0;
    }
  }
}
