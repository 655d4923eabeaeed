import { GradbookError } from "../tensor/errors.js";

/**
 * Solves A·x = b in float64 by Gaussian elimination with partial pivoting (A is n×n, row-major).
 * Throws when A is singular to working precision.
 * @example solveLinear(new Float64Array([2, 0, 0, 4]), new Float64Array([2, 8])) // [1, 2]
 */
export function solveLinear(matrix: Float64Array, rhs: Float64Array): Float64Array {
  const n = rhs.length;
  const a = Float64Array.from(matrix);
  const x = Float64Array.from(rhs);
  const scale = a.reduce((m, v) => Math.max(m, Math.abs(v)), 0) || 1;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) if (Math.abs(a[row * n + col]!) > Math.abs(a[pivot * n + col]!)) pivot = row;
    if (Math.abs(a[pivot * n + col]!) <= 1e-12 * scale) throw new GradbookError("the matrix is singular (or nearly so)");
    if (pivot !== col) {
      for (let k = 0; k < n; k++) [a[col * n + k], a[pivot * n + k]] = [a[pivot * n + k]!, a[col * n + k]!];
      [x[col], x[pivot]] = [x[pivot]!, x[col]!];
    }
    for (let row = col + 1; row < n; row++) {
      const factor = a[row * n + col]! / a[col * n + col]!;
      if (factor === 0) continue;
      for (let k = col; k < n; k++) a[row * n + k]! -= factor * a[col * n + k]!;
      x[row]! -= factor * x[col]!;
    }
  }
  for (let row = n - 1; row >= 0; row--) {
    let s = x[row]!;
    for (let k = row + 1; k < n; k++) s -= a[row * n + k]! * x[k]!;
    x[row] = s / a[row * n + row]!;
  }
  return x;
}
