// Helpers for layer tests: gradient checks with respect to inputs AND weights (central
// differences in float64), and the config round trip that save/load relies on.
import assert from "node:assert/strict";
import { gradient, layerFromConfig, tensor, type Layer, type Tensor } from "../../kernel/src/index.js";
import { numericalGrads, randomF64 } from "./gradcheck.js";

export interface LayerGradOptions {
  training?: boolean;
  tolerance?: number;
  eps?: number;
  /** Check only these inputs (by position); default all. Integer inputs (Embedding) are never checked. */
  checkInputs?: boolean;
}

/**
 * Checks d sum(c ⊙ layer(inputs)) / d(inputs, weights) for random coefficients c (so that
 * layers whose outputs sum to a constant, like Softmax or normalisations, are still tested).
 * The layer must be float64 (`dtype: "float64"`) and the inputs float64 tensors. The
 * weights are restored afterwards.
 */
export function checkLayerGrads(layer: Layer, inputs: Tensor | Tensor[], { training = false, tolerance = 1e-6, eps = 1e-6, checkInputs = true }: LayerGradOptions = {}): void {
  const many = Array.isArray(inputs);
  const xs = many ? inputs : [inputs];
  const run = (values: Tensor[]) => layer.apply(many ? values : values[0]!, { training }) as Tensor;
  const shape = [...run(xs).shape];
  const coefficients = randomF64(shape, 4242, 0.5, 1.5);
  const weights = layer.trainableWeights;
  for (const w of weights) assert.equal(w.dtype, "float64", `weight ${w.name} must be float64 for a gradient check (make the layer with dtype: "float64")`);
  const differentiable = checkInputs ? xs.filter((x) => x.dtype === "float64") : [];
  const saved = weights.map((w) => tensor(w.value.dataSync(), { shape: [...w.shape], dtype: "float64" }));

  const loss = run(xs).mul(coefficients).sum();
  const analytic = gradient(loss, [...differentiable, ...weights]).map((g) => g.dataSync());

  const f = (...args: Tensor[]) => {
    const inputValues = xs.map((x) => (differentiable.includes(x) ? args[differentiable.indexOf(x)]! : x));
    weights.forEach((w, i) => w.assign(args[differentiable.length + i]!));
    return run(inputValues).mul(coefficients);
  };
  const numeric = numericalGrads(f, [...differentiable, ...saved], eps);
  weights.forEach((w, i) => w.assign(saved[i]!));

  const names = [...differentiable.map((_, i) => `input ${i}`), ...weights.map((w) => `weight ${w.name}`)];
  analytic.forEach((a, k) => {
    assert.equal(a.length, numeric[k]!.length, `${names[k]}: gradient has the wrong size`);
    for (let i = 0; i < a.length; i++) {
      const expected = numeric[k]![i]!;
      const error = Math.abs(a[i]! - expected) / Math.max(1, Math.abs(expected));
      assert.ok(error <= tolerance, `${layer.name}: gradient of ${names[k]} at ${i}: autograd ${a[i]}, finite differences ${expected} (error ${error})`);
    }
  });
}

/**
 * getConfig → JSON → layerFromConfig → getConfig gives the same config (and the same class).
 * Returns the rebuilt layer.
 */
export function checkConfigRoundTrip(layer: Layer): Layer {
  const saved = JSON.parse(JSON.stringify({ className: layer.className, config: layer.getConfig() }));
  const loaded = layerFromConfig(saved);
  assert.equal(loaded.className, layer.className);
  assert.deepEqual(JSON.parse(JSON.stringify(loaded.getConfig())), saved.config, `${layer.className}: the config changed in a round trip`);
  return loaded;
}

/** A float64 reference: applies f to every element of a nested array. */
export function mapNested(values: unknown, f: (v: number) => number): unknown {
  return Array.isArray(values) ? values.map((v) => mapNested(v, f)) : f(values as number);
}

/** Calls a single-output layer on real tensors and returns the tensor (typed). */
export function run(layer: Layer, inputs: Parameters<Layer["apply"]>[0] & object, options: { training?: boolean } = {}): Tensor {
  const out = layer.apply(inputs as Tensor, options);
  assert.ok(!Array.isArray(out), `${layer.name}: expected one output`);
  return out as Tensor;
}
