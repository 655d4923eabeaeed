import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  tensor, full, add, mul, div, floorDiv, mod, pow, maximum, minimum, squaredDifference, grads, ShapeError, type Tensor,
} from "../../kernel/src/index.js";
import { checkGrads, randomF64, assertClose } from "../helpers/gradcheck.js";
import { checkSecondGrads, f64 } from "../helpers/elementwise.js";

type BinaryOp = (a: Tensor, b: Tensor | number) => Tensor;

test("floorDiv and mod follow Python: the remainder takes the divisor's sign", () => {
  // Python: divmod(-7, 3) = (-3, 2), divmod(7, -3) = (-3, -2), divmod(-7, -3) = (2, -1), divmod(7, 3) = (2, 1)
  const a = [-7, 7, -7, 7, 0, 6];
  const b = [3, -3, -3, 3, 5, 3];
  for (const dtype of ["int32", "float32", "float64"] as const) {
    assert.deepEqual(floorDiv(tensor(a, dtype), tensor(b, dtype)).arraySync(), [-3, -3, 2, 2, 0, 2], dtype);
    assert.deepEqual(mod(tensor(a, dtype), tensor(b, dtype)).arraySync(), [2, -2, -1, 1, 0, 0], dtype);
    assert.equal(mod(tensor(a, dtype), 3).dtype, dtype);
  }
  assert.equal(mod(tensor([-7]), 3).item(), 2);
  // Floats: Python gives -7.5 % 2 == 0.5, 1 // 0.1 == 9.0 and 1 % 0.1 == 0.09999999999999995.
  assert.equal(mod(f64([-7.5]), 2).item(), 0.5);
  assert.equal(floorDiv(f64([1]), 0.1).item(), 9);
  assert.equal(mod(f64([1]), 0.1).item(), 0.09999999999999995);
  // Division by zero: floats like NumPy (±inf, nan); int32 gives 0 like NumPy.
  assert.deepEqual(floorDiv(f64([1, -1, 0]), 0).arraySync(), [Infinity, -Infinity, NaN]);
  assert.deepEqual(mod(f64([1]), 0).arraySync(), [NaN]);
  assert.deepEqual(floorDiv(tensor([5], "int32"), 0).arraySync(), [0]);
  assert.deepEqual(mod(tensor([5], "int32"), 0).arraySync(), [0]);
  // mod(x, −0.0) keeps the divisor's sign on a zero remainder.
  assert.ok(Object.is(mod(f64([4]), -2).item(), -0));
});

test("property: a = b·floorDiv(a, b) + mod(a, b) and |mod| < |b| with b's sign (int32 exactly, float64 closely)", () => {
  fc.assert(
    fc.property(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: -1000, max: 1000 }).filter((v) => v !== 0), (a, b) => {
      const q = floorDiv(tensor([a], "int32"), b).item();
      const r = mod(tensor([a], "int32"), b).item();
      assert.equal(q * b + r, a);
      assert.ok(Math.abs(r) < Math.abs(b) && (r === 0 || Math.sign(r) === Math.sign(b)));
      assert.ok(q === Math.floor(a / b), `floorDiv(${a}, ${b}) = ${q}`); // === : int32 has no −0
    }),
  );
  fc.assert(
    fc.property(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.double({ min: 0.01, max: 100, noNaN: true }), fc.boolean(), (a, bAbs, negative) => {
      const b = negative ? -bAbs : bAbs;
      const q = floorDiv(f64([a]), b).item();
      const r = mod(f64([a]), b).item();
      assert.ok(Number.isInteger(q));
      assert.ok(Math.abs(q * b + r - a) <= 1e-12 * Math.max(1, Math.abs(a)));
      assert.ok(Math.abs(r) <= Math.abs(b) && (r === 0 || Math.sign(r) === Math.sign(b)), `mod(${a}, ${b}) = ${r}`);
    }),
  );
});

test("pow: values, IEEE edge cases, int32 arithmetic", () => {
  assert.deepEqual(pow(tensor([2, 3]), 2).arraySync(), [4, 9]);
  assert.deepEqual(pow(f64([0, 0, -2, -8, 4, NaN]), f64([0, -1, 3, 1 / 3, 0.5, 0])).arraySync(), [1, Infinity, -8, NaN, 2, 1]);
  assert.equal(pow(f64([2]), f64([0.5])).item(), Math.SQRT2);
  const ints = pow(tensor([3, -2, 2, 2, -1, 1, 5], "int32"), tensor([21, 3, 31, -1, -3, -5, 0], "int32"));
  assert.equal(ints.dtype, "int32");
  // Wraps like C: 3²¹ mod 2³², and 2³¹ becomes −2³¹; negative exponents truncate toward zero.
  const expected = [Number(BigInt.asIntN(32, 3n ** 21n)), -8, -2147483648, 0, -1, 1, 1];
  assert.deepEqual(ints.arraySync(), expected);
  assert.equal(tensor([2, 3], "int32").pow(0.5).dtype, "float32");
});

