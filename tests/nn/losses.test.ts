import { test } from "node:test";
import assert from "node:assert/strict";
import {
  tensor, getLoss, reduceLoss, losses, ArgumentError, sparseCategoricalCrossentropy, SparseCategoricalCrossentropy, BinaryCrossentropy, MeanSquaredError, MeanAbsoluteError,
  Huber, CategoricalCrossentropy, KLDivergence, CosineSimilarity, type Tensor,
} from "../../kernel/src/index.js";
import { assertClose } from "../helpers/gradcheck.js";

test("Keras names resolve in camelCase, snake_case, class names and short aliases", () => {
  const cases: [string[], string, string][] = [
    [["mse", "MSE", "meanSquaredError", "mean_squared_error", "MeanSquaredError"], "MeanSquaredError", "mean_squared_error"],
    [["mae", "meanAbsoluteError", "mean_absolute_error"], "MeanAbsoluteError", "mean_absolute_error"],
    [["mape", "meanAbsolutePercentageError", "mean_absolute_percentage_error"], "MeanAbsolutePercentageError", "mean_absolute_percentage_error"],
    [["msle", "mean_squared_logarithmic_error"], "MeanSquaredLogarithmicError", "mean_squared_logarithmic_error"],
    [["huber", "huber_loss", "Huber"], "Huber", "huber_loss"],
    [["logcosh", "log_cosh", "logCosh", "LogCosh"], "LogCosh", "log_cosh"],
    [["binaryCrossentropy", "binary_crossentropy", "BinaryCrossentropy"], "BinaryCrossentropy", "binary_crossentropy"],
    [["categoricalCrossentropy", "categorical_crossentropy"], "CategoricalCrossentropy", "categorical_crossentropy"],
    [["sparseCategoricalCrossentropy", "sparse_categorical_crossentropy"], "SparseCategoricalCrossentropy", "sparse_categorical_crossentropy"],
    [["hinge", "Hinge"], "Hinge", "hinge"],
    [["squaredHinge", "squared_hinge"], "SquaredHinge", "squared_hinge"],
    [["kld", "klDivergence", "kl_divergence", "kullback_leibler_divergence", "KLDivergence"], "KLDivergence", "kl_divergence"],
    [["poisson", "Poisson"], "Poisson", "poisson"],
    [["cosineSimilarity", "cosine_similarity"], "CosineSimilarity", "cosine_similarity"],
  ];
  for (const [names, className, name] of cases) {
    for (const spec of names) {
      const loss = getLoss(spec);
      assert.equal(loss.className, className, spec);
      assert.equal(loss.name, name, spec);
    }
  }
});

test("getLoss takes instances, serialised objects and plain functions", () => {
  const bce = new losses.BinaryCrossentropy({ fromLogits: true });
  assert.equal(getLoss(bce), bce);
  const restored = getLoss({ className: "CategoricalCrossentropy", config: { labelSmoothing: 0.2, fromLogits: true } }) as InstanceType<typeof losses.CategoricalCrossentropy>;
  assert.equal(restored.labelSmoothing, 0.2);
  assert.equal(restored.fromLogits, true);
  function myAbs(t: Tensor, p: Tensor) {
    return t.sub(p).abs().mean(-1);
  }
  const custom = getLoss(myAbs);
  assert.equal(custom.name, "myAbs");
  assert.deepEqual(custom.perSample(tensor([[1, 2], [0, 0]]), tensor([[2, 2], [1, 1]])).arraySync(), [0.5, 1]);
});

test("an unknown name lists the known ones", () => {
  assert.throws(() => getLoss("crossentropy"), (e: unknown) => e instanceof ArgumentError && /unknown loss "crossentropy"; known: .*sparseCategoricalCrossentropy/.test(e.message));
});

test("reduceLoss divides the weighted sum by the batch size (Keras sum_over_batch_size)", () => {
  assertClose(reduceLoss(tensor([1, 3])).item(), 2);
  assertClose(reduceLoss(tensor([1, 3]), tensor([1, 0])).item(), 0.5);
  assertClose(reduceLoss(tensor([1, 3]), tensor([[2], [1]])).item(), 2.5);
  assert.throws(() => reduceLoss(tensor([1, 3]), tensor([1, 2, 3])), /sample weights must have shape \[2\] \(one weight per sample\), got \[3\]/);
});

test("perSample has shape [batch] for every loss (the contract fit relies on)", () => {
  const y = tensor([[[0.2, 0.8], [0.5, 0.5], [1, 0]], [[0, 1], [0.3, 0.7], [0.6, 0.4]]]);
  const p = tensor([[[0.3, 0.7], [0.4, 0.6], [0.9, 0.1]], [[0.2, 0.8], [0.5, 0.5], [0.1, 0.9]]]);
  for (const name of ["mse", "mae", "mape", "msle", "huber", "logcosh", "binaryCrossentropy", "categoricalCrossentropy", "hinge", "squaredHinge", "kld", "poisson", "cosineSimilarity"]) {
    assert.deepEqual(getLoss(name).perSample(y, p).shape, [2], name);
  }
  assert.deepEqual(getLoss("sparseCategoricalCrossentropy").perSample(tensor([[0, 1, 1], [1, 0, 0]]), p).shape, [2]);
});

test("loss classes with options are top-level exports, as in keras.losses", () => {
  const logits = tensor([[2, -1, 0.5]]);
  const labels = tensor([0], "int32");
  const fromLogits = new SparseCategoricalCrossentropy({ fromLogits: true }).call(labels, logits);
  assertClose(fromLogits.arraySync(), sparseCategoricalCrossentropy(labels, logits, { fromLogits: true }).arraySync());
  assert.equal(new BinaryCrossentropy({ fromLogits: true, labelSmoothing: 0.1 }).getConfig().fromLogits, true);
  for (const cls of [MeanSquaredError, MeanAbsoluteError, Huber, CategoricalCrossentropy, KLDivergence, CosineSimilarity]) assert.equal(typeof cls, "function");
});

test("a loss class refuses options it does not know, by name, at its first use", () => {
  const labels = tensor([0], "int32");
  const logits = tensor([[2, -1, 0.5]]);
  assert.throws(() => new SparseCategoricalCrossentropy({ from_logits: true } as never).compute(labels, logits), (e: unknown) => e instanceof ArgumentError && /SparseCategoricalCrossentropy: unknown option "from_logits"; did you mean fromLogits\?/.test(e.message));
  assert.throws(() => new Huber({ delt: 2 } as never).compute(tensor([[1]]), tensor([[2]])), /Huber: unknown option "delt"; did you mean delta\?/);
  assert.ok(Number.isFinite(new Huber({ delta: 2, name: "h" }).compute(tensor([[1]]), tensor([[2]])).item()));
});
