import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { solveLinear } from "../../kernel/src/optim/linear-solve.js";
import { GradbookError } from "../../kernel/src/index.js";

function residual(a: Float64Array, x: Float64Array, b: Float64Array): number {
  const n = b.length;
  let worst = 0;
  for (let i = 0; i < n; i++) {
    let s = -b[i]!;
    for (let k = 0; k < n; k++) s += a[i * n + k]! * x[k]!;
    worst = Math.max(worst, Math.abs(s));
  }
  return worst;
}

test("solves small systems exactly", () => {
  assert.deepEqual([...solveLinear(Float64Array.of(2, 0, 0, 4), Float64Array.of(2, 8))], [1, 2]);
  assert.deepEqual([...solveLinear(Float64Array.of(5), Float64Array.of(10))], [2]);
  assert.deepEqual([...solveLinear(new Float64Array(0), new Float64Array(0))], []);
  const a = Float64Array.of(2, 1, 1, 3, 2, 1, 2, 1, 3);
  const b = Float64Array.of(1, 2, 3);
  const x = solveLinear(a, b);
  [-1, 2, 1].forEach((v, i) => assert.ok(Math.abs(x[i]! - v) < 1e-12, `x[${i}] = ${x[i]}`));
  assert.ok(residual(a, x, b) < 1e-12);
});

test("does not modify its arguments", () => {
  const a = Float64Array.of(0, 1, 1, 1);
  const b = Float64Array.of(2, 3);
  solveLinear(a, b);
  assert.deepEqual([...a], [0, 1, 1, 1]);
  assert.deepEqual([...b], [2, 3]);
});

test("pivots: a zero on the diagonal, and a tiny pivot that would ruin elimination without pivoting", () => {
  assert.deepEqual([...solveLinear(Float64Array.of(0, 1, 1, 0), Float64Array.of(2, 3))], [3, 2]);
  assert.deepEqual([...solveLinear(Float64Array.of(0, 0, 1, 0, 1, 0, 1, 0, 0), Float64Array.of(1, 2, 3))], [3, 2, 1]);
  // [[ε, 1], [1, 1]] x = [1, 2] has x ≈ [1, 1]; naive elimination with pivot ε gives x₀ = 0.
  const x = solveLinear(Float64Array.of(1e-20, 1, 1, 1), Float64Array.of(1, 2));
  assert.ok(Math.abs(x[0]! - 1) < 1e-12 && Math.abs(x[1]! - 1) < 1e-12, `got ${[...x]}`);
});

test("random well-conditioned systems: A·x matches b (property)", () => {
  const system = fc.integer({ min: 1, max: 8 }).chain((n) =>
    fc.tuple(
      fc.constant(n),
      fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n * n, maxLength: n * n }),
      fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: n, maxLength: n }),
      fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    ),
  );
  fc.assert(
    fc.property(system, ([n, entries, rhs, negate]) => {
      // Diagonal dominance (with random signs) keeps the condition number small.
      const a = Float64Array.from(entries);
      for (let i = 0; i < n; i++) a[i * n + i] = (negate[i] ? -1 : 1) * (n + 1);
      // Shuffle rows by reversing them, so the largest entries are off the diagonal and pivoting matters.
      const shuffled = new Float64Array(n * n);
      const b = Float64Array.from(rhs);
      const shuffledB = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        shuffled.set(a.subarray((n - 1 - i) * n, (n - i) * n), i * n);
        shuffledB[i] = b[n - 1 - i]!;
      }
      const x = solveLinear(shuffled, shuffledB);
      assert.ok(residual(shuffled, x, shuffledB) < 1e-10, `residual ${residual(shuffled, x, shuffledB)}`);
      assert.deepEqual([...solveLinear(a, b)].map((v, i) => Math.abs(v - x[i]!) < 1e-10), Array(n).fill(true), "row order does not change the solution");
    }),
    { numRuns: 200 },
  );
});

test("singular (or nearly singular) matrices throw", () => {
  const singular = (a: number[], b: number[]) =>
    assert.throws(() => solveLinear(Float64Array.from(a), Float64Array.from(b)), (e: unknown) => e instanceof GradbookError && /the matrix is singular \(or nearly so\)/.test(e.message));
  singular([1, 2, 2, 4], [1, 2]);
  singular([0, 0, 0, 0], [0, 0]);
  singular([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1, 1]);
  singular([1, 1, 1, 1 + 1e-14], [1, 2]);
  singular([0], [1]);
});
