import { test } from "node:test";
import assert from "node:assert/strict";
import { collapse } from "../../../kernel/src/backend/wasm/strides.js";

test("collapse merges axes every operand walks contiguously and pads to four axes", () => {
  assert.deepEqual(collapse([2, 3, 4], [[12, 4, 1], [12, 4, 1]]), { shape: [1, 1, 1, 24], strides: [[0, 0, 0, 1], [0, 0, 0, 1]] });
  assert.deepEqual(collapse([2, 3, 4], [[12, 4, 1], [0, 0, 1]]), { shape: [1, 1, 6, 4], strides: [[0, 0, 4, 1], [0, 0, 0, 1]] }, "a bias row");
  assert.deepEqual(collapse([5, 1, 3], [[3, 3, 1], [1, 0, 0]]), { shape: [1, 1, 5, 3], strides: [[0, 0, 3, 1], [0, 0, 1, 0]] }, "size-1 axes dropped");
  assert.deepEqual(collapse([3, 2], [[1, 3]]), { shape: [1, 1, 3, 2], strides: [[0, 0, 1, 3]] }, "a transpose stays two axes");
  assert.deepEqual(collapse([], [[]]), { shape: [1, 1, 1, 1], strides: [[0, 0, 0, 0]] }, "a scalar");
});

test("collapse gives up beyond four axes that cannot merge", () => {
  assert.equal(collapse([2, 2, 2, 2, 2], [[1, 2, 4, 8, 16]]), undefined);
});
