import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { tensor, floor, ceil, round, clip, isNaN, isFinite, grads, ArgumentError } from "../../kernel/src/index.js";
import { checkGrads, randomF64 } from "../helpers/gradcheck.js";
import { checkSecondGrads, f64 } from "../helpers/elementwise.js";

test("floor, ceil and round on hand-picked values; round halves go to even", () => {
  const x = f64([1.5, -1.5, 2.5, -2.5, 0.5, -0.5, 3.5, 0.49999999999999994, 2.4, -2.6, 1e300, Infinity, NaN]);
  assert.deepEqual(floor(x).arraySync(), [1, -2, 2, -3, 0, -1, 3, 0, 2, -3, 1e300, Infinity, NaN]);
  assert.deepEqual(ceil(x).arraySync(), [2, -1, 3, -2, 1, -0, 4, 1, 3, -2, 1e300, Infinity, NaN]);
  assert.deepEqual(round(x).arraySync(), [2, -2, 2, -2, 0, -0, 4, 0, 2, -3, 1e300, Infinity, NaN]);
  assert.equal(round(tensor([2.5])).item(), 2);
  assert.equal(round(tensor([2.5])).dtype, "float32");
});

test("property: round matches a half-to-even reference; floor ≤ x ≤ ceil", () => {
  // Reference by integer part and exact remainder, without Math.round.
  const halfEven = (v: number) => {
    const lower = Math.floor(v);
    const diff = v - lower;
    return diff < 0.5 ? lower : diff > 0.5 ? lower + 1 : lower % 2 === 0 ? lower : lower + 1;
  };
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: -1000, max: 1000 }).map((k) => k + 0.5))), (values) => {
      const x = f64(values);
      const r = round(x).dataSync();
      const lo = floor(x).dataSync();
      const hi = ceil(x).dataSync();
      values.forEach((v, i) => {
        assert.ok(r[i] === halfEven(v), `round(${v}) = ${r[i]}`);
        assert.ok(lo[i]! <= v && v <= hi[i]! && hi[i]! - lo[i]! <= 1);
      });
    }),
  );
});

test("int32 passes through the rounding ops; bool counts as int32", () => {
  const x = tensor([-3, 0, 7], "int32");
  for (const op of [floor, ceil, round]) {
    const y = op(x);
    assert.equal(y.dtype, "int32");
    assert.deepEqual(y.arraySync(), [-3, 0, 7]);
  }
  assert.equal(floor(tensor([true])).dtype, "int32");
});

test("clip limits values; int32 stays int32 for integer bounds", () => {
  assert.deepEqual(clip(tensor([-2, 0.5, 3, -Infinity, NaN]), -1, 1).arraySync(), [-1, 0.5, 1, -1, NaN]);
  const ints = clip(tensor([-5, 2, 9], "int32"), 0, 4);
  assert.equal(ints.dtype, "int32");
  assert.deepEqual(ints.arraySync(), [0, 2, 4]);
  assert.equal(clip(tensor([-5, 9], "int32"), -Infinity, 4).dtype, "int32");
  const mixed = clip(tensor([-5, 2, 9], "int32"), 0.5, 4.5);
  assert.equal(mixed.dtype, "float32");
  assert.deepEqual(mixed.arraySync(), [0.5, 2, 4.5]);
  assert.deepEqual(tensor([3, -3], "float64").clip(-1, 2).arraySync(), [2, -1]);
  assert.deepEqual(clip(tensor([1, 5]), 2, 2).arraySync(), [2, 2]); // min = max is allowed
});

test("clip's gradient passes where min ≤ x ≤ max, bounds included", () => {
  const [g] = grads((x) => clip(x!, -1, 1).mul(tensor([1, 2, 3, 4, 5])).sum())(tensor([-2, -1, 0.5, 1, 3]));
  assert.deepEqual(g!.arraySync(), [0, 2, 3, 4, 0]);
  for (const shape of [[6], [2, 3], [], [0]]) {
    const x = randomF64(shape, 3, -2, 2);
    // Keep every element 0.05 away from the bounds ±1, where the derivative jumps.
    const safe = x.add(x.abs().sub(1).abs().less(0.05).where(0.1, 0));
    checkGrads((t) => clip(t!, -1, 1), [safe]);
    checkSecondGrads((t) => clip(t!, -1, 1).mul(t!), [safe]);
  }
});

test("rounding ops have zero gradient, so models containing them still differentiate", () => {
  const x = randomF64([2, 3], 4, -3, 3);
  for (const op of [floor, ceil, round]) {
    const [g] = grads((t) => op(t!).add(t!).sum())(x);
    assert.deepEqual(g!.arraySync(), [[1, 1, 1], [1, 1, 1]]);
  }
});

test("isNaN and isFinite give bool for every dtype", () => {
  const x = f64([0, NaN, Infinity, -Infinity, -2]);
  assert.deepEqual(isNaN(x).arraySync(), [false, true, false, false, false]);
  assert.deepEqual(isFinite(x).arraySync(), [true, false, false, false, true]);
  assert.equal(isNaN(x).dtype, "bool");
  assert.deepEqual(tensor([NaN, 1]).isNaN().arraySync(), [true, false]);
  assert.deepEqual(tensor([Infinity, 1]).isFinite().arraySync(), [false, true]);
  assert.deepEqual(isNaN(tensor([1, 2], "int32")).arraySync(), [false, false]);
  assert.deepEqual(isFinite(tensor([true])).arraySync(), [true]);
  // A mask from isFinite can select gradients; the mask itself carries none.
  const [g] = grads((t) => isFinite(t!.log()).where(t!, 0).sum())(tensor([1, -1, 2]));
  assert.deepEqual(g!.arraySync(), [1, 0, 1]);
});

test("clip's bad arguments name the op and the values", () => {
  assert.throws(() => clip(tensor([1]), 2, 1), (e: unknown) => e instanceof ArgumentError && /clip: min \(2\) is greater than max \(1\)/.test(e.message));
  assert.throws(() => clip(tensor([1]), NaN, 1), /clip: min and max must be numbers, got NaN and 1/);
  assert.throws(() => tensor([1]).clip(0, undefined as never), /clip: min and max must be numbers, got 0 and undefined/);
});
