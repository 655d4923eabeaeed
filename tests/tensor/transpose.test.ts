import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { tensor, transpose, grad, zeros, ShapeError, ArgumentError, type DType } from "../../kernel/src/index.js";
import { checkGrads, randomF64 } from "../helpers/gradcheck.js";
import { build, get } from "../helpers/nested.js";

/** Reference: out[i0, i1, …] = x[j] with j[perm[k]] = i[k]. */
function transposeRef(x: unknown, shape: number[], perm: number[]): unknown {
  return build(
    perm.map((p) => shape[p]!),
    (i) => {
      const j = new Array<number>(shape.length);
      perm.forEach((p, k) => (j[p] = i[k]!));
      return get(x, j);
    },
  );
}

const permArb = fc.integer({ min: 0, max: 4 }).chain((rank) =>
  fc.tuple(
    fc.array(fc.integer({ min: 0, max: 3 }), { minLength: rank, maxLength: rank }),
    fc.shuffledSubarray([...Array(rank).keys()], { minLength: rank, maxLength: rank }),
    fc.integer({ min: 1, max: 1000 }),
  ),
);

test("transpose reverses axes by default and follows perm", () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(transpose(x).arraySync(), [[1, 4], [2, 5], [3, 6]]);
  assert.deepEqual(x.transpose([1, 0]).arraySync(), [[1, 4], [2, 5], [3, 6]]);
  assert.deepEqual(x.transpose([-1, 0]).arraySync(), [[1, 4], [2, 5], [3, 6]]);
  const y = tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]);
  assert.deepEqual(transpose(y, [0, 2, 1]).arraySync(), [[[1, 3], [2, 4]], [[5, 7], [6, 8]]]);
  assert.deepEqual(transpose(y).arraySync(), [[[1, 5], [3, 7]], [[2, 6], [4, 8]]]);
  assert.deepEqual(transpose(tensor([1, 2, 3])).arraySync(), [1, 2, 3]);
  assert.deepEqual(transpose(zeros([2, 0, 3])).shape, [3, 0, 2]);
});

test("transpose keeps every dtype", () => {
  const cases: [DType, unknown, unknown][] = [
    ["float64", [[0.5, 1.5]], [[0.5], [1.5]]],
    ["int32", [[1, -2], [3, 4]], [[1, 3], [-2, 4]]],
    ["bool", [[true, false, false]], [[true], [false], [false]]],
  ];
  for (const [dtype, values, expected] of cases) {
    const t = transpose(tensor(values as number[][], dtype));
    assert.equal(t.dtype, dtype);
    assert.deepEqual(t.arraySync(), expected);
  }
});

test("property: transpose matches the nested-array reference, and the inverse perm undoes it", () => {
  fc.assert(
    fc.property(permArb, ([shape, perm, seed]) => {
      const x = randomF64(shape, seed);
      const y = transpose(x, perm);
      assert.deepEqual(y.arraySync(), transposeRef(x.arraySync(), shape, perm));
      const inverse = new Array<number>(perm.length);
      perm.forEach((p, i) => (inverse[p] = i));
      assert.deepEqual(transpose(y, inverse).arraySync(), x.arraySync());
    }),
  );
});

test("gradients of transpose match finite differences, also second derivatives", () => {
  const cases: [number[], number[] | undefined][] = [[[2, 3], undefined], [[1, 4], [1, 0]], [[2, 1, 3], [2, 0, 1]], [[2, 0, 3], [1, 2, 0]], [[3], undefined]];
  cases.forEach(([shape, perm], k) => {
    const w = randomF64(transpose(zeros(shape), perm).shape as number[], 50 + k);
    checkGrads((x) => transpose(x!, perm).mul(w), [randomF64(shape, k + 1)]);
    // f(x) = Σ w · transpose(x)³: its gradient is nonlinear, so this checks grad of grad.
    const f = (x: ReturnType<typeof tensor>) => transpose(x, perm).mul(transpose(x, perm)).mul(transpose(x, perm)).mul(w).sum();
    checkGrads((x) => grad(f)(x!), [randomF64(shape, k + 9)], { tolerance: 1e-5 });
  });
});

test("a bad perm names transpose and what was expected", () => {
  const x = zeros([2, 3]);
  const bad = (perm: number[], pattern: RegExp) => assert.throws(() => transpose(x, perm), (e: unknown) => e instanceof ShapeError && pattern.test(e.message));
  bad([0, 0], /transpose: perm \[0,0\] is not a permutation of 0 … 1 for a tensor of shape \[2, 3\]/);
  bad([0], /transpose: perm \[0\] is not a permutation of 0 … 1/);
  bad([0, 2], /transpose: perm \[0,2\] is not a permutation/);
  bad([0, 1, 2], /transpose: perm \[0,1,2\] is not a permutation of 0 … 1/);
  assert.throws(() => transpose(x, 1 as unknown as number[]), (e: unknown) => e instanceof ArgumentError && /transpose: perm must be a list of axes/.test(e.message));
});
