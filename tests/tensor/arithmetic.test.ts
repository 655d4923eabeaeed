import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { tensor, add, sub, mul, div, neg, ShapeError } from "../../kernel/src/index.js";
import { checkGrads, randomF64, assertClose } from "../helpers/gradcheck.js";

test("add/sub/mul/div broadcast like NumPy", () => {
  const a = tensor([[1, 2, 3], [4, 5, 6]]);
  const b = tensor([10, 20, 30]);
  assert.deepEqual(add(a, b).arraySync(), [[11, 22, 33], [14, 25, 36]]);
  assert.deepEqual(sub(a, tensor([[1], [2]])).arraySync(), [[0, 1, 2], [2, 3, 4]]);
  assert.deepEqual(mul(a, 2).arraySync(), [[2, 4, 6], [8, 10, 12]]);
  assertClose(div(a, b).arraySync(), [[0.1, 0.1, 0.1], [0.4, 0.25, 0.2]]);
  assert.deepEqual(neg(a).arraySync(), [[-1, -2, -3], [-4, -5, -6]]);
});

test("a plain number adopts the tensor's dtype; int division gives float32", () => {
  assert.equal(tensor([1, 2], "int32").mul(3).dtype, "int32");
  assert.equal(tensor([1, 2], "float64").add(0.5).dtype, "float64");
  assert.equal(tensor([1, 2], "int32").add(0.5).dtype, "float32");
  const q = div(tensor([1, 3], "int32"), 2);
  assert.equal(q.dtype, "float32");
  assert.deepEqual(q.arraySync(), [0.5, 1.5]);
});

test("mismatched shapes name the op, both shapes and the caller's line", () => {
  assert.throws(
    () => add(tensor([1, 2]), tensor([1, 2, 3])),
    (e: unknown) => e instanceof ShapeError && /add: shapes \[2\] and \[3\]/.test(e.message) && /arithmetic\.test\.ts:\d+/.test(e.message),
  );
});

test("gradients of the arithmetic ops match finite differences, with broadcasting", () => {
  const shapes: [number[], number[]][] = [[[3], [3]], [[2, 3], [3]], [[2, 1], [1, 4]], [[1], [2, 2]], [[], [3]]];
  shapes.forEach(([sa, sb], k) => {
    const a = randomF64(sa, k + 1);
    const b = randomF64(sb, k + 7, 0.5, 2);
    for (const f of [add, sub, mul, div]) checkGrads((x, y) => f(x!, y!), [a, b]);
    checkGrads((x) => neg(x!), [a]);
  });
});

test("property: a + b − b ≈ a for broadcastable shapes", () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 0, maxLength: 3 }), fc.boolean(), (shape, dropLead) => {
      const a = randomF64(shape, shape.length + 3);
      const bShape = dropLead ? shape.slice(1) : shape.map(() => 1);
      const b = randomF64(bShape, 5);
      assertClose(a.add(b).sub(b).arraySync(), a.arraySync(), 1e-12);
    }),
  );
});
