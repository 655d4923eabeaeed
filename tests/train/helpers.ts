// Small, hand-checkable pieces for the training tests: a test-local MSE loss and MAE metric
// (so the tests do not depend on the losses engineer's numbers), a linear model with fixed
// weights, and float64 references.
import { Dense, sequential, tensor, type Loss, type Metric, type Sequential, type Tensor } from "../../kernel/src/index.js";

/** mean((y − ŷ)²) over the last axis, one value per sample. */
export class TestMSE implements Loss {
  readonly className = "TestMSE";
  readonly name = "test_mse";
  perSample(yTrue: Tensor, yPred: Tensor): Tensor {
    return yPred.sub(yTrue.cast(yPred.dtype)).square().mean(-1);
  }
  getConfig() {
    return {};
  }
}

/** Streaming weighted mean of |y − ŷ| (per sample: mean over the last axis). */
export class TestMAE implements Metric {
  readonly className = "TestMAE";
  total = 0;
  count = 0;
  constructor(readonly name = "test_mae") {}
  reset() {
    this.total = 0;
    this.count = 0;
  }
  update(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor) {
    const p = yPred.dataSync();
    const y = yTrue.dataSync();
    const w = sampleWeight?.dataSync();
    const n = yPred.shape[0]!;
    const c = yPred.size / n;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < c; k++) s += Math.abs(Number(p[i * c + k]) - Number(y[i * c + k]));
      const wi = w ? Number(w[i]) : 1;
      this.total += (s / c) * wi;
      this.count += wi;
    }
  }
  result() {
    return this.count === 0 ? 0 : this.total / this.count;
  }
  getConfig() {
    return {};
  }
}

/** Deterministic rows for x (n × d) and y (n × 1) as plain arrays. */
export function rows(n: number, d: number, offset = 0): { x: number[][]; y: number[][] } {
  const x = Array.from({ length: n }, (_, i) => Array.from({ length: d }, (_, j) => Math.sin(1.3 * (i + offset) + 0.7 * j) * 2));
  const y = x.map((r, i) => [r.reduce((a, b) => a + b, 0) * 0.5 + Math.cos(i + offset)]);
  return { x, y };
}

/** Dense(1) with fixed kernel and bias: ŷ = x·w + b. */
export function linearModel(w: number[], b: number): Sequential {
  const m = sequential([new Dense({ units: 1, inputShape: [w.length] })]);
  m.setWeights([tensor(w.map((v) => [v])), tensor([b])]);
  return m;
}

/** Per-sample squared errors of the linear model, in float64 (with float32 inputs, as the model sees them). */
export function linearSquaredErrors(x: number[][], y: number[][], w: number[], b: number): number[] {
  const f = Math.fround;
  return x.map((r, i) => {
    const pred = r.reduce((s, v, j) => s + f(v) * f(w[j]!), 0) + f(b);
    return (pred - f(y[i]![0]!)) ** 2;
  });
}

export const mean = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0) / v.length;

export function close(actual: number, expected: number, tolerance = 1e-5, what = "value"): void {
  if (!(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)))) {
    throw new Error(`${what}: expected ${expected}, got ${actual} (difference ${Math.abs(actual - expected)})`);
  }
}
