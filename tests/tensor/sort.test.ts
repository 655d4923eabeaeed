import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { tensor, sort, topk, zeros, grad, ArgumentError } from "../../kernel/src/index.js";
import { randomF64 } from "../helpers/gradcheck.js";
import { referenceAlongAxis } from "../helpers/reduce-reference.js";

/** A stable argsort of a line by hand (insertion sort), NaN above everything. */
function argsortLine(line: number[], descending: boolean): number[] {
  const key = (v: number) => (Number.isNaN(v) ? Infinity : v);
  const rank = (v: number) => (Number.isNaN(v) ? 1 : 0); // NaN after +∞
  const before = (a: number, b: number) => {
    const [x, y] = descending ? [line[b]!, line[a]!] : [line[a]!, line[b]!];
    return key(x) < key(y) || (key(x) === key(y) && rank(x) < rank(y));
  };
  const order: number[] = [];
  for (let i = 0; i < line.length; i++) {
    let at = order.length;
    while (at > 0 && before(i, order[at - 1]!)) at--;
    order.splice(at, 0, i);
  }
  return order;
}

/** Integer-valued test data with many ties. */
const tied = (shape: number[], seed: number) => tensor(randomF64(shape, seed, 0, 4).dataSync().map(Math.floor), { shape, dtype: "float64" });

test("sort matches a stable hand-written sort along every axis, both directions", () => {
  const cases: [number[], number[]][] = [
    [[6], [0, -1]],
    [[3, 4], [0, 1, -1]],
    [[2, 1, 5], [0, 1, 2]],
    [[2, 3, 2, 2], [1, 3]],
  ];
  cases.forEach(([shape, axes], k) => {
    const x = tied(shape, 7 + k);
    for (const axis of axes) {
      for (const descending of [false, true]) {
        const { values, indices } = sort(x, { axis, descending });
        const order = referenceAlongAxis(x.dataSync(), shape, axis, (line) => argsortLine(line, descending));
        const sorted = referenceAlongAxis(x.dataSync(), shape, axis, (line) => argsortLine(line, descending).map((i) => line[i]!));
        assert.deepEqual(indices.shape, shape);
        assert.equal(indices.dtype, "int32");
        assert.deepEqual(Array.from(indices.dataSync()), order, `indices, axis ${axis}${descending ? " descending" : ""}`);
        assert.deepEqual(Array.from(values.dataSync()), sorted, `values, axis ${axis}${descending ? " descending" : ""}`);
      }
    }
  });
  const { values, indices } = sort(tensor([3, 1, 2]));
  assert.deepEqual(values.arraySync(), [1, 2, 3]);
  assert.deepEqual(indices.arraySync(), [1, 2, 0]);
  assert.deepEqual(sort(tensor([[3, 1], [0, 5]]), { axis: 0, descending: true }).values.arraySync(), [[3, 5], [0, 1]]);
});

test("sort: ties keep their order, NaN sorts above +∞, every dtype works", () => {
  assert.deepEqual(sort(tensor([2, 1, 2, 1])).indices.arraySync(), [1, 3, 0, 2]);
  assert.deepEqual(sort(tensor([2, 1, 2, 1]), { descending: true }).indices.arraySync(), [0, 2, 1, 3]);
  const withNaN = sort(tensor([NaN, Infinity, -1, NaN, -Infinity]));
  assert.deepEqual(withNaN.indices.arraySync(), [4, 2, 1, 0, 3]);
  assert.deepEqual(sort(tensor([NaN, Infinity, -1]), { descending: true }).indices.arraySync(), [0, 1, 2]);
  const ints = sort(tensor([3, -7, 2], "int32"));
  assert.equal(ints.values.dtype, "int32");
  assert.deepEqual(ints.values.arraySync(), [-7, 2, 3]);
  const bools = sort(tensor([true, false, true]));
  assert.equal(bools.values.dtype, "bool");
  assert.deepEqual(bools.values.arraySync(), [false, true, true]);
  assert.equal(sort(tensor([0.5, 0.25])).values.dtype, "float32");
});

test("topk gives the k largest with their indices; lower index first on ties", () => {
  const x = tensor([[1, 9, 3, 7], [4, 4, 8, 4]]);
  const { values, indices } = topk(x, 2);
  assert.deepEqual(values.arraySync(), [[9, 7], [8, 4]]);
  assert.deepEqual(indices.arraySync(), [[1, 3], [2, 0]]);
  assert.equal(indices.dtype, "int32");
  assert.deepEqual(topk(x).indices.arraySync(), [[1], [2]]); // k defaults to 1
  // Unsorted: the same k entries, in their original order.
  const unsorted = topk(x, 3, { sorted: false });
  assert.deepEqual(unsorted.indices.arraySync(), [[1, 2, 3], [0, 1, 2]]);
  assert.deepEqual(unsorted.values.arraySync(), [[9, 3, 7], [4, 4, 8]]);
  assert.deepEqual(topk(x, 0).values.shape, [2, 0]);
  assert.deepEqual(topk(tensor([5, 1, 3], "int32"), 3).values.arraySync(), [5, 3, 1]);
});

