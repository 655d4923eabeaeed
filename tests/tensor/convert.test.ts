import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { tensor, scalar, variable, ShapeError, DTypeError, ArgumentError } from "../../kernel/src/index.js";
import { setInterruptCheck } from "../../kernel/src/tensor/interrupt-check.js";

test("nested arrays: shape inferred, float32 by default, bool for booleans", () => {
  const t = tensor([[[1, 2]], [[3, 4]], [[5, 6]]]);
  assert.deepEqual(t.shape, [3, 1, 2]);
  assert.equal(t.dtype, "float32");
  assert.deepEqual([...t.dataSync()], [1, 2, 3, 4, 5, 6]);
  const b = tensor([[true, false], [false, true]]);
  assert.equal(b.dtype, "bool");
  assert.deepEqual(b.arraySync(), [[true, false], [false, true]]);
  assert.deepEqual(tensor([]).shape, [0]);
  assert.deepEqual(tensor([[], []]).shape, [2, 0]);
  assert.equal(tensor([1.7, -1.7], "int32").dtype, "int32");
  assert.deepEqual(tensor([1.7, -1.7], "int32").arraySync(), [1, -1], "int32 storage truncates toward zero");
  // float32 rounding happens once, at creation.
  assert.equal(tensor([0.1]).dataSync()[0], Math.fround(0.1));
  assert.equal(tensor([0.1], "float64").dataSync()[0], 0.1);
});

test("typed arrays keep their dtype and take a shape; the values are copied", () => {
  const source = new Float32Array([1, 2, 3, 4, 5, 6]);
  const t = tensor(source, { shape: [2, 3] });
  assert.deepEqual(t.arraySync(), [[1, 2, 3], [4, 5, 6]]);
  source[0] = 100;
  assert.equal(t.dataSync()[0], 1, "changing the source later does not change the tensor");
  assert.equal(tensor(new Float64Array([0.1])).dtype, "float64");
  assert.equal(tensor(new Int32Array([1, 2])).dtype, "int32");
  assert.equal(tensor(new Uint8Array([1, 0])).dtype, "bool");
  assert.deepEqual(tensor(new Int32Array([1, 2, 3])).shape, [3]);
  assert.deepEqual(tensor(new Int32Array([7, 8]), { dtype: "float64" }).arraySync(), [7, 8]);
});

test("scalars, and tensors or variables passed through", () => {
  const s = scalar(3.5);
  assert.deepEqual(s.shape, []);
  assert.equal(s.item(), 3.5);
  assert.equal(scalar(true).dtype, "bool");
  assert.equal(scalar(2, "int32").dtype, "int32");
  const t = tensor([1, 2]);
  assert.equal(tensor(t), t);
  const v = variable(tensor([1, 2]));
  assert.equal(tensor(v), v.value);
  assert.throws(() => tensor(t, "int32"), (e: unknown) => e instanceof DTypeError && /tensor: the value is float32, not int32; use cast\(\)/.test((e as Error).message));
});

test("a name option labels the new tensor; a tensor passed in is named in place; a variable keeps its own name", () => {
  assert.equal(tensor([[1, 2]], { name: "x" }).name, "x");
  assert.equal(tensor(new Int32Array([1, 2, 3, 4]), { shape: [2, 2], dtype: "int32", name: "labels" }).name, "labels");
  assert.equal(tensor([1, 2]).name, undefined);
  assert.equal(tensor([1, 2], "float64").name, undefined);
  const t = tensor([1, 2]);
  assert.equal(tensor(t, { name: "t" }), t);
  assert.equal(t.name, "t");
  const v = variable(tensor([1, 2]), { name: "w" });
  assert.throws(() => tensor(v, { name: "other" }), (e: unknown) => e instanceof ArgumentError && /tensor: a variable keeps its own name \("w"\); name it with variable\(value, \{ name: "other" \}\)/.test((e as Error).message));
  assert.equal(v.value.name, "w");
  assert.throws(() => tensor([1], { name: 3 as unknown as string }), (e: unknown) => e instanceof ArgumentError && /tensor: name must be a string, got number \(3\)/.test((e as Error).message));
});