test("maximum, minimum and squaredDifference, with NaN, int32 and broadcasting", () => {
  assert.deepEqual(maximum(tensor([1, 5, NaN]), 3).arraySync(), [3, 5, NaN]);
  assert.deepEqual(minimum(tensor([1, 5, NaN]), 3).arraySync(), [1, 3, NaN]);
  assert.deepEqual(maximum(tensor([[1], [4]], "int32"), tensor([2, 3], "int32")).arraySync(), [[2, 3], [4, 4]]);
  assert.equal(minimum(tensor([1], "int32"), 2).dtype, "int32");
  assert.equal(maximum(tensor([1], "int32"), 2.5).dtype, "float32");
  assert.deepEqual(squaredDifference(tensor([1, 5]), 3).arraySync(), [4, 4]);
  assert.deepEqual(squaredDifference(tensor([70000], "int32"), 0).arraySync(), [Number(BigInt.asIntN(32, 70000n * 70000n))]);
  assert.equal(maximum(tensor([true]), false).dtype, "bool"); // NumPy keeps two bools bool
  assert.throws(() => maximum(tensor([1, 2]), tensor([1, 2, 3])), (e: unknown) => e instanceof ShapeError && /maximum: shapes \[2\] and \[3\]/.test(e.message));
});

const ops: [string, BinaryOp][] = [
  ["floorDiv", floorDiv], ["mod", mod], ["pow", pow], ["maximum", maximum], ["minimum", minimum], ["squaredDifference", squaredDifference],
];

test("each op's result is identical for a scalar, a size-1 tensor or a fully broadcast operand, in every dtype", () => {
  for (const dtype of ["float32", "float64", "int32"] as const) {
    const x = tensor([[-7, 3, 0], [5, -2, 8]], dtype);
    for (const [name, op] of ops) {
      const viaNumber = op(x, 3).arraySync();
      assert.deepEqual(op(x, tensor([3], dtype)).arraySync(), viaNumber, `${name} ${dtype}`);
      assert.deepEqual(op(x, full([2, 3], 3, dtype)).arraySync(), viaNumber, `${name} ${dtype}`);
      assert.deepEqual(op(x, tensor([[3], [3]], dtype)).arraySync(), viaNumber, `${name} ${dtype}`);
    }
  }
});

test("chainable methods are the same ops", () => {
  const x = f64([1.5, -2, 3]);
  const y = f64([2, 2.5, -1]);
  assert.deepEqual(x.floorDiv(y).arraySync(), floorDiv(x, y).arraySync());
  assert.deepEqual(x.mod(y).arraySync(), mod(x, y).arraySync());
  assert.deepEqual(x.pow(2).arraySync(), pow(x, 2).arraySync());
  assert.deepEqual(x.maximum(y).arraySync(), maximum(x, y).arraySync());
  assert.deepEqual(x.minimum(0).arraySync(), minimum(x, 0).arraySync());
  assert.deepEqual(x.squaredDifference(y).arraySync(), squaredDifference(x, y).arraySync());
});

const SHAPES: [number[], number[]][] = [[[4], [4]], [[2, 3], [3]], [[2, 1], [1, 4]], [[1], [2, 2]], [[], [3]], [[3, 1, 2], [2]], [[0], [0]]];

test("gradients match finite differences over broadcasting shapes", () => {
  SHAPES.forEach(([sa, sb], k) => {
    const a = randomF64(sa, k + 1, -2, 2);
    const b = randomF64(sb, k + 7, -2, 2);
    const positive = randomF64(sa, k + 3, 0.2, 2);
    checkGrads((x, y) => pow(x!, y!), [positive, b]);
    checkGrads((x, y) => squaredDifference(x!, y!), [a, b]);
    // maximum/minimum away from ties: shift b where |a − b| is small.
    const apart = b.add(a.sub(b).abs().less(0.05).where(0.2, 0));
    checkGrads((x, y) => maximum(x!, y!), [a, apart]);
    checkGrads((x, y) => minimum(x!, y!), [a, apart]);
    // mod/floorDiv away from their jumps: a = b·(integer + fraction in [0.2, 0.8]).
    const divisor = randomF64(sb, k + 5, 0.5, 2).mul(randomF64(sb, k + 6, -1, 1).sign());
    const quotient = randomF64(sa, k + 8, -3, 3).floor().add(randomF64(sa, k + 9, 0.2, 0.8));
    const dividend = quotient.mul(divisor);
    if (dividend.shape.join() === sa.join()) {
      // (only where b broadcasts into a's shape, so that a's elements each have one divisor)
      checkGrads((x, y) => mod(x!, y!), [dividend, divisor]);
      checkGrads((x, y) => floorDiv(x!, y!), [dividend, divisor]);
    }
  });
});

