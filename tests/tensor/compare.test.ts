import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  tensor, equal, notEqual, less, lessEqual, greater, greaterEqual, logicalNot, logicalOr, where, grads, ShapeError, type Tensor,
} from "../../kernel/src/index.js";
import { randomF64 } from "../helpers/gradcheck.js";
import { f64 } from "../helpers/elementwise.js";

type Compare = (a: Tensor, b: Tensor | number | boolean) => Tensor;
const comparisons: [string, Compare, (x: number, y: number) => boolean][] = [
  ["equal", equal, (x, y) => x === y],
  ["notEqual", notEqual, (x, y) => x !== y],
  ["less", less, (x, y) => x < y],
  ["lessEqual", lessEqual, (x, y) => x <= y],
  ["greater", greater, (x, y) => x > y],
  ["greaterEqual", greaterEqual, (x, y) => x >= y],
];

test("comparisons give bool and follow IEEE rules, NaN included, in every dtype", () => {
  const xs = [1, 2, 3, NaN, -0, Infinity];
  const ys = [2, 2, 2, NaN, 0, Infinity];
  for (const [name, op, ref] of comparisons) {
    const out = op(f64(xs), f64(ys));
    assert.equal(out.dtype, "bool", name);
    assert.deepEqual(out.arraySync(), xs.map((x, i) => ref(x, ys[i]!)), name);
    for (const dtype of ["float32", "int32"] as const) {
      assert.deepEqual(op(tensor([1, 2, 3], dtype), 2).arraySync(), [1, 2, 3].map((x) => ref(x, 2)), `${name} ${dtype}`);
    }
    assert.deepEqual(op(tensor([true, false]), true).arraySync(), [1, 0].map((x) => ref(x, 1)), `${name} bool`);
  }
});

test("operands promote like arithmetic: int32 against 2.5 compares in float", () => {
  assert.deepEqual(less(tensor([2, 3], "int32"), 2.5).arraySync(), [true, false]);
  assert.deepEqual(equal(tensor([1], "int32"), tensor([1.0], "float64")).arraySync(), [true]);
  // float32 0.1 is not float64 0.1: the comparison happens after promotion, as in NumPy.
  assert.deepEqual(equal(tensor([0.1]), f64([0.1])).arraySync(), [false]);
});

test("comparisons broadcast, and a scalar operand gives the same result as a broadcast tensor", () => {
  const a = tensor([[1, 5], [3, 3]]);
  assert.deepEqual(greater(a, tensor([[2], [3]])).arraySync(), [[false, true], [false, false]]);
  for (const [, op] of comparisons) {
    assert.deepEqual(op(a, 3).arraySync(), op(a, tensor([[3, 3], [3, 3]])).arraySync());
    assert.deepEqual(op(a, 3).arraySync(), op(a, tensor([3])).arraySync());
  }
  assert.throws(() => less(tensor([1, 2]), tensor([1, 2, 3])), (e: unknown) => e instanceof ShapeError && /less: shapes \[2\] and \[3\]/.test(e.message));
});

test("chainable methods", () => {
  const x = tensor([1, 2, 3]);
  assert.deepEqual(x.equal(2).arraySync(), [false, true, false]);
  assert.deepEqual(x.notEqual(2).arraySync(), [true, false, true]);
  assert.deepEqual(x.less(2).arraySync(), [true, false, false]);
  assert.deepEqual(x.lessEqual(2).arraySync(), [true, true, false]);
  assert.deepEqual(x.greater(2).arraySync(), [false, false, true]);
  assert.deepEqual(x.greaterEqual(2).arraySync(), [false, true, true]);
});

test("comparisons carry no gradient but their masks route gradients through where", () => {
  // |x| written with a mask: the comparison is a constant to autograd.
  const [g] = grads((x) => where(x!.greater(0), x!, x!.neg()).sum())(tensor([-2, 3, -0.5]));
  assert.deepEqual(g!.arraySync(), [-1, 1, -1]);
});

test("property: less(a, b) = greater(b, a); lessEqual = less or equal; notEqual = not equal (with broadcasting)", () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 3 }), fc.integer({ min: 1, max: 500 }), (shape, seed) => {
      // Rounded to halves so that ties happen often.
      const a = randomF64(shape, seed, -2, 2).mul(2).round().div(2);
      const b = randomF64(shape.slice(1), seed + 3, -2, 2).mul(2).round().div(2);
      assert.deepEqual(less(a, b).arraySync(), greater(b, a).arraySync());
      assert.deepEqual(greaterEqual(a, b).arraySync(), lessEqual(b, a).arraySync());
      assert.deepEqual(lessEqual(a, b).arraySync(), logicalOr(less(a, b), equal(a, b)).arraySync());
      assert.deepEqual(notEqual(a, b).arraySync(), logicalNot(equal(a, b)).arraySync());
    }),
  );
});
