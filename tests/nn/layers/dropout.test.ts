import { test } from "node:test";
import assert from "node:assert/strict";
import { ArgumentError, Dense, Dropout, gradient, ones, seed, sequential, tensor } from "../../../kernel/src/index.js";
import { assertClose, randomF64 } from "../../helpers/gradcheck.js";
import { checkConfigRoundTrip, run } from "../../helpers/layers.js";

test("Dropout is the identity in inference (no training flag, or training false)", () => {
  const layer = new Dropout({ rate: 0.5 });
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(run(layer, x).arraySync(), x.arraySync());
  assert.deepEqual(run(layer, x, { training: false }).arraySync(), x.arraySync());
  assert.deepEqual(run(new Dropout({ rate: 0 }), x, { training: true }).arraySync(), x.arraySync(), "rate 0 drops nothing");
  assert.equal(layer.countParams(), 0);
});

test("in training about rate of the units are zeroed and the rest scaled by 1/(1 − rate)", () => {
  for (const rate of [0.1, 0.3, 0.5, 0.8]) {
    for (const dtype of ["float32", "float64"] as const) {
      const y = run(new Dropout({ rate, seed: 7 }), ones([200, 100], dtype), { training: true }).dataSync();
      const scale = dtype === "float32" ? Math.fround(1 / (1 - rate)) : 1 / (1 - rate);
      let dropped = 0;
      let sum = 0;
      for (const v of y) {
        if (v === 0) dropped++;
        else assertClose(v, scale, dtype === "float32" ? 1e-7 : 1e-15);
        sum += v;
      }
      const n = y.length;
      const sd = Math.sqrt((rate * (1 - rate)) / n);
      assert.ok(Math.abs(dropped / n - rate) < 5 * sd, `rate ${rate}: dropped ${dropped / n}`);
      // Inverted dropout keeps the expected value: the mean stays ≈ 1.
      assert.ok(Math.abs(sum / n - 1) < (5 * sd) / (1 - rate), `rate ${rate}: mean ${sum / n}`);
    }
  }
});

test("a seeded Dropout is reproducible; successive calls draw new masks", () => {
  const x = ones([4, 8]);
  const a = new Dropout({ rate: 0.5, seed: 42 });
  const b = new Dropout({ rate: 0.5, seed: 42 });
  const a1 = run(a, x, { training: true }).arraySync();
  const a2 = run(a, x, { training: true }).arraySync();
  assert.deepEqual(run(b, x, { training: true }).arraySync(), a1);
  assert.deepEqual(run(b, x, { training: true }).arraySync(), a2);
  assert.notDeepEqual(a2, a1);
  // Inference calls do not move the sequence.
  const c = new Dropout({ rate: 0.5, seed: 42 });
  run(c, x);
  assert.deepEqual(run(c, x, { training: true }).arraySync(), a1);
  // Another seed, other masks.
  assert.notDeepEqual(run(new Dropout({ rate: 0.5, seed: 43 }), x, { training: true }).arraySync(), a1);
});

test("an unseeded Dropout follows the global seed", () => {
  const x = ones([4, 8]);
  const layer = new Dropout({ rate: 0.5 });
  seed(3);
  const first = [run(layer, x, { training: true }).arraySync(), run(layer, x, { training: true }).arraySync()];
  seed(3);
  const again = [run(layer, x, { training: true }).arraySync(), run(layer, x, { training: true }).arraySync()];
  assert.deepEqual(again, first);
  assert.notDeepEqual(first[1], first[0]);
});

test("noiseShape shares one keep/drop decision along the axes where it is 1", () => {
  const y = run(new Dropout({ rate: 0.5, noiseShape: [null, 1, 4], seed: 1 }), ones([3, 5, 4]), { training: true }).arraySync() as number[][][];
  for (const sample of y) {
    for (let t = 1; t < sample.length; t++) assert.deepEqual(sample[t], sample[0], "every time step drops the same features");
  }
  const flat = y.flat(2);
  assert.ok(flat.includes(0) && flat.includes(2));
});

test("the gradient flows through kept units only, scaled by 1/(1 − rate)", () => {
  const layer = new Dropout({ rate: 0.25, seed: 5 });
  const x = randomF64([6, 5], 3, 0.5, 1.5);
  const c = randomF64([6, 5], 4);
  const y = run(layer, x, { training: true });
  const [dx] = gradient(y.mul(c).sum(), [x]);
  const yv = y.dataSync();
  const xv = x.dataSync();
  const cv = c.dataSync();
  const dxv = dx!.dataSync();
  for (let i = 0; i < yv.length; i++) {
    const kept = yv[i] !== 0;
    // The mask is read off the output: y = x·mask/(1 − rate).
    if (kept) assertClose(yv[i]!, xv[i]! / 0.75, 1e-15);
    assertClose(dxv[i]!, kept ? cv[i]! / 0.75 : 0, 1e-15);
  }
});

test("Dropout in a sequential model: predict-style calls are deterministic, training calls are not", () => {
  const m = sequential([new Dense({ units: 8, inputShape: [3] }), new Dropout({ rate: 0.5, seed: 0 }), new Dense({ units: 2 })]);
  assert.deepEqual(m.layers.map((l) => l.outputShape), [[null, 8], [null, 8], [null, 2]]);
  const x = tensor([[1, 2, 3]]);
  assert.deepEqual(run(m, x).arraySync(), run(m, x).arraySync());
  const t1 = run(m, x, { training: true }).arraySync();
  const t2 = run(m, x, { training: true }).arraySync();
  assert.notDeepEqual(t1, t2);
});

test("Dropout's config round-trips (a reloaded seeded layer draws the same masks)", () => {
  const layer = new Dropout({ rate: 0.3, noiseShape: [null, 1], seed: 9 });
  const loaded = checkConfigRoundTrip(layer);
  assert.deepEqual(run(loaded, ones([4, 3]), { training: true }).arraySync(), run(layer, ones([4, 3]), { training: true }).arraySync());
  assert.deepEqual(new Dropout({ rate: 0.5 }).getConfig().seed, null);
});

test("bad Dropout configs name the layer and the fix", () => {
  const is = (re: RegExp) => (e: unknown) => e instanceof ArgumentError && re.test(e.message);
  assert.throws(() => new Dropout({ rate: -0.1 }), is(/Dropout: rate must be a number in \[0, 1\) — the fraction of units to drop, e.g. 0.5 — got -0.1/));
  assert.throws(() => new Dropout({ rate: 1 }), is(/Dropout: rate must be a number in \[0, 1\)/));
  assert.throws(() => new Dropout({} as never), is(/Dropout: rate must be/));
  assert.throws(() => new Dropout({ rate: 0.5, seed: -2 }), is(/Dropout: seed must be a non-negative integer/));
  assert.throws(() => run(new Dropout({ rate: 0.5, noiseShape: [null, 1] }), ones([2, 3, 4]), { training: true }), is(/dropout(_\d+)?: noiseShape \[null, 1\] has 2 axes but the input has shape \[2, 3, 4\]/));
  assert.throws(() => run(new Dropout({ rate: 0.5, noiseShape: [2, 2] }), ones([2, 3]), { training: true }), is(/noiseShape \[2, 2\] does not broadcast to the input shape \[2, 3\]/));
});
