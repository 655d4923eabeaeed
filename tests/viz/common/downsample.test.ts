import { test } from "node:test";
import assert from "node:assert/strict";
import { downsample, downsampleIndices, roundTo } from "../../../kernel/src/viz/common/downsample.js";

test("downsampling a long series keeps first, last, global extremes and requested points", () => {
  const n = 100_000;
  const ys = Array.from({ length: n }, (_, i) => Math.sin(i / 500) + (i === 31_337 ? 50 : 0) - (i === 77_777 ? 40 : 0));
  const xs = ys.map((_, i) => i / 1000);
  const { x, y } = downsample(xs, ys, 1000, [12_345]);
  assert.ok(x.length <= 1004 && x.length >= 900, `got ${x.length} points`);
  assert.equal(x[0], 0);
  assert.equal(x.at(-1), xs[n - 1]);
  assert.ok(y.includes(ys[31_337]!), "the spike survives");
  assert.ok(y.includes(ys[77_777]!), "the dip survives");
  assert.ok(x.includes(xs[12_345]!), "the kept point survives");
  for (let i = 1; i < x.length; i++) assert.ok(x[i]! > x[i - 1]!, "x stays increasing");
});

test("a short series is returned whole, and NaN-only buckets keep a point", () => {
  assert.deepEqual(downsampleIndices([3, 1, 2], 10), [0, 1, 2]);
  const ys = Array.from({ length: 1000 }, (_, i) => (i >= 400 && i < 600 ? Number.NaN : i));
  const indices = downsampleIndices(ys, 50);
  assert.ok(indices.some((i) => i >= 400 && i < 600));
});

test("roundTo shortens numbers to significant digits", () => {
  assert.equal(roundTo(0.1234567890123), 0.123457);
  assert.equal(roundTo(123456789, 3), 123000000);
  assert.ok(Number.isNaN(roundTo(Number.NaN)));
});
