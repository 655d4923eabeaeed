import { registerCpuKernel } from "../register.js";
import { allocate, type DType } from "../../../tensor/dtype.js";
import type { RaggedExtremeAttrs, RaggedToDenseAttrs } from "../../../tensor/ragged.js";

/** Elements per value: the product of the axes after the first. */
function innerSize(shape: readonly number[]): number {
  let size = 1;
  for (let i = 1; i < shape.length; i++) size *= shape[i]!;
  return size;
}

registerCpuKernel("raggedRowSum", ([values, splits], _, [out]) => {
  const s = splits!.values;
  const v = values!.values;
  const inner = innerSize(values!.shape);
  // Float64 accumulation keeps float32 row sums precise.
  const acc = new Float64Array((s.length - 1) * inner);
  for (let r = 0; r + 1 < s.length; r++) {
    for (let i = s[r]!; i < s[r + 1]!; i++) for (let j = 0; j < inner; j++) acc[r * inner + j] += v[i * inner + j]!;
  }
  const result = allocate(out!.dtype, acc.length);
  result.set(acc);
  return result;
});

registerCpuKernel("raggedRowRepeat", ([x, splits], _, [out]) => {
  const s = splits!.values;
  const v = x!.values;
  const inner = innerSize(x!.shape);
  const result = allocate(out!.dtype, out!.shape[0]! * inner);
  for (let r = 0; r + 1 < s.length; r++) {
    for (let i = s[r]!; i < s[r + 1]!; i++) for (let j = 0; j < inner; j++) result[i * inner + j] = v[r * inner + j]!;
  }
  return result;
});

function lowest(dtype: DType, kind: "max" | "min"): number {
  if (dtype === "int32") return kind === "max" ? -2147483648 : 2147483647;
  if (dtype === "bool") return kind === "max" ? 0 : 1;
  return kind === "max" ? -Infinity : Infinity;
}

/** For each (row, inner position): the index of the first value reaching the row's max (min), or -1 for an empty row. */
function extremeIndices(values: ArrayLike<number>, s: ArrayLike<number>, inner: number, kind: "max" | "min"): Int32Array {
  const at = new Int32Array((s.length - 1) * inner).fill(-1);
  for (let r = 0; r + 1 < s.length; r++) {
    for (let j = 0; j < inner; j++) {
      let best = -1;
      for (let i = s[r]!; i < s[r + 1]!; i++) {
        const index = i * inner + j;
        if (best < 0) {
          best = index;
          continue;
        }
        const current = values[best]!;
        // NaN wins, as in a dense max; among equal values the first one does.
        if (Number.isNaN(current)) break;
        const v = values[index]!;
        if (Number.isNaN(v) || (kind === "max" ? v > current : v < current)) best = index;
      }
      at[r * inner + j] = best;
    }
  }
  return at;
}

for (const kind of ["max", "min"] as const) {
  registerCpuKernel<RaggedExtremeAttrs>(kind === "max" ? "raggedRowMax" : "raggedRowMin", ([values, splits], _, [out]) => {
    const at = extremeIndices(values!.values, splits!.values, innerSize(values!.shape), kind);
    const result = allocate(out!.dtype, at.length);
    const v = values!.values;
    const empty = lowest(out!.dtype, kind);
    for (let k = 0; k < at.length; k++) result[k] = at[k]! < 0 ? empty : v[at[k]!]!;
    return result;
  });
}

registerCpuKernel<RaggedToDenseAttrs>("raggedToDense", ([values, splits], { width, pad }, [out]) => {
  const s = splits!.values;
  const v = values!.values;
  const inner = innerSize(values!.shape);
  const result = allocate(out!.dtype, (s.length - 1) * width * inner).fill(pad);
  for (let r = 0; r + 1 < s.length; r++) {
    const start = s[r]!;
    const length = Math.min(s[r + 1]! - start, width);
    result.set(v.subarray(start * inner, (start + length) * inner), r * width * inner);
  }
  return result;
});

registerCpuKernel("raggedFromDense", ([dense, splits], _, [out]) => {
  const s = splits!.values;
  const d = dense!.values;
  const width = dense!.shape[1]!;
  const inner = innerSize(dense!.shape.slice(1));
  const result = allocate(out!.dtype, out!.shape[0]! * inner);
  for (let r = 0; r + 1 < s.length; r++) {
    const start = s[r]!;
    const length = s[r + 1]! - start;
    result.set(d.subarray(r * width * inner, (r * width + length) * inner), start * inner);
  }
  return result;
});
