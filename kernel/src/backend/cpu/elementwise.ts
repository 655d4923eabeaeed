import { allocate, type DType, type TypedArray } from "../../tensor/dtype.js";
import { sizeOf, stridesOf, type Shape } from "../../tensor/shape.js";
import type { CpuTensor } from "./register.js";

/**
 * Applies `fn` to every element.
 * @example mapUnary(x, "float32", Math.exp)
 */
export function mapUnary(x: CpuTensor, dtype: DType, fn: (v: number) => number): TypedArray {
  const out = allocate(dtype, x.values.length);
  const v = x.values;
  for (let i = 0; i < v.length; i++) out[i] = fn(v[i]!);
  return out;
}

/** Strides of `shape` seen from a broadcast output of rank `rank` (0 on broadcast axes). */
export function broadcastStrides(shape: Shape, outShape: Shape): number[] {
  const strides = stridesOf(shape);
  const rank = outShape.length;
  return outShape.map((d, i) => {
    const j = i - (rank - shape.length);
    return j < 0 || shape[j] === 1 ? 0 : strides[j]!;
  });
}

/**
 * Applies `fn` elementwise with NumPy broadcasting (fast paths for equal shapes and scalars).
 * @example mapBinary(a, b, [2, 3], "float32", (x, y) => x + y)
 */
export function mapBinary(a: CpuTensor, b: CpuTensor, outShape: Shape, dtype: DType, fn: (x: number, y: number) => number): TypedArray {
  const size = sizeOf(outShape);
  const out = allocate(dtype, size);
  const av = a.values;
  const bv = b.values;
  if (av.length === size && bv.length === size) {
    for (let i = 0; i < size; i++) out[i] = fn(av[i]!, bv[i]!);
    return out;
  }
  if (bv.length === 1 && av.length === size) {
    const y = bv[0]!;
    for (let i = 0; i < size; i++) out[i] = fn(av[i]!, y);
    return out;
  }
  if (av.length === 1 && bv.length === size) {
    const x = av[0]!;
    for (let i = 0; i < size; i++) out[i] = fn(x, bv[i]!);
    return out;
  }
  const sa = broadcastStrides(a.shape, outShape);
  const sb = broadcastStrides(b.shape, outShape);
  const rank = outShape.length;
  const index = new Array<number>(rank).fill(0);
  let ia = 0;
  let ib = 0;
  for (let i = 0; i < size; i++) {
    out[i] = fn(av[ia]!, bv[ib]!);
    // Odometer increment over the output index, moving both input offsets along.
    for (let axis = rank - 1; axis >= 0; axis--) {
      index[axis]!++;
      ia += sa[axis]!;
      ib += sb[axis]!;
      if (index[axis]! < outShape[axis]!) break;
      ia -= sa[axis]! * outShape[axis]!;
      ib -= sb[axis]! * outShape[axis]!;
      index[axis] = 0;
    }
  }
  return out;
}
