// sort and topk on the GPU against the CPU's reference kernels: ties keep the index order,
// NaN sorts above everything, in both directions.
import * as g from "../../../../kernel/src/index.js";
import type { Tensor } from "../../../../kernel/src/index.js";
import { sortTuning } from "../../../../kernel/src/backend/webgpu/kernels/sort.js";
import { bool, f32, i32, testOnBoth, type Case, type Input } from "../gpu.js";

const both = (r: g.SortResult) => [r.values, r.indices];
const sorts = (x: Tensor) => [...Array(x.rank).keys()].flatMap((axis) => [false, true].flatMap((descending) => both(g.sort(x, { axis, descending }))));
const topks = (x: Tensor, ks: number[]) => ks.flatMap((k) => [true, false].flatMap((sorted) => both(g.topk(x, k, { sorted }))));
// Ties, NaN, ±∞ and ±0 in rows of 9.
const special: Input = [[3, NaN, 1, 3, -Infinity, 0, -0, NaN, 1, 2, 2, 2, Infinity, -1, NaN, 5, 5, -0], [2, 9]];

const cases: Case[] = [
  ["sort along each axis, ascending and descending", sorts, [f32([4, 5, 6])]],
  ["sort with ties, NaN, infinities and signed zeros", sorts, [special]],
  ["int32 and bool sort with ties", (x, b) => [...sorts(x), ...sorts(b)], [i32([3, 8], 1, 2), bool([3, 8], 2)]],
  ["sort of a long row and of empty tensors", (x, e) => [...both(g.sort(x)), ...sorts(e)], [f32([2, 300]), f32([3, 0])]],
  ["topk sorted and in index order", (x) => topks(x, [0, 1, 3, 6]), [f32([5, 6])]],
  ["topk with ties and NaN", (x) => topks(x, [2, 5, 9]), [special]],
  ["int32 topk with ties, and topk of empty rows", (x, e) => [...topks(x, [4]), ...topks(e, [0])], [i32([4, 7], 3, 2), f32([0, 4])]],
];

/** A case run with every row sorted by the bitonic network (rows of any length). */
const bitonic = ([label, f, inputs]: Case): Case => [`${label} (bitonic network)`, (...xs) => {
  const limit = sortTuning.rankLimit;
  sortTuning.rankLimit = 0;
  try {
    return f(...xs);
  } finally {
    sortTuning.rankLimit = limit;
  }
}, inputs];

testOnBoth([
  ...cases,
  ...cases.map(bitonic),
  ["sort and topk of rows past the ranking's limit", (x) => [...both(g.sort(x, { descending: true })), ...topks(x, [5])], [i32([2, sortTuning.rankLimit + 500], 5, 50)]],
]);