test("topk matches a hand-written reference over random shapes", () => {
  for (const [shape, k] of [[[7], 3], [[3, 5], 5], [[2, 2, 6], 1], [[4, 1], 1]] as [number[], number][]) {
    const x = tied(shape, shape.length * 10 + k);
    const rows = x.size / shape[shape.length - 1]!;
    const n = shape[shape.length - 1]!;
    const data = Array.from(x.dataSync());
    const { values, indices } = topk(x, k);
    assert.deepEqual(values.shape, [...shape.slice(0, -1), k]);
    for (let r = 0; r < rows; r++) {
      const line = data.slice(r * n, (r + 1) * n);
      const order = argsortLine(line, true).slice(0, k);
      assert.deepEqual(Array.from(indices.dataSync().subarray(r * k, (r + 1) * k)), order);
      assert.deepEqual(Array.from(values.dataSync().subarray(r * k, (r + 1) * k)), order.map((i) => line[i]!));
    }
  }
});

test("empty tensors sort to empty tensors", () => {
  assert.deepEqual(sort(zeros([0])).values.shape, [0]);
  assert.deepEqual(sort(zeros([2, 0]), { axis: 0 }).indices.shape, [2, 0]);
  assert.deepEqual(topk(zeros([3, 0]), 0).values.shape, [3, 0]);
});

test("bad arguments name the op and what was expected", () => {
  assert.throws(
    () => sort(zeros([2, 3]), { axis: 2 }),
    (e: unknown) => e instanceof ArgumentError && e.message.startsWith("sort: axis 2 is out of range for a tensor of rank 2 (expected -2 … 1)") && /sort\.test\.ts:\d+/.test(e.message),
  );
  assert.throws(() => sort(tensor(1)), /sort: needs a tensor of rank ≥ 1/);
  assert.throws(() => topk(zeros([2, 3]), 4), (e: unknown) => e instanceof ArgumentError && e.message.startsWith("topk: k must be an integer from 0 to 3 (the size of the last axis of shape [2, 3]), got 4"));
  assert.throws(() => topk(zeros([3]), 1.5), /topk: k must be an integer from 0 to 3/);
  assert.throws(() => topk(zeros([3]), -1), /topk: k must be an integer from 0 to 3/);
  assert.throws(() => topk(tensor(1)), /topk: needs a tensor of rank ≥ 1/);
});

test("sort and topk are not differentiable, and say so", () => {
  assert.throws(() => grad((t) => sort(t).values.sum())(tensor([2, 1], "float64")), /op sort has no gradient/);
  assert.throws(() => grad((t) => topk(t).values.sum())(tensor([2, 1], "float64")), /op topk has no gradient/);
});

test("chainable methods", () => {
  const x = randomF64([2, 5], 3);
  assert.deepEqual(x.sort().values.arraySync(), sort(x).values.arraySync());
  assert.deepEqual(x.sort({ axis: 0, descending: true }).indices.arraySync(), sort(x, { axis: 0, descending: true }).indices.arraySync());
  assert.deepEqual(x.topk(2).indices.arraySync(), topk(x, 2).indices.arraySync());
});

test("property: sorted values are ordered, indices are a permutation and pick the values", () => {
  const shapeArb = fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 });
  fc.assert(
    fc.property(shapeArb, fc.integer({ min: 1, max: 1e6 }), fc.nat(), fc.boolean(), (shape, seed, pick, descending) => {
      const axis = pick % shape.length;
      const x = tied(shape, seed);
      const { values, indices } = sort(x, { axis, descending });
      const data = x.dataSync();
      // Along each line: ordered values, a permutation of 0..n−1, and x[indices] = values.
      referenceAlongAxis(indices.dataSync(), shape, axis, (order) => {
        assert.deepEqual([...order].sort((a, b) => a - b), order.map((_, i) => i));
        return order;
      });
      const [picks, sorted] = [indices.dataSync(), values.dataSync()];
      referenceAlongAxis(Float64Array.from(data.keys()), shape, axis, (positions) => {
        positions.forEach((p) => assert.equal(sorted[p], data[positions[picks[p]!]!]));
        return positions;
      });
      referenceAlongAxis(values.dataSync(), shape, axis, (line) => {
        for (let i = 1; i < line.length; i++) assert.ok(descending ? line[i - 1]! >= line[i]! : line[i - 1]! <= line[i]!);
        return line;
      });
    }),
    { numRuns: 60 },
  );
});
