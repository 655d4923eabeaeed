import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, variable, CheckError } from "../../kernel/src/index.js";
import { numbers, describe, showIndex, showNumber } from "../../kernel/src/check/values.js";

test("numbers reads numbers, booleans, nested and typed arrays, tensors and variables", () => {
  assert.deepEqual(numbers(2.5), { shape: [], values: [2.5] });
  assert.deepEqual(numbers(true), { shape: [], values: [1] });
  assert.deepEqual(numbers([[1, 2], [3, 4]]), { shape: [2, 2], values: [1, 2, 3, 4] });
  assert.deepEqual(numbers(new Float64Array([1, 2])), { shape: [2], values: [1, 2] });
  assert.deepEqual(numbers(tensor([[1], [2]], { dtype: "int32" })), { shape: [2, 1], values: [1, 2], dtype: "int32" });
  assert.deepEqual(numbers(variable(tensor([0.5]))), { shape: [1], values: [0.5], dtype: "float32" });
  assert.throws(() => numbers([[1, 2], [3]]), (e: unknown) => e instanceof CheckError && /expected numbers/.test(e.reason));
  assert.throws(() => numbers({ a: 1 }), (e: unknown) => e instanceof CheckError && /got Object$/.test(e.reason));
});

test("describe shows small tensors with their values, large ones by header, long arrays elided", () => {
  assert.equal(describe(tensor(3)), "3 (Tensor float32 [])");
  assert.equal(describe(tensor([1, 2])), "[1, 2] (Tensor float32 [2])");
  assert.equal(describe(tensor([1, 2, 3, 4, 5, 6, 7])), "Tensor float32 [7]");
  assert.equal(describe([1, 2, 3, 4, 5, 6, 7, 8]), "[1, 2, 3, 4, 5, 6, …]");
  assert.equal(describe("relu"), '"relu"');
  assert.equal(describe(undefined), "undefined");
});

test("showIndex turns a flat index into a position; showNumber keeps 7 significant digits", () => {
  // Checked against the row-major formula i = r·columns + c for every cell of a [3, 4] grid.
  for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) assert.equal(showIndex([3, 4], r * 4 + c), `[${r}, ${c}]`);
  assert.equal(showIndex([], 0), "[]");
  assert.equal(showNumber(0.1 + 0.2), "0.3");
  assert.equal(showNumber(Number.NaN), "NaN");
  assert.equal(showNumber(12), "12");
});
