import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  tensor, DTypeError, abs, sign, exp, expm1, log, log1p, sqrt, rsqrt, square, reciprocal, sin, cos, tan, tanh, erf, grad, type Tensor,
} from "../../kernel/src/index.js";
import { findOp } from "../../kernel/src/tensor/op.js";
import { checkGrads, randomF64 } from "../helpers/gradcheck.js";
import { assertMapsLike, checkSecondGrads, erfByQuadrature, f64 } from "../helpers/elementwise.js";

type Op = (x: Tensor) => Tensor;
const EDGE = [0, -0, 1, -1, 0.5, -2.75, 3, 1e-12, -1e-12, 1e6, -1e6, 700, -700, Infinity, -Infinity, NaN];

// Each op against an independent float64 Math reference, over ordinary values and edge cases.
const references: [string, Op, (x: number) => number][] = [
  ["abs", abs, (x) => (x < 0 ? -x : x === 0 ? 0 : x)],
  ["sign", sign, (x) => (x > 0 ? 1 : x < 0 ? -1 : x)],
  ["exp", exp, Math.exp],
  ["expm1", expm1, Math.expm1],
  ["log", log, Math.log],
  ["log1p", log1p, Math.log1p],
  ["sqrt", sqrt, Math.sqrt],
  ["rsqrt", rsqrt, (x) => 1 / Math.sqrt(x)],
  ["square", square, (x) => x ** 2],
  ["reciprocal", reciprocal, (x) => 1 / x],
  ["sin", sin, Math.sin],
  ["cos", cos, Math.cos],
  ["tan", tan, Math.tan],
  ["tanh", tanh, Math.tanh],
  ["erf", erf, erfByQuadrature],
];

test("unary ops match float64 Math references, edge cases included", () => {
  const inputs = [...EDGE, ...randomF64([40], 3, -4, 4).dataSync()];
  const x = f64(inputs);
  for (const [name, op, reference] of references) {
    const y = op(x);
    assert.equal(y.dtype, "float64", name);
    assertMapsLike(y, inputs, reference, name === "erf" ? 1e-14 : 1e-15, name);
  }
});

test("named edge cases: log(0), sqrt(−1), small-argument accuracy", () => {
  assert.deepEqual(log(tensor([0, -1, 1])).arraySync(), [-Infinity, NaN, 0]);
  assert.deepEqual(sqrt(tensor([-1, 0, 4])).arraySync(), [NaN, 0, 2]);
  assert.deepEqual(rsqrt(tensor([0, 4])).arraySync(), [Infinity, 0.5]);
  assert.deepEqual(reciprocal(tensor([0, -0])).arraySync(), [Infinity, -Infinity]);
  assert.deepEqual(exp(tensor([-Infinity, 0])).arraySync(), [0, 1]);
  // e^x − 1 and log(1 + x) keep full relative precision where the naive forms give 0.
  assert.equal(expm1(f64([1e-20])).item(), 1e-20);
  assert.equal(log1p(f64([1e-20])).item(), 1e-20);
  assert.equal(tanh(tensor([1000])).item(), 1);
  // erf against table values (Abramowitz & Stegun 7.1).
  const e = erf(f64([0, 0.5, 1, 2, -1, 6, -Infinity])).dataSync();
  [0, 0.5204998778130465, 0.8427007929497149, 0.9953222650189527, -0.8427007929497149, 1, -1].forEach((v, i) =>
    assert.ok(Math.abs(e[i]! - v) <= 2e-16, `erf: ${e[i]} vs ${v}`),
  );
});

test("float32 results are the float64 results rounded once", () => {
  const inputs = randomF64([50], 9, 0.1, 3).dataSync();
  const x32 = tensor(Float32Array.from(inputs));
  const rounded = x32.dataSync();
  for (const [name, op, reference] of references) {
    const y = op(x32);
    assert.equal(y.dtype, "float32", name);
    const values = y.dataSync();
    // erf's reference is a quadrature, so allow it one float32 ulp.
    for (let i = 0; i < values.length; i++) {
      const expected = Math.fround(reference(rounded[i]!));
      if (name === "erf") assert.ok(Math.abs(values[i]! - expected) <= 1.2e-7 * Math.abs(expected), `${name}(${rounded[i]})`);
      else assert.equal(values[i], expected, `${name}(${rounded[i]})`);
    }
  }
});

