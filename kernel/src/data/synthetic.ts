// Seeded synthetic datasets for the lectures: two moons, circles, blobs and spirals for
// classification; linear, polynomial and sine curves for regression. Same seed, same data.
import { tensorFromValues } from "../tensor/engine.js";
import { checkOptions, optionNames } from "../tensor/options.js";
import { ArgumentError } from "../tensor/errors.js";
import type { Tensor } from "../tensor/tensor.js";
import { resolveSeed, SeededRandom } from "./random.js";

/** Points and their labels: x float32 [n, features], y int32 [n] (classes) or float32 [n, 1] (regression). */
export interface SyntheticData {
  x: Tensor;
  y: Tensor;
}

export interface NoiseOptions {
  /** Standard deviation of the Gaussian noise added (default 0, or as each generator says). */
  noise?: number;
  /** Seed: the same seed gives the same points. */
  seed?: number;
}

const noiseOptionNames = optionNames<NoiseOptions>({ noise: true, seed: true });

/** Checks the sample count and refuses option names a generator does not know. */
function checkSamples(where: string, n: number, options: object, known: readonly string[], minimum = 1): void {
  checkOptions(where, options, known);
  if (!Number.isInteger(n) || n < minimum) throw new ArgumentError(`${where}: the number of samples must be an integer ≥ ${minimum}, got ${n}`);
}

function checkNoise(where: string, noise: number): void {
  if (!(noise >= 0)) throw new ArgumentError(`${where}: noise is a standard deviation and must be ≥ 0, got ${noise}`);
}

/** Evenly spaced values from start to stop inclusive, like np.linspace. */
function linspace(start: number, stop: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => (n === 1 ? start : start + ((stop - start) * i) / (n - 1)));
}

/** Builds labelled 2-D points, adds noise, and shuffles the rows together. */
function labelled(points: [number, number, number][], noise: number, random: SeededRandom, shuffle: boolean): SyntheticData {
  if (shuffle) random.shuffle(points);
  const x = new Float32Array(points.length * 2);
  const y = new Int32Array(points.length);
  points.forEach(([a, b, label], i) => {
    x[2 * i] = a + noise * random.normal();
    x[2 * i + 1] = b + noise * random.normal();
    y[i] = label;
  });
  return { x: tensorFromValues(x, [points.length, 2], "float32"), y: tensorFromValues(y, [points.length], "int32") };
}

/**
 * Two interleaving half circles (scikit-learn's make_moons): the outer moon is class 0,
 * the inner one class 1; not linearly separable, easy for a small MLP.
 * @example const { x, y } = makeMoons(200, { noise: 0.1, seed: 0 }); // x [200, 2], y [200]
 */
export function makeMoons(n = 100, options: NoiseOptions & { shuffle?: boolean } = {}): SyntheticData {
  checkSamples("makeMoons", n, options, [...noiseOptionNames, "shuffle"], 2);
  const noise = options.noise ?? 0;
  checkNoise("makeMoons", noise);
  const random = new SeededRandom(resolveSeed("makeMoons", options.seed));
  const outer = Math.floor(n / 2);
  const inner = n - outer;
  const points: [number, number, number][] = [
    ...linspace(0, Math.PI, outer).map((t) => [Math.cos(t), Math.sin(t), 0] as [number, number, number]),
    ...linspace(0, Math.PI, inner).map((t) => [1 - Math.cos(t), 1 - Math.sin(t) - 0.5, 1] as [number, number, number]),
  ];
  return labelled(points, noise, random, options.shuffle ?? true);
}

/**
 * A small circle inside a large one (scikit-learn's make_circles): outer class 0, inner class 1.
 * @example const { x, y } = makeCircles(200, { factor: 0.5, noise: 0.05, seed: 0 });
 */
