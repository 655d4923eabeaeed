import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { tensor, grad, softmax, logSoftmax, sum, ArgumentError, type Tensor } from "../../kernel/src/index.js";
import { checkGrads, randomF64, assertClose } from "../helpers/gradcheck.js";
import { referenceAlongAxis } from "../helpers/reduce-reference.js";

// Float64 references written the textbook way (exp, then normalise), fine for moderate inputs.
const softmaxLine = (line: number[]) => {
  const e = line.map(Math.exp);
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / total);
};
const logSoftmaxLine = (line: number[]) => softmaxLine(line).map(Math.log);

const cases: [number[], number[]][] = [
  [[4], [0, -1]],
  [[2, 3], [0, 1, -1, -2]],
  [[3, 1, 4], [0, 1, 2, -1]],
  [[2, 2, 3, 1], [1, 2, 3]],
];

test("softmax and logSoftmax match float64 references along every axis", () => {
  cases.forEach(([shape, axes], k) => {
    const x = randomF64(shape, 5 + k, -3, 3);
    for (const axis of axes) {
      assertClose(Array.from(softmax(x, axis).dataSync()), referenceAlongAxis(x.dataSync(), shape, axis, softmaxLine), 1e-12, `softmax axis ${axis}`);
      assertClose(Array.from(logSoftmax(x, axis).dataSync()), referenceAlongAxis(x.dataSync(), shape, axis, logSoftmaxLine), 1e-12, `logSoftmax axis ${axis}`);
      assert.deepEqual(softmax(x, axis).shape, shape);
    }
  });
  // The default axis is the last one.
  const x = randomF64([2, 3], 9);
  assert.deepEqual(softmax(x).arraySync(), softmax(x, 1).arraySync());
  assert.deepEqual(logSoftmax(x).arraySync(), logSoftmax(x, -1).arraySync());
  assertClose(softmax(tensor([[0, Math.log(3)]])).arraySync(), [[0.25, 0.75]]);
});

test("softmax is stable for huge inputs and logSoftmax stays finite where softmax underflows", () => {
  assertClose(softmax(tensor([1000, 1000, 1000])).arraySync(), [1 / 3, 1 / 3, 1 / 3]);
  assertClose(softmax(tensor([-1e4, 0])).arraySync(), [0, 1]);
  assertClose(logSoftmax(tensor([0, -1000], "float64")).arraySync(), [0, -1000], 1e-12);
  assertClose(logSoftmax(tensor([1e4, 1e4], "float64")).arraySync(), [-Math.LN2, -Math.LN2], 1e-12);
  assert.ok(Array.from(logSoftmax(tensor([1e30, -1e30])).dataSync()).every(Number.isFinite));
  // A row that is all −∞ has no distribution: NaN, as in TensorFlow and PyTorch.
  assert.ok(Number.isNaN(softmax(tensor([-Infinity, -Infinity])).dataSync()[0]!));
});

test("dtypes: float64 stays float64, ints give float32", () => {
  assert.equal(softmax(tensor([1, 2], "float64")).dtype, "float64");
  assert.equal(softmax(tensor([1, 2], "int32")).dtype, "float32");
  assert.equal(logSoftmax(tensor([1, 2], "int32")).dtype, "float32");
  assert.equal(softmax(tensor([1, 2])).dtype, "float32");
});

test("gradients of softmax and logSoftmax match finite differences", () => {
  cases.forEach(([shape, axes], k) => {
    const x = randomF64(shape, 21 + k, -2, 2);
    const w = randomF64(shape, 41 + k); // weights, so the loss is not a constant sum of probabilities
    for (const axis of axes) {
      checkGrads((t) => softmax(t!, axis).mul(w), [x]);
      checkGrads((t) => logSoftmax(t!, axis).mul(w), [x]);
    }
  });
});

test("second derivatives of softmax and logSoftmax match finite differences", () => {
  cases.slice(0, 3).forEach(([shape, axes], k) => {
    const x = randomF64(shape, 61 + k, -2, 2);
    const v = randomF64(shape, 67 + k);
    const w = randomF64(shape, 73 + k);
    for (const axis of axes) {
      for (const op of [softmax, logSoftmax]) {
        const first = (t: Tensor) => grad((s) => op(s, axis).mul(op(s, axis)).mul(v).sum())(t);
        checkGrads((t) => first(t!).mul(w), [x], { tolerance: 1e-5 });
      }
    }
  });
  // Closed form: the gradient of logSoftmax(x)₀ is e₀ − p, whose entries sum to 0 for every x,
  // so the gradient of that sum (a row of Hessian sums) is exactly 0.
  const x = tensor([0.3, -1.2, 2], "float64");
  const hessianRowSums = grad((t) => grad((s) => logSoftmax(s).mul(tensor([1, 0, 0], "float64")).sum())(t).sum())(x);
  assertClose(hessianRowSums.arraySync(), [0, 0, 0], 1e-12);
});

test("a bad axis names the op and the valid range; scalars are refused", () => {
  for (const [name, op] of [["softmax", softmax], ["logSoftmax", logSoftmax]] as const) {
    assert.throws(
      () => op(tensor([[1, 2]]), 2),
      (e: unknown) => e instanceof ArgumentError && e.message.startsWith(`${name}: axis 2 is out of range for a tensor of rank 2 (expected -2 … 1)`) && /softmax\.test\.ts:\d+/.test(e.message),
    );
    assert.throws(() => op(tensor(3)), (e: unknown) => e instanceof ArgumentError && e.message.startsWith(`${name}: needs a tensor of rank ≥ 1`));
  }
});

test("chainable methods", () => {
  const x = randomF64([2, 3], 2);
  assert.deepEqual(x.softmax().arraySync(), softmax(x).arraySync());
  assert.deepEqual(x.softmax(0).arraySync(), softmax(x, 0).arraySync());
  assert.deepEqual(x.logSoftmax(-1).arraySync(), logSoftmax(x, -1).arraySync());
});

test("property: softmax rows sum to 1, lie in [0, 1], and exp(logSoftmax) = softmax", () => {
  const shapeArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 });
  fc.assert(
    fc.property(shapeArb, fc.integer({ min: 1, max: 1e6 }), fc.double({ min: 0.1, max: 50, noNaN: true }), fc.nat(), (shape, seed, scale, pick) => {
      const axis = pick % shape.length;
      const x = randomF64(shape, seed, -scale, scale);
      const p = softmax(x, axis);
      assert.ok(sum(p, axis).dataSync().every((v) => Math.abs(v - 1) < 1e-12), "rows sum to 1");
      assert.ok(p.dataSync().every((v) => v >= 0 && v <= 1));
      const expLog = Array.from(logSoftmax(x, axis).dataSync()).map(Math.exp);
      assertClose(expLog, Array.from(p.dataSync()), 1e-12);
      // Shift invariance: softmax(x + c) = softmax(x).
      assertClose(Array.from(softmax(x.add(123.5), axis).dataSync()), Array.from(p.dataSync()), 1e-12);
    }),
    { numRuns: 60 },
  );
});