test("abs, sign and square keep int32 (square wraps like C); float-only ops promote ints and bools to float32", () => {
  const ints = [0, 3, -7, 46341, -2147483647, 65536];
  const x = tensor(ints, "int32");
  for (const [op, ref] of [
    [abs, (v: number) => Math.abs(v)],
    [sign, (v: number) => Math.sign(v)],
    [square, (v: number) => Number(BigInt.asIntN(32, BigInt(v) * BigInt(v)))],
  ] as [Op, (v: number) => number][]) {
    const y = op(x);
    assert.equal(y.dtype, "int32");
    assert.deepEqual(y.arraySync(), ints.map(ref));
  }
  assert.equal(abs(tensor([true, false])).dtype, "int32");
  for (const op of [exp, log, sqrt, sin, tanh, erf, reciprocal]) {
    const y = op(tensor([1, 4], "int32"));
    assert.equal(y.dtype, "float32");
  }
  assert.deepEqual(sqrt(tensor([4, 9], "int32")).arraySync(), [2, 3]);
  assert.deepEqual(exp(tensor([true])).arraySync(), [Math.fround(Math.E)]);
});

test("chainable methods are the same ops", () => {
  const x = f64([0.3, 1.7]);
  const chained = x.abs().sign().add(x).exp().expm1().log1p().log().sqrt().rsqrt().square().reciprocal().sin().cos().tan().tanh().erf();
  const nested = [exp, expm1, log1p, log, sqrt, rsqrt, square, reciprocal, sin, cos, tan, tanh, erf].reduce((t, op) => op(t), sign(abs(x)).add(x));
  assert.deepEqual(chained.arraySync(), nested.arraySync());
});

const SHAPES = [[5], [2, 3], [1, 4], [3, 1, 2], [], [0]];

test("gradients of every unary op match finite differences over several shapes", () => {
  SHAPES.forEach((shape, k) => {
    const any = randomF64(shape, k + 1, -2, 2);
    const positive = randomF64(shape, k + 11, 0.3, 3);
    // abs is checked away from 0 (its kink); tan away from its poles.
    const awayFromZero = any.abs().add(0.1).mul(any.sign().add(0.5).sign());
    for (const op of [exp, expm1, sin, cos, tanh, erf, square]) checkGrads((x) => op(x!), [any]);
    for (const op of [log, log1p, sqrt, rsqrt, reciprocal]) checkGrads((x) => op(x!), [positive]);
    checkGrads((x) => abs(x!), [awayFromZero]);
    checkGrads((x) => tan(x!), [any.mul(0.6)]);
    checkGrads((x) => sign(x!), [awayFromZero]);
  });
});

test("second derivatives of exp, log, tanh, sin, erf match finite differences of the first", () => {
  for (const shape of [[4], [2, 3], []]) {
    const x = randomF64(shape, 5, -1.5, 1.5);
    const positive = randomF64(shape, 6, 0.4, 2);
    for (const op of [exp, tanh, sin, cos, erf, square]) checkSecondGrads((t) => op(t!), [x]);
    for (const op of [log, log1p, sqrt, rsqrt, reciprocal]) checkSecondGrads((t) => op(t!), [positive]);
  }
  // Closed forms at one point: (tanh)'' = −2 tanh (1 − tanh²), (log)'' = −1/x².
  const t = Math.tanh(0.7);
  assert.ok(Math.abs(grad(grad((x) => x.tanh()))(f64([0.7])).item() + 2 * t * (1 - t * t)) < 1e-12);
  assert.ok(Math.abs(grad(grad((x) => x.log()))(f64([2])).item() + 0.25) < 1e-12);
});

test("property: exp and log are inverse; sin² + cos² = 1; √(x²) = |x|", () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 1, maxLength: 20 }), (values) => {
      const x = f64(values);
      const back = log(exp(x)).dataSync();
      const unit = sin(x).square().add(cos(x).square()).dataSync();
      const root = sqrt(square(x)).dataSync();
      values.forEach((v, i) => {
        assert.ok(Math.abs(back[i]! - v) <= 1e-13 * Math.max(1, Math.abs(v)));
        assert.ok(Math.abs(unit[i]! - 1) <= 1e-15);
        if (v === 0 || Math.abs(v) > 1e-150) assert.equal(root[i], Math.abs(v)); // x² underflows below that
      });
    }),
  );
});

test("the op rules themselves reject dtypes outside their domain, naming the op", () => {
  // Front-ends promote first; the rule guards direct use (graph mode, other backends).
  assert.throws(() => findOp("exp")!.infer([tensor([1], "int32")], {}), (e: unknown) => e instanceof DTypeError && /exp: expected a float32 or float64 tensor, got int32/.test(e.message));
  assert.throws(() => findOp("abs")!.infer([tensor([true])], {}), /abs: expected a float32, float64 or int32 tensor, got bool \(shape \[1\]\)/);
});
