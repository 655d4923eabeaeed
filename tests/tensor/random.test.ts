import { test } from "node:test";
import assert from "node:assert/strict";
import {
  seed, getRandomState, setRandomState, randomKey, splitKey, foldIn, nextKey, RandomKey, randomUniform, randomNormal, truncatedNormal, randomInt, bernoulli, permutation, philox4x32,
  ArgumentError, type Tensor,
} from "../../kernel/src/index.js";

const hex = (words: Uint32Array) => Array.from(words, (w) => w.toString(16).padStart(8, "0")).join(" ");
const words = (text: string) => text.trim().split(/\s+/).map((w) => parseInt(w, 16));

test("Philox-4x32 matches the Random123 known-answer vectors", () => {
  // Lines of Random123's kat_vectors: counter (4 words), key (2 words), expected output (4 words).
  const vectors: [number, string][] = [
    [10, "00000000 00000000 00000000 00000000 00000000 00000000 6627e8d5 e169c58d bc57ac4c 9b00dbd8"],
    [10, "ffffffff ffffffff ffffffff ffffffff ffffffff ffffffff 408f276d 41c83b0e a20bc7c6 6d5451fd"],
    [10, "243f6a88 85a308d3 13198a2e 03707344 a4093822 299f31d0 d16cfe09 94fdcceb 5001e420 24126ea1"],
    [7, "00000000 00000000 00000000 00000000 00000000 00000000 5f6fb709 0d893f64 4f121f81 4f730a48"],
    [7, "ffffffff ffffffff ffffffff ffffffff ffffffff ffffffff 5207ddc2 45165e59 4d8ee751 8c52f662"],
    [7, "243f6a88 85a308d3 13198a2e 03707344 a4093822 299f31d0 4dfccaba 190a87f0 c47362ba b6b5242a"],
  ];
  for (const [rounds, line] of vectors) {
    const w = words(line);
    assert.equal(hex(philox4x32(w.slice(0, 4), w.slice(4, 6), rounds)), hex(Uint32Array.from(w.slice(6))), line);
  }
});

const values = (t: Tensor) => Array.from(t.dataSync());

test("the same seed gives the same numbers; different seeds differ", () => {
  for (const f of [
    (o: { seed?: number; key?: RandomKey }) => randomUniform([50], o),
    (o: { seed?: number; key?: RandomKey }) => randomNormal([50], o),
    (o: { seed?: number; key?: RandomKey }) => truncatedNormal([50], o),
    (o: { seed?: number; key?: RandomKey }) => bernoulli([50], 0.5, o),
    (o: { seed?: number; key?: RandomKey }) => permutation(50, o),
    (o: { seed?: number; key?: RandomKey }) => randomInt([50], 0, 1000, o),
  ]) {
    assert.deepEqual(values(f({ seed: 7 })), values(f({ seed: 7 })));
    assert.deepEqual(values(f({ key: randomKey(7) })), values(f({ seed: 7 })));
    assert.notDeepEqual(values(f({ seed: 7 })), values(f({ seed: 8 })));
  }
});

test("the global seed makes a sequence of calls reproducible, each call drawing a fresh key", () => {
  seed(123);
  const first = [values(randomUniform([5])), values(randomNormal([5])), values(permutation(8))];
  seed(123);
  const again = [values(randomUniform([5])), values(randomNormal([5])), values(permutation(8))];
  assert.deepEqual(again, first);
  seed(123);
  const a = values(randomUniform([5]));
  const b = values(randomUniform([5]));
  assert.notDeepEqual(a, b, "consecutive calls must not repeat");
  // Per-call seeds and keys leave the global sequence alone.
  seed(123);
  randomUniform([5], { seed: 1 });
  randomUniform([5], { key: randomKey(2) });
  assert.deepEqual(values(randomUniform([5])), a);
  seed(124);
  assert.notDeepEqual(values(randomUniform([5])), a);
  // nextKey() hands out the key the next unkeyed call would have used.
  seed(123);
  assert.deepEqual(values(randomUniform([5], { key: nextKey() })), a);
  assert.deepEqual(values(randomUniform([5])), b);
});