export function makeCircles(n = 100, options: NoiseOptions & { factor?: number; shuffle?: boolean } = {}): SyntheticData {
  checkSamples("makeCircles", n, options, [...noiseOptionNames, "factor", "shuffle"], 2);
  const noise = options.noise ?? 0;
  checkNoise("makeCircles", noise);
  const factor = options.factor ?? 0.8;
  if (!(factor > 0 && factor < 1)) throw new ArgumentError(`makeCircles: factor (inner radius / outer radius) must be in (0, 1), got ${factor}`);
  const random = new SeededRandom(resolveSeed("makeCircles", options.seed));
  const outer = Math.floor(n / 2);
  const inner = n - outer;
  // endpoint=False, as in sklearn, so no point is drawn twice.
  const ring = (count: number, radius: number, label: number) =>
    Array.from({ length: count }, (_, i) => {
      const t = (2 * Math.PI * i) / count;
      return [radius * Math.cos(t), radius * Math.sin(t), label] as [number, number, number];
    });
  return labelled([...ring(outer, 1, 0), ...ring(inner, factor, 1)], noise, random, options.shuffle ?? true);
}

/**
 * Gaussian blobs around `centers` (or `classes` random centres in [-10, 10]²), one class
 * per blob, with standard deviation `spread`.
 * @example const { x, y } = makeBlobs(300, { classes: 3, spread: 1, seed: 0 });
 */
export function makeBlobs(n = 100, options: { classes?: number; centers?: [number, number][]; spread?: number; seed?: number } = {}): SyntheticData {
  checkSamples("makeBlobs", n, options, ["classes", "centers", "spread", "seed"]);
  const random = new SeededRandom(resolveSeed("makeBlobs", options.seed));
  const centers = options.centers ?? Array.from({ length: options.classes ?? 3 }, () => [random.uniform() * 20 - 10, random.uniform() * 20 - 10] as [number, number]);
  if (centers.length < 1) throw new ArgumentError("makeBlobs: there must be at least one centre");
  const spread = options.spread ?? 1;
  checkNoise("makeBlobs", spread);
  const points = Array.from({ length: n }, (_, i) => {
    const label = i % centers.length;
    return [centers[label]![0], centers[label]![1], label] as [number, number, number];
  });
  return labelled(points, spread, random, true);
}

/**
 * Interleaved spiral arms, one class per arm (the CS231n spiral): hard for linear models,
 * the classic picture of what hidden layers do. `n` points in all, spread over the classes.
 * @example const { x, y } = makeSpirals(300, 3, { noise: 0.2, seed: 0 }); // x [300, 2], y in {0, 1, 2}
 */
export function makeSpirals(n = 300, classes = 2, options: NoiseOptions & { turns?: number } = {}): SyntheticData {
  checkSamples("makeSpirals", n, options, [...noiseOptionNames, "turns"]);
  if (!Number.isInteger(classes) || classes < 1) throw new ArgumentError(`makeSpirals: classes must be a positive integer, got ${classes}`);
  const noise = options.noise ?? 0.2;
  checkNoise("makeSpirals", noise);
  const turns = options.turns ?? 1;
  const random = new SeededRandom(resolveSeed("makeSpirals", options.seed));
  const points: [number, number, number][] = [];
  const sweep = 4 * turns; // radians each arm winds through (CS231n's 4 at one turn)
  for (let k = 0; k < classes; k++) {
    const count = Math.floor(n / classes) + (k < n % classes ? 1 : 0);
    linspace(0, 1, count).forEach((r, i) => {
      // Noise goes on the angle, so arms stay arms (as in CS231n).
      const t = (2 * Math.PI * k) / classes + sweep * (count === 1 ? 0 : i / (count - 1)) + noise * random.normal();
      points.push([r * Math.sin(t), r * Math.cos(t), k]);
    });
  }
  return labelled(points, 0, random, true);
}

/** n inputs uniform in [lo, hi], in float64 so the targets are computed exactly. */
function uniformInputs(n: number, [lo, hi]: readonly [number, number], random: SeededRandom): Float64Array {
  return Float64Array.from({ length: n }, () => lo + (hi - lo) * random.uniform());
}

