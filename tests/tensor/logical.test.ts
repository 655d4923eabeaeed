import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { tensor, logicalAnd, logicalOr, logicalXor, logicalNot, where, grads, DTypeError, ShapeError } from "../../kernel/src/index.js";
import { checkGrads, randomF64, assertClose } from "../helpers/gradcheck.js";
import { checkSecondGrads } from "../helpers/elementwise.js";

test("logical ops: truth tables with broadcasting", () => {
  const a = tensor([[true], [false]]);
  const b = tensor([true, false]);
  assert.deepEqual(logicalAnd(a, b).arraySync(), [[true, false], [false, false]]);
  assert.deepEqual(logicalOr(a, b).arraySync(), [[true, true], [true, false]]);
  assert.deepEqual(logicalXor(a, b).arraySync(), [[false, true], [true, false]]);
  assert.deepEqual(logicalNot(b).arraySync(), [false, true]);
  assert.equal(logicalAnd(a, b).dtype, "bool");
  assert.deepEqual(logicalAnd(b, true).arraySync(), [true, false]);
  assert.deepEqual(a.logicalOr(b).logicalXor(true).logicalNot().logicalAnd(b).arraySync(), [[true, false], [true, false]]);
});

test("logical ops want bool operands and say how to get them", () => {
  assert.throws(
    () => logicalAnd(tensor([1, 0]), tensor([true, false])),
    (e: unknown) => e instanceof DTypeError && /logicalAnd: expected bool operands, got float32 \[2\] and bool \[2\]; make one with a comparison/.test(e.message),
  );
  assert.throws(() => logicalOr(tensor([true]), 1), /logicalOr: expected bool operands, got bool \[1\] and float32 \[\]/);
  assert.throws(() => logicalNot(tensor([1], "int32")), /logicalNot: expected bool input, got int32 \[1\]/);
  assert.throws(() => logicalXor(tensor([true, false]), tensor([true, false, true])), (e: unknown) => e instanceof ShapeError && /logicalXor: shapes \[2\] and \[3\]/.test(e.message));
});

test("where picks from a or b, broadcasting all three", () => {
  assert.deepEqual(where(tensor([true, false, true]), tensor([1, 2, 3]), tensor([-1, -2, -3])).arraySync(), [1, -2, 3]);
  const condition = tensor([[[true, false, true]], [[false, true, false]]]); // [2, 1, 3]
  const a = tensor([[10], [20]]); // [2, 1]
  const b = tensor([-1, -2, -3]); // [3]
  const out = where(condition, a, b);
  assert.deepEqual(out.shape, [2, 2, 3]);
  assert.deepEqual(out.arraySync(), [
    [[10, -2, 10], [20, -2, 20]],
    [[-1, 10, -3], [-1, 20, -3]],
  ]);
  assert.deepEqual(condition.where(a, b).arraySync(), out.arraySync());
  // A scalar operand gives the same values as the broadcast tensor.
  assert.deepEqual(where(condition, 0, b).arraySync(), where(condition, tensor([[[0, 0, 0]]]), b).arraySync());
});

test("where promotes a and b to one dtype; int32 stays int32", () => {
  const m = tensor([true, false]);
  assert.equal(where(m, tensor([1, 2], "int32"), 0).dtype, "int32");
  assert.deepEqual(where(m, tensor([1, 2], "int32"), 0).arraySync(), [1, 0]);
  const mixed = where(m, tensor([1, 2], "int32"), tensor([0.5, 0.5], "float64"));
  assert.equal(mixed.dtype, "float64");
  assert.deepEqual(mixed.arraySync(), [1, 0.5]);
  assert.equal(where(m, tensor([1, 2], "int32"), 0.5).dtype, "float32");
});

test("where's errors name the op, the roles and the shapes", () => {
  assert.throws(
    () => where(tensor([1, 0]), 1, 2),
    (e: unknown) => e instanceof DTypeError && /where: the condition must be bool, got float32 \(shape \[2\]\)/.test(e.message),
  );
  assert.throws(
    () => where(tensor([true, false]), tensor([1, 2, 3]), 0),
    (e: unknown) => e instanceof ShapeError && /where: shapes cannot be broadcast together: condition \[2\], a \[3\], b \[\] \(axis 0\)/.test(e.message),
  );
});

test("where's gradient goes to a where the condition holds and to b elsewhere, summed over broadcasting", () => {
  const [ga, gb] = grads((a, b) => where(tensor([true, false, true]), a!, b!).mul(tensor([1, 2, 3])).sum())(tensor([0, 0, 0]), tensor(0));
  assert.deepEqual(ga!.arraySync(), [1, 0, 3]);
  assert.deepEqual(gb!.arraySync(), 2);
  const cases: [number[], number[], number[]][] = [[[4], [4], [4]], [[2, 1, 3], [2, 1], [3]], [[3], [], [2, 3]], [[1], [2, 2], [1, 2]], [[0], [0], []]];
  cases.forEach(([sc, sa, sb], k) => {
    const condition = randomF64(sc, k + 1).greater(0);
    checkGrads((a, b) => where(condition, a!, b!), [randomF64(sa, k + 2), randomF64(sb, k + 3)]);
    checkSecondGrads((a, b) => where(condition, a!.square(), b!.mul(a!.sum())), [randomF64(sa, k + 2), randomF64(sb, k + 3)]);
  });
});

test("property: where(c, a, b) = c·a + (1 − c)·b and logical ops agree with their boolean definitions", () => {
  fc.assert(
    fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 1000 }), (bits, seed) => {
      const c = tensor(bits);
      const a = randomF64([bits.length], seed);
      const b = randomF64([1], seed + 1);
      const mask = c.cast("float64");
      assertClose(where(c, a, b).arraySync(), mask.mul(a).add(mask.neg().add(1).mul(b)).arraySync(), 0);
      const d = tensor(bits.map((x, i) => x !== (i % 3 === 0)));
      assert.deepEqual(logicalXor(c, d).arraySync(), logicalOr(c, d).logicalAnd(logicalAnd(c, d).logicalNot()).arraySync());
      assert.deepEqual(logicalNot(logicalAnd(c, d)).arraySync(), logicalOr(logicalNot(c), logicalNot(d)).arraySync());
    }),
  );
});
