import { registerCpuKernel } from "../register.js";
import { allocate } from "../../../tensor/dtype.js";
import { axisLayout } from "./cumsum.js";

/** Ascending order with NaN above everything (NumPy's convention). */
function compare(a: number, b: number): number {
  const aNaN = a !== a;
  const bNaN = b !== b;
  if (aNaN || bNaN) return Number(aNaN) - Number(bNaN);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts each row along `axis`, calling `emit(row, order, o, j)` with the row's values and its sorted indices. */
function sortRows(
  values: ArrayLike<number>,
  shape: readonly number[],
  axis: number,
  descending: boolean,
  emit: (row: Float64Array, order: Int32Array, o: number, j: number) => void,
): void {
  const { outer, n, inner } = axisLayout(shape, axis);
  const row = new Float64Array(n);
  const order = new Int32Array(n);
  // Ties fall back to the index, so the order is stable in both directions.
  const ascending = (i: number, j: number) => compare(row[i]!, row[j]!) || i - j;
  const descendingOrder = (i: number, j: number) => compare(row[j]!, row[i]!) || i - j;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      for (let k = 0; k < n; k++) {
        row[k] = values[(o * n + k) * inner + j]!;
        order[k] = k;
      }
      order.sort(descending ? descendingOrder : ascending);
      emit(row, order, o, j);
    }
  }
}

registerCpuKernel<{ axis: number; descending: boolean }>("sort", ([x], { axis, descending }, [out]) => {
  const { n, inner } = axisLayout(x!.shape, axis);
  const values = allocate(out!.dtype, x!.values.length);
  const indices = new Int32Array(x!.values.length);
  sortRows(x!.values, x!.shape, axis, descending, (row, order, o, j) => {
    for (let k = 0; k < n; k++) {
      const at = (o * n + k) * inner + j;
      values[at] = row[order[k]!]!;
      indices[at] = order[k]!;
    }
  });
  return [values, indices];
});

registerCpuKernel<{ k: number; sorted: boolean }>("topk", ([x], { k, sorted }, [out]) => {
  const size = out!.shape.reduce((p, d) => p * d, 1);
  const values = allocate(out!.dtype, size);
  const indices = new Int32Array(size);
  if (x!.shape.length === 0 || size === 0) return [values, indices];
  sortRows(x!.values, x!.shape, x!.shape.length - 1, true, (row, order, o) => {
    const chosen = order.subarray(0, k);
    if (!sorted) chosen.sort();
    for (let i = 0; i < k; i++) {
      values[o * k + i] = row[chosen[i]!]!;
      indices[o * k + i] = chosen[i]!;
    }
  });
  return [values, indices];
});
