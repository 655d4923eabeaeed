import { test } from "node:test";
import assert from "node:assert/strict";
import { ArgumentError, Dense, LayerNormalization, input, model, tensor, type SymbolicTensor } from "../../../kernel/src/index.js";
import { assertClose, randomF64 } from "../../helpers/gradcheck.js";
import { checkConfigRoundTrip, checkLayerGrads, run } from "../../helpers/layers.js";

function normaliseRow(row: number[], eps: number): number[] {
  const mean = row.reduce((a, b) => a + b) / row.length;
  const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / row.length;
  return row.map((v) => (v - mean) / Math.sqrt(variance + eps));
}

test("each sample is normalised over the last axis with its own mean and biased variance (epsilon 1e-3)", () => {
  const layer = new LayerNormalization({ dtype: "float64" });
  const x = randomF64([4, 5], 1, -3, 3);
  const rows = x.arraySync() as number[][];
  assertClose(run(layer, x).arraySync(), rows.map((r) => normaliseRow(r, 1e-3)), 1e-12);
  // Same in training: no batch statistics.
  assertClose(run(layer, x, { training: true }).arraySync(), rows.map((r) => normaliseRow(r, 1e-3)), 1e-12);
  assert.deepEqual(layer.weights.map((w) => w.shape), [[5], [5]]);
  assert.deepEqual(layer.getWeights().map((w) => w.arraySync()), [[1, 1, 1, 1, 1], [0, 0, 0, 0, 0]]);
});

test("gamma and beta scale and shift per feature; several axes normalise jointly", () => {
  const layer = new LayerNormalization({ epsilon: 1e-5, dtype: "float64" });
  const x = randomF64([3, 4], 2);
  run(layer, x);
  const gamma = [2, -1, 0.5, 1];
  const beta = [0, 1, -1, 0.5];
  layer.setWeights([tensor(gamma, "float64"), tensor(beta, "float64")]);
  const expected = (x.arraySync() as number[][]).map((r) => normaliseRow(r, 1e-5).map((v, j) => gamma[j]! * v + beta[j]!));
  assertClose(run(layer, x).arraySync(), expected, 1e-12);

  const joint = new LayerNormalization({ axis: [-2, -1], center: false, dtype: "float64" });
  const x3 = randomF64([2, 3, 2], 3);
  const y = run(joint, x3).arraySync() as number[][][];
  (x3.arraySync() as number[][][]).forEach((sample, b) => {
    const flat = normaliseRow(sample.flat(), 1e-3);
    assertClose(y[b]!.flat(), flat, 1e-12);
  });
  assert.deepEqual(joint.weights.map((w) => w.shape), [[3, 2]], "gamma has the sizes of the normalised axes; no beta");
});

test("gradients with respect to the input, gamma and beta", () => {
  const make = (config = {}) => new LayerNormalization({ ...config, gammaInitializer: "randomNormal", betaInitializer: "randomUniform", dtype: "float64" });
  checkLayerGrads(make(), randomF64([3, 4], 4));
  checkLayerGrads(make({ axis: [1, 2] }), randomF64([2, 2, 3], 5));
  checkLayerGrads(make({ axis: 1 }), randomF64([2, 3, 2], 6));
});

test("LayerNormalization composes in a functional model (a residual block)", () => {
  const x = input({ shape: [4] });
  const h = new Dense({ units: 4 }).apply(x) as SymbolicTensor;
  const y = new LayerNormalization().apply(h) as SymbolicTensor;
  const m = model({ inputs: x, outputs: y });
  assert.deepEqual(m.layers.map((l) => [l.className, l.outputShape]), [["Dense", [null, 4]], ["LayerNormalization", [null, 4]]]);
  assert.equal(m.countParams(), 20 + 8);
  const out = run(m, tensor([[1, 2, 3, 4], [4, 3, 2, 1]])).arraySync() as number[][];
  for (const row of out) assertClose(row.reduce((a, b) => a + b) / 4, 0, 1e-6);
});

test("LayerNormalization's config round-trips; bad configs name the layer and the fix", () => {
  checkConfigRoundTrip(new LayerNormalization({ axis: [1, 2], epsilon: 1e-6, scale: false, betaRegularizer: "l1" }));
  checkConfigRoundTrip(new LayerNormalization());
  const is = (re: RegExp) => (e: unknown) => e instanceof ArgumentError && re.test(e.message);
  assert.throws(() => new LayerNormalization({ axis: [] }), is(/LayerNormalization: axis must be an integer or a non-empty list of integers/));
  assert.throws(() => new LayerNormalization({ epsilon: -1 }), is(/LayerNormalization: epsilon must be a positive number \(Keras default 1e-3\)/));
  assert.throws(() => run(new LayerNormalization({ axis: 3 }), tensor([[1, 2]])), is(/layer_normalization(_\d+)?: axis 3 is out of range for inputs of shape \[1, 2\]/));
  assert.throws(() => run(new LayerNormalization({ axis: 0 }), tensor([[1, 2]])), is(/axis 0 is the batch axis; layer normalisation is per sample/));
  const layer = new LayerNormalization();
  run(layer, tensor([[1, 2, 3]]));
  assert.throws(() => run(layer, tensor([[1, 2]])), is(/the layer was built for inputs of shape \[batch, 3\], got \[1, 2\]/));
});
