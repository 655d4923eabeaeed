import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { tensor, add, sub, mul, div, neg, floorDiv, mod, pow, maximum, minimum, ShapeError, DTypeError, type DType, type Tensor } from "../../kernel/src/index.js";
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

// NumPy 2's result for two bool operands (its ufunc loops: add and multiply have a `??->?`
// loop, subtract and negative have none, true_divide gives a float, floor_divide, remainder
// and power the smallest int). Here the float is float32 and the int int32.
const BOOLS = [[false, false], [false, true], [true, false], [true, true]] as const;
const numpyOnBools: [string, (a: Tensor, b: Tensor) => Tensor, DType, (a: number, b: number) => number][] = [
  ["add", add, "bool", (a, b) => Number(a || b)],
  ["mul", mul, "bool", (a, b) => a * b],
  ["div", div, "float32", (a, b) => a / b],
  ["floorDiv", floorDiv, "int32", (a, b) => (b === 0 ? 0 : Math.floor(a / b))],
  ["mod", mod, "int32", (a, b) => (b === 0 ? 0 : a % b)],
  ["pow", pow, "int32", (a, b) => a ** b],
  ["maximum", maximum, "bool", Math.max],
  ["minimum", minimum, "bool", Math.min],
];

test("arithmetic on two bools gives NumPy's dtypes and values", () => {
  const a = tensor(BOOLS.map(([x]) => x));
  const b = tensor(BOOLS.map(([, y]) => y));
  for (const [name, f, dtype, reference] of numpyOnBools) {
    const out = f(a, b);
    assert.equal(out.dtype, dtype, name);
    const expected = BOOLS.map(([x, y]) => reference(Number(x), Number(y)));
    assert.deepEqual(out.arraySync(), dtype === "bool" ? expected.map(Boolean) : expected, name);
  }
  const t = tensor([true, true]);
  assert.equal(t.add(t).sum().item(), 2);
});

test("bool subtraction and negation are refused as in NumPy, with what to do instead", () => {
  const t = tensor([true, false]);
  assert.throws(() => sub(t, t), (e: unknown) => e instanceof DTypeError && /sub: both operands are bool.*logicalXor/.test(e.message));
  assert.throws(() => t.sub(true), DTypeError);
  assert.throws(() => neg(t), (e: unknown) => e instanceof DTypeError && /neg: the operand is bool.*logicalNot/.test(e.message));
});

test("bool next to another dtype promotes like NumPy: int32 and float tensors, Python ints and floats", () => {
  const t = tensor([true, false]);
  assert.deepEqual([t.sub(tensor([1, 1], "int32")).dtype, t.sub(tensor([1, 1], "int32")).arraySync()], ["int32", [0, -1]]);
  assert.equal(t.add(tensor([0.5, 0.5])).dtype, "float32");
  assert.equal(t.add(tensor([0.5, 0.5], "float64")).dtype, "float64");
  assert.deepEqual([t.sub(1).dtype, t.sub(1).arraySync()], ["int32", [0, -1]]);
  assert.deepEqual([mul(2, t).dtype, mul(2, t).arraySync()], ["int32", [2, 0]]);
  assert.deepEqual([t.add(0.5).dtype, t.add(0.5).arraySync()], ["float32", [1.5, 0.5]]);
  assert.deepEqual(t.cast("int32").neg().arraySync(), [-1, 0]);
});
