import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { decimateToColumns } from "../../../extension/src/metrics/decimate.js";

/** A logged series: ascending x (repeats allowed), y finite or NaN, and a column count. */
const series = fc
  .tuple(
    fc.array(fc.tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.oneof({ weight: 9, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) }, { weight: 1, arbitrary: fc.constant(NaN) })), { maxLength: 300 }),
    fc.integer({ min: 1, max: 40 }),
  )
  .map(([points, columns]) => {
    const x = points.map(([v]) => v).sort((a, b) => a - b);
    return { x, y: points.map(([, v]) => v), columns };
  });

/** The column of each point as the spec defines it: [first x, last x] cut into `columns` equal parts, the last one closed. */
function columnsOf(x: number[], columns: number): number[] {
  const span = x.at(-1)! - x[0]!;
  return x.map((v) => (span > 0 ? Math.min(columns - 1, Math.floor(((v - x[0]!) / span) * columns)) : 0));
}

/** The original index of each kept point, walking both in order (throws if a kept point is not an original one). */
function originalIndices(x: number[], y: number[], kept: { x: number[]; y: number[] }): number[] {
  const indices: number[] = [];
  let i = 0;
  for (let k = 0; k < kept.x.length; k++) {
    while (i < x.length && !(Object.is(x[i], kept.x[k]) && Object.is(y[i], kept.y[k]))) i++;
    assert.ok(i < x.length, `kept point ${k} (${kept.x[k]}, ${kept.y[k]}) is not an original point in order`);
    indices.push(i++);
  }
  return indices;
}

test("decimation keeps original points only, in order, with the first and the last", () => {
  fc.assert(
    fc.property(series, ({ x, y, columns }) => {
      const kept = decimateToColumns(x, y, columns);
      assert.equal(kept.x.length, kept.y.length);
      const indices = originalIndices(x, y, kept);
      if (x.length > 0) assert.deepEqual([indices[0], indices.at(-1)], [0, x.length - 1]);
    }),
  );
});

test("decimation keeps each column's lowest and highest value", () => {
  fc.assert(
    fc.property(series, ({ x, y, columns }) => {
      const kept = decimateToColumns(x, y, columns);
      const keptIndices = new Set(originalIndices(x, y, kept));
      const column = columnsOf(x, columns);
      for (let c = 0; c < columns; c++) {
        const members = y.map((_, i) => i).filter((i) => column[i] === c && !Number.isNaN(y[i]));
        if (members.length === 0) continue;
        const values = members.map((i) => y[i]!);
        const keptValues = members.filter((i) => keptIndices.has(i)).map((i) => y[i]!);
        assert.ok(keptValues.includes(Math.min(...values)), `column ${c}: min ${Math.min(...values)} lost`);
        assert.ok(keptValues.includes(Math.max(...values)), `column ${c}: max ${Math.max(...values)} lost`);
      }
    }),
  );
});

test("decimation keeps at most two points per column plus the ends (and one NaN per column, so gaps stay)", () => {
  fc.assert(
    fc.property(series, ({ x, y, columns }) => {
      const kept = decimateToColumns(x, y, columns);
      const column = columnsOf(x, columns);
      const columnsWithNaN = new Set(column.filter((_, i) => Number.isNaN(y[i]))).size;
      assert.ok(kept.x.length <= Math.max(2 * columns + 2 + columnsWithNaN, Math.min(x.length, 2 * columns + 2)), `${kept.x.length} points kept of ${x.length} in ${columns} columns`);
      if (y.some(Number.isNaN) && x.length > 2 * columns + 2) assert.ok(kept.y.some(Number.isNaN), "a NaN gap survives");
    }),
  );
});

test("decimation of a long series: a one-point spike survives, a short series comes back whole", () => {
  const x = Array.from({ length: 5000 }, (_, i) => i);
  const y = x.map((v) => (v === 3333 ? 100 : Math.sin(v)));
  const kept = decimateToColumns(x, y, 200);
  assert.ok(kept.x.length <= 402, `${kept.x.length} points`);
  assert.equal(kept.y[kept.x.indexOf(3333)], 100);
  assert.deepEqual(decimateToColumns([1, 2, 3], [4, 5, 6], 1), { x: [1, 2, 3], y: [4, 5, 6] });
});
