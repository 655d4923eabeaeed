import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, losses, sigmoid, softmax, ShapeError, ArgumentError } from "../../../kernel/src/index.js";
import { checkGrads, randomF64, assertClose } from "../../helpers/gradcheck.js";
import { EPS, clip, logSoftmax, meanOf, oneHotRows, perRow, perSample, plain, sumOf } from "./reference.js";

const f64 = (values: number[], shape: number[]) => tensor(Float64Array.from(values), { shape, dtype: "float64" });

/** Keras binary cross-entropy of one row (probabilities clipped, or the logits form written as log σ). */
function bceRow(ls: number, fromLogits: boolean) {
  return (ys: number[], ps: number[]) =>
    meanOf(
      ps.map((p, i) => {
        const y = ys[i]! * (1 - ls) + 0.5 * ls;
        if (fromLogits) return -(y * Math.log(1 / (1 + Math.exp(-p))) + (1 - y) * Math.log(1 / (1 + Math.exp(p))));
        const q = clip(p, EPS, 1 - EPS);
        return -(y * Math.log(q) + (1 - y) * Math.log(1 - q));
      }),
    );
}

function cceRow(ls: number, fromLogits: boolean) {
  return (ys: number[], ps: number[]) => {
    const c = ps.length;
    const y = ys.map((v) => v * (1 - ls) + ls / c);
    if (fromLogits) {
      const l = logSoftmax(ps);
      return -sumOf(y.map((v, i) => v * l[i]!));
    }
    const s = sumOf(ps);
    return -sumOf(y.map((v, i) => v * Math.log(clip(ps[i]! / s, EPS, 1 - EPS))));
  };
}

test("binaryCrossentropy matches a float64 reference: shapes, label smoothing, logits", () => {
  [[4, 3], [6, 1], [2, 3, 2]].forEach((shape, k) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const y = f64(Array.from({ length: size }, (_, i) => ((i * 5 + k) % 3 === 0 ? 1 : 0)), shape);
    const p = randomF64(shape, 41 + k, 0.01, 0.99);
    const x = randomF64(shape, 43 + k, -4, 4);
    for (const ls of [0, 0.2]) {
      assertClose(losses.binaryCrossentropy(y, p, { labelSmoothing: ls }).arraySync(), perRow(plain(y), plain(p), bceRow(ls, false)), 1e-12);
      assertClose(losses.binaryCrossentropy(y, x, { labelSmoothing: ls, fromLogits: true }).arraySync(), perRow(plain(y), plain(x), bceRow(ls, true)), 1e-12);
      const loss = new losses.BinaryCrossentropy({ labelSmoothing: ls, fromLogits: true });
      assertClose(loss.perSample(y, x).arraySync(), perSample(plain(y), plain(x), bceRow(ls, true)), 1e-12);
    }
  });
  // Soft labels are fine.
  assertClose(losses.binaryCrossentropy(f64([0.3], [1, 1]), f64([0.6], [1, 1])).arraySync(), [-(0.3 * Math.log(0.6) + 0.7 * Math.log(0.4))], 1e-12);
});

