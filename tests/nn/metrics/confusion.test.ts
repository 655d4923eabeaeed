import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, metrics } from "../../../kernel/src/index.js";
import { randomF64, assertClose } from "../../helpers/gradcheck.js";

test("precision and recall, hand-computed, streaming with sample weights", () => {
  const p = new metrics.Precision();
  const r = new metrics.Recall();
  // Batch 1: labels 1 1 0 0, predictions 0.9 0.4 0.6 0.5 (0.5 is not > 0.5): TP 1, FN 1, FP 1, TN 1.
  for (const m of [p, r]) m.update(tensor([1, 1, 0, 0]), tensor([0.9, 0.4, 0.6, 0.5]));
  assertClose(p.result(), 1 / 2);
  assertClose(r.result(), 1 / 2);
  // Batch 2, weights 3 and 2: label 1 predicted 0.8 (TP 3), label 0 predicted 0.7 (FP 2).
  for (const m of [p, r]) m.update(tensor([[1], [0]]), tensor([[0.8], [0.7]]), tensor([3, 2]));
  assertClose(p.result(), (1 + 3) / (1 + 3 + 1 + 2));
  assertClose(r.result(), (1 + 3) / (1 + 3 + 1));
  // Multi-label: every element is a decision; the sample's weight applies to its elements.
  const multi = new metrics.Precision({ thresholds: 0.3 });
  multi.update(tensor([[1, 0, 1], [0, 0, 1]]), tensor([[0.4, 0.35, 0.1], [0.2, 0.9, 0.8]]), tensor([2, 1]));
  // TP: (0,0) w2, (1,2) w1 = 3; FP: (0,1) w2, (1,1) w1 = 3.
  assertClose(multi.result(), 3 / 6);
  assert.deepEqual(multi.getConfig(), { name: "precision", thresholds: 0.3 });
});

test("precision and recall are 0 for 0/0 (no predicted positives, no positives)", () => {
  const p = new metrics.Precision();
  const r = new metrics.Recall();
  assert.equal(p.result(), 0);
  assert.equal(r.result(), 0);
  p.update(tensor([1, 0]), tensor([0.1, 0.2]));
  r.update(tensor([0, 0]), tensor([0.9, 0.2]));
  assert.equal(p.result(), 0);
  assert.equal(r.result(), 0);
  p.reset();
  p.update(tensor([1]), tensor([0.9]));
  assert.equal(p.result(), 1);
});

/** The ROC AUC computed here directly: confusion counts at Keras's thresholds, then trapezoids. */
function referenceAuc(labels: number[], scores: number[], weights: number[], n = 200): number {
  const thresholds = [-1e-7, ...Array.from({ length: n - 2 }, (_, i) => (i + 1) / (n - 1)), 1 + 1e-7];
  const points = thresholds.map((t) => {
    let tp = 0, fp = 0, tn = 0, fn = 0;
    labels.forEach((l, i) => {
      const positive = scores[i]! > t;
      const w = weights[i]!;
      if (l && positive) tp += w;
      else if (l) fn += w;
      else if (positive) fp += w;
      else tn += w;
    });
    return { tpr: tp + fn === 0 ? 0 : tp / (tp + fn), fpr: fp + tn === 0 ? 0 : fp / (fp + tn) };
  });
  let area = 0;
  for (let i = 0; i < n - 1; i++) area += (points[i]!.fpr - points[i + 1]!.fpr) * (points[i]!.tpr + points[i + 1]!.tpr) / 2;
  return area;
}

test("AUC equals a trapezoid over Keras's 200 thresholds computed in the test, streamed over batches with weights", () => {
  const scores = Array.from(randomF64([60], 141, 0, 1).dataSync());
  // Labels correlated with the scores, with noise; include the extremes 0 and 1.
  scores[0] = 0;
  scores[1] = 1;
  const noise = Array.from(randomF64([60], 143, -0.4, 0.4).dataSync());
  const labels = scores.map((s, i) => (s + noise[i]! > 0.5 ? 1 : 0));
  const weights = Array.from(randomF64([60], 147, 0.2, 2).dataSync());
  const auc = new metrics.AUC();
  for (let b = 0; b < 60; b += 16) {
    const end = Math.min(60, b + 16);
    auc.update(tensor(labels.slice(b, end).map((l) => [l])), tensor(scores.slice(b, end).map((s) => [s]), "float64"), tensor(weights.slice(b, end), "float64"));
  }
  assertClose(auc.result(), referenceAuc(labels, scores, weights), 1e-12);
  const unweighted = new metrics.AUC({ numThresholds: 50 });
  unweighted.update(tensor(labels), tensor(scores, "float64"));
  assertClose(unweighted.result(), referenceAuc(labels, scores, labels.map(() => 1), 50), 1e-12);
});

test("AUC hand cases: perfect, reversed, uninformative, and before any update", () => {
  const perfect = new metrics.AUC();
  perfect.update(tensor([0, 0, 1, 1]), tensor([0.1, 0.3, 0.6, 0.9]));
  assertClose(perfect.result(), 1);
  const reversed = new metrics.AUC();
  reversed.update(tensor([1, 1, 0, 0]), tensor([0.1, 0.3, 0.6, 0.9]));
  assertClose(reversed.result(), 0);
  const flat = new metrics.AUC();
  flat.update(tensor([1, 0, 1, 0]), tensor([0.5, 0.5, 0.5, 0.5]));
  assertClose(flat.result(), 0.5);
  assert.equal(new metrics.AUC().result(), 0);
  const logits = new metrics.AUC({ fromLogits: true });
  logits.update(tensor([0, 1]), tensor([-3, 2]));
  assertClose(logits.result(), 1);
  assert.throws(() => new metrics.AUC({ curve: "PR" as "ROC" }), /AUC: curve "PR" is not supported; only "ROC" is/);
});
