import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, pad, zeros, grad, ArgumentError, type Tensor } from "../../kernel/src/index.js";
import { checkGrads, randomF64 } from "../helpers/gradcheck.js";
import { build, get } from "../helpers/nested.js";

test("pad surrounds each axis with the constant", () => {
  assert.deepEqual(pad(tensor([[1, 2]]), [[1, 0], [0, 2]]).arraySync(), [[0, 0, 0, 0], [1, 2, 0, 0]]);
  assert.deepEqual(tensor([1, 2]).pad([[2, 1]], -1).arraySync(), [-1, -1, 1, 2, -1]);
  assert.deepEqual(pad(tensor([5], "int32"), [[1, 1]], 7).arraySync(), [7, 5, 7]);
  assert.equal(pad(tensor([5], "int32"), [[1, 1]]).dtype, "int32");
  assert.deepEqual(pad(tensor([true]), [[0, 2]]).arraySync(), [true, false, false]);
  assert.deepEqual(pad(tensor([false]), [[1, 0]], true).arraySync(), [true, false]);
  assert.deepEqual(pad(zeros([0, 2]), [[1, 1], [0, 0]], 3).arraySync(), [[3, 3], [3, 3]]);
  assert.deepEqual(pad(tensor(4), []).arraySync(), 4);
  const x = randomF64([2, 1, 3], 3);
  const padded = pad(x, [[1, 2], [0, 1], [3, 0]], 0.5);
  const expected = build([5, 2, 6], ([i, j, k]) => {
    const [a, b, c] = [i! - 1, j!, k! - 3];
    return a >= 0 && a < 2 && b < 1 && c >= 0 ? get(x.arraySync(), [a, b, c]) : 0.5;
  });
  assert.deepEqual(padded.arraySync(), expected);
});

test("gradients of pad match finite differences (the gradient is the inner block)", () => {
  const cases: [number[], [number, number][]][] = [[[3], [[1, 2]]], [[2, 2], [[0, 1], [2, 0]]], [[1, 1, 2], [[1, 1], [0, 0], [1, 0]]], [[0, 2], [[1, 0], [0, 1]]]];
  cases.forEach(([shape, paddings], k) => {
    const outShape = shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]);
    checkGrads((x) => pad(x!, paddings, 2).mul(randomF64(outShape, 10 + k)), [randomF64(shape, k + 1)]);
  });
  const f = (x: Tensor) => pad(x, [[1, 1]], 1).square().square().sum();
  checkGrads((x) => grad(f)(x!), [randomF64([3], 4)], { tolerance: 1e-5 });
});

test("bad paddings name pad and what was expected", () => {
  const throwsLike = (f: () => unknown, pattern: RegExp) => assert.throws(f, (e: unknown) => e instanceof ArgumentError && pattern.test((e as Error).message));
  throwsLike(() => pad(zeros([2, 2]), [[1, 1]]), /pad: expected 2 \[before, after\] pairs \(one per axis of \[2, 2\]\), got 1/);
  throwsLike(() => pad(zeros([2]), [[-1, 0]]), /pad: paddings must be a list of \[before, after\] pairs of non-negative integers, got \[\[-1,0\]\]/);
  throwsLike(() => pad(zeros([2]), [[1] as unknown as [number, number]]), /pad: paddings must be a list of \[before, after\] pairs/);
});
