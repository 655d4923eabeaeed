import { test } from "node:test";
import assert from "node:assert/strict";
import { ArgumentError, Constant, ELU, LeakyReLU, PReLU, RandomUniform, ReLU, Softmax, gradient, input, model, Dense, tensor, type SymbolicTensor } from "../../../kernel/src/index.js";
import { assertClose, randomF64 } from "../../helpers/gradcheck.js";
import { checkConfigRoundTrip, checkLayerGrads, mapNested, run } from "../../helpers/layers.js";

const x = [[-3, -1, -0.25, 0], [0.3, 0.75, 2, 7]];
const f64 = (v: unknown) => tensor(v as number[][], "float64");

test("ReLU: Keras's piecewise definition with maxValue, negativeSlope and threshold", () => {
  assertClose(run(new ReLU({ dtype: "float64" }), f64(x)).arraySync(), mapNested(x, (v) => Math.max(v, 0)), 0);
  const options = [
    { maxValue: 6 },
    { negativeSlope: 0.1 },
    { threshold: 0.5 },
    { maxValue: 1.5, negativeSlope: 0.2, threshold: 0.5 },
  ];
  for (const o of options) {
    const max = o.maxValue ?? Infinity;
    const slope = o.negativeSlope ?? 0;
    const threshold = o.threshold ?? 0;
    const reference = (v: number) => (v >= max ? max : v >= threshold ? v : slope * (v - threshold));
    const layer = new ReLU({ ...o, dtype: "float64" });
    assertClose(run(layer, f64(x)).arraySync(), mapNested(x, reference), 1e-15);
    checkLayerGrads(layer, randomF64([3, 5], 2, -3, 3));
  }
});

test("LeakyReLU: Keras 3's default slope is 0.3", () => {
  const layer = new LeakyReLU({ dtype: "float64" });
  assertClose(run(layer, f64(x)).arraySync(), mapNested(x, (v) => (v >= 0 ? v : 0.3 * v)), 1e-15);
  assertClose(run(new LeakyReLU({ negativeSlope: 0.01, dtype: "float64" }), f64(x)).arraySync(), mapNested(x, (v) => (v >= 0 ? v : 0.01 * v)), 1e-15);
  assert.equal(new LeakyReLU({ alpha: 0.2 }).negativeSlope, 0.2, "Keras 2's alpha is accepted");
  checkLayerGrads(layer, randomF64([2, 6], 3));
});

test("ELU: x for x > 0, alpha·(eˣ − 1) otherwise", () => {
  for (const alpha of [1, 0.5]) {
    const layer = new ELU({ alpha, dtype: "float64" });
    assertClose(run(layer, f64(x)).arraySync(), mapNested(x, (v) => (v > 0 ? v : alpha * (Math.exp(v) - 1))), 1e-12);
    checkLayerGrads(layer, randomF64([2, 5], 4, -2, 2));
  }
});

test("Softmax over the last axis, another axis, or several axes jointly", () => {
  const values = [[[1, 2, 0], [-1, 0.5, 3]], [[0, 0, 0], [2, -2, 1]]];
  const t = tensor(values, "float64");
  const e = mapNested(values, Math.exp) as number[][][];
  // axis −1
  const last = e.map((m) => m.map((row) => row.map((v) => v / row.reduce((a, b) => a + b))));
  assertClose(run(new Softmax({ dtype: "float64" }), t).arraySync(), last, 1e-12);
  // axis 1
  const mid = e.map((m) => m.map((row) => row.map((v, j) => v / (m[0]![j]! + m[1]![j]!))));
  assertClose(run(new Softmax({ axis: 1, dtype: "float64" }), t).arraySync(), mid, 1e-12);
  // axes [1, 2]: one distribution per sample
  const joint = e.map((m) => {
    const s = m.flat().reduce((a, b) => a + b);
    return m.map((row) => row.map((v) => v / s));
  });
  assertClose(run(new Softmax({ axis: [1, 2], dtype: "float64" }), t).arraySync(), joint, 1e-12);
  for (const axis of [-1, 1, [1, 2]]) checkLayerGrads(new Softmax({ axis, dtype: "float64" }), randomF64([2, 3, 4], 5, -2, 2));
  assert.throws(() => run(new Softmax({ axis: 3 }), tensor([[1, 2]])), (e2: unknown) => e2 instanceof ArgumentError && /softmax(_\d+)?: axis 3 is out of range for an input of rank 2/.test(e2.message));
});

test("PReLU: the slope alpha is a trainable weight, zeros by default (starts as a ReLU)", () => {
  const layer = new PReLU({ dtype: "float64" });
  assertClose(run(layer, f64(x)).arraySync(), mapNested(x, (v) => Math.max(v, 0)), 0);
  assert.deepEqual(layer.alpha.shape, [4]);
  assert.deepEqual(layer.trainableWeights, [layer.alpha]);
  assert.equal(layer.countParams(), 4);
  const alpha = [0.1, 0.2, 0.3, 0.4];
  layer.setWeights([tensor(alpha, "float64")]);
  assertClose(run(layer, f64(x)).arraySync(), x.map((row) => row.map((v, j) => (v > 0 ? v : alpha[j]! * v))), 1e-15);
});

