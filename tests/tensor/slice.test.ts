import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { tensor, slice, stridedSlice, at, zeros, grad, ShapeError, ArgumentError, type Tensor } from "../../kernel/src/index.js";
import { checkGrads, randomF64 } from "../helpers/gradcheck.js";
import { pick, pySliceIndices } from "../helpers/nested.js";

const x23 = () => tensor([[1, 2, 3], [4, 5, 6]]);

test("slice takes a block; size -1 runs to the end", () => {
  assert.deepEqual(slice(x23(), [0, 1], [2, -1]).arraySync(), [[2, 3], [5, 6]]);
  assert.deepEqual(slice(x23(), [1, 0], [1, 2]).arraySync(), [[4, 5]]);
  assert.deepEqual(x23().slice([1]).arraySync(), [[4, 5, 6]]);
  assert.deepEqual(x23().slice([0, -2], [-1, 1]).arraySync(), [[2], [5]]);
  assert.deepEqual(tensor([1, 2, 3, 4]).slice(1, 2).arraySync(), [2, 3]);
  assert.deepEqual(slice(x23(), [2, 3], [0, 0]).shape, [0, 0]);
  assert.deepEqual(slice(tensor([[true, false], [false, true]]), [1, 0], [1, 2]).arraySync(), [[false, true]]);
  assert.deepEqual(slice(tensor([5, 6, 7], "int32"), [1]).arraySync(), [6, 7]);
});

test("stridedSlice follows NumPy: negative positions and steps, clipping, null bounds", () => {
  const r = tensor([0, 1, 2, 3, 4, 5]);
  assert.deepEqual(stridedSlice(r, [null], [null], [-1]).arraySync(), [5, 4, 3, 2, 1, 0]); // r[::-1]
  assert.deepEqual(stridedSlice(r, [null], [null], [-2]).arraySync(), [5, 3, 1]); // r[::-2]
  assert.deepEqual(stridedSlice(r, [-1], [0], [-1]).arraySync(), [5, 4, 3, 2, 1]); // r[-1:0:-1]
  assert.deepEqual(stridedSlice(r, [1], [-1], [2]).arraySync(), [1, 3]); // r[1:-1:2]
  assert.deepEqual(stridedSlice(r, [-100], [100]).arraySync(), [0, 1, 2, 3, 4, 5]); // r[-100:100]
  assert.deepEqual(stridedSlice(r, [100], [-100], [-3]).arraySync(), [5, 2]); // r[100:-100:-3]
  assert.deepEqual(stridedSlice(r, [4], [2]).arraySync(), []); // r[4:2]
  assert.deepEqual(stridedSlice(x23(), [null, null], [null, null], [-1, 2]).arraySync(), [[4, 6], [1, 3]]);
  assert.deepEqual(x23().stridedSlice([1], [null], [-1]).arraySync(), [[4, 5, 6], [1, 2, 3]]);
  assert.deepEqual(stridedSlice(tensor([1, 2, 3], "int32"), [], [], [-1]).dtype, "int32");
});

test("at indexes like NumPy", () => {
  const x = x23();
  assert.deepEqual(x.at(1).arraySync(), [4, 5, 6]);
  assert.equal(x.at(-1, 0).item(), 4);
  assert.deepEqual(at(x, ":, ::-1").arraySync(), [[3, 2, 1], [6, 5, 4]]);
  assert.deepEqual(x.at("1:, ::-1").arraySync(), [[6, 5, 4]]);
  assert.deepEqual(x.at("...", 1).arraySync(), [2, 5]);
  assert.deepEqual(x.at("..., None").shape, [2, 3, 1]);
  assert.deepEqual(x.at(null, 0).arraySync(), [[1, 2, 3]]);
  assert.deepEqual(x.at(":", "0:3:2").arraySync(), [[1, 3], [4, 6]]);
  assert.deepEqual(x.at("0, 1:").arraySync(), [2, 3]);
  assert.deepEqual(x.at().arraySync(), x.arraySync());
  assert.deepEqual(x.at("").arraySync(), x.arraySync());
  assert.equal(tensor(3).at("...").item(), 3);
  assert.deepEqual(tensor([[true, false]]).at(0, -1).arraySync(), false);
  assert.deepEqual(x.at("5:").shape, [0, 3]);
});

const sliceCase = fc.integer({ min: 0, max: 3 }).chain((rank) =>
  fc.tuple(
    fc.array(fc.integer({ min: 0, max: 5 }), { minLength: rank, maxLength: rank }),
    fc.array(
      fc.tuple(
        fc.option(fc.integer({ min: -8, max: 8 }), { nil: null }),
        fc.option(fc.integer({ min: -8, max: 8 }), { nil: null }),
        fc.integer({ min: -3, max: 3 }).filter((s) => s !== 0),
      ),
      { minLength: rank, maxLength: rank },
    ),
    fc.integer({ min: 1, max: 1000 }),
  ),
);

