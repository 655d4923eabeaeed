import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { tensor, hessian, hvp, Tensor, ArgumentError, HESSIAN_MAX_SIZE, zeros } from "../../kernel/src/index.js";
import { assertClose, randomF64 } from "../helpers/gradcheck.js";

test("the Hessian of the quadratic form xᵀAx is A + Aᵀ", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 1000 }), (n, seed) => {
      const A = randomF64([n, n], seed);
      const H = hessian((x: Tensor) => x.reshape([1, n]).matmul(A).reshape([n]).mul(x).sum())(randomF64([n], seed + 1));
      const a = A.arraySync() as number[][];
      const expected = a.map((row, i) => row.map((v, j) => v + a[j]![i]!));
      assertClose(H.arraySync(), expected, 1e-10);
    }),
    { numRuns: 20 },
  );
});

test("hessian of a non-quadratic function matches the analytic one and keeps the input's shape", () => {
  // f(x, y) = x²y + y³  →  H = [[2y, 2x], [2x, 6y]]
  const H = hessian((v: Tensor) => {
    const x = v.reshape([2]).mul(tensor([1, 0], "float64")).sum();
    const y = v.reshape([2]).mul(tensor([0, 1], "float64")).sum();
    return x.mul(x).mul(y).add(y.mul(y).mul(y));
  })(tensor([[1, 2]], "float64"));
  assert.deepEqual(H.shape, [1, 2, 1, 2]);
  assertClose(H.reshape([2, 2]).arraySync(), [[4, 2], [2, 12]], 1e-12);
});

test("hvp equals H·v without forming H", () => {
  const f = (x: Tensor) => x.mul(x).mul(x).sum();
  assertClose(hvp(f)(tensor([1, 2], "float64"), tensor([1, 1], "float64")).arraySync(), [6, 12]);
  assertClose(hvp(f)(tensor([1, 2], "float64"), tensor([0, 3], "float64")).arraySync(), [0, 36]);
  assert.throws(() => hvp(f)(tensor([1, 2]), tensor([1])), (e: unknown) => e instanceof ArgumentError && /hvp: v has shape \[1\] but x has \[2\]/.test(e.message));
});

test("hessian refuses inputs that are too large, naming the limit and the alternative", () => {
  assert.throws(() => hessian((x: Tensor) => x.sum())(zeros([HESSIAN_MAX_SIZE + 1])), (e: unknown) => e instanceof ArgumentError && /hvp\(\)/.test(e.message));
});