test("probabilities 0 and 1 are clipped to [1e-7, 1 - 1e-7]; large logits do not overflow", () => {
  const y = f64([1, 0, 1, 0], [4, 1]);
  const p = f64([0, 1, 1, 0], [4, 1]);
  const big = -Math.log(1 - (1 - EPS));
  assertClose(losses.binaryCrossentropy(y, p).arraySync(), [-Math.log(EPS), big, -Math.log(1 - EPS), -Math.log(1 - EPS)], 1e-12);
  assertClose(losses.binaryCrossentropy(y, f64([-800, 800, 800, -800], [4, 1]), { fromLogits: true }).arraySync(), [800, 800, 0, 0], 1e-12);
  // Categorical: a one-hot prediction on the wrong class costs −log(1e-7), on the right one −log(1 − 1e-7).
  assertClose(losses.categoricalCrossentropy(f64([0, 1, 0, 1, 0, 0], [2, 3]), f64([1, 0, 0, 1, 0, 0], [2, 3])).arraySync(), [-Math.log(EPS), -Math.log(1 - EPS)], 1e-12);
  assertClose(losses.sparseCategoricalCrossentropy(tensor([1, 0]), f64([1, 0, 0, 1, 0, 0], [2, 3])).arraySync(), [-Math.log(EPS), -Math.log(1 - EPS)], 1e-12);
  assertClose(losses.categoricalCrossentropy(f64([0, 1], [1, 2]), f64([1000, -1000], [1, 2]), { fromLogits: true }).arraySync(), [2000], 1e-12);
  // The gradient is finite (zero where clipped).
  checkGrads((q) => losses.binaryCrossentropy(y, q!), [f64([0.5, 0.5, 0.3, 0.9], [4, 1])]);
});

test("categoricalCrossentropy matches a float64 reference: renormalised probabilities, smoothing, logits", () => {
  [[4, 3], [5, 2], [2, 3, 4]].forEach((shape, k) => {
    const classes = shape.at(-1)!;
    const count = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const y = f64(oneHotRows(count, classes).flat, shape);
    // Not normalised on purpose: Keras divides by the sum first.
    const p = randomF64(shape, 51 + k, 0.05, 1);
    const x = randomF64(shape, 53 + k, -3, 3);
    for (const ls of [0, 0.1]) {
      assertClose(losses.categoricalCrossentropy(y, p, { labelSmoothing: ls }).arraySync(), perRow(plain(y), plain(p), cceRow(ls, false)), 1e-12);
      assertClose(losses.categoricalCrossentropy(y, x, { labelSmoothing: ls, fromLogits: true }).arraySync(), perRow(plain(y), plain(x), cceRow(ls, true)), 1e-12);
      const loss = new losses.CategoricalCrossentropy({ labelSmoothing: ls });
      assertClose(loss.perSample(y, p).arraySync(), perSample(plain(y), plain(p), cceRow(ls, false)), 1e-12);
    }
  });
});

test("categoricalCrossentropy over another class axis", () => {
  // [batch 2, classes 3, time 2], classes on axis 1.
  const x = randomF64([2, 3, 2], 61, -2, 2);
  const yv = [[[1, 0], [0, 0], [0, 1]], [[0, 1], [1, 0], [0, 0]]];
  const y = tensor(yv, "float64");
  const xv = x.arraySync() as number[][][];
  const expected = xv.map((m, b) =>
    [0, 1].map((t) => {
      const l = logSoftmax(m.map((r) => r[t]!));
      return -sumOf(l.map((v, c) => v * yv[b]![c]![t]!));
    }),
  );
  assertClose(losses.categoricalCrossentropy(y, x, { fromLogits: true, axis: 1 }).arraySync(), expected, 1e-12);
  assertClose(new losses.CategoricalCrossentropy({ fromLogits: true, axis: 1 }).perSample(y, x).arraySync(), expected.map(meanOf), 1e-12);
});

