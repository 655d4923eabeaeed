import { test } from "node:test";
import assert from "node:assert/strict";
import { ArgumentError, Dense, tensor } from "../../../kernel/src/index.js";
import { assertClose, randomF64 } from "../../helpers/gradcheck.js";
import { checkConfigRoundTrip, checkLayerGrads, run } from "../../helpers/layers.js";

test("Dense computes activation(x·kernel + bias) over the last axis", () => {
  const layer = new Dense({ units: 2, activation: "tanh", dtype: "float64" });
  const x = [[1, 2, 3], [-1, 0, 0.5]];
  run(layer, tensor(x, "float64"));
  const kernel = [[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]];
  const bias = [0.05, -0.05];
  layer.setWeights([tensor(kernel, "float64"), tensor(bias, "float64")]);
  const expected = x.map((row) => [0, 1].map((j) => Math.tanh(row.reduce((s, v, i) => s + v * kernel[i]![j]!, bias[j]!))));
  assertClose(run(layer, tensor(x, "float64")).arraySync(), expected, 1e-14);
  // Rank 3 inputs: the same map on every position.
  const y3 = run(layer, tensor([x, x], "float64"));
  assert.deepEqual(y3.shape, [2, 2, 2]);
  assertClose(y3.arraySync(), [expected, expected], 1e-14);
});

test("Dense's gradients with respect to the input, kernel and bias", () => {
  checkLayerGrads(new Dense({ units: 3, activation: "sigmoid", dtype: "float64" }), randomF64([4, 2], 1));
  checkLayerGrads(new Dense({ units: 2, useBias: false, dtype: "float64" }), randomF64([2, 3, 2], 2));
});

test("Dense's config round-trips", () => {
  checkConfigRoundTrip(new Dense({ units: 4, activation: "relu", useBias: false, kernelInitializer: "heNormal", kernelRegularizer: "l2", kernelConstraint: "maxNorm" }));
  checkConfigRoundTrip(new Dense({ units: 1, inputShape: [3] }));
});

test("bad Dense configs and inputs name the layer and the fix", () => {
  const is = (re: RegExp) => (e: unknown) => e instanceof ArgumentError && re.test(e.message);
  assert.throws(() => new Dense({ units: 0 }), is(/Dense: units must be a positive integer, got 0/));
  assert.throws(() => new Dense({ units: 2.5 }), is(/Dense: units must be a positive integer, got 2.5/));
  const layer = new Dense({ units: 2 });
  run(layer, tensor([[1, 2, 3]]));
  assert.throws(() => run(layer, tensor([[1, 2]])), is(/dense(_\d+)?: expected inputs with last axis 3, got shape \[1, 2\]/));
});