test("PReLU's gradients with respect to the input and to alpha (per feature and shared)", () => {
  const init = new RandomUniform({ minval: 0, maxval: 0.5, seed: 1 });
  checkLayerGrads(new PReLU({ alphaInitializer: init, dtype: "float64" }), randomF64([3, 4], 6));
  const shared = new PReLU({ alphaInitializer: init, sharedAxes: [1, 2], dtype: "float64" });
  checkLayerGrads(shared, randomF64([2, 3, 2, 2], 7));
  assert.deepEqual(shared.alpha.shape, [1, 1, 2], "one slope per channel");
  // Hand check: d/dalpha of sum(prelu(x)) is the sum of the negative inputs sharing that slope.
  const p = new PReLU({ alphaInitializer: new Constant({ value: 0.25 }), sharedAxes: 1, dtype: "float64" });
  const input2 = tensor([[[-1, 2], [-3, -4]]], "float64");
  const [dAlpha] = gradient(run(p, input2).sum(), [p.alpha]);
  assertClose(dAlpha!.arraySync(), [[-4, -4]], 1e-15);
});

test("PReLU learns in a functional model: the gradient reaches alpha", () => {
  const inp = input({ shape: [3] });
  const prelu = new PReLU({ alphaInitializer: new Constant({ value: 0.1 }) });
  const out = prelu.apply(new Dense({ units: 3, kernelInitializer: "identity" }).apply(inp) as SymbolicTensor) as SymbolicTensor;
  const m = model({ inputs: inp, outputs: out });
  assert.deepEqual(m.layers.map((l) => l.outputShape), [[null, 3], [null, 3]]);
  const y = run(m, tensor([[-1, 2, -3]]));
  assertClose(y.arraySync(), [[-0.1, 2, -0.3]], 1e-6);
  const grads = gradient(y.sum(), [prelu.alpha]);
  assertClose(grads[0]!.arraySync(), [-1, 0, -3], 1e-6);
});

test("activation layers' configs round-trip through the layer registry", () => {
  checkConfigRoundTrip(new ReLU({ maxValue: 6, negativeSlope: 0.1, threshold: 0.5 }));
  checkConfigRoundTrip(new ReLU());
  checkConfigRoundTrip(new LeakyReLU({ negativeSlope: 0.2 }));
  checkConfigRoundTrip(new ELU({ alpha: 0.7 }));
  checkConfigRoundTrip(new Softmax({ axis: [1, 2] }));
  const p = checkConfigRoundTrip(new PReLU({ alphaInitializer: new Constant({ value: 0.25 }), sharedAxes: [1], alphaRegularizer: "l2", alphaConstraint: "nonNeg" })) as PReLU;
  run(p, tensor([[[-1, 2]]]));
  assertClose(p.alpha.value.arraySync(), [[0.25, 0.25]], 0);
  assert.deepEqual(new ReLU().getConfig().maxValue, null);
  assert.equal(new LeakyReLU().getConfig().negativeSlope, 0.3);
  assert.equal(new ELU().getConfig().alpha, 1);
});

test("bad activation-layer configs name the layer and the fix", () => {
  const is = (re: RegExp) => (e: unknown) => e instanceof ArgumentError && re.test(e.message);
  assert.throws(() => new ReLU({ maxValue: -1 }), is(/ReLU: maxValue must be ≥ 0, got -1; leave it out for no upper bound/));
  assert.throws(() => new ReLU({ negativeSlope: -0.1 }), is(/ReLU: negativeSlope must be ≥ 0/));
  assert.throws(() => new ReLU({ threshold: -1 }), is(/ReLU: threshold must be ≥ 0/));
  assert.throws(() => new LeakyReLU({ negativeSlope: -0.3 }), is(/LeakyReLU: negativeSlope must be ≥ 0, got -0.3; the Keras default is 0.3/));
  assert.throws(() => new ELU({ alpha: Number.NaN }), is(/ELU: alpha must be a finite number/));
  assert.throws(() => new Softmax({ axis: 1.5 }), is(/Softmax: axis must be an integer or a non-empty list of integers/));
  assert.throws(() => new PReLU({ sharedAxes: [0] }), is(/PReLU: sharedAxes are axes of the input counting the batch axis as 0, so each must be an integer ≥ 1/));
  assert.throws(() => run(new PReLU({ sharedAxes: [3] }), tensor([[1, 2]])), is(/p_re_lu(_\d+)?: sharedAxes \[3\] include axis 3, but the input has rank 2/));
  const p = new PReLU();
  run(p, tensor([[1, 2]]));
  assert.throws(() => run(p, tensor([[1, 2, 3]])), is(/p_re_lu(_\d+)?: the layer was built for samples of shape \[2\], got input shape \[1, 3\]/));
});
