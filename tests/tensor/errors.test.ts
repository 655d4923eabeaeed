import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, debug, ShapeError, NumericsError, ArgumentError, zeros, GradbookError } from "../../kernel/src/index.js";

test("shape errors name the op, both shapes and the user's line, and drop library frames", () => {
  let error: unknown;
  try {
    tensor([[1, 2, 3]]).add(tensor([[1, 2]]));
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof ShapeError);
  assert.match(error.message, /^add: shapes \[1, 3\] and \[1, 2\] cannot be broadcast together/);
  assert.match(error.message, /errors\.test\.ts:\d+\)$/);
  assert.ok(!/kernel[\\/]src/.test(error.stack ?? ""), `library frames left in the stack:\n${error.stack}`);
});

test("bad arguments say what was expected", () => {
  assert.throws(() => zeros([2, -1]), (e: unknown) => e instanceof ArgumentError && /non-negative integers/.test(e.message));
  assert.throws(() => tensor([1, 2]).sum(3), (e: unknown) => e instanceof ArgumentError && /axis 3 is out of range for a tensor of rank 1 \(expected -1 … 0\)/.test(e.message));
  assert.throws(() => tensor([[1, 2], [3]]), (e: unknown) => e instanceof ShapeError && /ragged\(\)/.test(e.message));
  assert.throws(() => tensor([1, 2], "float16" as never), (e: unknown) => e instanceof ArgumentError && /unknown dtype "float16"/.test(e.message));
  assert.throws(() => tensor([1, 2]).reshape([3, -1]), /cannot reshape \[2\] \(2 elements\) into \[3, -1\]/);
  assert.throws(() => tensor([1, 2, 3]).item(), (e: unknown) => e instanceof GradbookError && /3 elements/.test(e.message));
});

test("debug.checkNumerics makes the first op that produces NaN or Infinity throw, naming it", () => {
  debug.checkNumerics(true);
  try {
    assert.throws(() => tensor([1, 0]).div(tensor([0, 0])), (e: unknown) => e instanceof NumericsError && /^div produced Infinity at flat index 0/.test(e.message));
    assert.deepEqual(tensor([1]).div(2).arraySync(), [0.5]);
  } finally {
    debug.checkNumerics(false);
  }
  assert.deepEqual(tensor([0]).div(tensor([0])).arraySync(), [NaN]);
});
