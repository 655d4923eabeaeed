import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  tensor, sigmoid, relu, relu6, leakyRelu, prelu, elu, selu, gelu, softplus, softsign, swish, silu, grads,
  ArgumentError, ShapeError, type Tensor,
} from "../../kernel/src/index.js";
import { checkGrads, randomF64, assertClose } from "../helpers/gradcheck.js";
import { assertMapsLike, checkSecondGrads, erfByQuadrature, f64 } from "../helpers/elementwise.js";

type Op = (x: Tensor) => Tensor;
const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;
const logistic = (x: number) => 1 / (1 + Math.exp(-x));
const phi = (x: number) => 0.5 * (1 + erfByQuadrature(x / Math.SQRT2));

// Float64 references written from the definitions (not from the kernels' stable forms).
const references: [string, Op, (x: number) => number][] = [
  ["sigmoid", sigmoid, logistic],
  ["relu", relu, (x) => Math.max(x, 0)],
  ["relu6", relu6, (x) => Math.min(Math.max(x, 0), 6)],
  ["leakyRelu", (x) => leakyRelu(x), (x) => (x > 0 ? x : 0.2 * x)],
  ["leakyRelu(0.3)", (x) => leakyRelu(x, 0.3), (x) => (x > 0 ? x : 0.3 * x)],
  ["elu", (x) => elu(x), (x) => (x > 0 ? x : Math.exp(x) - 1)],
  ["elu(0.5)", (x) => elu(x, 0.5), (x) => (x > 0 ? x : 0.5 * (Math.exp(x) - 1))],
  ["selu", selu, (x) => SELU_SCALE * (x > 0 ? x : SELU_ALPHA * (Math.exp(x) - 1))],
  ["gelu", (x) => gelu(x), (x) => x * phi(x)],
  ["gelu(tanh)", (x) => gelu(x, { approximate: true }), (x) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)))],
  ["softplus", softplus, (x) => Math.log(1 + Math.exp(x))],
  ["softsign", softsign, (x) => x / (1 + Math.abs(x))],
  ["swish", swish, (x) => x * logistic(x)],
  ["silu", silu, (x) => x * logistic(x)],
];

test("activations match float64 references from their definitions", () => {
  const inputs = [0, -0, 1, -1, 0.5, -2.5, 5, 7, -7, 1e-9, ...randomF64([40], 4, -8, 8).dataSync()];
  const x = f64(inputs);
  for (const [name, op, reference] of references) {
    const y = op(x);
    assert.equal(y.dtype, "float64", name);
    assertMapsLike(y, inputs, reference, 1e-13, name);
  }
});

test("float32 inputs give the float64 result rounded once (int inputs promote to float32)", () => {
  const inputs = Float32Array.from(randomF64([30], 8, -5, 5).dataSync());
  for (const [name, op] of references) {
    const y32 = op(tensor(inputs)).dataSync();
    const y64 = op(tensor(Float64Array.from(inputs), "float64")).dataSync();
    y32.forEach((v, i) => assert.equal(v, Math.fround(y64[i]!), `${name}(${inputs[i]})`));
    assert.equal(op(tensor([1, -2], "int32")).dtype, "float32", name);
  }
});

test("extreme inputs stay finite and exact: no overflow, no cancellation", () => {
  assert.deepEqual(sigmoid(f64([-1000, 1000, -Infinity, Infinity])).arraySync(), [0, 1, 0, 1]);
  assert.deepEqual(softplus(f64([1000, 800, -1000, Infinity, -Infinity])).arraySync(), [1000, 800, 0, Infinity, 0]);
  assert.deepEqual(softplus(tensor([100])).arraySync(), [100]); // float32: log(1 + e¹⁰⁰) would overflow naively
  assert.equal(softplus(f64([-40])).item(), Math.exp(-40) - Math.exp(-80) / 2); // log1p(e^-40) to full precision
  assert.ok(swish(f64([-Infinity])).item() === 0); // the limit, not −∞·0 = NaN
  assert.deepEqual(softsign(f64([Infinity, -Infinity])).arraySync(), [1, -1]);
  // gelu(−10) = −10·Φ(−10) ≈ −7.6e−23: the erfc form keeps it, 1 + erf(x/√2) would give 0.
  const g = gelu(f64([-10])).item();
  assert.ok(Math.abs(g - -7.619853024160527e-23) < 1e-13 * 7.62e-23, `gelu(-10) = ${g}`);
  assert.equal(selu(f64([-Infinity])).item(), -SELU_SCALE * SELU_ALPHA);
  assert.equal(selu(f64([1])).item(), SELU_SCALE);
  for (const op of [relu, relu6, sigmoid, gelu, softplus, swish] as Op[]) assert.ok(Number.isNaN(op(f64([NaN])).item()));
});

test("prelu broadcasts alpha to x's shape", () => {
  const x = tensor([[-1, 2, -3], [4, -5, -6]]);
  assertClose(prelu(x, tensor([0.1, 0.2, 0.3])).arraySync(), [[-0.1, 2, -0.9], [4, -1, -1.8]]);
  assertClose(prelu(x, tensor([[0.5], [0.25]])).arraySync(), [[-0.5, 2, -1.5], [4, -1.25, -1.5]]);
  assertClose(x.prelu(0.5).arraySync(), [[-0.5, 2, -1.5], [4, -2.5, -3]]);
  assert.throws(
    () => prelu(tensor([1, 2]), tensor([[1], [2], [3]])),
    (e: unknown) => e instanceof ShapeError && /prelu: alpha of shape \[3, 1\] must broadcast to x's shape \[2\]/.test(e.message),
  );
});

