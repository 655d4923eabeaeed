import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { tensor, tile, repeat, zeros, grad, ArgumentError, type Tensor } from "../../kernel/src/index.js";
import { checkGrads, randomF64 } from "../helpers/gradcheck.js";
import { build, get } from "../helpers/nested.js";

test("tile repeats the whole tensor (NumPy np.tile)", () => {
  assert.deepEqual(tile(tensor([1, 2]), 3).arraySync(), [1, 2, 1, 2, 1, 2]);
  assert.deepEqual(tile(tensor([[1, 2]]), [2, 2]).arraySync(), [[1, 2, 1, 2], [1, 2, 1, 2]]);
  assert.deepEqual(tensor([[1], [2]]).tile([1, 3]).arraySync(), [[1, 1, 1], [2, 2, 2]]);
  // A shorter reps list is padded with leading 1s; a longer one adds leading axes to x.
  assert.deepEqual(tile(tensor([[1, 2], [3, 4]]), 2).arraySync(), [[1, 2, 1, 2], [3, 4, 3, 4]]);
  assert.deepEqual(tile(tensor([1, 2]), [2, 1]).arraySync(), [[1, 2], [1, 2]]);
  assert.deepEqual(tile(tensor(5), [3]).arraySync(), [5, 5, 5]);
  assert.deepEqual(tile(tensor([1, 2]), 0).shape, [0]);
  assert.deepEqual(tile(tensor([true, false], "bool"), 2).arraySync(), [true, false, true, false]);
  assert.deepEqual(tile(tensor([3], "int32"), 2).arraySync(), [3, 3]);
});

test("property: tile matches a modulo-indexing reference", () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })), { maxLength: 3 }), fc.integer({ min: 1, max: 999 }), (dims, seed) => {
      const shape = dims.map((d) => d[0]);
      const reps = dims.map((d) => d[1]);
      const x = randomF64(shape, seed);
      const expected = build(shape.map((d, k) => d * reps[k]!), (i) => get(x.arraySync(), i.map((v, k) => v % shape[k]!)));
      assert.deepEqual(tile(x, reps).arraySync(), expected);
    }),
  );
});

test("repeat repeats each element (NumPy np.repeat)", () => {
  assert.deepEqual(repeat(tensor([1, 2]), 2).arraySync(), [1, 1, 2, 2]);
  assert.deepEqual(repeat(tensor([[1, 2], [3, 4]]), 2).arraySync(), [1, 1, 2, 2, 3, 3, 4, 4]);
  assert.deepEqual(repeat(tensor([[1, 2], [3, 4]]), [1, 2], 0).arraySync(), [[1, 2], [3, 4], [3, 4]]);
  assert.deepEqual(tensor([[1, 2], [3, 4]]).repeat(2, -1).arraySync(), [[1, 1, 2, 2], [3, 3, 4, 4]]);
  assert.deepEqual(repeat(tensor([1, 2, 3]), [0, 1, 0]).arraySync(), [2]);
  assert.deepEqual(repeat(tensor([true, false]), 2).arraySync(), [true, true, false, false]);
  assert.deepEqual(repeat(zeros([0, 2]), 3, 0).shape, [0, 2]);
});

test("gradients of tile and repeat match finite differences", () => {
  const cases: [number[], number[]][] = [[[3], [2]], [[2, 1], [2, 3]], [[1, 2, 2], [2, 1, 2]], [[2], [2, 2]], [[2, 2], [0, 1]], [[0, 2], [2, 1]]];
  cases.forEach(([shape, reps], k) => {
    const outShape = tile(zeros(shape), reps).shape as number[];
    checkGrads((x) => tile(x!, reps).mul(randomF64(outShape, 10 + k)), [randomF64(shape, k + 1)]);
  });
  checkGrads((x) => repeat(x!, [2, 0, 3]).mul(randomF64([5], 3)), [randomF64([3], 2)]);
  checkGrads((x) => repeat(x!, 2, 1).mul(randomF64([2, 4], 5)), [randomF64([2, 2], 4)]);
  const f = (x: Tensor) => tile(x, [2]).square().mul(repeat(x, 2)).sum();
  checkGrads((x) => grad(f)(x!), [randomF64([3], 6)], { tolerance: 1e-5 });
});

test("bad arguments name the op and what was expected", () => {
  const throwsLike = (f: () => unknown, pattern: RegExp) => assert.throws(f, (e: unknown) => e instanceof ArgumentError && pattern.test((e as Error).message));
  throwsLike(() => tile(zeros([2]), [-1]), /tile: reps must be non-negative integers, got \[-1\]/);
  throwsLike(() => tile(zeros([2]), 1.5), /tile: reps must be non-negative integers, got \[1.5\]/);
  throwsLike(() => repeat(zeros([3]), [1, 2]), /repeat: 2 counts for axis 0 of length 3 \(shape \[3\]\); give one count or one per element/);
  throwsLike(() => repeat(zeros([3]), -1), /repeat: repeats must be non-negative integers, got \[-1\]/);
  throwsLike(() => repeat(zeros([3]), 2, 1), /repeat: axis 1 is out of range for a tensor of rank 1/);
});
