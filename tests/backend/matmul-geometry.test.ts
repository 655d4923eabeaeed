import { test } from "node:test";
import assert from "node:assert/strict";
import { matmulGeometry } from "../../kernel/src/backend/matmul-geometry.js";

test("matmulGeometry: sizes from the output and op(A), and the A/B matrix of each output matrix under broadcasting", () => {
  assert.deepEqual(matmulGeometry([3, 4], [4, 5], [3, 5], false), { m: 3, n: 5, k: 4, pairs: [[0, 0]] });
  assert.deepEqual(matmulGeometry([4, 3], [4, 5], [3, 5], true), { m: 3, n: 5, k: 4, pairs: [[0, 0]] }, "k from A's rows when transposed");
  assert.deepEqual(matmulGeometry([2, 3, 4], [4, 5], [2, 3, 5], false).pairs, [[0, 0], [1, 0]], "B broadcast over the batch");
  assert.deepEqual(matmulGeometry([2, 1, 3, 4], [3, 4, 5], [2, 3, 3, 5], false).pairs, [[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]], "both broadcast");
  assert.deepEqual(matmulGeometry([0, 3, 4], [4, 5], [0, 3, 5], false).pairs, [], "an empty batch");
});