test("shapes are validated: uneven rows, mixed depths, sizes that do not fill the shape", () => {
  const shapeError = (re: RegExp) => (e: unknown) => e instanceof ShapeError && re.test((e as Error).message);
  assert.throws(() => tensor([[1, 2], [3]]), shapeError(/tensor: rows have different lengths \(expected 2 at depth 1, found 1\); use ragged\(\) for uneven rows/));
  assert.throws(() => tensor([[1, 2], 3] as never), shapeError(/expected 2 at depth 1, found a scalar/));
  assert.throws(() => tensor([1, [2]] as never), shapeError(/nested arrays are deeper in some places than others/));
  assert.throws(() => tensor(new Float32Array(5), { shape: [2, 3] }), shapeError(/tensor: 5 values do not fill shape \[2, 3\]/));
  assert.throws(() => tensor([1, 2, 3], { shape: [2, 2] }), shapeError(/tensor: 3 values do not fill shape \[2, 2\]/));
  assert.deepEqual(tensor([1, 2, 3, 4], { shape: [2, 2] }).arraySync(), [[1, 2], [3, 4]]);
  assert.throws(() => tensor(new Float32Array(2), { shape: [-2, -1] }), (e: unknown) => e instanceof ArgumentError && /non-negative integers/.test((e as Error).message));
  assert.throws(() => tensor([1, "2"] as never), (e: unknown) => e instanceof DTypeError && /tensor: expected numbers or booleans, found string \(2\)/.test((e as Error).message));
  assert.throws(() => tensor([1, null] as never), (e: unknown) => e instanceof DTypeError && /found null/.test((e as Error).message));
});

test("property: a rectangular nested array round-trips through tensor().arraySync()", () => {
  const nested = fc
    .array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 })
    .chain((shape) => {
      const build = (axis: number): fc.Arbitrary<unknown> =>
        axis === shape.length ? fc.integer({ min: -1000, max: 1000 }) : fc.array(build(axis + 1), { minLength: shape[axis], maxLength: shape[axis] });
      return fc.tuple(fc.constant(shape), build(0));
    });
  fc.assert(
    fc.property(nested, ([shape, values]) => {
      const t = tensor(values as number[], "int32");
      assert.deepEqual(t.shape, shape.slice(0, shape.indexOf(0) + 1 || shape.length));
      assert.deepEqual(t.arraySync(), values);
    }),
  );
});

test("tensor(values, shape[, dtype]) takes TensorFlow.js's signature; unknown option keys are refused", () => {
  const m = tensor([1, 2, 3, 4], [2, 2]);
  assert.deepEqual([m.shape, m.dtype, m.arraySync()], [[2, 2], "float32", [[1, 2], [3, 4]]]);
  const i = tensor([1, 2, 3, 4, 5, 6], [3, 2], "int32");
  assert.deepEqual([i.shape, i.dtype], [[3, 2], "int32"]);
  assert.throws(() => tensor([1, 2, 3], [2, 2]), /tensor: 3 values do not fill shape \[2, 2\]/);
  assert.throws(() => tensor([1, 2], { shap: [2, 1] } as never), (e: unknown) => e instanceof ArgumentError && /tensor: unknown option "shap"; did you mean shape\?/.test(e.message));
  const untyped = tensor as (...args: unknown[]) => unknown; // as a JavaScript caller may write it
  assert.throws(() => untyped([1, 2], "float32", "int32"), /a dtype as third argument goes with a shape/);
});

test("converting a big array checks for an interrupt between chunks, and an interrupt stops it", () => {
  const values = new Array<number>(1_000_000).fill(1.5);
  let checks = 0;
  setInterruptCheck(() => void checks++);
  try {
    const t = tensor(values);
    assert.ok(checks >= 10, `checked ${checks} times for 10⁶ elements`);
    assert.deepEqual([t.shape, t.dataSync()[999_999]], [[1_000_000], 1.5]);
    checks = 0;
    tensor(Array.from({ length: 1000 }, () => new Array<number>(1000).fill(2)));
    assert.ok(checks >= 10, "rows of a nested array count together");
    setInterruptCheck(() => {
      if (++checks > 3) throw new Error("interrupted");
    });
    checks = 0;
    assert.throws(() => tensor(values), /interrupted/);
    assert.equal(checks, 4, "stopped at the first check that threw");
  } finally {
    setInterruptCheck(undefined);
  }
});

test("the one-pass conversion agrees with a typed-array copy and still names bad elements and uneven rows", () => {
  fc.assert(
    fc.property(fc.array(fc.array(fc.oneof(fc.double(), fc.boolean()), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 5 }), (rows) => {
      const expected = Float64Array.from(rows.flat(), Number);
      assert.deepEqual(tensor(rows, "float64").dataSync(), expected);
    }),
  );
  const big = new Array<unknown>(200_000).fill(1);
  big[150_000] = null;
  assert.throws(() => tensor(big as number[]), (e: unknown) => e instanceof DTypeError && /tensor: expected numbers or booleans, found null/.test(e.message));
  assert.throws(() => tensor([[1, 2], [3, [4]]] as never), /nested arrays are deeper in some places than others/);
  assert.throws(() => tensor([[1, 2], 3] as never), /rows have different lengths \(expected 2 at depth 1, found a scalar\)/);
  assert.throws(() => tensor([[[1]], [[2, 3]]]), /rows have different lengths \(expected 1 at depth 2, found 2\)/);
});
