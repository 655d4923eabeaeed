import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, getLoss, getMetric, metrics, ArgumentError, type Tensor } from "../../kernel/src/index.js";
import { assertClose } from "../helpers/gradcheck.js";

test("'accuracy' is picked from the context before training and from the shapes at update: the three cases", () => {
  const binary = getMetric("accuracy", { lossName: "binaryCrossentropy", outputShape: [null, 1] }) as InstanceType<typeof metrics.Accuracy>;
  assert.equal(binary.kind, "binary");
  binary.update(tensor([[1], [0], [1]]), tensor([[0.8], [0.7], [0.51]]));
  assertClose(binary.result(), 2 / 3);

  const sparse = getMetric("accuracy", { lossName: "sparse_categorical_crossentropy", outputShape: [null, 3] }) as InstanceType<typeof metrics.Accuracy>;
  assert.equal(sparse.kind, "sparseCategorical");
  sparse.update(tensor([2, 1]), tensor([[0.1, 0.2, 0.7], [0.6, 0.3, 0.1]]));
  assertClose(sparse.result(), 1 / 2);

  const categorical = getMetric("acc", { lossName: "categoricalCrossentropy", outputShape: [null, 3] }) as InstanceType<typeof metrics.Accuracy>;
  categorical.update(tensor([[0, 0, 1], [0, 1, 0]]), tensor([[0.1, 0.2, 0.7], [0.2, 0.5, 0.3]]));
  assert.equal(categorical.kind, "categorical");
  assert.equal(categorical.name, "acc", "a metric named by a string is logged under that string, as in Keras 3");
  assertClose(categorical.result(), 1);

  // Without a context the shapes decide (a custom loss).
  const auto = getMetric("accuracy");
  auto.update(tensor([1, 0]), tensor([[0.2, 0.8], [0.9, 0.1]]));
  assertClose(auto.result(), 1);
  assert.equal((auto as InstanceType<typeof metrics.Accuracy>).kind, "sparseCategorical");
});

test("metric names resolve to their classes; the spec string is the log key", () => {
  const cases: [string, string][] = [
    ["binary_accuracy", "BinaryAccuracy"],
    ["binaryAccuracy", "BinaryAccuracy"],
    ["categorical_accuracy", "CategoricalAccuracy"],
    ["sparseCategoricalAccuracy", "SparseCategoricalAccuracy"],
    ["top_k_categorical_accuracy", "TopKCategoricalAccuracy"],
    ["sparse_top_k_categorical_accuracy", "SparseTopKCategoricalAccuracy"],
    ["precision", "Precision"],
    ["Recall", "Recall"],
    ["auc", "AUC"],
    ["AUC", "AUC"],
    ["mse", "MeanSquaredError"],
    ["mean_absolute_error", "MeanAbsoluteError"],
  ];
  for (const [spec, className] of cases) {
    const metric = getMetric(spec);
    assert.equal(metric.className, className, spec);
    assert.equal(metric.name, spec, spec);
  }
  // Objects keep their own names; serialised metrics come back with their config.
  assert.equal(getMetric(new metrics.Precision()).name, "precision");
  const restored = getMetric({ className: "TopKCategoricalAccuracy", config: { k: 3 } });
  assert.deepEqual(restored.getConfig(), { name: "top_k_categorical_accuracy", k: 3 });
  const acc = getMetric({ className: "Accuracy", config: { name: "accuracy", threshold: 0.5 } }, { outputShape: [null, 1] });
  assert.equal((acc as InstanceType<typeof metrics.Accuracy>).kind, "binary");
});

test("'loss' is the batch-size-weighted mean of the compiled loss; loss names work as metrics", () => {
  const loss = getMetric("loss", { lossName: "mse" });
  assert.equal(loss.className, "LossMean");
  assert.equal(loss.name, "loss");
  loss.update(tensor([[0], [0]]), tensor([[1], [3]]));
  loss.update(tensor([[0]]), tensor([[2]]));
  assertClose(loss.result(), (1 + 9 + 4) / 3);
  const withObject = getMetric("loss", { loss: getLoss("mae") });
  withObject.update(tensor([[0]]), tensor([[2]]));
  assertClose(withObject.result(), 2);

  const bce = getMetric("binary_crossentropy");
  assert.equal(bce.name, "binary_crossentropy");
  bce.update(tensor([[1]]), tensor([[0.5]]), tensor([2]));
  bce.update(tensor([[0]]), tensor([[0.5]]), tensor([1]));
  assertClose(bce.result(), Math.LN2, 1e-6);
});

test("a function is a per-sample metric named after it; unknown names list the known ones", () => {
  function maxError(t: Tensor, p: Tensor) {
    return t.sub(p).abs().max(-1);
  }
  const m = getMetric(maxError);
  assert.equal(m.name, "maxError");
  m.update(tensor([[0, 0], [1, 1]]), tensor([[1, 3], [1, 1]]));
  assertClose(m.result(), 1.5);
  assert.throws(() => getMetric("f1"), (e: unknown) => e instanceof ArgumentError && /unknown metric "f1"; known: accuracy, loss, .*precision.*or a loss name/.test(e.message));
  assert.throws(() => getMetric("loss"), /the "loss" metric needs the loss: pass \{ lossName \} or \{ loss \} in the context/);
});
