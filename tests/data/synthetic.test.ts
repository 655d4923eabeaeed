import { test } from "node:test";
import assert from "node:assert/strict";
import { makeMoons, makeCircles, makeBlobs, makeSpirals, makeRegression, makePolynomial, makeSine, type Tensor } from "../../kernel/src/index.js";

const rows = (x: Tensor) => x.arraySync() as number[][];
const counts = (y: Tensor, k: number) => {
  const c = new Array(k).fill(0);
  for (const v of y.dataSync()) c[v]++;
  return c;
};

test("moons: shapes, labels, and noiseless points on the two half circles", () => {
  const { x, y } = makeMoons(101, { seed: 0 });
  assert.deepEqual([x.shape, y.shape, x.dtype, y.dtype], [[101, 2], [101], "float32", "int32"]);
  assert.deepEqual(counts(y, 2), [50, 51]);
  const labels = y.dataSync();
  rows(x).forEach(([a, b], i) => {
    // Outer moon: the upper unit half circle; inner: the lower one centred at (1, 0.5).
    const r = labels[i] === 0 ? Math.hypot(a!, b!) : Math.hypot(a! - 1, b! - 0.5);
    assert.ok(Math.abs(r - 1) < 1e-6, `point ${i} at radius ${r}`);
    assert.ok(labels[i] === 0 ? b! >= -1e-6 : b! <= 0.5 + 1e-6);
  });
});

test("the same seed gives the same data; another seed or noise changes it", () => {
  const a = makeMoons(50, { noise: 0.1, seed: 1 });
  const b = makeMoons(50, { noise: 0.1, seed: 1 });
  assert.deepEqual(a.x.arraySync(), b.x.arraySync());
  assert.deepEqual(a.y.arraySync(), b.y.arraySync());
  assert.notDeepEqual(makeMoons(50, { noise: 0.1, seed: 2 }).x.arraySync(), a.x.arraySync());
  assert.deepEqual(makeSpirals(90, 3, { seed: 5 }).x.arraySync(), makeSpirals(90, 3, { seed: 5 }).x.arraySync());
  assert.throws(() => makeMoons(10, { noise: -1 }), /makeMoons: noise is a standard deviation and must be ≥ 0, got -1/);
  assert.throws(() => makeMoons(1.5), /makeMoons: the number of samples must be an integer/);
});

test("circles and blobs", () => {
  const { x, y } = makeCircles(40, { factor: 0.5, seed: 0 });
  const labels = y.dataSync();
  rows(x).forEach(([a, b], i) => assert.ok(Math.abs(Math.hypot(a!, b!) - (labels[i] === 0 ? 1 : 0.5)) < 1e-6));
  assert.deepEqual(counts(y, 2), [20, 20]);
  const blobs = makeBlobs(300, { centers: [[0, 0], [10, 10], [-10, 5]], spread: 0.5, seed: 3 });
  assert.deepEqual(counts(blobs.y, 3), [100, 100, 100]);
  const centers = [[0, 0], [10, 10], [-10, 5]];
  const blobLabels = blobs.y.dataSync();
  rows(blobs.x).forEach(([a, b], i) => {
    const [cx, cy] = centers[blobLabels[i]!]!;
    assert.ok(Math.hypot(a! - cx!, b! - cy!) < 3, "each point is near its own centre");
  });
});

test("spirals: n points over the classes, radius 0 to 1", () => {
  const { x, y } = makeSpirals(301, 3, { noise: 0.1, seed: 0 });
  assert.deepEqual(x.shape, [301, 2]);
  assert.deepEqual(counts(y, 3), [101, 100, 100]);
  for (const [a, b] of rows(x)) assert.ok(Math.hypot(a!, b!) <= 1 + 1e-6);
});

test("regressions: noiseless targets follow their formulas", () => {
  const linear = makeRegression(20, { weights: [2, -3], bias: 0.5, seed: 0 });
  assert.deepEqual([linear.x.shape, linear.y.shape], [[20, 2], [20, 1]]);
  const ly = linear.y.dataSync();
  rows(linear.x).forEach(([a, b], i) => assert.ok(Math.abs(ly[i]! - (2 * a! - 3 * b! + 0.5)) < 1e-5));
  assert.equal(makeRegression(5, { features: 4, seed: 1 }).weights.length, 4);
  const poly = makePolynomial(30, { coefficients: [1, -2, 0.5], noise: 0, range: [-2, 2], seed: 0 });
  const py = poly.y.dataSync();
  poly.x.dataSync().forEach((v, i) => {
    assert.ok(v >= -2 && v <= 2);
    assert.ok(Math.abs(py[i]! - (1 - 2 * v + 0.5 * v * v)) < 1e-5);
  });
  const sine = makeSine(30, { amplitude: 2, frequency: 3, phase: 0.5, noise: 0, seed: 0 });
  const sy = sine.y.dataSync();
  sine.x.dataSync().forEach((v, i) => assert.ok(Math.abs(sy[i]! - 2 * Math.sin(3 * v + 0.5)) < 1e-5));
  // Noise has roughly the asked standard deviation.
  const noisy = makeSine(4000, { noise: 0.5, seed: 2 });
  const ny = noisy.y.dataSync();
  let sq = 0;
  noisy.x.dataSync().forEach((v, i) => (sq += (ny[i]! - Math.sin(v)) ** 2));
  assert.ok(Math.abs(Math.sqrt(sq / 4000) - 0.5) < 0.03);
});

test("generators refuse option names they do not know", () => {
  assert.throws(() => makeMoons(10, { noize: 0.1 } as never), /makeMoons: unknown option "noize"; did you mean noise\?/);
  assert.throws(() => makeBlobs(10, { noise: 0.1 } as never), /makeBlobs: unknown option "noise"; the options are classes, centers, spread, seed/);
  assert.throws(() => makeSine(10, { freq: 2 } as never), /makeSine: unknown option "freq"/);
});
