import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { setBackend, tensor, tidy, gather, memory } from "../../../../kernel/src/index.js";
import type { DType } from "../../../../kernel/src/tensor/dtype.js";

// The "cpu" backend's gather against the "cpu-js" reference: it only copies, so every dtype
// must come back bit for bit, and a bad index must throw the reference's error word for word.

type Case = { values: number[]; shape: number[]; dtype: DType; indices: number[]; indicesShape: number[]; axis: number };

/** gather's values (or the error message it throws) on `backend`. */
function gatherOn(backend: string, c: Case): { values?: number[]; shape?: number[]; error?: string } {
  setBackend(backend);
  try {
    return tidy(() => {
      const x = tensor(c.values, { shape: c.shape, dtype: c.dtype });
      const indices = tensor(c.indices, { shape: c.indicesShape, dtype: "int32" });
      try {
        const result = gather(x, indices, c.axis);
        return { values: Array.from(result.dataSync() as ArrayLike<number>), shape: [...result.shape] };
      } catch (error) {
        return { error: (error as Error).message };
      }
    });
  } finally {
    setBackend("cpu");
  }
}

/** Asserts both backends agree on `c` (values and shape, or the error) and no op ran on the fallback. */
function agrees(c: Case): void {
  const expected = gatherOn("cpu-js", c);
  const before = memory().numFallbacks;
  const actual = gatherOn("cpu", c);
  assert.equal(memory().numFallbacks, before, "gather ran on its own kernel");
  assert.deepEqual(actual, expected, JSON.stringify({ ...c, values: c.values.length }));
}

const dtypes: DType[] = ["float32", "int32", "bool", "float64"];

/** Distinct values of `dtype` (bools alternate), so a wrong row shows. */
const valuesOf = (dtype: DType, n: number) => Array.from({ length: n }, (_, i) => (dtype === "bool" ? i % 3 === 0 ? 1 : 0 : dtype === "int32" ? i * 7 - 50 : i * 0.37 - 3));

const cases = fc
  .record({ shape: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 4 }), dtype: fc.constantFrom(...dtypes), indicesShape: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 2 }), axisSeed: fc.nat(), seeds: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 16, maxLength: 16 }) })
  .map(({ shape, dtype, indicesShape, axisSeed, seeds }): Case => {
    const axis = axisSeed % shape.length;
    const length = shape[axis]!;
    const count = indicesShape.reduce((a, b) => a * b, 1);
    // In range, negative ones included (−length … length − 1); an empty axis gets index 0, which is out of range.
    const indices = Array.from({ length: count }, (_, i) => (length === 0 ? 0 : Math.floor(seeds[i % 16]! * 2 * length) - length));
    return { values: valuesOf(dtype, shape.reduce((a, b) => a * b, 1)), shape, dtype, indices, indicesShape, axis };
  });

test("gather equals the reference for random shapes, axes, dtypes and negative indices, bit for bit", () => {
  fc.assert(fc.property(cases, (c) => agrees(c)), { numRuns: 200 });
});

test("gather's edges: empty tensors and indices, 1×N and N×1, a scalar index, and out-of-range indices throw the reference's error", () => {
  for (const dtype of dtypes) {
    agrees({ values: [], shape: [0, 3], dtype, indices: [], indicesShape: [0], axis: 0 });
    agrees({ values: valuesOf(dtype, 6), shape: [2, 3], dtype, indices: [], indicesShape: [0], axis: 1 });
    agrees({ values: valuesOf(dtype, 9), shape: [1, 9], dtype, indices: [0, 0, -1], indicesShape: [3], axis: 0 });
    agrees({ values: valuesOf(dtype, 9), shape: [1, 9], dtype, indices: [8, -9, 4], indicesShape: [3], axis: 1 });
    agrees({ values: valuesOf(dtype, 7), shape: [7, 1], dtype, indices: [6], indicesShape: [], axis: 0 });
    agrees({ values: valuesOf(dtype, 6), shape: [2, 3], dtype, indices: [0, 3], indicesShape: [2], axis: 1 });
    agrees({ values: valuesOf(dtype, 6), shape: [2, 3], dtype, indices: [-3, -4], indicesShape: [2], axis: 1 });
    agrees({ values: [], shape: [2, 0], dtype, indices: [0], indicesShape: [1], axis: 1 });
  }
  // The error is the reference's, naming the index, its position, the axis and the range.
  assert.match(gatherOn("cpu", { values: [1, 2, 3], shape: [3], dtype: "float32", indices: [0, 5], indicesShape: [2], axis: 0 }).error!, /gather: index 5 \(at flat position 1 of the indices\) is out of range for axis 0 of length 3/);
});

test("gather shared among threads (a batch of rows of a large tensor, and single elements along the last axis) equals the reference", () => {
  const rows = 700, width = 784;
  const picks = Array.from({ length: 400 }, (_, i) => (i * 389) % rows - (i % 2 ? rows : 0));
  agrees({ values: valuesOf("float32", rows * width), shape: [rows, width], dtype: "float32", indices: picks, indicesShape: [picks.length], axis: 0 });
  agrees({ values: valuesOf("int32", rows * width), shape: [rows, width], dtype: "int32", indices: [783, 0, -2], indicesShape: [3], axis: 1 });
});
