import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { sizeOf, stridesOf, shapesEqual, checkShape, broadcastShapes, normalizeAxis, normalizeAxes, reducedShape } from "../../kernel/src/tensor/shape.js";
import { ArgumentError, ShapeError } from "../../kernel/src/tensor/errors.js";

const shapeArb = fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 5 });

test("sizeOf multiplies the dimensions; a scalar has one element, a zero dimension none", () => {
  assert.equal(sizeOf([]), 1);
  assert.equal(sizeOf([7]), 7);
  assert.equal(sizeOf([2, 3, 4]), 24);
  assert.equal(sizeOf([3, 0, 5]), 0);
});

test("stridesOf gives row-major strides", () => {
  assert.deepEqual(stridesOf([]), []);
  assert.deepEqual(stridesOf([5]), [1]);
  assert.deepEqual(stridesOf([2, 3, 4]), [12, 4, 1]);
  assert.deepEqual(stridesOf([4, 1, 3]), [3, 3, 1]);
});

test("stridesOf: the flat offset Σ index·stride enumerates 0 … size-1 in row-major order", () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 4 }), (shape) => {
      const strides = stridesOf(shape);
      const offsets: number[] = [];
      const walk = (axis: number, offset: number): void => {
        if (axis === shape.length) return void offsets.push(offset);
        for (let i = 0; i < shape[axis]!; i++) walk(axis + 1, offset + i * strides[axis]!);
      };
      walk(0, 0);
      assert.deepEqual(offsets, Array.from({ length: sizeOf(shape) }, (_, i) => i));
    }),
  );
});

test("shapesEqual and checkShape", () => {
  assert.ok(shapesEqual([2, 3], [2, 3]));
  assert.ok(shapesEqual([], []));
  assert.ok(!shapesEqual([2, 3], [3, 2]));
  assert.ok(!shapesEqual([2], [2, 1]));
  checkShape("zeros", [0, 2, 3]);
  assert.throws(() => checkShape("zeros", [2, -1]), (e: unknown) => e instanceof ArgumentError && /^zeros: a shape must be a list of non-negative integers, got \[2,-1\]/.test(e.message));
  assert.throws(() => checkShape("zeros", [1.5]), ArgumentError);
});

test("broadcastShapes follows NumPy rules", () => {
  assert.deepEqual(broadcastShapes("add", [2, 1, 3], [4, 3]), [2, 4, 3]);
  assert.deepEqual(broadcastShapes("add", [], [2, 3]), [2, 3]);
  assert.deepEqual(broadcastShapes("add", [2, 3], []), [2, 3]);
  assert.deepEqual(broadcastShapes("add", [3, 1], [1, 4]), [3, 4]);
  assert.deepEqual(broadcastShapes("add", [1], [0]), [0], "1 broadcasts against 0");
  assert.deepEqual(broadcastShapes("add", [5, 0], [1, 1]), [5, 0]);
});

test("broadcastShapes names the op, both shapes and the offending axis", () => {
  assert.throws(
    () => broadcastShapes("mul", [2, 3], [4]),
    (e: unknown) => e instanceof ShapeError && e.message.startsWith("mul: shapes [2, 3] and [4] cannot be broadcast together (axis 1: 3 vs 4)"),
  );
  // The axis is counted in the output (after right-alignment).
  assert.throws(
    () => broadcastShapes("sub", [2, 4, 3], [5, 3]),
    (e: unknown) => e instanceof ShapeError && e.message.startsWith("sub: shapes [2, 4, 3] and [5, 3] cannot be broadcast together (axis 1: 4 vs 5)"),
  );
});

test("broadcastShapes against a reference: a shape broadcasts with any of its 'squeezed' versions, symmetrically", () => {
  fc.assert(
    fc.property(shapeArb, fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), fc.nat({ max: 5 }), (full, ones, drop) => {
      const squeezed = full.map((d, i) => (ones[i] ? 1 : d)).slice(Math.min(drop, full.length));
      assert.deepEqual(broadcastShapes("add", full, squeezed), full);
      assert.deepEqual(broadcastShapes("add", squeezed, full), full);
    }),
  );
});

