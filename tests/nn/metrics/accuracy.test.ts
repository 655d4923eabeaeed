import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, metrics, ShapeError } from "../../../kernel/src/index.js";
import { assertClose } from "../../helpers/gradcheck.js";

test("per-sample accuracy functions, hand-computed", () => {
  assert.deepEqual(metrics.binaryAccuracy(tensor([[1], [0], [1], [0]]), tensor([[0.7], [0.6], [0.5], [0.1]])).arraySync(), [1, 0, 0, 1]);
  assert.deepEqual(metrics.binaryAccuracy(tensor([[1, 0]]), tensor([[0.8, 0.4]]), 0.9).arraySync(), [0.5]);
  assert.deepEqual(metrics.categoricalAccuracy(tensor([[0, 1, 0], [1, 0, 0]]), tensor([[0.1, 0.6, 0.3], [0.2, 0.7, 0.1]])).arraySync(), [1, 0]);
  assert.deepEqual(metrics.sparseCategoricalAccuracy(tensor([1, 0]), tensor([[0.1, 0.6, 0.3], [0.2, 0.7, 0.1]])).arraySync(), [1, 0]);
  assert.deepEqual(metrics.sparseCategoricalAccuracy(tensor([[1], [1]], "float32"), tensor([[0.1, 0.6, 0.3], [0.2, 0.7, 0.1]])).arraySync(), [1, 1]);
  const p = tensor([[0.5, 0.3, 0.2, 0.0], [0.1, 0.2, 0.3, 0.4]]);
  assert.deepEqual(metrics.sparseTopKCategoricalAccuracy(tensor([2, 2]), p, 2).arraySync(), [0, 1]);
  assert.deepEqual(metrics.sparseTopKCategoricalAccuracy(tensor([2, 2]), p, 3).arraySync(), [1, 1]);
  assert.deepEqual(metrics.topKCategoricalAccuracy(tensor([[0, 1, 0, 0], [1, 0, 0, 0]]), p, 2).arraySync(), [1, 0]);
  // k at least the number of classes: always in.
  assert.deepEqual(metrics.sparseTopKCategoricalAccuracy(tensor([3, 0]), p).arraySync(), [1, 1]);
  // Ties with the k-th score count as in, as TensorFlow's in_top_k.
  assert.deepEqual(metrics.sparseTopKCategoricalAccuracy(tensor([2]), tensor([[0.4, 0.3, 0.3]]), 2).arraySync(), [1]);
});

test("streaming accuracy over several batches with sample weights", () => {
  const m = new metrics.SparseCategoricalAccuracy();
  assert.equal(m.name, "sparse_categorical_accuracy");
  m.update(tensor([0, 1, 2]), tensor([[0.9, 0.1, 0], [0.2, 0.7, 0.1], [0.5, 0.4, 0.1]]), tensor([1, 2, 3])); // correct, correct, wrong
  m.update(tensor([1]), tensor([[0.6, 0.4, 0]]), tensor([4])); // wrong
  assertClose(m.result(), (1 + 2) / (1 + 2 + 3 + 4));
  m.update(tensor([2, 2]), tensor([[0, 0, 1], [0, 0, 1]])); // two correct, weight 1 each
  assertClose(m.result(), (1 + 2 + 2) / (10 + 2));
  m.reset();
  assert.equal(m.result(), 0);

  const b = new metrics.BinaryAccuracy({ threshold: 0.3 });
  b.update(tensor([1, 0, 1]), tensor([0.35, 0.2, 0.1]), tensor([0.5, 1, 2])); // rank-1: one value per sample
  b.update(tensor([[0], [1]]), tensor([[0.31], [0.9]]));
  assertClose(b.result(), (0.5 + 1 + 0 + 0 + 1) / (0.5 + 1 + 2 + 1 + 1));
  assert.deepEqual(b.getConfig(), { name: "binary_accuracy", threshold: 0.3 });

  const c = new metrics.CategoricalAccuracy();
  c.update(tensor([[0, 1], [1, 0]]), tensor([[0.4, 0.6], [0.3, 0.7]]), tensor([3, 1]));
  assertClose(c.result(), 3 / 4);

  const t = new metrics.TopKCategoricalAccuracy({ k: 2 });
  t.update(tensor([[1, 0, 0], [0, 0, 1]]), tensor([[0.2, 0.5, 0.3], [0.6, 0.3, 0.1]]));
  t.update(tensor([[0, 0, 1]]), tensor([[0.1, 0.2, 0.7]]), tensor([2]));
  assertClose(t.result(), (0 + 0 + 2) / 4);
  const s = new metrics.SparseTopKCategoricalAccuracy({ k: 1 });
  s.update(tensor([1, 2]), tensor([[0.2, 0.5, 0.3], [0.6, 0.3, 0.1]]));
  assertClose(s.result(), 0.5);
  assert.equal(s.name, "sparse_top_k_categorical_accuracy");
});

