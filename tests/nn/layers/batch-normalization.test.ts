import { test } from "node:test";
import assert from "node:assert/strict";
import { ArgumentError, BatchNormalization, Constant, Dense, gradient, sequential, tensor, type Tensor } from "../../../kernel/src/index.js";
import { assertClose, randomF64 } from "../../helpers/gradcheck.js";
import { checkConfigRoundTrip, checkLayerGrads, run } from "../../helpers/layers.js";

/** Per-column mean and biased variance of a [n, c] array, in float64. */
function columnStats(rows: number[][]): { mean: number[]; variance: number[] } {
  const n = rows.length;
  const mean = rows[0]!.map((_, j) => rows.reduce((s, r) => s + r[j]!, 0) / n);
  const variance = rows[0]!.map((_, j) => rows.reduce((s, r) => s + (r[j]! - mean[j]!) ** 2, 0) / n);
  return { mean, variance };
}

function normalise(rows: number[][], mean: number[], variance: number[], gamma: number[], beta: number[], eps: number): number[][] {
  return rows.map((r) => r.map((v, j) => (gamma[j]! * (v - mean[j]!)) / Math.sqrt(variance[j]! + eps) + beta[j]!));
}

const rowsOf = (t: Tensor) => t.arraySync() as number[][];

test("Keras defaults: gamma ones, beta zeros, moving mean zeros, moving variance ones; moving stats non-trainable", () => {
  const bn = new BatchNormalization();
  run(bn, tensor([[1, 2, 3]]));
  assert.deepEqual(bn.weights.map((w) => w.name), [`${bn.name}/gamma`, `${bn.name}/beta`, `${bn.name}/moving_mean`, `${bn.name}/moving_variance`]);
  assert.deepEqual(bn.getWeights().map((w) => w.arraySync()), [[1, 1, 1], [0, 0, 0], [0, 0, 0], [1, 1, 1]]);
  assert.deepEqual(bn.trainableWeights, [bn.gamma, bn.beta]);
  assert.deepEqual(bn.nonTrainableWeights, [bn.movingMean, bn.movingVariance]);
  assert.equal(bn.countParams(), 12);
  const c = bn.getConfig();
  assert.equal(c.axis, -1);
  assert.equal(c.momentum, 0.99);
  assert.equal(c.epsilon, 1e-3);
  assert.equal(c.center, true);
  assert.equal(c.scale, true);
});

test("training mode normalises with the batch statistics (biased variance); inference with the moving ones", () => {
  const bn = new BatchNormalization({ dtype: "float64" });
  const x = randomF64([6, 3], 1, -2, 3);
  run(bn, x); // build
  const gamma = [1.5, 0.5, -1];
  const beta = [0.1, -0.2, 0.3];
  const movingMean = [0.5, -0.5, 1];
  const movingVariance = [2, 0.5, 1.5];
  bn.setWeights([tensor(gamma, "float64"), tensor(beta, "float64"), tensor(movingMean, "float64"), tensor(movingVariance, "float64")]);
  const rows = rowsOf(x);
  const { mean, variance } = columnStats(rows);
  assertClose(run(bn, x, { training: true }).arraySync(), normalise(rows, mean, variance, gamma, beta, 1e-3), 1e-12);
  // Inference uses the moving statistics (after the one training step above).
  const mm = movingMean.map((m, j) => m * 0.99 + mean[j]! * 0.01);
  const mv = movingVariance.map((v, j) => v * 0.99 + variance[j]! * 0.01);
  assertClose(run(bn, x).arraySync(), normalise(rows, mm, mv, gamma, beta, 1e-3), 1e-12);
  assertClose(run(bn, x, { training: false }).arraySync(), normalise(rows, mm, mv, gamma, beta, 1e-3), 1e-12);
  // In training the output has per-feature mean beta and std ≈ |gamma|.
  const out = columnStats(rowsOf(run(bn, x, { training: true })));
  assertClose(out.mean, beta, 1e-12);
});

test("the moving statistics after N training steps follow moving = moving·momentum + batch·(1 − momentum)", () => {
  for (const momentum of [0.99, 0.9, 0.5]) {
    const bn = new BatchNormalization({ momentum, dtype: "float64" });
    let mm = [0, 0];
    let mv = [1, 1];
    for (let step = 0; step < 7; step++) {
      const x = randomF64([5, 2], 10 + step, -1 + step, 2 + step);
      run(bn, x, { training: true });
      const { mean, variance } = columnStats(rowsOf(x));
      mm = mm.map((m, j) => m * momentum + mean[j]! * (1 - momentum));
      mv = mv.map((v, j) => v * momentum + variance[j]! * (1 - momentum));
      // Inference calls leave them alone.
      run(bn, x);
    }
    assertClose(bn.movingMean.value.arraySync(), mm, 1e-13);
    assertClose(bn.movingVariance.value.arraySync(), mv, 1e-13);
  }
});

test("axis picks the feature axis: for [batch, C, H, W] with axis 1 the statistics run over batch, H, W", () => {
  const bn = new BatchNormalization({ axis: 1, center: false, scale: false, dtype: "float64" });
  const x = randomF64([2, 3, 2, 2], 3);
  const y = run(bn, x, { training: true }).arraySync() as number[][][][];
  const v = x.arraySync() as number[][][][];
  for (let c = 0; c < 3; c++) {
    const values = v.flatMap((s) => s[c]!.flat());
    const mean = values.reduce((a, b) => a + b) / values.length;
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
    for (let b = 0; b < 2; b++) assertClose(y[b]![c], v[b]![c]!.map((row) => row.map((e) => (e - mean) / Math.sqrt(variance + 1e-3))), 1e-12);
  }
  assert.deepEqual(bn.movingMean.shape, [3]);
  assert.equal(bn.trainableWeights.length, 0, "center and scale off: no trainable weights");
});