test("normalizeAxis maps negative axes from the end and checks the range", () => {
  assert.equal(normalizeAxis("sum", 0, 3), 0);
  assert.equal(normalizeAxis("sum", 2, 3), 2);
  assert.equal(normalizeAxis("sum", -1, 3), 2);
  assert.equal(normalizeAxis("sum", -3, 3), 0);
  // A scalar accepts axis 0 (and -0).
  assert.equal(normalizeAxis("sum", 0, 0), 0);
  const outOfRange = (axis: number, rank: number, expected: string) =>
    assert.throws(() => normalizeAxis("sum", axis, rank), (e: unknown) => e instanceof ArgumentError && e.message.startsWith(expected), `axis ${axis}, rank ${rank}`);
  outOfRange(3, 3, "sum: axis 3 is out of range for a tensor of rank 3 (expected -3 … 2)");
  outOfRange(-4, 3, "sum: axis -4 is out of range for a tensor of rank 3 (expected -3 … 2)");
  outOfRange(1, 0, "sum: axis 1 is out of range for a tensor of rank 0");
  outOfRange(-1, 0, "sum: axis -1 is out of range for a tensor of rank 0");
  outOfRange(0.5, 3, "sum: axis 0.5 is out of range");
  outOfRange(Number.NaN, 3, "sum: axis NaN is out of range");
});

test("normalizeAxis: every in-range axis maps into [0, rank) and a and a - rank agree", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 8 }), fc.nat(), (rank, k) => {
      const axis = k % rank;
      assert.equal(normalizeAxis("op", axis, rank), axis);
      assert.equal(normalizeAxis("op", axis - rank, rank), axis);
    }),
  );
});

test("normalizeAxes: undefined is every axis; lists are normalised and sorted", () => {
  assert.deepEqual(normalizeAxes("sum", undefined, 3), [0, 1, 2]);
  assert.deepEqual(normalizeAxes("sum", undefined, 0), []);
  assert.deepEqual(normalizeAxes("sum", -1, 3), [2]);
  assert.deepEqual(normalizeAxes("sum", [2, -3], 3), [0, 2]);
  assert.deepEqual(normalizeAxes("sum", [], 3), []);
  const input = [2, 0] as const;
  normalizeAxes("sum", input, 3);
  assert.deepEqual(input, [2, 0], "the caller's list is not reordered");
});

test("normalizeAxes rejects repeated axes (also when written differently) and out-of-range ones", () => {
  assert.throws(() => normalizeAxes("mean", [1, 1], 3), (e: unknown) => e instanceof ArgumentError && e.message.startsWith("mean: repeated axis in [1,1]"));
  assert.throws(() => normalizeAxes("mean", [0, -3], 3), (e: unknown) => e instanceof ArgumentError && e.message.startsWith("mean: repeated axis in [0,-3]"));
  assert.throws(() => normalizeAxes("mean", [0, 3], 3), (e: unknown) => e instanceof ArgumentError && /axis 3 is out of range for a tensor of rank 3/.test(e.message));
});

test("reducedShape drops (or keeps as 1) the reduced axes", () => {
  assert.deepEqual(reducedShape([2, 3, 4], [1], false), [2, 4]);
  assert.deepEqual(reducedShape([2, 3, 4], [1], true), [2, 1, 4]);
  assert.deepEqual(reducedShape([2, 3, 4], [0, 2], false), [3]);
  assert.deepEqual(reducedShape([2, 3, 4], [0, 1, 2], false), []);
  assert.deepEqual(reducedShape([2, 3, 4], [0, 1, 2], true), [1, 1, 1]);
  assert.deepEqual(reducedShape([2, 3], [], true), [2, 3]);
});

test("reducedShape keeps the element count: size(reduced) · Π reduced dims = size", () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 5 }), fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), (shape, pick) => {
      const axes = shape.map((_, i) => i).filter((i) => pick[i]);
      const removed = axes.reduce((p, i) => p * shape[i]!, 1);
      assert.equal(sizeOf(reducedShape(shape, axes, false)) * removed, sizeOf(shape));
      assert.equal(reducedShape(shape, axes, true).length, shape.length);
      assert.equal(reducedShape(shape, axes, false).length, shape.length - axes.length);
    }),
  );
});

test("an axis of a scalar says that a scalar has no axes", () => {
  assert.throws(() => normalizeAxis("sum", -1, 0), /sum: axis -1 is out of range for a tensor of rank 0 \(a scalar has no axes/);
});