test("property: stridedSlice equals a Python-style slice of nested arrays", () => {
  fc.assert(
    fc.property(sliceCase, ([shape, specs, seed]) => {
      const x = randomF64(shape, seed);
      const y = stridedSlice(x, specs.map((s) => s[0]), specs.map((s) => s[1]), specs.map((s) => s[2]));
      const positions = specs.map(([start, stop, step], k) => pySliceIndices(start, stop, step, shape[k]!));
      assert.deepEqual(y.shape, positions.map((p) => p.length));
      assert.deepEqual(y.arraySync(), pick(x.arraySync(), positions));
      // The same slice written as an at() string.
      const text = specs.map(([start, stop, step]) => `${start ?? ""}:${stop ?? ""}:${step}`).join(", ");
      assert.deepEqual(at(x, text).arraySync(), y.arraySync());
    }),
    { numRuns: 200 },
  );
});

test("gradients of slice, stridedSlice and at match finite differences", () => {
  const w = (t: Tensor, seed: number) => t.mul(randomF64(t.shape as number[], seed));
  checkGrads((x) => w(slice(x!, [0, 1], [2, -1]), 1), [randomF64([3, 3], 1)]);
  checkGrads((x) => w(slice(x!, [0, 0], [1, 1]), 2), [randomF64([1, 1], 2)]);
  checkGrads((x) => w(stridedSlice(x!, [null, -1], [null, null], [-1, -2]), 3), [randomF64([2, 5], 3)]);
  checkGrads((x) => w(stridedSlice(x!, [1, null, 0], [null, null, 3], [2, -1, 2]), 4), [randomF64([4, 1, 3], 4)]);
  checkGrads((x) => w(stridedSlice(x!, [2], [1]), 5), [randomF64([3], 5)]);
  checkGrads((x) => w(slice(x!, [0, 1], [0, 1]), 5), [randomF64([0, 2], 5)]);
  checkGrads((x) => w(at(x!, "..., ::-1", null), 6), [randomF64([2, 3], 6)]);
  checkGrads((x) => w(at(x!, -1, "1:"), 7), [randomF64([3, 3], 7)]);
  // Overlapping slices of one tensor add their gradients.
  checkGrads((x) => slice(x!, [0], [3]).mul(stridedSlice(x!, [null], [0], [-1])), [randomF64([4], 8)]);
});

test("second derivatives flow through slices (and through the slice's gradient op)", () => {
  const f = (x: Tensor) => stridedSlice(x, [null], [null], [-2]).square().mul(slice(x, [1], [3])).sum();
  checkGrads((x) => grad(f)(x!), [randomF64([6], 3)], { tolerance: 1e-5 });
  const g = (x: Tensor) => at(x, "1:, ::-1").square().square().sum();
  checkGrads((x) => grad(g)(x!), [randomF64([3, 2], 4)], { tolerance: 1e-5 });
});

test("bad arguments name the op and what was expected", () => {
  const throwsLike = (f: () => unknown, type: Function, pattern: RegExp) => assert.throws(f, (e: unknown) => e instanceof type && pattern.test((e as Error).message));
  const x = zeros([2, 3]);
  throwsLike(() => slice(x, [0, 2], [1, 2]), ShapeError, /slice: begin 2 \+ size 2 exceeds length 3 of axis 1 \(shape \[2, 3\]\)/);
  throwsLike(() => slice(x, [3]), ArgumentError, /slice: begin 3 is out of range for axis 0 of length 2 \(expected an integer in -2 … 2\)/);
  throwsLike(() => slice(x, [0, 0, 0]), ArgumentError, /slice: begin \[0,0,0\] has 3 entries, the tensor has rank 2/);
  throwsLike(() => slice(x, [0], [-2]), ArgumentError, /slice: size -2 for axis 0 must be a non-negative integer or -1/);
  throwsLike(() => stridedSlice(x, [0], [1], [0]), ArgumentError, /stridedSlice: the stride for axis 0 must be a non-zero integer, got 0/);
  throwsLike(() => stridedSlice(x, [0.5], [1]), ArgumentError, /stridedSlice: begin for axis 0 must be an integer, null or undefined, got 0.5/);
  throwsLike(() => at(x, 2), ArgumentError, /at: index 2 is out of range for axis 0 of length 2 \(expected -2 … 1\)/);
  throwsLike(() => at(x, 0, 0, 0), ArgumentError, /at: 3 indices for a tensor of rank 2/);
  throwsLike(() => at(x, "::0"), ArgumentError, /at: the step in "::0" must not be zero/);
  throwsLike(() => at(x, "a:b"), ArgumentError, /at: cannot read "a:b"; expected an integer, a slice like "1:3"/);
  throwsLike(() => at(x, "..., ..."), ArgumentError, /at: an index can have only one "\.\.\."/);
  throwsLike(() => at(x, 1.5), ArgumentError, /at: an index must be an integer, got 1.5/);
});