test("keys split and fold into independent, reproducible keys", () => {
  const key = randomKey(0);
  const [k1, k2] = splitKey(key);
  assert.ok(k1 instanceof RandomKey && k2 instanceof RandomKey);
  assert.deepEqual(splitKey(key).map((k) => k.words), [k1!.words, k2!.words]);
  assert.notDeepEqual(k1!.words, k2!.words);
  assert.notDeepEqual(values(randomUniform([10], { key: k1 })), values(randomUniform([10], { key: k2 })));
  assert.notDeepEqual(values(randomUniform([10], { key: k1 })), values(randomUniform([10], { key })));
  assert.equal(splitKey(key, 5).length, 5);
  assert.deepEqual(foldIn(key, 3).words, foldIn(key, 3).words);
  assert.notDeepEqual(foldIn(key, 3).words, foldIn(key, 4).words);
  // A key is its seed's two 32-bit halves.
  assert.deepEqual(randomKey(2 ** 32 + 5).words, [5, 1]);
  assert.match(String(randomKey(1)), /^RandomKey\(0x00000001, 0x00000000\)$/);
});

test("element i of a stream does not depend on the shape asked for (counter-based)", () => {
  const long = values(randomUniform([100], { seed: 3 }));
  assert.deepEqual(values(randomUniform([10], { seed: 3 })), long.slice(0, 10));
  assert.deepEqual(values(randomUniform([4, 25], { seed: 3 })), long);
});

function moments(xs: ArrayLike<number>): { mean: number; std: number } {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i]!;
  const mean = sum / xs.length;
  let sq = 0;
  for (let i = 0; i < xs.length; i++) sq += (xs[i]! - mean) ** 2;
  return { mean, std: Math.sqrt(sq / xs.length) };
}

const N = 100_000;

test("uniform: range, mean and standard deviation of 10⁵ samples", () => {
  for (const dtype of ["float32", "float64"] as const) {
    const t = randomUniform([N], { min: -2, max: 4, seed: 11, dtype });
    assert.equal(t.dtype, dtype);
    const x = t.dataSync();
    assert.ok(x.every((v) => v >= -2 && v < 4));
    const { mean, std } = moments(x);
    // mean 1, std 6/√12; the standard error of the mean is ≈ 0.0055.
    assert.ok(Math.abs(mean - 1) < 0.03, `mean ${mean}`);
    assert.ok(Math.abs(std - 6 / Math.sqrt(12)) < 0.02, `std ${std}`);
  }
  // Every tenth of [0, 1) gets about a tenth of the samples.
  const counts = new Array<number>(10).fill(0);
  for (const v of randomUniform([N], { seed: 12 }).dataSync()) counts[Math.floor(v * 10)]!++;
  for (const c of counts) assert.ok(Math.abs(c - N / 10) < 500, `bucket count ${c}`);
  // A float32 interval whose rounding could reach max still excludes it.
  assert.ok(randomUniform([1000], { min: 0, max: 1e-30, seed: 1 }).dataSync().every((v) => v < 1e-30));
});

test("normal: mean, standard deviation and tails of 10⁵ samples", () => {
  const x = randomNormal([N], { mean: 3, stddev: 2, seed: 21 }).dataSync();
  const { mean, std } = moments(x);
  assert.ok(Math.abs(mean - 3) < 0.03, `mean ${mean}`);
  assert.ok(Math.abs(std - 2) < 0.03, `std ${std}`);
  // About 31.7% fall beyond one standard deviation.
  const beyond = x.filter((v) => Math.abs(v - 3) > 2).length / N;
  assert.ok(Math.abs(beyond - 0.3173) < 0.01, `beyond 1σ: ${beyond}`);
  assert.equal(randomNormal([3], { dtype: "float64", seed: 0 }).dtype, "float64");
  assert.equal(randomNormal([3, 0], { seed: 0 }).size, 0);
});

test("truncated normal never goes beyond 2 standard deviations", () => {
  const x = truncatedNormal([N], { mean: -1, stddev: 0.5, seed: 31 }).dataSync();
  assert.ok(x.every((v) => Math.abs(v + 1) <= 1 + 1e-6));
  const { mean, std } = moments(x);
  // A standard normal truncated to [−2, 2] has standard deviation ≈ 0.8796.
  assert.ok(Math.abs(mean + 1) < 0.01, `mean ${mean}`);
  assert.ok(Math.abs(std - 0.5 * 0.8796) < 0.01, `std ${std}`);
  // Resampled, not clipped: values do not pile up at the bounds.
  const atBounds = x.filter((v) => Math.abs(Math.abs(v + 1) - 1) < 1e-3).length;
  assert.ok(atBounds < 100, `${atBounds} values at the bounds`);
});