function regression(inputs: Float64Array, f: (x: number) => number, noise: number, random: SeededRandom): SyntheticData {
  const n = inputs.length;
  const y = Float32Array.from(inputs, (x) => f(x) + noise * random.normal());
  return { x: tensorFromValues(Float32Array.from(inputs), [n, 1], "float32"), y: tensorFromValues(y, [n, 1], "float32") };
}

/**
 * A linear regression problem: y = x·w + bias + noise, x standard normal [n, features].
 * Returns the true weights too, to compare with what a model learns.
 * @example const { x, y, weights } = makeRegression(100, { features: 3, noise: 0.1, seed: 0 }); // y [100, 1]
 */
export function makeRegression(n = 100, options: NoiseOptions & { features?: number; bias?: number; weights?: number[] } = {}): SyntheticData & { weights: number[]; bias: number } {
  checkSamples("makeRegression", n, options, [...noiseOptionNames, "features", "bias", "weights"]);
  const noise = options.noise ?? 0;
  checkNoise("makeRegression", noise);
  const random = new SeededRandom(resolveSeed("makeRegression", options.seed));
  const features = options.weights?.length ?? options.features ?? 1;
  if (!Number.isInteger(features) || features < 1) throw new ArgumentError(`makeRegression: features must be a positive integer, got ${features}`);
  const weights = options.weights ?? Array.from({ length: features }, () => Math.round(random.uniform() * 2000 - 1000) / 10);
  const bias = options.bias ?? 0;
  const x = new Float32Array(n * features);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let sum = bias;
    for (let j = 0; j < features; j++) {
      const v = Math.fround(random.normal());
      x[i * features + j] = v;
      sum += v * weights[j]!;
    }
    y[i] = sum + noise * random.normal();
  }
  return { x: tensorFromValues(x, [n, features], "float32"), y: tensorFromValues(y, [n, 1], "float32"), weights, bias };
}

/**
 * Noisy samples of a polynomial c0 + c1·x + c2·x² + ... (coefficients lowest degree first),
 * x uniform in `range`: the lecture's under- and overfitting example.
 * @example const { x, y } = makePolynomial(50, { coefficients: [1, -2, 0.5], noise: 0.3, seed: 0 }); // x, y [50, 1]
 */
export function makePolynomial(n = 100, options: NoiseOptions & { coefficients?: number[]; range?: [number, number] } = {}): SyntheticData {
  checkSamples("makePolynomial", n, options, [...noiseOptionNames, "coefficients", "range"]);
  const noise = options.noise ?? 0.1;
  checkNoise("makePolynomial", noise);
  const coefficients = options.coefficients ?? [1, -2, 0.5];
  const random = new SeededRandom(resolveSeed("makePolynomial", options.seed));
  const f = (x: number) => coefficients.reduceRight((acc, c) => acc * x + c, 0);
  return regression(uniformInputs(n, options.range ?? [-3, 3], random), f, noise, random);
}

/**
 * Noisy samples of amplitude·sin(frequency·x + phase), x uniform in `range` (default [0, 2π]).
 * @example const { x, y } = makeSine(100, { noise: 0.1, seed: 0 });
 */
export function makeSine(n = 100, options: NoiseOptions & { amplitude?: number; frequency?: number; phase?: number; range?: [number, number] } = {}): SyntheticData {
  checkSamples("makeSine", n, options, [...noiseOptionNames, "amplitude", "frequency", "phase", "range"]);
  const noise = options.noise ?? 0.1;
  checkNoise("makeSine", noise);
  const { amplitude = 1, frequency = 1, phase = 0 } = options;
  const random = new SeededRandom(resolveSeed("makeSine", options.seed));
  return regression(uniformInputs(n, options.range ?? [0, 2 * Math.PI], random), (x) => amplitude * Math.sin(frequency * x + phase), noise, random);
}
