import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, losses, ShapeError, ArgumentError, type Tensor, type Loss } from "../../../kernel/src/index.js";
import { checkGrads, randomF64, assertClose } from "../../helpers/gradcheck.js";
import { EPS, meanOf, perRow, perSample, plain, sumOf } from "./reference.js";

const shapes = [[4, 3], [5, 1], [2, 3, 4]];

type Row = (ys: number[], ps: number[]) => number;
const references: Record<string, { fn: (t: Tensor, p: Tensor) => Tensor; row: Row; make: () => Loss }> = {
  meanSquaredError: { fn: losses.meanSquaredError, row: (ys, ps) => meanOf(ps.map((p, i) => (ys[i]! - p) ** 2)), make: () => new losses.MeanSquaredError() },
  meanAbsoluteError: { fn: losses.meanAbsoluteError, row: (ys, ps) => meanOf(ps.map((p, i) => Math.abs(ys[i]! - p))), make: () => new losses.MeanAbsoluteError() },
  meanAbsolutePercentageError: {
    fn: losses.meanAbsolutePercentageError,
    row: (ys, ps) => 100 * meanOf(ps.map((p, i) => Math.abs((ys[i]! - p) / Math.max(Math.abs(ys[i]!), EPS)))),
    make: () => new losses.MeanAbsolutePercentageError(),
  },
  meanSquaredLogarithmicError: {
    fn: losses.meanSquaredLogarithmicError,
    row: (ys, ps) => meanOf(ps.map((p, i) => (Math.log(Math.max(p, EPS) + 1) - Math.log(Math.max(ys[i]!, EPS) + 1)) ** 2)),
    make: () => new losses.MeanSquaredLogarithmicError(),
  },
  huber: {
    fn: losses.huber,
    row: (ys, ps) => meanOf(ps.map((p, i) => { const e = Math.abs(p - ys[i]!); return e <= 1 ? 0.5 * e * e : e - 0.5; })),
    make: () => new losses.Huber(),
  },
  logCosh: { fn: losses.logCosh, row: (ys, ps) => meanOf(ps.map((p, i) => Math.log(Math.cosh(p - ys[i]!)))), make: () => new losses.LogCosh() },
  cosineSimilarity: {
    fn: losses.cosineSimilarity,
    row: (ys, ps) => {
      const ny = Math.max(Math.sqrt(sumOf(ys.map((v) => v * v))), EPS);
      const np = Math.max(Math.sqrt(sumOf(ps.map((v) => v * v))), EPS);
      return -sumOf(ys.map((v, i) => (v / ny) * (ps[i]! / np)));
    },
    make: () => new losses.CosineSimilarity(),
  },
};

test("regression losses match a float64 reference over several shapes (function and perSample)", () => {
  for (const [name, { fn, row, make }] of Object.entries(references)) {
    shapes.forEach((shape, k) => {
      // Errors up to ±2.5 so Huber's linear part and MSLE's clipping at ε (negative values) are exercised.
      const y = randomF64(shape, 11 + k, -1.5, 1.5);
      const p = randomF64(shape, 23 + k, -1.5, 1.5);
      assertClose(fn(y, p).arraySync(), perRow(plain(y), plain(p), row), 1e-12, `${name} ${JSON.stringify(shape)}`);
      assertClose(make().perSample(y, p).arraySync(), perSample(plain(y), plain(p), row), 1e-12, `${name}.perSample ${JSON.stringify(shape)}`);
    });
  }
});

test("hand-computed values: MSE, MAE, MAPE, Huber with delta, log-cosh for large errors", () => {
  assert.deepEqual(losses.meanSquaredError(tensor([[0, 1]]), tensor([[1, 1]])).arraySync(), [0.5]);
  assert.deepEqual(losses.meanAbsoluteError(tensor([[0, 1]]), tensor([[2, 1]])).arraySync(), [1]);
  assertClose(losses.meanAbsolutePercentageError(tensor([[2, 4]]), tensor([[1, 4]])).arraySync(), [25]);
  // δ = 2: |e| = 1 → ½, |e| = 3 → 2·3 − 2 = 4.
  assertClose(new losses.Huber({ delta: 2 }).perSample(tensor([[0, 0]], "float64"), tensor([[1, 3]], "float64")).arraySync(), [2.25]);
  // log cosh(x) ≈ |x| − log 2 for large |x|: no overflow at 1000.
  assertClose(losses.logCosh(tensor([[0]], "float64"), tensor([[1000]], "float64")).arraySync(), [1000 - Math.LN2], 1e-12);
  // A zero vector has cosine similarity 0, not NaN.
  assertClose(losses.cosineSimilarity(tensor([[0, 0]]), tensor([[1, 2]])).arraySync(), [0]);
});

