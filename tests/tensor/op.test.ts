import { test } from "node:test";
import assert from "node:assert/strict";
import "../../kernel/src/index.js"; // defines every built-in op
import { defineOp, findOp, opNames } from "../../kernel/src/tensor/op.js";

test("built-in ops are findable by name and listed once each", () => {
  const names = opNames();
  assert.equal(new Set(names).size, names.length, "no name listed twice");
  for (const name of ["add", "mul", "matmul", "sum", "reshape", "exp"]) {
    assert.ok(names.includes(name), `${name} is defined`);
    assert.equal(findOp(name)?.name, name);
  }
  assert.equal(findOp("noSuchOp"), undefined);
});

test("defineOp registers a new op and returns its definition", () => {
  const def = defineOp<{ factor: number }>({ name: "test.scale", infer: ([x]) => [{ shape: x!.shape, dtype: x!.dtype }] });
  assert.equal(findOp("test.scale"), def);
  assert.ok(opNames().includes("test.scale"));
});

test("defining an op name twice throws, and the first definition stays", () => {
  const first = defineOp({ name: "test.twice", infer: () => [] });
  assert.throws(() => defineOp({ name: "test.twice", infer: () => [] }), { message: "op test.twice is defined twice" });
  assert.equal(findOp("test.twice"), first);
  assert.throws(() => defineOp({ name: "add", infer: () => [] }), /op add is defined twice/);
});
