import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, variable, Variable, ShapeError, DTypeError, grad, memory, tidy } from "../../kernel/src/index.js";

test("a variable is a named, mutable holder: assign, assignAdd, assignSub", () => {
  const v = variable(tensor([1, 2]), { name: "w" });
  assert.ok(v instanceof Variable);
  assert.equal(v.name, "w");
  assert.equal(v.trainable, true);
  v.assignAdd(tensor([1, 1]));
  assert.deepEqual(v.value.arraySync(), [2, 3]);
  v.assignSub(1);
  assert.deepEqual(v.value.arraySync(), [1, 2]);
  v.assign(tensor([7, 8]));
  assert.deepEqual(v.value.arraySync(), [7, 8]);
  assert.equal(variable(0, { trainable: false }).trainable, false);
});

test("tensor methods work on variables and see their current value", () => {
  const v = variable(tensor([1, 2]));
  assert.deepEqual(v.mul(2).arraySync(), [2, 4]);
  v.assign(tensor([3, 4]));
  assert.deepEqual(v.add(1).arraySync(), [4, 5]);
  assert.deepEqual(v.arraySync(), [3, 4]);
});

test("assign refuses another shape or dtype, naming the variable", () => {
  const v = variable(tensor([1, 2]), { name: "bias" });
  assert.throws(() => v.assign(tensor([1, 2, 3])), (e: unknown) => e instanceof ShapeError && /"bias" has shape \[2\], the new value has \[3\]/.test(e.message));
  assert.throws(() => v.assign(tensor([1, 2], "int32")), (e: unknown) => e instanceof DTypeError && /cast\(\)/.test(e.message));
});

test("a variable's value is a leaf: assignments do not chain graphs, tidy never frees it", () => {
  const v = variable(tensor([1, 2]));
  tidy(() => v.assign(v.value.mul(3)));
  assert.equal(v.value.node, null);
  assert.deepEqual(v.value.arraySync(), [3, 6]);
  assert.deepEqual(grad((x) => x.mul(v).sum())(tensor([1, 1])).arraySync(), [3, 6]);
  const before = memory().numTensors;
  v.assign(tensor([0, 0]));
  // The new data tensor and the variable's snapshot of it are both alive; the old value is gone.
  assert.equal(memory().numTensors, before + 1);
});
