import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { eye, arange, linspace, zeros, ones, full, zerosLike, onesLike, fullLike, tensor, ArgumentError } from "../../kernel/src/index.js";
import { assertClose } from "../helpers/gradcheck.js";

test("full, zeros and eye", () => {
  assert.deepEqual(full([2], true).arraySync(), [true, true]);
  assert.equal(zeros([2, 0]).size, 0);
  assert.deepEqual(eye(3).arraySync(), [[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
  assert.deepEqual(eye(2, 3).arraySync(), [[1, 0, 0], [0, 1, 0]]);
  assert.deepEqual(eye(3, 2, "int32").arraySync(), [[1, 0], [0, 1], [0, 0]]);
  assert.equal(eye(2, 2, "bool").dtype, "bool");
  assert.deepEqual(eye(0).shape, [0, 0]);
  assert.throws(() => eye(-1), (e: unknown) => e instanceof ArgumentError && /eye: a shape must be a list of non-negative integers/.test(e.message));
  assert.throws(() => eye(2.5), /eye: a shape must be a list of non-negative integers, got \[2\.5,2\.5\]/);
});

test("zeros, ones and the *Like variants take the shape (and by default the dtype) of their argument", () => {
  assert.deepEqual(zeros([2, 3]).arraySync(), [[0, 0, 0], [0, 0, 0]]);
  assert.deepEqual(ones([2], "int32").arraySync(), [1, 1]);
  assert.equal(ones([2], "int32").dtype, "int32");
  const x = tensor([[1, 2], [3, 4], [5, 6]], "float64");
  for (const [made, value] of [[zerosLike(x), 0], [onesLike(x), 1], [fullLike(x, 2.5), 2.5]] as const) {
    assert.deepEqual(made.shape, [3, 2]);
    assert.equal(made.dtype, "float64");
    assert.deepEqual(made.arraySync(), [[value, value], [value, value], [value, value]]);
  }
  assert.deepEqual(zerosLike(tensor([true, true])).arraySync(), [false, false]);
  assert.deepEqual(onesLike(tensor([7, 8], "int32")).arraySync(), [1, 1]);
  assert.equal(fullLike(x, 3, "int32").dtype, "int32");
  assert.deepEqual(fullLike(tensor([0.5]), true).arraySync(), [1], "a boolean value in a float tensor is 1");
  assert.deepEqual(zerosLike(zeros([0, 4])).shape, [0, 4]);
  assert.throws(() => ones([1], "int8" as never), (e: unknown) => e instanceof ArgumentError && /ones: unknown dtype "int8"; expected float32, float64, int32 or bool/.test((e as Error).message));
});

test("arange follows NumPy: half-open, negative steps, integer or float dtype", () => {
  const a = arange(5);
  assert.equal(a.dtype, "int32");
  assert.deepEqual(a.arraySync(), [0, 1, 2, 3, 4]);
  assert.deepEqual(arange(2, 5).arraySync(), [2, 3, 4]);
  assert.deepEqual(arange(5, 0, -2).arraySync(), [5, 3, 1]);
  assert.deepEqual(arange(0, 5, 2).arraySync(), [0, 2, 4]);
  assert.deepEqual(arange(3, 3).arraySync(), []);
  assert.deepEqual(arange(3, 1).arraySync(), []);
  const f = arange(1, 2, 0.25);
  assert.equal(f.dtype, "float32");
  assert.deepEqual(f.arraySync(), [1, 1.25, 1.5, 1.75]);
  assert.equal(arange(3, undefined, 1, "float64").dtype, "float64");
  // ceil((1 − 0) / 0.1) = 10 values, as in NumPy.
  assert.equal(arange(0, 1, 0.1, "float64").size, 10);
  assertClose(arange(0, 1, 0.1, "float64").arraySync(), Array.from({ length: 10 }, (_, i) => i * 0.1), 1e-15);
  assert.throws(() => arange(0, 5, 0), (e: unknown) => e instanceof ArgumentError && /arange: step must not be zero/.test(e.message));
  assert.throws(() => arange(0, Infinity), /arange: stop must be a finite number, got Infinity/);
  assert.throws(() => arange(3, undefined, 1, "bool"), /arange: dtype bool is not supported/);
});

test("property: arange has ceil((stop − start) / step) elements, each start + i·step", () => {
  fc.assert(
    fc.property(fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 }), fc.integer({ min: -7, max: 7 }).filter((s) => s !== 0), (start, stop, step) => {
      const values = arange(start, stop, step).arraySync() as number[];
      const expected: number[] = [];
      for (let v = start; step > 0 ? v < stop : v > stop; v += step) expected.push(v);
      assert.deepEqual(values, expected);
    }),
  );
});

test("linspace includes both ends", () => {
  assert.deepEqual(linspace(0, 1, 5).arraySync(), [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(linspace(2, 2, 3).arraySync(), [2, 2, 2]);
  assert.deepEqual(linspace(1, 0, 3).arraySync(), [1, 0.5, 0]);
  assert.deepEqual(linspace(3, 7, 1).arraySync(), [3]);
  assert.deepEqual(linspace(3, 7, 0).arraySync(), []);
  const x = linspace(0, 1, 11, "float64").arraySync() as number[];
  assert.equal(x[10], 1);
  assertClose(x, Array.from({ length: 11 }, (_, i) => i / 10), 1e-15);
  assert.deepEqual(linspace(0, 10, 4, "int32").arraySync(), [0, 3, 6, 10]);
  assert.deepEqual(linspace(0, -10, 4, "int32").arraySync(), [0, -4, -7, -10]);
  assert.throws(() => linspace(0, 1, -1), (e: unknown) => e instanceof ArgumentError && /linspace: num must be a non-negative integer, got -1/.test(e.message));
  assert.throws(() => linspace(0, NaN, 3), /linspace: stop must be a finite number, got NaN/);
});