test("pow's gradient at special points: negative base, zero base, zero exponent", () => {
  // Negative base, integer exponent: d/da (a³) = 3a²; the exponent's gradient is 0 by definition.
  const [da, db] = grads((a, b) => pow(a!, b!).sum())(f64([-2, -1.5]), f64([3, 2]));
  assertClose(da!.arraySync(), [12, -3]);
  assert.deepEqual(db!.arraySync(), [0, 0]);
  checkGrads((a) => pow(a!, 3), [f64([-2, -0.7, 1.3])]);
  // a = 0: d/da a² = 0, d/da a⁰ = 0 (not 0·∞ = NaN), d/db 0ᵇ = 0.
  const [da0, db0] = grads((a, b) => pow(a!, b!).sum())(f64([0, 0, 0]), f64([2, 0, 1.5]));
  assert.deepEqual(da0!.arraySync(), [0, 0, 0]);
  assert.deepEqual(db0!.arraySync(), [0, 0, 0]);
  // Positive base: d/db aᵇ = aᵇ log a.
  const [, dbPos] = grads((a, b) => pow(a!, b!).sum())(f64([2]), f64([3]));
  assertClose(dbPos!.item(), 8 * Math.log(2), 1e-14);
});

test("maximum and minimum send a tied gradient to the first operand, as TF does", () => {
  const [ga, gb] = grads((a, b) => maximum(a!, b!).sum())(tensor([1, 2, 3]), tensor([2, 2, 2]));
  assert.deepEqual(ga!.arraySync(), [0, 1, 1]);
  assert.deepEqual(gb!.arraySync(), [1, 0, 0]);
  const [ha, hb] = grads((a, b) => minimum(a!, b!).sum())(tensor([1, 2, 3]), tensor([2, 2, 2]));
  assert.deepEqual(ha!.arraySync(), [1, 1, 0]);
  assert.deepEqual(hb!.arraySync(), [0, 0, 1]);
  // Broadcast operand: its gradient sums over the elements it won.
  const [, gs] = grads((a, b) => maximum(a!, b!).sum())(tensor([[1, 5], [7, 0]]), tensor(4));
  assert.equal(gs!.item(), 2);
});

test("second derivatives of pow and of mul/div chains match finite differences", () => {
  SHAPES.slice(0, 6).forEach(([sa, sb], k) => {
    const a = randomF64(sa, k + 21, 0.3, 2);
    const b = randomF64(sb, k + 27, -1.5, 1.5);
    checkSecondGrads((x, y) => pow(x!, y!), [a, b]);
    checkSecondGrads((x) => pow(x!, 3), [b]);
    checkSecondGrads((x, y) => div(mul(x!, y!), add(mul(x!, x!), 1)).mul(y!), [a, b]);
    checkSecondGrads((x, y) => div(x!, y!.square().add(0.5)).mul(x!), [a, b]);
    checkSecondGrads((x, y) => squaredDifference(x!, y!).mul(x!), [a, b]);
  });
});

test("property: maximum and minimum commute under broadcasting, and max + min = a + b", () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 0, maxLength: 3 }), fc.nat(), fc.integer({ min: 1, max: 1000 }), (shape, dropMask, seed) => {
      const bShape = shape.map((d, i) => ((dropMask >> i) & 1 ? 1 : d)).slice(dropMask % 2);
      const a = randomF64(shape, seed);
      const b = randomF64(bShape, seed + 1);
      assert.deepEqual(maximum(a, b).arraySync(), maximum(b, a).arraySync());
      assert.deepEqual(minimum(a, b).arraySync(), minimum(b, a).arraySync());
      assert.deepEqual(add(a, b).arraySync(), add(b, a).arraySync());
      assertClose(maximum(a, b).add(minimum(a, b)).arraySync(), add(a, b).arraySync(), 1e-15);
    }),
  );
});
