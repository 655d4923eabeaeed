// Central finite differences in float64: the reference every gradient rule is checked against.
import assert from "node:assert/strict";
import { Tensor, tensor, grads } from "../../kernel/src/index.js";

/** A float64 tensor of `shape` with deterministic pseudo-random values in [lo, hi). */
export function randomF64(shape: number[], seed = 1, lo = -1, hi = 1): Tensor {
  let s = seed >>> 0 || 1;
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    // xorshift32: tiny, deterministic, good enough for test inputs.
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    values[i] = lo + ((s % 1_000_003) / 1_000_003) * (hi - lo);
  }
  return tensor(values, { shape, dtype: "float64" });
}

/** Numerical gradient of sum(f(...xs) * weights) with respect to each x, by central differences. */
export function numericalGrads(f: (...xs: Tensor[]) => Tensor, xs: Tensor[], eps = 1e-6): Float64Array[] {
  const base = xs.map((x) => Float64Array.from(x.dataSync()));
  const evaluate = (values: Float64Array[]) =>
    Number(f(...values.map((v, i) => tensor(v, { shape: [...xs[i]!.shape], dtype: "float64" }))).sum().dataSync()[0]);
  return base.map((values, k) => {
    const out = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const plus = base.map((b) => b.slice());
      const minus = base.map((b) => b.slice());
      plus[k]![i] = values[i]! + eps;
      minus[k]![i] = values[i]! - eps;
      out[i] = (evaluate(plus) - evaluate(minus)) / (2 * eps);
    }
    return out;
  });
}

/**
 * Asserts that autograd's gradients of sum(f(...xs)) match central differences.
 * Inputs must be float64 tensors.
 */
export function checkGrads(f: (...xs: Tensor[]) => Tensor, xs: Tensor[], { tolerance = 1e-6, eps = 1e-6 } = {}): void {
  for (const x of xs) assert.equal(x.dtype, "float64", "gradient checks run in float64");
  const analytic = grads((...inputs) => f(...inputs).sum())(...xs).map((g) => g.dataSync());
  const numeric = numericalGrads(f, xs, eps);
  analytic.forEach((a, k) => {
    assert.equal(a.length, numeric[k]!.length, `gradient ${k} has the wrong size`);
    for (let i = 0; i < a.length; i++) {
      const expected = numeric[k]![i]!;
      const error = Math.abs(a[i]! - expected) / Math.max(1, Math.abs(expected));
      assert.ok(error <= tolerance, `gradient of input ${k} at ${i}: autograd ${a[i]}, finite differences ${expected} (error ${error})`);
    }
  });
}

/** Asserts two nested arrays of numbers are equal within `tolerance` (absolute + relative). */
export function assertClose(actual: unknown, expected: unknown, tolerance = 1e-6, path = "value"): void {
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: expected an array, got ${JSON.stringify(actual)}`);
    assert.equal(actual.length, expected.length, `${path}: length ${actual.length} vs ${expected.length}`);
    expected.forEach((e, i) => assertClose((actual as unknown[])[i], e, tolerance, `${path}[${i}]`));
    return;
  }
  if (typeof expected === "number" && typeof actual === "number") {
    if (Number.isNaN(expected)) return assert.ok(Number.isNaN(actual), `${path}: expected NaN, got ${actual}`);
    if (!Number.isFinite(expected)) return assert.equal(actual, expected, path);
    assert.ok(Math.abs(actual - expected) <= tolerance * (1 + Math.abs(expected)), `${path}: ${actual} is not within ${tolerance} of ${expected}`);
    return;
  }
  assert.deepEqual(actual, expected, path);
}
