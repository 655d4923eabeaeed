import { registerCpuKernel } from "../register.js";
import { allocate } from "../../../tensor/dtype.js";
import { sizeOf, stridesOf } from "../../../tensor/shape.js";
import type { SparseIndexAttrs, SparseMatmulAttrs } from "../../../tensor/sparse.js";

/** Flat offsets of each stored entry in a tensor of `shape`, ignoring the index columns in `axes`. */
function offsets(indices: ArrayLike<number>, shape: readonly number[], axes: readonly number[]): Int32Array {
  const rank = shape.length;
  const strides = stridesOf(shape).map((s, axis) => (axes.includes(axis) ? 0 : s));
  const nnz = rank === 0 ? 0 : indices.length / rank;
  const out = new Int32Array(nnz);
  for (let k = 0; k < nnz; k++) {
    let offset = 0;
    for (let axis = 0; axis < rank; axis++) offset += indices[k * rank + axis]! * strides[axis]!;
    out[k] = offset;
  }
  return out;
}

registerCpuKernel<SparseIndexAttrs>("sparseScatter", ([indices, values], { shape, axes }, [out]) => {
  const at = offsets(indices!.values, shape, axes);
  const v = values!.values;
  // Sums in float64 (float32 inputs keep their precision); bool entries combine as "any".
  const acc = new Float64Array(sizeOf(shape));
  for (let k = 0; k < at.length; k++) acc[at[k]!] += v[k]!;
  const result = allocate(out!.dtype, acc.length);
  if (out!.dtype === "bool") for (let i = 0; i < acc.length; i++) result[i] = acc[i] !== 0 ? 1 : 0;
  else result.set(acc);
  return result;
});

registerCpuKernel<SparseIndexAttrs>("sparseGather", ([x, indices], { shape, axes }, [out]) => {
  const at = offsets(indices!.values, shape, axes);
  const result = allocate(out!.dtype, at.length);
  const v = x!.values;
  for (let k = 0; k < at.length; k++) result[k] = v[at[k]!]!;
  return result;
});

registerCpuKernel<SparseMatmulAttrs>("sparseMatmul", ([indices, values, b], { transposeA }, [out]) => {
  const [rows, cols] = out!.shape as [number, number];
  const idx = indices!.values;
  const v = values!.values;
  const bv = b!.values;
  const acc = new Float64Array(rows * cols);
  // out[r] += v · b[c] (or out[c] += v · b[r] for aᵀ): one pass over the stored entries.
  for (let k = 0; k < v.length; k++) {
    const r = idx[2 * k]!;
    const c = idx[2 * k + 1]!;
    const value = v[k]!;
    const o = (transposeA ? c : r) * cols;
    const s = (transposeA ? r : c) * cols;
    for (let j = 0; j < cols; j++) acc[o + j] += value * bv[s + j]!;
  }
  const result = allocate(out!.dtype, acc.length);
  result.set(acc);
  return result;
});

registerCpuKernel<SparseMatmulAttrs>("sparseSampledMatmul", ([indices, dy, b], { transposeA }, [out]) => {
  const idx = indices!.values;
  const d = dy!.values;
  const bv = b!.values;
  const cols = dy!.shape[1]!;
  const result = allocate(out!.dtype, out!.shape[0]!);
  for (let k = 0; k < result.length; k++) {
    const r = idx[2 * k]!;
    const c = idx[2 * k + 1]!;
    const p = (transposeA ? c : r) * cols;
    const q = (transposeA ? r : c) * cols;
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += d[p + j]! * bv[q + j]!;
    result[k] = sum;
  }
  return result;
});
