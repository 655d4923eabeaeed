import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { tensor, cast, grad, ArgumentError } from "../../kernel/src/index.js";
import { checkGrads, randomF64 } from "../helpers/gradcheck.js";

test("float → int32 truncates toward zero; anything → bool is x ≠ 0; bool → number is 0/1", () => {
  assert.deepEqual(cast(tensor([1.7, -1.7, 2.5, -0.2, 0]), "int32").arraySync(), [1, -1, 2, 0, 0]);
  assert.deepEqual(cast(tensor([0, -0.5, 3, NaN]), "bool").arraySync(), [false, true, true, true]);
  assert.deepEqual(cast(tensor([0, 2, -1], "int32"), "bool").arraySync(), [false, true, true]);
  assert.deepEqual(cast(tensor([true, false]), "float32").arraySync(), [1, 0]);
  assert.deepEqual(cast(tensor([true, false]), "int32").arraySync(), [1, 0]);
  assert.deepEqual(cast(tensor([[7, -8]], "int32"), "float64").arraySync(), [[7, -8]]);
  assert.equal(cast(tensor([0.1], "float64"), "float32").dataSync()[0], Math.fround(0.1));
});

test("the output has the asked dtype and the input's shape; casting to the same dtype is the identity", () => {
  const x = tensor([[1, 2, 3]]);
  for (const dtype of ["float32", "float64", "int32", "bool"] as const) {
    const y = cast(x, dtype);
    assert.equal(y.dtype, dtype);
    assert.deepEqual(y.shape, [1, 3]);
  }
  assert.equal(cast(x, "float32"), x);
  assert.deepEqual(x.cast("int32").arraySync(), [[1, 2, 3]]);
  assert.deepEqual(cast([1.5, 2.5], "int32").arraySync(), [1, 2], "plain arrays are accepted");
  assert.deepEqual(cast(tensor([]), "int32").shape, [0]);
});

test("float ↔ float casts pass the gradient (in the input's dtype); casts to int or bool cut it", () => {
  checkGrads((x) => cast(x!, "float32").cast("float64").square(), [randomF64([2, 3], 1)], { tolerance: 1e-3, eps: 1e-2 });
  const g = grad((x) => cast(x, "float32").mul(3).sum())(tensor([1, 2], "float64"));
  assert.equal(g.dtype, "float64");
  assert.deepEqual(g.arraySync(), [3, 3]);
  const cut = grad((x) => cast(x, "int32").cast("float64").mul(x).sum())(tensor([1.5, 2.5], "float64"));
  assert.deepEqual(cut.arraySync(), [1, 2], "only the direct factor x carries a gradient");
});

test("property: int32 → float64 → int32 is the identity", () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 20 }), (values) => {
      assert.deepEqual(cast(cast(tensor(values, "int32"), "float64"), "int32").arraySync(), values);
    }),
  );
});

test("an unknown dtype names cast and the dtypes it accepts", () => {
  assert.throws(() => cast(tensor([1]), "float16" as never), (e: unknown) => e instanceof ArgumentError && /cast: unknown dtype "float16"; expected float32, float64, int32 or bool/.test((e as Error).message));
});