test("chainable methods are the same ops", () => {
  const x = f64([-1.5, 0.25, 3]);
  const pairs: [Tensor, Tensor][] = [
    [x.sigmoid(), sigmoid(x)], [x.relu(), relu(x)], [x.relu6(), relu6(x)], [x.leakyRelu(), leakyRelu(x, 0.2)],
    [x.elu(0.7), elu(x, 0.7)], [x.selu(), selu(x)], [x.gelu({ approximate: true }), gelu(x, { approximate: true })],
    [x.softplus(), softplus(x)], [x.softsign(), softsign(x)], [x.swish(), swish(x)], [x.silu(), swish(x)],
  ];
  for (const [a, b] of pairs) assert.deepEqual(a.arraySync(), b.arraySync());
});

// Inputs kept away from the kinks (0 for relu-like ops, 6 for relu6) where the derivative jumps.
function offKinks(shape: number[], seed: number): Tensor {
  const x = randomF64(shape, seed, -3, 3);
  return x.add(x.sign().mul(0.2)); // |x| ≥ 0.2
}

test("gradients of every activation match finite differences over several shapes", () => {
  for (const [k, shape] of [[5], [2, 3], [1, 4], [2, 1, 3], [], [0]].entries()) {
    const x = offKinks(shape, k + 1);
    for (const [name, op] of references) {
      try {
        checkGrads((t) => op(t!), [x]);
      } catch (e) {
        throw new Error(`${name} on shape [${shape}]: ${(e as Error).message}`);
      }
    }
    checkGrads((t) => relu6(t!), [x.mul(3)]); // reaches past 6
  }
});

test("prelu's gradient reaches both x and the broadcast alpha", () => {
  const cases: [number[], number[]][] = [[[2, 3], [3]], [[2, 3], [2, 1]], [[4], [4]], [[2, 2], []], [[3, 1, 2], [1, 2]]];
  cases.forEach(([xs, as], k) => checkGrads((x, a) => prelu(x!, a!), [offKinks(xs, k + 3), randomF64(as, k + 9, 0.05, 0.5)]));
  // By hand: d/dalpha sums x over the negative entries sharing that alpha.
  const [, dAlpha] = grads((x, a) => prelu(x!, a!).sum())(tensor([[-1, 2], [-3, -4]]), tensor([0.1, 0.2]));
  assert.deepEqual(dAlpha!.arraySync(), [-4, -4]);
});

test("gradients at the kinks follow TF: relu'(0) = 0, leakyRelu'(0) = alpha", () => {
  const [dRelu] = grads((x) => relu(x!).sum())(tensor([0, -1, 1]));
  assert.deepEqual(dRelu!.arraySync(), [0, 0, 1]);
  const [dLeaky] = grads((x) => leakyRelu(x!, 0.25).sum())(tensor([0, 2]));
  assert.deepEqual(dLeaky!.arraySync(), [0.25, 1]);
  const [dRelu6] = grads((x) => relu6(x!).sum())(tensor([0, 6, 3]));
  assert.deepEqual(dRelu6!.arraySync(), [0, 0, 1]);
});

test("second derivatives of sigmoid, softplus, gelu (both forms), swish, elu, selu match finite differences", () => {
  for (const shape of [[4], [2, 3], []]) {
    const x = offKinks(shape, 17);
    for (const op of [sigmoid, softplus, gelu, (t: Tensor) => gelu(t, { approximate: true }), swish, softsign, (t: Tensor) => elu(t), selu] as Op[]) {
      checkSecondGrads((t) => op(t!), [x]);
    }
  }
  // Closed form: softplus'' = σ(x)(1 − σ(x)).
  const [d2] = grads((x) => grads((z) => softplus(z!).sum())(x!)[0]!.sum())(f64([0.3]));
  assertClose(d2!.item(), logistic(0.3) * (1 - logistic(0.3)), 1e-14);
});

test("property: sigmoid(x) = 1 − sigmoid(−x); relu(x) − relu(−x) = x; softplus(x) − softplus(−x) = x", () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: -700, max: 700, noNaN: true }), { minLength: 1, maxLength: 16 }), (values) => {
      const x = f64(values);
      const s = sigmoid(x).dataSync();
      const sNeg = sigmoid(x.neg()).dataSync();
      const r = relu(x).sub(relu(x.neg())).dataSync();
      const sp = softplus(x).sub(softplus(x.neg())).dataSync();
      values.forEach((v, i) => {
        // 1 − σ(−x) is rounded to the float64 grid near 1 (spacing 2.2e-16): allow two steps.
        assert.ok(Math.abs(s[i]! - (1 - sNeg[i]!)) <= 4.5e-16, `sigmoid symmetry at ${v}`);
        assert.ok(r[i] === v, `relu at ${v}`); // === so that −0 and 0 count as equal
        assert.ok(Math.abs(sp[i]! - v) <= 1e-15 * Math.max(1, Math.abs(v)), `softplus at ${v}`);
      });
    }),
  );
});

test("bad arguments name the op and what was expected", () => {
  assert.throws(() => leakyRelu(tensor([1]), Number.NaN), (e: unknown) => e instanceof ArgumentError && /leakyRelu: alpha must be a finite number, got NaN/.test(e.message));
  assert.throws(() => elu(tensor([1]), "1" as never), /elu: alpha must be a finite number, got 1/);
  assert.throws(() => gelu(tensor([1]), { approximate: "tanh" as never }), /gelu: approximate must be true or false, got tanh/);
});
