import { test } from "node:test";
import assert from "node:assert/strict";
import { seed } from "../../kernel/src/index.js";
import { SeededRandom, deriveSeed, resolveSeed } from "../../kernel/src/data/random.js";

test("one seed gives one stream; different seeds give different streams", () => {
  const draw = (s: number) => Array.from({ length: 8 }, (() => { const r = new SeededRandom(s); return () => r.uniform(); })());
  assert.deepEqual(draw(3), draw(3));
  assert.notDeepEqual(draw(3), draw(4));
  for (const v of draw(5)) assert.ok(v >= 0 && v < 1);
});

test("permutation holds every index once; uniform and normal have the right moments", () => {
  const random = new SeededRandom(11);
  const p = random.permutation(1000);
  assert.deepEqual([...p].sort((a, b) => a - b), Array.from({ length: 1000 }, (_, i) => i));
  let sum = 0;
  let sumSq = 0;
  const n = 20000;
  for (let i = 0; i < n; i++) {
    const v = random.normal();
    sum += v;
    sumSq += v * v;
  }
  assert.ok(Math.abs(sum / n) < 0.03, `mean ${sum / n}`);
  assert.ok(Math.abs(sumSq / n - 1) < 0.04, `variance ${sumSq / n}`);
  const ints = new Array(5).fill(0);
  for (let i = 0; i < 5000; i++) ints[random.int(5)]++;
  for (const c of ints) assert.ok(c > 850 && c < 1150, `counts ${ints}`);
});

test("derived seeds are deterministic and distinct", () => {
  assert.equal(deriveSeed(42, 1), deriveSeed(42, 1));
  assert.notEqual(deriveSeed(42, 1), deriveSeed(42, 2));
  assert.notEqual(deriveSeed(42, 1), deriveSeed(43, 1));
});

test("an unseeded draw follows the global seed()", () => {
  seed(7);
  const a = [resolveSeed("t", undefined), resolveSeed("t", undefined)];
  seed(7);
  const b = [resolveSeed("t", undefined), resolveSeed("t", undefined)];
  assert.deepEqual(a, b);
  assert.notEqual(a[0], a[1]);
  assert.throws(() => resolveSeed("shuffle", 1.5), /shuffle: seed must be a non-negative integer, got 1.5/);
});
