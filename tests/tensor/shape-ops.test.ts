import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { tensor, reshape, broadcastTo, expandDims, squeeze, flatten, zeros, ShapeError, ArgumentError, type DType } from "../../kernel/src/index.js";
import { checkGrads, randomF64 } from "../helpers/gradcheck.js";

const shapeArb = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 4 });

test("reshape keeps row-major order and resolves -1", () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(reshape(x, [3, 2]).arraySync(), [[1, 2], [3, 4], [5, 6]]);
  assert.deepEqual(x.reshape([-1]).arraySync(), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(reshape(x, [1, -1, 2]).shape, [1, 3, 2]);
  assert.deepEqual(reshape(zeros([0, 3]), [3, 0]).shape, [3, 0]);
});

test("property: reshape there and back is the identity, and keeps the flat values", () => {
  fc.assert(
    fc.property(shapeArb, fc.integer({ min: 1, max: 1000 }), (shape, seed) => {
      const x = randomF64(shape, seed);
      // A second shape with the same number of elements: the flat length split in two.
      const size = x.size;
      const other = size === 0 ? [0, 2] : [size, 1];
      const y = reshape(x, other);
      assert.deepEqual(Array.from(y.dataSync()), Array.from(x.dataSync()));
      assert.deepEqual(reshape(y, shape).arraySync(), x.arraySync());
      assert.deepEqual(flatten(x).arraySync(), Array.from(x.dataSync()));
    }),
  );
});

test("broadcastTo works for every dtype", () => {
  const cases: [DType, unknown[], unknown][] = [
    ["float32", [1.5, 2], [[1.5, 2], [1.5, 2], [1.5, 2]]],
    ["float64", [0.1, 0.2], [[0.1, 0.2], [0.1, 0.2], [0.1, 0.2]]],
    ["int32", [-7, 9], [[-7, 9], [-7, 9], [-7, 9]]],
    ["bool", [true, false], [[true, false], [true, false], [true, false]]],
  ];
  for (const [dtype, values, expected] of cases) {
    const y = broadcastTo(tensor(values as number[], dtype), [3, 2]);
    assert.equal(y.dtype, dtype);
    assert.deepEqual(y.arraySync(), expected, dtype);
  }
  assert.deepEqual(broadcastTo(tensor([[1], [2]], "int32"), [2, 3]).arraySync(), [[1, 1, 1], [2, 2, 2]]);
  assert.deepEqual(tensor(true).broadcastTo([2, 1, 2]).arraySync(), [[[true, true]], [[true, true]]]);
  assert.deepEqual(broadcastTo(tensor([[5]], "int32"), [2, 0]).shape, [2, 0]);
});

test("gradients of broadcastTo, expandDims, squeeze and flatten match finite differences", () => {
  const cases: [number[], number[]][] = [[[3], [2, 3]], [[2, 1], [2, 4]], [[], [3]], [[1, 1], [2, 1, 3]], [[1], [0]]];
  cases.forEach(([from, to], k) => checkGrads((x) => broadcastTo(x!, to).mul(randomF64(to, 40 + k)), [randomF64(from, k + 1)]));
  for (const shape of [[3], [1, 2], [2, 1, 3], [0, 2]]) {
    const w = randomF64(shape, 9);
    checkGrads((x) => expandDims(x!, -1).mul(expandDims(w, -1)), [randomF64(shape, 2)]);
    checkGrads((x) => flatten(x!).mul(flatten(w)), [randomF64(shape, 3)]);
  }
  checkGrads((x) => squeeze(x!).mul(tensor([1, 2, 3], "float64")), [randomF64([1, 3, 1], 4)]);
});

test("expandDims, squeeze and flatten", () => {
  const x = tensor([1, 2, 3]);
  assert.deepEqual(expandDims(x, 0).arraySync(), [[1, 2, 3]]);
  assert.deepEqual(x.expandDims(1).arraySync(), [[1], [2], [3]]);
  assert.deepEqual(x.expandDims(-1).shape, [3, 1]);
  assert.deepEqual(tensor(4).expandDims().shape, [1]);
  assert.deepEqual(zeros([1, 3, 1, 2]).squeeze().shape, [3, 2]);
  assert.deepEqual(squeeze(zeros([1, 3, 1]), 0).shape, [3, 1]);
  assert.deepEqual(squeeze(zeros([1, 3, 1]), [-1, 0]).shape, [3]);
  assert.deepEqual(squeeze(tensor([[7]])).arraySync(), 7);
  assert.deepEqual(tensor([[1, 2], [3, 4]], "int32").flatten().arraySync(), [1, 2, 3, 4]);
  assert.deepEqual(flatten(tensor(5)).arraySync(), [5]);
  assert.deepEqual(flatten(zeros([2, 0, 3])).shape, [0]);
  assert.equal(tensor([[true]]).flatten().dtype, "bool");
});

test("bad arguments name the op and what was expected", () => {
  assert.throws(() => broadcastTo(tensor([1, 2]), [3]), (e: unknown) => e instanceof ShapeError && /^broadcastTo: /.test(e.message) && /\[2\] and \[3\]/.test(e.message));
  assert.throws(() => broadcastTo(tensor([1, 2]), [-1, 2]), (e: unknown) => e instanceof ArgumentError && /broadcastTo: a shape must be a list of non-negative integers/.test(e.message));
  assert.throws(() => reshape(tensor([1, 2, 3]), [2, -1]), (e: unknown) => e instanceof ShapeError && /reshape: cannot reshape \[3\]/.test(e.message));
  assert.throws(() => expandDims(tensor([1, 2]), 3), (e: unknown) => e instanceof ArgumentError && /expandDims: axis 3 is out of range for a tensor of rank 1 \(expected -2 … 1\)/.test(e.message));
  assert.throws(() => squeeze(zeros([1, 3]), 1), (e: unknown) => e instanceof ShapeError && /squeeze: axis 1 has size 3, expected 1/.test(e.message));
  assert.throws(() => squeeze(zeros([1, 3]), 2), (e: unknown) => e instanceof ArgumentError && /squeeze: axis 2 is out of range/.test(e.message));
});
