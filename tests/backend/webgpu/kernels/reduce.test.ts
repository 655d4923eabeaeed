// Reductions over leading axes on the GPU (the column form: row blocks, then the blocks'
// partials combined in order) against the CPU's reference kernels.
import assert from "node:assert/strict";
import * as g from "../../../../kernel/src/index.js";
import type { Tensor } from "../../../../kernel/src/index.js";
import { bool, dispatchesOf, f32, i32, testOnBoth, testOnGpu, type Input } from "../gpu.js";

const everyReduction = (x: Tensor, axes: number[]) => [g.sum(x, axes), g.mean(x, axes), g.max(x, axes), g.min(x, axes)];
/** Values near 1, so that a product over hundreds of rows stays finite. */
const nearOne = (shape: number[], seed: number): Input => [f32(shape, seed)[0].map((v) => 1 + v / 100), shape];
const withNaN = (shape: number[]): Input => [f32(shape, 4)[0].map((v, i) => (i === 7 ? NaN : v)), shape];

testOnBoth([
  ["sum, mean, max, min over the leading axis of [300, 5] (5 row blocks) and [2, 70, 3] over [0, 1]", (a, b) => [...everyReduction(a, [0]), ...everyReduction(b, [0, 1]), ...everyReduction(b, [1, 0])], [f32([300, 5]), f32([2, 70, 3], 2)], 1e-4],
  ["a bias gradient's shape: [4, 26, 26, 32] summed over pixels", (dy) => [g.sum(dy, [0, 1, 2]), g.mean(dy, [0, 1, 2])], [f32([4, 26, 26, 32], 3)], 1e-4],
  // 20,000 rows in 256 blocks of 79: the last blocks end at row 20,000 (a read past it would see zeros: the minimum of values near 1 catches it).
  ["more rows than 256 blocks of 64 (a short last block, empty ones)", (x, y) => [...everyReduction(x, [0]), g.min(y, [0]), g.prod(y, [0])], [f32([20000, 3], 5), nearOne([20000, 3], 8)], 1e-3],
  ["prod over leading axes", (x) => g.prod(x, [0]), [nearOne([300, 4], 6)], 1e-4],
  ["max and min keep a NaN of one column", (x) => [g.max(x, [0]), g.min(x, [0]), g.sum(x, [0])], [withNaN([100, 3])]],
  ["int32 sums, maxima and minima; bool all and any over leading axes", (n, b) => [g.sum(n, [0]), g.max(n, [0]), g.min(n, [0]), g.all(b, [0]), g.any(b, [0]), g.all(b.logicalOr(b.logicalNot()), [0])], [i32([200, 6]), bool([200, 6], 7)]],
]);

testOnGpu("webgpu reduces leading axes in two dispatches (row blocks, then blocks), trailing ones in one", (runtime) => {
  const x = g.ones([500, 8]);
  assert.equal(dispatchesOf(runtime, () => g.sum(x, [0])), 2);
  assert.equal(dispatchesOf(runtime, () => g.sum(x, [1])), 1);
  assert.equal(dispatchesOf(runtime, () => g.sum(x, [0, 1])), 1, "every axis: one workgroup's tree");
  const rows40 = x.slice([0, 0], [40, 8]);
  assert.equal(dispatchesOf(runtime, () => g.sum(rows40, [0])), 1, "40 rows: one workgroup per column");
  g.dispose([x, rows40]);
});