test("cosineSimilarity along another axis", () => {
  const y = randomF64([2, 3, 4], 5);
  const p = randomF64([2, 3, 4], 6);
  const yv = y.arraySync() as number[][][];
  const pv = p.arraySync() as number[][][];
  const expected = yv.map((ym, b) =>
    [0, 1, 2, 3].map((j) => {
      const a = ym.map((r) => r[j]!);
      const c = pv[b]!.map((r) => r[j]!);
      const na = Math.sqrt(sumOf(a.map((v) => v * v)));
      const nc = Math.sqrt(sumOf(c.map((v) => v * v)));
      return -sumOf(a.map((v, i) => v * c[i]!)) / (na * nc);
    }),
  );
  assertClose(losses.cosineSimilarity(y, p, 1).arraySync(), expected, 1e-12);
  assertClose(new losses.CosineSimilarity({ axis: 1 }).perSample(y, p).arraySync(), expected.map(meanOf), 1e-12);
});

test("rank-1 predictions are one value per sample; [batch] labels fit [batch, 1] predictions", () => {
  const mse = new losses.MeanSquaredError();
  assert.deepEqual(mse.perSample(tensor([1, 2, 3]), tensor([1, 2, 5])).arraySync(), [0, 0, 4]);
  assert.deepEqual(mse.perSample(tensor([1, 2, 3]), tensor([[1], [2], [5]])).arraySync(), [0, 0, 4]);
  assert.deepEqual(mse.perSample(tensor([[1], [2], [3]]), tensor([1, 2, 5])).arraySync(), [0, 0, 4]);
  // compute(): Σ(w·l)/batch, Keras's sum_over_batch_size.
  assertClose(mse.compute(tensor([1, 2, 3]), tensor([1, 2, 5]), tensor([1, 1, 0.5])).item(), 2 / 3);
  assertClose(mse.compute(tensor([1, 2, 3]), tensor([1, 2, 5])).item(), 4 / 3);
});

test("gradients of the regression losses match finite differences (both arguments)", () => {
  for (const [name, { make }] of Object.entries(references)) {
    for (const shape of [[3, 2], [2, 2, 3]]) {
      // Labels positive for MAPE/MSLE so the clipped regions are avoided.
      const y = randomF64(shape, 31, 0.5, 2);
      const p = randomF64(shape, 37, 0.2, 3);
      const loss = make();
      try {
        checkGrads((t, q) => loss.perSample(t!, q!), [y, p]);
      } catch (error) {
        throw new Error(`${name} ${JSON.stringify(shape)}: ${(error as Error).message}`);
      }
    }
  }
  // Huber on both sides of δ.
  checkGrads((q) => new losses.Huber({ delta: 0.7 }).perSample(tensor([[0, 0, 0, 0]], "float64"), q!), [tensor([[-2, -0.3, 0.4, 1.5]], "float64")]);
});

test("float32 inputs give float32 losses close to the float64 values", () => {
  const y = randomF64([4, 3], 3);
  const p = randomF64([4, 3], 4);
  const l32 = losses.meanSquaredError(y.cast("float32"), p.cast("float32"));
  assert.equal(l32.dtype, "float32");
  assertClose(l32.arraySync(), losses.meanSquaredError(y, p).arraySync(), 1e-6);
  // Integer labels adopt the predictions' dtype.
  assert.equal(losses.meanAbsoluteError(tensor([[1, 2]], "int32"), tensor([[1.5, 2]], "float64")).dtype, "float64");
});

test("label shapes that do not match the predictions name the fix", () => {
  const mse = new losses.MeanSquaredError();
  assert.throws(
    () => mse.perSample(tensor([[1, 2, 3], [4, 5, 6]]), tensor([[1], [2]])),
    (e: unknown) => e instanceof ShapeError && /meanSquaredError expects labels of the same shape as the predictions, \[2, 1\], but got labels of shape \[2, 3\]: these look like one-hot labels over 3 classes/.test(e.message),
  );
  assert.throws(
    () => mse.perSample(tensor([0, 1]), tensor([[0.5, 0.5], [0.5, 0.5]])),
    (e: unknown) => e instanceof ShapeError && /\[2, 2\], but got labels of shape \[2\]: if these are integer class labels, use sparseCategoricalCrossentropy .* or pass oneHot\(labels, 2\)/.test(e.message),
  );
  assert.throws(
    () => mse.perSample(tensor([[1], [2], [3]]), tensor([[1], [2]])),
    (e: unknown) => e instanceof ShapeError && /meanSquaredError: the labels have 3 samples \(shape \[3, 1\]\) but the predictions have 2/.test(e.message),
  );
  assert.throws(() => new losses.Huber({ delta: -1 }), (e: unknown) => e instanceof ArgumentError && /Huber: delta must be a positive number, got -1/.test(e.message));
});
