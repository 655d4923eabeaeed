import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { tensor, matmul, dot, outer, grads, grad, gradient, zeros, ShapeError, DTypeError, type Tensor } from "../../kernel/src/index.js";
import { checkGrads, randomF64, assertClose } from "../helpers/gradcheck.js";

/** Batch-broadcast shape of two batch shapes (NumPy rules), written independently of the library. */
function broadcastBatch(a: number[], b: number[]): number[] {
  const rank = Math.max(a.length, b.length);
  return Array.from({ length: rank }, (_, i) => {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    return da === 1 ? db : da;
  });
}

/** Naive float64 batched matmul with transposes, by definition: C[..., i, j] = Σ_p op(A)[i, p] op(B)[p, j]. */
function referenceMatmul(a: Tensor, b: Tensor, tA = false, tB = false): { values: number[]; shape: number[] } {
  const av = Array.from(a.dataSync(), Number);
  const bv = Array.from(b.dataSync(), Number);
  const [ar, ac] = a.shape.slice(-2) as [number, number];
  const [br, bc] = b.shape.slice(-2) as [number, number];
  const m = tA ? ac : ar;
  const k = tA ? ar : ac;
  const n = tB ? br : bc;
  const batch = broadcastBatch(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const batches = batch.reduce((p, d) => p * d, 1);
  // Flat batch index of an operand for an output batch index (size-1 axes broadcast).
  const operandBatch = (shape: readonly number[], index: number[]) => {
    const own = shape.slice(0, -2);
    let flat = 0;
    own.forEach((d, i) => (flat = flat * d + (d === 1 ? 0 : index[batch.length - own.length + i]!)));
    return flat;
  };
  const values: number[] = [];
  for (let t = 0; t < batches; t++) {
    const index: number[] = [];
    let rest = t;
    for (let i = batch.length - 1; i >= 0; i--) {
      index[i] = rest % batch[i]!;
      rest = Math.floor(rest / batch[i]!);
    }
    const ao = operandBatch(a.shape, index) * ar * ac;
    const bo = operandBatch(b.shape, index) * br * bc;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) {
          const x = tA ? av[ao + p * ac + i]! : av[ao + i * ac + p]!;
          const y = tB ? bv[bo + j * bc + p]! : bv[bo + p * bc + j]!;
          s += x * y;
        }
        values.push(s);
      }
    }
  }
  return { values, shape: [...batch, m, n] };
}

function assertMatches(actual: Tensor, expected: { values: number[]; shape: number[] }, tolerance: number): void {
  assert.deepEqual(actual.shape, expected.shape);
  assertClose(Array.from(actual.dataSync(), Number), expected.values, tolerance);
}

const shapeCases: [number[], number[], boolean, boolean][] = [
  [[2, 3], [3, 4], false, false],
  [[3, 2], [3, 4], true, false],
  [[2, 3], [4, 3], false, true],
  [[3, 2], [4, 3], true, true],
  [[5, 7], [7, 6], false, false], // sizes that are not multiples of the kernel's 4×4 tile
  [[2, 1, 3, 4], [3, 4, 2], false, false], // batch broadcasting both ways
  [[3, 4], [2, 4, 5], false, false],
  [[2, 4, 3], [5, 4], true, true],
  [[1, 1], [1, 1], false, false],
  [[3, 0], [0, 2], false, false], // empty inner dimension: zeros
  [[0, 3], [3, 2], false, false],
];

test("matmul matches a float64 reference for transposes, batch broadcasting and odd sizes", () => {
  shapeCases.forEach(([sa, sb, tA, tB], i) => {
    const a = randomF64(sa, i + 1);
    const b = randomF64(sb, i + 50);
    const expected = referenceMatmul(a, b, tA, tB);
    assertMatches(matmul(a, b, { transposeA: tA, transposeB: tB }), expected, 1e-12);
    const c = matmul(a.cast("float32"), b.cast("float32"), { transposeA: tA, transposeB: tB });
    assert.equal(c.dtype, "float32");
    assertMatches(c, referenceMatmul(a.cast("float32"), b.cast("float32"), tA, tB), 1e-6);
  });
});

