import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { stridedRead, stridedWrite } from "../../../kernel/src/backend/cpu/strided.js";
import { sizeOf, stridesOf } from "../../../kernel/src/tensor/shape.js";

const range = (n: number) => Float64Array.from({ length: n }, (_, i) => i);

function read(src: Float64Array, offset: number, strides: number[], shape: number[]): number[] {
  const out = new Float64Array(sizeOf(shape));
  stridedRead(src, offset, strides, shape, out);
  return [...out];
}

/** Every row-major index of `shape`. */
function indices(shape: number[]): number[][] {
  return Array.from({ length: sizeOf(shape) }, (_, i) => stridesOf(shape).map((s, k) => Math.floor(i / s) % shape[k]!));
}

test("stridedRead: identity, transpose, reversed axes, steps, broadcast and scalar walks", () => {
  const x = range(6); // a [2, 3] matrix 0..5
  assert.deepEqual(read(x, 0, [3, 1], [2, 3]), [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(read(x, 0, [1, 3], [3, 2]), [0, 3, 1, 4, 2, 5], "transpose");
  assert.deepEqual(read(x, 5, [-3, -1], [2, 3]), [5, 4, 3, 2, 1, 0], "both axes reversed");
  assert.deepEqual(read(x, 2, [3, -1], [2, 3]), [2, 1, 0, 5, 4, 3], "columns reversed");
  assert.deepEqual(read(range(12), 1, [4, 2], [3, 2]), [1, 3, 5, 7, 9, 11], "x[:, 1::2] of a [3, 4] matrix");
  assert.deepEqual(read(range(3), 0, [0, 1], [2, 3]), [0, 1, 2, 0, 1, 2], "a row repeated");
  assert.deepEqual(read(range(2), 0, [1, 0], [2, 3]), [0, 0, 0, 1, 1, 1], "a column repeated");
  assert.deepEqual(read(range(24), 0, [1, 4, 12], [4, 3, 2]), [0, 12, 4, 16, 8, 20, 1, 13, 5, 17, 9, 21, 2, 14, 6, 18, 10, 22, 3, 15, 7, 19, 11, 23], "rank-3 transpose [2, 3, 4] → [4, 3, 2]");
  assert.deepEqual(read(x, 4, [], []), [4], "rank 0 reads src[offset]");
});

test("stridedRead and stridedWrite leave the output alone for empty shapes", () => {
  const out = Float64Array.of(9, 9);
  stridedRead(range(4), 0, [2, 1], [0, 2], out);
  stridedRead(range(4), 0, [1, 1], [2, 0], out);
  assert.deepEqual([...out], [9, 9]);
  const dst = Float64Array.of(7, 7);
  stridedWrite(dst, 0, [1, 1], [3, 0], range(0));
  assert.deepEqual([...dst], [7, 7]);
});

test("stridedRead equals the per-index formula for random permutations and reversals (property)", () => {
  const layout = fc
    .array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 })
    .chain((shape) =>
      fc.tuple(fc.constant(shape), fc.shuffledSubarray(shape.map((_, i) => i), { minLength: shape.length, maxLength: shape.length }), fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length })),
    );
  fc.assert(
    fc.property(layout, ([srcShape, perm, flips]) => {
      // Read the source [srcShape] as its transpose by `perm`, with some axes reversed.
      const src = range(sizeOf(srcShape));
      const srcStrides = stridesOf(srcShape);
      const shape = perm.map((p) => srcShape[p]!);
      const strides = perm.map((p, k) => (flips[k] ? -1 : 1) * srcStrides[p]!);
      const offset = perm.reduce((o, p, k) => o + (flips[k] ? (srcShape[p]! - 1) * srcStrides[p]! : 0), 0);
      const expected = indices(shape).map((index) => src[offset + index.reduce((s, i, k) => s + i * strides[k]!, 0)]!);
      assert.deepEqual(read(src, offset, strides, shape), expected);
      // Every source element appears exactly once.
      assert.deepEqual([...read(src, offset, strides, shape)].sort((a, b) => a - b), [...src]);
    }),
    { numRuns: 200 },
  );
});

test("stridedWrite places values at offset + Σ index·stride and nowhere else", () => {
  const dst = new Float64Array(5).fill(-1);
  stridedWrite(dst, 1, [1], [2], Float64Array.of(10, 20));
  assert.deepEqual([...dst], [-1, 10, 20, -1, -1]);
  // Transposed write into a [2, 3] matrix from a [3, 2] source.
  const m = new Float64Array(6);
  stridedWrite(m, 0, [1, 3], [3, 2], Float64Array.of(0, 3, 1, 4, 2, 5));
  assert.deepEqual([...m], [0, 1, 2, 3, 4, 5]);
  // Every second column of a [2, 4] matrix, reversed.
  const g = new Float64Array(8);
  stridedWrite(g, 2, [4, -2], [2, 2], Float64Array.of(1, 2, 3, 4));
  assert.deepEqual([...g], [2, 0, 1, 0, 4, 0, 3, 0]);
  const s = new Float64Array(3);
  stridedWrite(s, 2, [], [], Float64Array.of(8));
  assert.deepEqual([...s], [0, 0, 8], "rank 0 writes dst[offset]");
});

test("stridedWrite is the inverse of stridedRead for the same distinct positions (property)", () => {
  const layout = fc
    .array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 })
    .chain((shape) => fc.tuple(fc.constant(shape), fc.shuffledSubarray(shape.map((_, i) => i), { minLength: shape.length, maxLength: shape.length }), fc.nat({ max: 3 })));
  fc.assert(
    fc.property(layout, ([dstShape, perm, pad]) => {
      const dstStrides = stridesOf(dstShape);
      const shape = perm.map((p) => dstShape[p]!);
      const strides = perm.map((p) => dstStrides[p]!);
      const values = Float64Array.from({ length: sizeOf(shape) }, (_, i) => 100 + i);
      const dst = new Float64Array(sizeOf(dstShape) + 2 * pad).fill(-1);
      stridedWrite(dst, pad, strides, shape, values);
      assert.deepEqual(read(dst, pad, strides, shape), [...values]);
      assert.ok(dst.slice(0, pad).every((v) => v === -1) && dst.slice(dst.length - pad).every((v) => v === -1), "nothing outside the window is touched");
    }),
    { numRuns: 200 },
  );
});
