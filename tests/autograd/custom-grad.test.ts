import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, grad, customGrad, Tensor, GradbookError } from "../../kernel/src/index.js";

test("customGrad uses the hand-written gradient and keeps the value", () => {
  // Straight-through estimator: value x·0 (a 'step'), gradient passes through as 5·dy.
  const ste = customGrad((x: Tensor) => ({ value: x.mul(0), gradFunc: (dy) => [dy.mul(5)] }));
  const x = tensor([1, -2]);
  assert.deepEqual(ste(x).arraySync(), [0, -0]);
  assert.deepEqual(grad((t) => ste(t).sum())(x).arraySync(), [5, 5]);
});

test("customGrad gradients written with ops can be differentiated again", () => {
  // square with an explicit gradient 2·x·dy; second derivative is 2.
  const square = customGrad((x: Tensor) => ({ value: x.mul(x), gradFunc: (dy) => [dy.mul(x).mul(2)] }));
  const g2 = grad((t) => grad((u) => square(u).sum())(t).sum())(tensor([3], "float64"));
  assert.deepEqual(g2.arraySync(), [2]);
});

test("a gradFunc that returns the wrong number or shape of gradients is named", () => {
  const bad = customGrad((x: Tensor) => ({ value: x.mul(1), gradFunc: () => [] }));
  assert.throws(() => grad((t) => bad(t).sum())(tensor([1])), (e: unknown) => e instanceof GradbookError && /must return 1 gradient/.test(e.message));
  const wrongShape = customGrad((x: Tensor) => ({ value: x.mul(1), gradFunc: () => [tensor([1, 2, 3])] }));
  assert.throws(() => grad((t) => wrongShape(t).sum())(tensor([1])), /gradient 0 has shape \[3\], its input has \[1\]/);
});
