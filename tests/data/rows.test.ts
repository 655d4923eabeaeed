import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor } from "../../kernel/src/index.js";
import { gatherRows, hostOf, labelKeys, rowCount, takeRows, checkSameRows } from "../../kernel/src/data/rows.js";

test("gatherRows copies the asked rows in order, runs and single rows alike", () => {
  const t = tensor([[0, 1], [2, 3], [4, 5], [6, 7]], "int32");
  const host = hostOf(t);
  const g = gatherRows(host, [3, 0, 1, 2, 2]);
  assert.equal(g.dtype, "int32");
  assert.deepEqual(g.arraySync(), [[6, 7], [0, 1], [2, 3], [4, 5], [4, 5]]);
  assert.deepEqual(gatherRows(host, []).shape, [0, 2]);
});

test("takeRows keeps the kind of its input", () => {
  assert.deepEqual(takeRows(["a", "b", "c"], [2, 0]), ["c", "a"]);
  const typed = takeRows(Float64Array.of(1.5, 2.5, 3.5), [1]);
  assert.ok(typed instanceof Float64Array);
  assert.deepEqual([...typed], [2.5]);
  assert.deepEqual(takeRows(tensor([[1], [2], [3]]), [1, 1]).arraySync(), [[2], [2]]);
});

test("labelKeys: numbers, strings and one-hot rows", () => {
  assert.deepEqual(labelKeys("t", tensor([0, 1, 1])), [0, 1, 1]);
  assert.deepEqual(labelKeys("t", ["cat", "dog"]), ["cat", "dog"]);
  assert.deepEqual(labelKeys("t", tensor([[1, 0], [0, 1], [1, 0]])), ["1,0", "0,1", "1,0"]);
});

test("row counts and mismatches name both sizes", () => {
  assert.equal(rowCount("t", tensor([[1, 2]])), 1);
  assert.throws(() => rowCount("trainTestSplit", tensor(3)), /trainTestSplit: x is a scalar/);
  assert.throws(() => checkSameRows("trainTestSplit", 3, { y: [1, 2] }), /trainTestSplit: x has 3 samples but y has 2/);
});