test("gradients with respect to the input, gamma and beta, in training and in inference", () => {
  const make = (config = {}) => {
    const bn = new BatchNormalization({ ...config, dtype: "float64", gammaInitializer: "randomUniform", betaInitializer: "randomNormal", movingVarianceInitializer: new Constant({ value: 1.7 }) });
    return bn;
  };
  checkLayerGrads(make(), randomF64([5, 3], 1), { training: true });
  checkLayerGrads(make(), randomF64([5, 3], 2), { training: false });
  checkLayerGrads(make({ axis: 1 }), randomF64([2, 3, 2], 3), { training: true });
});

test("the moving-statistics update is safe inside a gradient computation", () => {
  const bn = new BatchNormalization({ momentum: 0.5, dtype: "float64" });
  const x = randomF64([4, 2], 5);
  const c = randomF64([4, 2], 6);
  const y = run(bn, x, { training: true });
  const [dx, dGamma, dBeta] = gradient(y.mul(c).sum(), [x, bn.gamma!, bn.beta!]);
  // The moving statistics are plain values (no graph behind them)…
  assert.equal(bn.movingMean.value.node?.inputs.length, 0);
  assert.equal(bn.movingVariance.value.node?.inputs.length, 0);
  // …and hold the formula's numbers.
  const { mean, variance } = columnStats(rowsOf(x));
  assertClose(bn.movingMean.value.arraySync(), mean.map((m) => m * 0.5), 1e-14);
  assertClose(bn.movingVariance.value.arraySync(), variance.map((v) => 0.5 + v * 0.5), 1e-14);
  // dβ = Σ c over the batch; the input gradient of a normalisation sums to 0 per feature when c is constant.
  const cRows = rowsOf(c);
  assertClose(dBeta!.arraySync(), [0, 1].map((j) => cRows.reduce((s, r) => s + r[j]!, 0)), 1e-12);
  assert.deepEqual(dx!.shape, [4, 2]);
  assert.deepEqual(dGamma!.shape, [2]);
  const [dxConstant] = gradient(run(bn, x, { training: true }).sum(), [x]);
  for (const v of dxConstant!.dataSync()) assert.ok(Math.abs(v) < 1e-12);
});

test("trainable = false runs in inference mode even with training true (Keras 3)", () => {
  const bn = new BatchNormalization({ dtype: "float64" });
  const x = randomF64([4, 2], 7, 3, 5);
  run(bn, x);
  bn.trainable = false;
  const y = run(bn, x, { training: true });
  assertClose(y.arraySync(), rowsOf(x).map((r) => r.map((v) => v / Math.sqrt(1 + 1e-3))), 1e-12);
  assert.deepEqual(bn.movingMean.value.arraySync(), [0, 0]);
  assert.deepEqual(bn.trainableWeights, []);
});

test("BatchNormalization in a sequential model; its config round-trips", () => {
  const m = sequential([new Dense({ units: 4, inputShape: [3] }), new BatchNormalization(), new Dense({ units: 1 })]);
  assert.deepEqual(m.layers.map((l) => l.outputShape), [[null, 4], [null, 4], [null, 1]]);
  assert.equal(m.countParams(), 16 + 16 + 5);
  assert.equal(m.trainableWeights.length, 6);
  assert.equal(m.nonTrainableWeights.length, 2);
  checkConfigRoundTrip(new BatchNormalization({ axis: 1, momentum: 0.9, epsilon: 1e-5, center: false, gammaRegularizer: "l2", gammaConstraint: "nonNeg", movingVarianceInitializer: "ones" }));
  checkConfigRoundTrip(new BatchNormalization());
});

test("bad configs and inputs name the layer and the fix", () => {
  const is = (re: RegExp) => (e: unknown) => e instanceof ArgumentError && re.test(e.message);
  assert.throws(() => new BatchNormalization({ momentum: 1.5 }), is(/BatchNormalization: momentum must be in \[0, 1\] \(Keras default 0.99\), got 1.5/));
  assert.throws(() => new BatchNormalization({ epsilon: 0 }), is(/BatchNormalization: epsilon must be a positive number/));
  assert.throws(() => new BatchNormalization({ axis: 0.5 }), is(/BatchNormalization: axis must be an integer/));
  assert.throws(() => run(new BatchNormalization({ axis: 2 }), tensor([[1, 2]])), is(/batch_normalization(_\d+)?: axis 2 is out of range for inputs of shape \[1, 2\]/));
  assert.throws(() => run(new BatchNormalization({ axis: 0 }), tensor([[1, 2]])), is(/axis 0 is the batch axis; normalise over a feature axis/));
  const bn = new BatchNormalization();
  run(bn, tensor([[1, 2, 3]]));
  assert.throws(() => run(bn, tensor([[1, 2]])), is(/batch_normalization(_\d+)?: the layer was built for inputs of rank 2 with 3 features on axis -1, got shape \[1, 2\]/));
});
