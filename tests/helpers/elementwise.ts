// Shared checks for the elementwise op tests: float64 references, second derivatives.
import assert from "node:assert/strict";
import { Tensor, tensor, grads } from "../../kernel/src/index.js";
import { checkGrads, randomF64 } from "./gradcheck.js";

/**
 * Checks second derivatives: autograd's gradient of the (autograd) first derivative against
 * central differences of that first derivative. The first derivatives are weighted by fixed
 * random tensors so every element and every input matters.
 */
export function checkSecondGrads(f: (...xs: Tensor[]) => Tensor, xs: Tensor[], { tolerance = 1e-5 } = {}): void {
  const weights = xs.map((x, k) => randomF64([...x.shape], 101 + k, 0.5, 1.5));
  const firstDerivatives = (...inputs: Tensor[]): Tensor => {
    const gs = grads((...zs) => f(...zs).sum())(...inputs);
    return gs.map((g, k) => g.mul(weights[k]!).sum()).reduce((a, b) => a.add(b));
  };
  checkGrads(firstDerivatives, xs, { tolerance });
}

/** The values of a float64 tensor made from `values`. */
export function f64(values: number[], shape: number[] = [values.length]): Tensor {
  return tensor(Float64Array.from(values), { shape, dtype: "float64" });
}

/** Asserts that every element equals `reference(x)`, element by element, within `tolerance` (relative). NaN must match NaN. */
export function assertMapsLike(actual: Tensor, input: ArrayLike<number>, reference: (x: number) => number, tolerance: number, label: string): void {
  const values = actual.dataSync();
  assert.equal(values.length, input.length, `${label}: size`);
  for (let i = 0; i < values.length; i++) {
    const x = input[i]!;
    const expected = reference(x);
    const got = values[i]!;
    if (Number.isNaN(expected)) assert.ok(Number.isNaN(got), `${label}(${x}): expected NaN, got ${got}`);
    else if (!Number.isFinite(expected)) assert.equal(got, expected, `${label}(${x})`);
    else assert.ok(Math.abs(got - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${label}(${x}) = ${got}, expected ${expected}`);
  }
}

/** erf by composite Simpson integration of 2/√π·e^(−t²) over [0, x]: an independent float64 reference. */
export function erfByQuadrature(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (Math.abs(x) >= 6) return Math.sign(x); // 1 − erf(6) ≈ 2e−17 is below float64 resolution at 1
  const n = 4000; // even; the error is far below 1e-14 for |x| ≤ 6
  const h = x / n;
  let sum = 1 + Math.exp(-x * x);
  for (let i = 1; i < n; i++) sum += (i % 2 === 1 ? 4 : 2) * Math.exp(-(i * h) * (i * h));
  return (2 / Math.sqrt(Math.PI)) * (h / 3) * sum;
}
