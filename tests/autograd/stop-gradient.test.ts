import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, grad, stopGradient } from "../../kernel/src/index.js";

test("stopGradient keeps values and blocks the gradient", () => {
  const x = tensor([3, 4]);
  assert.deepEqual(stopGradient(x).arraySync(), [3, 4]);
  assert.deepEqual(grad((t) => t.mul(stopGradient(t)).sum())(x).arraySync(), [3, 4]);
  assert.deepEqual(grad((t) => t.mul(t).sum())(x).arraySync(), [6, 8]);
  assert.deepEqual(grad((t) => t.stopGradient().sum().add(t.sum()))(x).arraySync(), [1, 1]);
});