test("sparseCategoricalCrossentropy equals categorical on one-hot labels; labels [batch] or [batch, 1]", () => {
  const { flat, indices } = oneHotRows(5, 4);
  const p = randomF64([5, 4], 71, 0.05, 1);
  const x = randomF64([5, 4], 73, -3, 3);
  const expected = perRow(plain(f64(flat, [5, 4])), plain(p), cceRow(0, false));
  assertClose(losses.sparseCategoricalCrossentropy(tensor(indices, "int32"), p).arraySync(), expected, 1e-12);
  assertClose(losses.sparseCategoricalCrossentropy(tensor(indices.map((i) => [i])), p).arraySync(), expected, 1e-12);
  assertClose(
    new losses.SparseCategoricalCrossentropy({ fromLogits: true }).perSample(tensor(indices), x).arraySync(),
    perRow(plain(f64(flat, [5, 4])), plain(x), cceRow(0, true)),
    1e-12,
  );
  // Sequences: labels [batch, time] against predictions [batch, time, classes].
  const xs = randomF64([2, 3, 4], 75, -2, 2);
  const labels = [[0, 3, 1], [2, 2, 0]];
  const xv = xs.arraySync() as number[][][];
  const rowsLoss = xv.map((m, b) => m.map((r, t) => -logSoftmax(r)[labels[b]![t]!]!));
  assertClose(losses.sparseCategoricalCrossentropy(tensor(labels), xs, { fromLogits: true }).arraySync(), rowsLoss, 1e-12);
  assertClose(new losses.SparseCategoricalCrossentropy({ fromLogits: true }).perSample(tensor(labels), xs).arraySync(), rowsLoss.map(meanOf), 1e-12);
});

test("the logits form equals the probability form on sigmoid / softmax outputs", () => {
  const x = randomF64([6, 3], 81, -3, 3);
  const y = f64(oneHotRows(6, 3).flat, [6, 3]);
  const labels = tensor(oneHotRows(6, 3).indices);
  for (const ls of [0, 0.3]) {
    assertClose(losses.binaryCrossentropy(y, x, { fromLogits: true, labelSmoothing: ls }).arraySync(), losses.binaryCrossentropy(y, sigmoid(x), { labelSmoothing: ls }).arraySync(), 1e-10);
    assertClose(
      losses.categoricalCrossentropy(y, x, { fromLogits: true, labelSmoothing: ls }).arraySync(),
      losses.categoricalCrossentropy(y, softmax(x), { labelSmoothing: ls }).arraySync(),
      1e-10,
    );
  }
  assertClose(losses.sparseCategoricalCrossentropy(labels, x, { fromLogits: true }).arraySync(), losses.sparseCategoricalCrossentropy(labels, softmax(x)).arraySync(), 1e-10);
});

test("gradients of the cross-entropies match finite differences (probabilities and logits)", () => {
  const y = f64(oneHotRows(4, 3).flat, [4, 3]);
  const labels = tensor(oneHotRows(4, 3).indices);
  const p = randomF64([4, 3], 91, 0.1, 0.9);
  const x = randomF64([4, 3], 93, -3, 3);
  const soft = randomF64([4, 3], 95, 0, 1);
  for (const ls of [0, 0.2]) {
    checkGrads((q) => new losses.BinaryCrossentropy({ labelSmoothing: ls }).perSample(soft, q!), [p]);
    checkGrads((q) => new losses.BinaryCrossentropy({ labelSmoothing: ls, fromLogits: true }).perSample(soft, q!), [x]);
    checkGrads((q) => new losses.CategoricalCrossentropy({ labelSmoothing: ls }).perSample(y, q!), [p]);
    checkGrads((q) => new losses.CategoricalCrossentropy({ labelSmoothing: ls, fromLogits: true }).perSample(y, q!), [x]);
  }
  checkGrads((q) => new losses.SparseCategoricalCrossentropy().perSample(labels, q!), [p]);
  checkGrads((q) => new losses.SparseCategoricalCrossentropy({ fromLogits: true }).perSample(labels, q!), [x]);
  // Labels carry gradient too for soft targets.
  checkGrads((t) => new losses.BinaryCrossentropy({ fromLogits: true }).perSample(t!, x), [soft]);
  checkGrads((t, q) => new losses.CategoricalCrossentropy({ axis: 1, fromLogits: true }).perSample(t!, q!), [randomF64([2, 3, 2], 97, 0, 1), randomF64([2, 3, 2], 98, -2, 2)]);
});

