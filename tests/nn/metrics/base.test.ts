import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, getLoss, metrics } from "../../../kernel/src/index.js";
import { assertClose } from "../../helpers/gradcheck.js";

test("Mean is a weighted running mean; 0 before any update; reset clears it", () => {
  const m = new metrics.Mean();
  assert.equal(m.result(), 0);
  m.updateState(tensor([1, 3]));
  m.updateState(5, 2);
  assertClose(m.result(), (1 + 3 + 10) / 4);
  m.updateState(tensor([[1, 1], [100, 100]]), tensor([1, 0]));
  assertClose(m.result(), (1 + 3 + 10 + 2) / 6);
  m.reset();
  assert.equal(m.result(), 0);
  assert.throws(() => m.updateState(tensor([1, 2, 3]), tensor([1, 2])), /mean: sample weights must have one weight per sample, shape \[3\], but got shape \[2\]/);
});

test("MeanMetricWrapper averages a per-sample function over batches with sample weights", () => {
  const m = new metrics.MeanMetricWrapper((t, p) => t.sub(p).abs().mean(-1), { name: "mae" });
  assert.equal(m.name, "mae");
  m.update(tensor([[1, 3]]), tensor([[0, 0]]), tensor([2])); // value 2, weight 2
  m.update(tensor([[0, 0], [1, 1]]), tensor([[1, 1], [1, 1]])); // values 1, 0, weights 1, 1
  assertClose(m.result(), (4 + 1 + 0) / 4);
  m.reset();
  m.update(tensor([[1]]), tensor([[1]]), tensor([0]));
  assert.equal(m.result(), 0, "all weights zero: 0, not NaN");
});

test("LossMean: the batch-size-weighted mean of Σ(w·loss)/batch, whether computed or recorded", () => {
  const m = new metrics.LossMean(getLoss("mse"));
  assert.equal(m.name, "loss");
  // Batch 1: per-sample [1, 4], weights [1, 0.5] → batch loss (1 + 2)/2 = 1.5 over 2 samples.
  m.update(tensor([[0], [0]]), tensor([[1], [2]]), tensor([1, 0.5]));
  // Batch 2: per-sample [9] → 9 over 1 sample.
  m.update(tensor([[0]]), tensor([[3]]));
  assertClose(m.result(), (1.5 * 2 + 9) / 3);
  const recorded = new metrics.LossMean(getLoss("mse"));
  recorded.updateState(1.5, 2);
  recorded.updateState(tensor(9), 1);
  assertClose(recorded.result(), m.result());
  m.reset();
  assert.equal(m.result(), 0);
  assert.deepEqual(m.getConfig(), { name: "loss", loss: { className: "MeanSquaredError", config: { name: "mean_squared_error" } } });
});