test("matmul is correct on larger products (67×45 · 45×33, all transposes)", () => {
  for (const [tA, tB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
    const a = randomF64(tA ? [45, 67] : [67, 45], 3);
    const b = randomF64(tB ? [33, 45] : [45, 33], 4);
    assertMatches(matmul(a, b, { transposeA: tA, transposeB: tB }), referenceMatmul(a, b, tA, tB), 1e-12);
  }
});

test("matmul by hand, integer dtype, promotion and the chainable method", () => {
  assert.deepEqual(matmul(tensor([[1, 2], [3, 4]]), tensor([[5, 6], [7, 8]])).arraySync(), [[19, 22], [43, 50]]);
  const ints = matmul(tensor([[1, 2], [3, 4]], "int32"), tensor([[1], [1]], "int32"));
  assert.equal(ints.dtype, "int32");
  assert.deepEqual(ints.arraySync(), [[3], [7]]);
  const mixed = matmul(tensor([[1, 2]], "int32"), tensor([[0.5], [0.25]], "float64"));
  assert.equal(mixed.dtype, "float64");
  assert.deepEqual(mixed.arraySync(), [[1]]);
  assert.deepEqual(tensor([[1, 2]]).matmul([[3], [4]]).arraySync(), [[11]]);
  assert.deepEqual(tensor([[1, 2]]).matmul([[3, 4]], { transposeB: true }).arraySync(), [[11]]);
});

test("1-D operands follow NumPy: a vector is a row on the left, a column on the right", () => {
  const m = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(matmul(m, tensor([1, 0, -1])).arraySync(), [-2, -2]);
  assert.deepEqual(matmul(tensor([1, -1]), m).arraySync(), [-3, -3, -3]);
  const scalar = matmul(tensor([1, 2, 3]), tensor([4, 5, 6]));
  assert.deepEqual(scalar.shape, []);
  assert.equal(scalar.item(), 32);
  assert.deepEqual(matmul(zeros([5, 2, 3]), zeros([3])).shape, [5, 2]);
  assert.deepEqual(matmul(zeros([3]), zeros([5, 3, 2])).shape, [5, 2]);
});

test("dot covers vector·vector, matrix·vector, vector·matrix and matrix·matrix", () => {
  assert.equal(dot(tensor([1, 2, 3]), tensor([4, 5, 6])).item(), 32);
  assert.deepEqual(dot(tensor([[1, 2], [3, 4]]), tensor([1, 1])).arraySync(), [3, 7]);
  assert.deepEqual(dot(tensor([1, 1]), tensor([[1, 2], [3, 4]])).arraySync(), [4, 6]);
  assert.deepEqual(tensor([[1, 2], [3, 4]]).dot([[1, 0], [0, 1]]).arraySync(), [[1, 2], [3, 4]]);
});

test("outer flattens its operands and multiplies every pair", () => {
  assert.deepEqual(outer(tensor([1, 2]), tensor([1, 10, 100])).arraySync(), [[1, 10, 100], [2, 20, 200]]);
  assert.deepEqual(outer(tensor([[1], [2]]), tensor([3])).arraySync(), [[3], [6]]);
  assert.deepEqual(tensor([1, 2]).outer([3, 4]).shape, [2, 2]);
});

test("bad shapes give errors that name the op and both shapes", () => {
  const is = (type: Function, pattern: RegExp) => (e: unknown) => e instanceof type && pattern.test((e as Error).message);
  assert.throws(() => matmul(zeros([2, 3]), zeros([4, 5])), is(ShapeError, /^matmul: inner dimensions differ: a is \[2, 3\], b is \[4, 5\] \(.*matmul\.test\.ts:\d+/));
  assert.throws(() => matmul(zeros([2, 3]), zeros([2, 3]), { transposeB: false }), is(ShapeError, /matmul: inner dimensions differ: a is \[2, 3\], b is \[2, 3\]/));
  assert.throws(() => matmul(zeros([2, 3]), zeros([3, 2]), { transposeA: true }), is(ShapeError, /a is \[2, 3\], b is \[3, 2\] \(with transposeA\)/));
  assert.throws(() => matmul(zeros([2, 2, 3]), zeros([3, 3, 4])), is(ShapeError, /matmul: batch dimensions \[2\] and \[3\] cannot be broadcast together: a is \[2, 2, 3\], b is \[3, 3, 4\]/));
  assert.throws(() => matmul(zeros([3]), zeros([4])), is(ShapeError, /matmul: inner dimensions differ: a is \[3\], b is \[4\]/));
  assert.throws(() => matmul(tensor(2), zeros([2, 2])), is(ShapeError, /matmul: scalars cannot be multiplied as matrices.*use mul\(\)/));
  assert.throws(() => matmul(tensor([[true]]), tensor([[false]])), is(DTypeError, /matmul: bool operands are not supported/));
  assert.throws(() => dot(zeros([2, 3]), zeros([4])), is(ShapeError, /^dot: inner dimensions differ: a is \[2, 3\], b is \[4\]/));
  assert.throws(() => dot(zeros([2, 2, 2]), zeros([2])), is(ShapeError, /dot: expects vectors or matrices \(rank 1 or 2\), got a \[2, 2, 2\].*use matmul\(\)/));
});

test("gradients of matmul match finite differences (transposes, broadcasting, 1-D)", () => {
  shapeCases.forEach(([sa, sb, tA, tB], i) => {
    checkGrads((a, b) => matmul(a!, b!, { transposeA: tA, transposeB: tB }), [randomF64(sa, i + 3), randomF64(sb, i + 90)]);
  });
  checkGrads((a, b) => matmul(a!, b!), [randomF64([3], 1), randomF64([2, 3, 4], 2)]);
  checkGrads((a, b) => matmul(a!, b!), [randomF64([2, 3, 4], 3), randomF64([4], 4)]);
  checkGrads((a, b) => dot(a!, b!), [randomF64([4], 5), randomF64([4], 6)]);
  checkGrads((a, b) => outer(a!, b!), [randomF64([3], 7), randomF64([2, 2], 8)]);
});

test("second derivatives of matmul: the gradient of the gradient matches finite differences", () => {
  const flagsList = [[false, false], [true, false], [false, true], [true, true]] as const;
  flagsList.forEach(([tA, tB], i) => {
    const a = randomF64(tA ? [3, 2] : [2, 3], 11 + i);
    const b = randomF64(tB ? [4, 3] : [3, 4], 21 + i);
    const wa = randomF64(a.shape as number[], 31 + i);
    const wb = randomF64(b.shape as number[], 41 + i);
    // h(A, B) = ⟨∂f/∂A, Wa⟩ + ⟨∂f/∂B, Wb⟩ for f = Σ (op(A)·op(B))² · op(A)op(B): a cubic, so second derivatives are not constant.
    const h = (x: Tensor, y: Tensor) => {
      const [da, db] = grads((p, q) => {
        const c = matmul(p!, q!, { transposeA: tA, transposeB: tB });
        return c.mul(c).mul(c).sum();
      })(x, y);
      return da!.mul(wa).sum().add(db!.mul(wb).sum());
    };
    checkGrads((x, y) => h(x!, y!), [a, b], { tolerance: 1e-5 });
  });
  // Batched and broadcast: grad of grad through sumTo.
  const a = randomF64([2, 2, 3], 5);
  const b = randomF64([3, 2], 6);
  checkGrads((x, y) => {
    const [da] = grads((p, q) => matmul(p!, q!).mul(matmul(p!, q!)).sum())(x!, y!);
    return da!.mul(da!).sum();
  }, [a, b], { tolerance: 1e-5 });
});

test("the Hessian of Σ (A·x)² is 2AᵀA", () => {
  const A = randomF64([4, 3], 17);
  const x = randomF64([3], 18);
  const g = grad((v) => {
    const y = matmul(A, v);
    return y.mul(y).sum();
  });
  // Row i of the Hessian is the gradient of ∂f/∂x_i.
  const hessian: number[][] = [];
  for (let i = 0; i < 3; i++) {
    const e = tensor(Float64Array.from([0, 1, 2], (j) => (j === i ? 1 : 0)), "float64");
    hessian.push(Array.from(grad((v) => g(v).mul(e).sum())(x).dataSync(), Number));
  }
  const a = Array.from(A.dataSync(), Number);
  const expected = [0, 1, 2].map((i) => [0, 1, 2].map((j) => 2 * [0, 1, 2, 3].reduce((s, r) => s + a[r * 3 + i]! * a[r * 3 + j]!, 0)));
  assertClose(hessian, expected, 1e-12);
  // And the same through the tape-style API with a non-unit seed.
  const [gx] = gradient(matmul(A, x).mul(matmul(A, x)).sum(), [x]);
  const direct = referenceMatmul(A, x.reshape([3, 1])).values;
  const expectedGrad = [0, 1, 2].map((j) => 2 * [0, 1, 2, 3].reduce((s, r) => s + a[r * 3 + j]! * direct[r]!, 0));
  assertClose(Array.from(gx!.dataSync(), Number), expectedGrad, 1e-12);
});

const dims = fc.integer({ min: 1, max: 5 });

test("property: matmul is associative and (AB)ᵀ = BᵀAᵀ", () => {
  fc.assert(
    fc.property(dims, dims, dims, dims, fc.integer({ min: 1, max: 1000 }), (m, k, n, p, seed) => {
      const a = randomF64([m, k], seed);
      const b = randomF64([k, n], seed + 1);
      const c = randomF64([n, p], seed + 2);
      assertClose(matmul(matmul(a, b), c).arraySync(), matmul(a, matmul(b, c)).arraySync(), 1e-12);
      // BᵀAᵀ computed with the transpose flags, compared with (AB) transposed by index.
      const ab = matmul(a, b).arraySync() as number[][];
      const btat = matmul(b, a, { transposeA: true, transposeB: true }).arraySync();
      assertClose(btat, Array.from({ length: n }, (_, j) => Array.from({ length: m }, (_, i) => ab[i]![j]!)), 1e-12);
    }),
    { numRuns: 60 },
  );
});

test("property: batched matmul equals the matmul of each batch element", () => {
  fc.assert(
    fc.property(dims, dims, dims, fc.integer({ min: 1, max: 3 }), fc.boolean(), fc.boolean(), (m, k, n, batch, tA, tB) => {
      const a = randomF64([batch, ...(tA ? [k, m] : [m, k])], m + 7 * k);
      const b = randomF64(tB ? [n, k] : [k, n], n + 3);
      assertMatches(matmul(a, b, { transposeA: tA, transposeB: tB }), referenceMatmul(a, b, tA, tB), 1e-12);
    }),
    { numRuns: 40 },
  );
});
