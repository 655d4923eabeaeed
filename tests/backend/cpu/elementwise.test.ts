import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { mapUnary, mapBinary, broadcastStrides } from "../../../kernel/src/backend/cpu/elementwise.js";
import type { CpuTensor } from "../../../kernel/src/backend/cpu/register.js";
import { sizeOf, stridesOf } from "../../../kernel/src/tensor/shape.js";

function cpu(values: number[], shape: number[]): CpuTensor {
  return { values: Float64Array.from(values), shape, dtype: "float64" };
}

/** The plainest broadcasting: unravel each output index and read each input at its own index. */
function naiveBinary(a: CpuTensor, b: CpuTensor, outShape: number[], fn: (x: number, y: number) => number): number[] {
  const out: number[] = [];
  const outStrides = stridesOf(outShape);
  const at = (t: CpuTensor, index: number[]): number => {
    const offset = index.length - t.shape.length;
    const st = stridesOf(t.shape);
    let flat = 0;
    t.shape.forEach((d, j) => (flat += (d === 1 ? 0 : index[j + offset]!) * st[j]!));
    return t.values[flat]!;
  };
  for (let i = 0; i < sizeOf(outShape); i++) {
    const index = outStrides.map((s, k) => Math.floor(i / s) % outShape[k]!);
    out.push(fn(at(a, index), at(b, index)));
  }
  return out;
}

// Not symmetric, so swapped operands are caught.
const f = (x: number, y: number) => 10 * x - y;

test("mapUnary applies fn elementwise into the requested dtype", () => {
  assert.deepEqual([...mapUnary(cpu([1, -2, 3], [3]), "float64", (v) => v * v)], [1, 4, 9]);
  const truncated = mapUnary(cpu([1.7, -2.5], [2]), "int32", (v) => v);
  assert.ok(truncated instanceof Int32Array);
  assert.deepEqual([...truncated], [1, -2]);
  assert.equal(mapUnary(cpu([], [0]), "float32", Math.exp).length, 0);
});

test("broadcastStrides: 0 on broadcast and missing leading axes, the input's strides elsewhere", () => {
  assert.deepEqual(broadcastStrides([3], [2, 3]), [0, 1]);
  assert.deepEqual(broadcastStrides([2, 1], [2, 3]), [1, 0]);
  assert.deepEqual(broadcastStrides([4, 1, 3], [2, 4, 5, 3]), [0, 3, 0, 1]);
  assert.deepEqual(broadcastStrides([], [2, 2]), [0, 0]);
  assert.deepEqual(broadcastStrides([2, 3], [2, 3]), [3, 1]);
});

test("mapBinary: equal shapes, scalar on either side, and general broadcasting", () => {
  assert.deepEqual([...mapBinary(cpu([1, 2], [2]), cpu([3, 4], [2]), [2], "float64", f)], [7, 16]);
  assert.deepEqual([...mapBinary(cpu([1, 2], [2]), cpu([5], []), [2], "float64", f)], [5, 15]);
  assert.deepEqual([...mapBinary(cpu([5], [1]), cpu([1, 2], [2]), [2], "float64", f)], [49, 48]);
  // [2, 1] with [3]: an outer "product".
  assert.deepEqual([...mapBinary(cpu([1, 2], [2, 1]), cpu([1, 2, 3], [3]), [2, 3], "float64", f)], [9, 8, 7, 19, 18, 17]);
  // [1, 3] with [2, 1]: both inputs broadcast on different axes.
  assert.deepEqual([...mapBinary(cpu([1, 2, 3], [1, 3]), cpu([0, 1], [2, 1]), [2, 3], "float64", f)], [10, 20, 30, 9, 19, 29]);
  // Middle axis broadcast: [2, 1, 2] with [3, 2].
  const a = cpu([1, 2, 3, 4], [2, 1, 2]);
  const b = cpu([0, 1, 2, 3, 4, 5], [3, 2]);
  assert.deepEqual([...mapBinary(a, b, [2, 3, 2], "float64", f)], naiveBinary(a, b, [2, 3, 2], f));
  assert.deepEqual([...mapBinary(a, b, [2, 3, 2], "float64", f)], [10, 19, 8, 17, 6, 15, 30, 39, 28, 37, 26, 35]);
});

test("mapBinary writes the requested dtype and handles empty outputs", () => {
  const out = mapBinary(cpu([1, 2], [2]), cpu([1], [1]), [2], "bool", (x, y) => Number(x > y));
  assert.ok(out instanceof Uint8Array);
  assert.deepEqual([...out], [0, 1]);
  assert.equal(mapBinary(cpu([], [0, 3]), cpu([1, 2, 3], [3]), [0, 3], "float32", f).length, 0);
  assert.equal(mapBinary(cpu([], [2, 0]), cpu([7], [1, 1]), [2, 0], "float32", f).length, 0);
});

/** A shape and two shapes that broadcast to it (axes set to 1 or dropped from the front). */
const broadcastCase = fc
  .array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 4 })
  .chain((outShape) => {
    const operand = fc
      .tuple(fc.array(fc.boolean(), { minLength: outShape.length, maxLength: outShape.length }), fc.nat({ max: outShape.length }))
      .map(([ones, drop]) => outShape.map((d, i) => (ones[i] ? 1 : d)).slice(drop));
    return fc.tuple(fc.constant(outShape), operand, operand);
  })
  .chain(([outShape, aShape, bShape]) =>
    fc.tuple(
      fc.constant(outShape),
      fc.array(fc.integer({ min: -50, max: 50 }), { minLength: sizeOf(aShape), maxLength: sizeOf(aShape) }).map((v) => cpu(v, aShape)),
      fc.array(fc.integer({ min: -50, max: 50 }), { minLength: sizeOf(bShape), maxLength: sizeOf(bShape) }).map((v) => cpu(v, bShape)),
    ),
  );

test("mapBinary equals a naive broadcasting reference on every path (property)", () => {
  fc.assert(
    fc.property(broadcastCase, ([outShape, a, b]) => {
      assert.deepEqual([...mapBinary(a, b, outShape, "float64", f)], naiveBinary(a, b, outShape, f), `a ${JSON.stringify(a.shape)} b ${JSON.stringify(b.shape)} → ${JSON.stringify(outShape)}`);
    }),
    { numRuns: 300 },
  );
});