test("bad label shapes and values name the fix", () => {
  const scce = new losses.SparseCategoricalCrossentropy();
  const probs = softmax(randomF64([32, 10], 3));
  const oneHot = tensor(oneHotRows(32, 10).flat, { shape: [32, 10] });
  assert.throws(
    () => scce.perSample(oneHot, probs),
    (e: unknown) =>
      e instanceof ShapeError &&
      e.message.startsWith("sparseCategoricalCrossentropy expects integer class labels of shape [batch] but got one-hot labels of shape [32, 10]: use categoricalCrossentropy, or pass labels.argmax(-1)"),
  );
  assert.throws(
    () => new losses.CategoricalCrossentropy().perSample(tensor(oneHotRows(32, 10).indices), probs),
    (e: unknown) =>
      e instanceof ShapeError &&
      e.message.startsWith("categoricalCrossentropy expects one-hot labels of shape [32, 10] but got integer class labels of shape [32]: use sparseCategoricalCrossentropy, or pass oneHot(labels, 10)"),
  );
  assert.throws(
    () => scce.perSample(tensor([[1, 2], [3, 4]]), softmax(randomF64([2, 10], 4))),
    (e: unknown) => e instanceof ShapeError && /sparseCategoricalCrossentropy expects integer class labels of shape \[2\] \(or \[2, 1\]\) for predictions of shape \[2, 10\], but got labels of shape \[2, 2\]/.test(e.message),
  );
  assert.throws(
    () => scce.perSample(tensor([0, 10]), softmax(randomF64([2, 10], 4))),
    (e: unknown) => e instanceof ArgumentError && /sparseCategoricalCrossentropy: label 10 \(at index 1\) is outside the valid range 0 … 9 for predictions with 10 classes/.test(e.message),
  );
  assert.throws(
    () => scce.perSample(tensor([0, 1.5]), softmax(randomF64([2, 10], 4))),
    (e: unknown) => e instanceof ArgumentError && /expects integer class labels but got 1.5/.test(e.message),
  );
  assert.throws(
    () => new losses.BinaryCrossentropy().perSample(tensor([0, 7, 2]), tensor([[0.5], [0.5], [0.5]])),
    (e: unknown) => e instanceof ArgumentError && /binaryCrossentropy expects labels in \[0, 1\] but got 7 .*use sparseCategoricalCrossentropy with a softmax output of 8 units/.test(e.message),
  );
  assert.throws(
    () => new losses.BinaryCrossentropy().perSample(oneHot, tensor(new Array(32).fill([0.5]))),
    (e: unknown) => e instanceof ShapeError && /binaryCrossentropy expects labels of the same shape as the predictions, \[32, 1\], but got labels of shape \[32, 10\]: these look like one-hot labels over 10 classes: give the model's last layer 10 units \(softmax\) and use categoricalCrossentropy/.test(e.message),
  );
  assert.throws(
    () => new losses.CategoricalCrossentropy().perSample(tensor([[1], [0]]), tensor([[0.3], [0.6]])),
    (e: unknown) => e instanceof ShapeError && /categoricalCrossentropy needs one output per class, but the predictions have shape \[2, 1\].*use binaryCrossentropy with a sigmoid output/.test(e.message),
  );
  assert.throws(() => new losses.CategoricalCrossentropy({ labelSmoothing: 1.5 }), (e: unknown) => e instanceof ArgumentError && /labelSmoothing must be a number in \[0, 1\], got 1.5/.test(e.message));
});

test("getConfig round-trips the options", () => {
  const loss = new losses.CategoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.1, axis: 1 });
  assert.deepEqual(loss.getConfig(), { name: "categorical_crossentropy", fromLogits: true, labelSmoothing: 0.1, axis: 1 });
  const again = new losses.CategoricalCrossentropy(loss.getConfig());
  assert.deepEqual(again.getConfig(), loss.getConfig());
  assert.deepEqual(new losses.BinaryCrossentropy({ name: "bce" }).getConfig(), { name: "bce", fromLogits: false, labelSmoothing: 0 });
});