test("the auto accuracy picks binary, sparse categorical or categorical from the shapes", () => {
  const binary = new metrics.Accuracy();
  binary.update(tensor([1, 0, 1, 1]), tensor([[0.9], [0.4], [0.2], [0.6]]));
  assert.equal(binary.kind, "binary");
  assertClose(binary.result(), 3 / 4);

  const sparse = new metrics.Accuracy();
  sparse.update(tensor([2, 0]), tensor([[0.1, 0.2, 0.7], [0.5, 0.4, 0.1]]));
  assert.equal(sparse.kind, "sparseCategorical");
  assertClose(sparse.result(), 1);
  const sparseColumn = new metrics.Accuracy();
  sparseColumn.update(tensor([[2], [1]]), tensor([[0.1, 0.2, 0.7], [0.5, 0.4, 0.1]]));
  assert.equal(sparseColumn.kind, "sparseCategorical");
  assertClose(sparseColumn.result(), 0.5);

  const categorical = new metrics.Accuracy();
  categorical.update(tensor([[0, 0, 1], [0, 1, 0]]), tensor([[0.1, 0.2, 0.7], [0.5, 0.4, 0.1]]));
  assert.equal(categorical.kind, "categorical");
  assertClose(categorical.result(), 0.5);

  assert.equal(metrics.pickAccuracy([32, 10], [32, 10]), "categorical");
  assert.equal(metrics.pickAccuracy([32], [32, 10]), "sparseCategorical");
  assert.equal(metrics.pickAccuracy([32, 1], [32, 10]), "sparseCategorical");
  assert.equal(metrics.pickAccuracy([32, 1], [32, 1]), "binary");
  assert.equal(metrics.pickAccuracy([32], [32]), "binary");
  // Multi-label with binary cross-entropy: element-wise binary accuracy, as Keras.
  assert.equal(metrics.pickAccuracy([32, 5], [32, 5], { lossName: "binary_crossentropy" }), "binary");
  assert.equal(metrics.pickAccuracy([32, 5], [32, 5], { lossName: "sparse_categorical_crossentropy" }), "sparseCategorical");
});

test("accuracy label-shape mistakes name the fix", () => {
  assert.throws(
    () => new metrics.SparseCategoricalAccuracy().update(tensor([[0, 1], [1, 0]]), tensor([[0.4, 0.6], [0.3, 0.7]])),
    (e: unknown) => e instanceof ShapeError && /sparseCategoricalAccuracy expects integer class labels of shape \[2\] for predictions of shape \[2, 2\], but got one-hot labels of shape \[2, 2\]: use categoricalAccuracy, or pass labels.argmax\(-1\)/.test(e.message),
  );
  assert.throws(
    () => new metrics.CategoricalAccuracy().update(tensor([1, 0]), tensor([[0.4, 0.6], [0.3, 0.7]])),
    (e: unknown) => e instanceof ShapeError && /categoricalAccuracy expects one-hot labels of shape \[2, 2\] but got integer class labels of shape \[2\]: use sparseCategoricalAccuracy, or pass oneHot\(labels, 2\)/.test(e.message),
  );
  assert.throws(() => new metrics.TopKCategoricalAccuracy({ k: 0 }), /k must be a positive integer, got 0/);
});