test("bernoulli frequency, dtypes and edge probabilities", () => {
  const b = bernoulli([N], 0.3, { seed: 41 });
  assert.equal(b.dtype, "bool");
  const ones = Array.from(b.dataSync()).reduce((s, v) => s + v, 0);
  assert.ok(Math.abs(ones / N - 0.3) < 0.006, `frequency ${ones / N}`);
  assert.ok(bernoulli([100], 0, { seed: 1 }).dataSync().every((v) => v === 0));
  assert.ok(bernoulli([100], 1, { seed: 1 }).dataSync().every((v) => v === 1));
  const f = bernoulli([4], 0.5, { seed: 1, dtype: "float32" });
  assert.equal(f.dtype, "float32");
  assert.ok(f.dataSync().every((v) => v === 0 || v === 1));
  assert.throws(() => bernoulli([2], 1.5), (e: unknown) => e instanceof ArgumentError && /bernoulli: p must be a probability in \[0, 1\], got 1\.5/.test(e.message));
});

test("permutation is a permutation, and every position is uniformly filled", () => {
  for (const n of [0, 1, 2, 10, 1000]) {
    const p = permutation(n, { seed: n }).dataSync();
    assert.equal(p.length, n);
    assert.deepEqual(Array.from(p).sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i));
  }
  // Where does 0 land over many shuffles of 4? Each position ≈ 1/4 of the time.
  const counts = [0, 0, 0, 0];
  seed(5);
  for (let i = 0; i < 4000; i++) counts[Array.from(permutation(4).dataSync()).indexOf(0)]!++;
  for (const c of counts) assert.ok(Math.abs(c - 1000) < 120, `position count ${c}`);
  assert.equal(permutation(3).dtype, "int32");
  assert.throws(() => permutation(-1), /permutation: n must be a non-negative integer, got -1/);
});

test("randomInt draws integers in [min, max)", () => {
  const x = randomInt([N], -3, 4, { seed: 51 }).dataSync();
  assert.ok(x.every((v) => Number.isInteger(v) && v >= -3 && v < 4));
  const counts = new Map<number, number>();
  for (const v of x) counts.set(v, (counts.get(v) ?? 0) + 1);
  assert.equal(counts.size, 7);
  for (const c of counts.values()) assert.ok(Math.abs(c - N / 7) < 600, `count ${c}`);
  assert.equal(randomUniform([3], { min: 0, max: 10, dtype: "int32", seed: 1 }).dtype, "int32");
});

test("bad arguments name the function and what was expected", () => {
  assert.throws(() => seed(-1), (e: unknown) => e instanceof ArgumentError && /seed: a seed must be a non-negative integer, got -1/.test(e.message));
  assert.throws(() => randomUniform([2], { min: 1, max: 1 }), /randomUniform: min must be less than max, got min 1 and max 1/);
  assert.throws(() => randomUniform([-2]), /randomUniform: a shape must be a list of non-negative integers/);
  assert.throws(() => randomNormal([2], { stddev: -1 }), /randomNormal: stddev must be non-negative, got -1/);
  assert.throws(() => randomNormal([2], { dtype: "int32" }), /randomNormal: dtype must be float32 or float64, got "int32"/);
  assert.throws(() => randomNormal([2], { seed: 1, key: randomKey(1) }), /randomNormal: give a seed or a key, not both/);
  assert.throws(() => randomInt([2], 0.5, 3), /randomInt: min and max must be integers/);
  assert.throws(() => splitKey({ words: [1, 2] } as unknown as RandomKey), /splitKey: expected a RandomKey/);
});

test("random functions refuse option names they do not know, naming them", () => {
  assert.throws(() => randomNormal([2], { std: 2 } as never), (e: unknown) => e instanceof ArgumentError && /randomNormal: unknown option "std"; the options are seed, key, dtype, mean, stddev/.test(e.message));
  assert.throws(() => randomUniform([2], { minval: 0 } as never), /randomUniform: unknown option "minval"/);
  assert.throws(() => randomUniform([2], { sed: 1, dtype: "int32" } as never), /unknown option "sed"; did you mean seed\?/);
  assert.throws(() => bernoulli([2], 0.5, { mean: 1 } as never), /bernoulli: unknown option "mean"/);
  assert.deepEqual(randomUniform([3], { min: 0, max: 10, dtype: "int32", seed: 3 }).arraySync(), randomInt([3], 0, 10, { seed: 3 }).arraySync());
});

test("getRandomState/setRandomState put the global generator back where it was", () => {
  seed(5);
  randomNormal([2]);
  const state = getRandomState();
  assert.deepEqual(JSON.parse(JSON.stringify(state)), state, "plain JSON data");
  const first = randomNormal([4]).arraySync();
  randomUniform([3]);
  setRandomState(state);
  assert.deepEqual(randomNormal([4]).arraySync(), first);
  assert.throws(() => setRandomState({ key: [1], calls: 0 } as never), (e: unknown) => e instanceof ArgumentError && /setRandomState: expected \{ key: \[two uint32 words\], calls/.test(e.message));
});
