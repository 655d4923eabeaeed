import { test } from "node:test";
import assert from "node:assert/strict";
import { ExponentialDecay, PolynomialDecay, InverseTimeDecay, CosineDecay, PiecewiseConstantDecay, linearDecay, exponentialDecay, ArgumentError } from "../../kernel/src/index.js";

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) <= 1e-12 * (1 + Math.abs(b)), `${a} vs ${b}`);

test("exponential decay, continuous and staircase", () => {
  const s = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
  close(s.at(0), 0.1);
  close(s.at(5), 0.1 * 0.5 ** 0.5);
  close(new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true }).at(15), 0.05);
});

test("polynomial decay with and without cycle", () => {
  const s = new PolynomialDecay({ initialLearningRate: 1, decaySteps: 10, endLearningRate: 0.1, power: 2 });
  close(s.at(5), 0.9 * 0.25 + 0.1);
  close(s.at(20), 0.1);
  const c = new PolynomialDecay({ initialLearningRate: 1, decaySteps: 10, endLearningRate: 0, cycle: true });
  close(c.at(15), 1 - 15 / 20);
  close(c.at(0), 1);
});

test("inverse time, cosine with and without warm-up, piecewise constant", () => {
  close(new InverseTimeDecay({ initialLearningRate: 1, decaySteps: 2, decayRate: 0.5 }).at(4), 1 / 2);
  close(new InverseTimeDecay({ initialLearningRate: 1, decaySteps: 2, decayRate: 0.5, staircase: true }).at(3), 1 / 1.5);
  const cos = new CosineDecay({ initialLearningRate: 1, decaySteps: 10, alpha: 0.1 });
  close(cos.at(5), 0.9 * 0.5 + 0.1);
  close(cos.at(50), 0.1);
  const warm = new CosineDecay({ initialLearningRate: 0, decaySteps: 10, warmupTarget: 1, warmupSteps: 4 });
  close(warm.at(2), 0.5);
  close(warm.at(4), 1);
  close(warm.at(9), 0.5);
  const pw = new PiecewiseConstantDecay({ boundaries: [10, 20], values: [1, 0.5, 0.1] });
  assert.deepEqual([pw.at(0), pw.at(10), pw.at(11), pw.at(20), pw.at(21)], [1, 1, 0.5, 0.5, 0.1]);
  assert.throws(() => new PiecewiseConstantDecay({ boundaries: [1], values: [1] }), ArgumentError);
});

test("the lecture's linear and exponential decay formulas", () => {
  const lin = linearDecay(0.2, 100);
  for (const t of [0, 25, 99, 100, 150]) close(lin.at(t), 0.2 * (1 - Math.min(t, 100) / 100));
  const exp = exponentialDecay(0.2, 50);
  for (const t of [0, 10, 50, 200]) close(exp.at(t), 0.2 * Math.exp(-t / 50));
});

test("a schedule can be plotted as an SVG with a text fallback", () => {
  const bundle = (linearDecay(0.1, 10).plot(20) as Record<symbol, () => Record<string, string>>)[Symbol.for("gradbook.mimebundle")]!();
  assert.match(bundle["image/svg+xml"]!, /^<svg[^>]*>.*<path d="M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){19}"/);
  assert.match(bundle["text/plain"]!, /PolynomialDecay over 20 steps: 0.1 → 0/);
});
