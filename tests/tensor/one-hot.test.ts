import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, oneHot, ArgumentError, DTypeError } from "../../kernel/src/index.js";

test("oneHot encodes int32 indices as float32 rows", () => {
  const y = oneHot([0, 2, 1], 3);
  assert.equal(y.dtype, "float32");
  assert.deepEqual(y.arraySync(), [[1, 0, 0], [0, 0, 1], [0, 1, 0]]);
  assert.deepEqual(oneHot(tensor([[1], [0]], "int32"), 2).arraySync(), [[[0, 1]], [[1, 0]]]);
  assert.deepEqual(tensor([1], "int32").oneHot(2, 5, -1).arraySync(), [[-1, 5]]);
  assert.deepEqual(oneHot(2, 4).arraySync(), [0, 0, 1, 0]);
  // Out of range (e.g. -1 for "no class") gives a row of offValue, as in TensorFlow.
  assert.deepEqual(oneHot([-1, 3], 3, 1, 0.5).arraySync(), [[0.5, 0.5, 0.5], [0.5, 0.5, 0.5]]);
  assert.deepEqual(oneHot([], 3).shape, [0, 3]);
  assert.deepEqual(oneHot([1, 0], 0).shape, [2, 0]);
});

test("bad arguments name oneHot and what was expected", () => {
  assert.throws(() => oneHot(tensor([0, 1]), 2), (e: unknown) => e instanceof DTypeError && /oneHot: indices must be int32, got float32/.test(e.message));
  assert.throws(() => oneHot([0.5], 2), (e: unknown) => e instanceof DTypeError && /oneHot: indices must be integers, got 0.5/.test(e.message));
  assert.throws(() => oneHot([0], -1), (e: unknown) => e instanceof ArgumentError && /oneHot: depth must be a non-negative integer \(the number of classes\), got -1/.test(e.message));
});
