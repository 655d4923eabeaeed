import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, variable, Variable, ShapeError, DTypeError, grad, gradient, memory, tidy } from "../../kernel/src/index.js";

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
  assert.equal(v.value.node?.op.name, "readVariable", "the value's maker is a read of the variable");
  assert.equal(v.value.node?.inputs.length, 0, "nothing before it: the graph that computed it is not chained");
  assert.deepEqual(v.value.arraySync(), [3, 6]);
  assert.deepEqual(grad((x) => x.mul(v).sum())(tensor([1, 1])).arraySync(), [3, 6]);
  const before = memory().numTensors;
  v.assign(tensor([0, 0]));
  // The new data tensor and the variable's snapshot of it are both alive; the old value is gone.
  assert.equal(memory().numTensors, before + 1);
});

test("the gradient with respect to a variable flows through its reads; after an assign it is an error, never a silent zero", () => {
  const v = variable(tensor([1, 2]), { name: "w" });
  const linear = v.add(3).sum(); // the gradient does not need the value
  const y = v.square().sum(); // the gradient needs the value [1, 2]
  v.assign(tensor([10, 20]));
  assert.deepEqual(gradient(linear, [v])[0]!.arraySync(), [1, 1], "the read of the old value still leads to v");
  assert.throws(() => gradient(y, [v]), (e: unknown) => e instanceof Error && /needs the value variable "w" had before it was assigned a new one/.test(e.message));
  const z = v.mul(v.value).sum(); // two reads of the current value
  assert.deepEqual(gradient(z, [v])[0]!.arraySync(), [20, 40]);
  assert.deepEqual(gradient(tensor(1).mul(2), [v])[0]!.arraySync(), [0, 0], "a loss that never read v gives zeros");
});
