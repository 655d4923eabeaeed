// matmul's long-k split (few tiles, long k: partial products summed by a second pass),
// matmulBiasRelu (graph mode's fused dense layer) and matmulReluGrad (its fused relu gradient)
// on the GPU against the CPU's reference kernels.
import "../../../../kernel/src/tensor/ops/graph-only/matmul-bias-relu-op.js";
import "../../../../kernel/src/tensor/ops/graph-only/matmul-relu-grad-op.js";
import assert from "node:assert/strict";
import * as g from "../../../../kernel/src/index.js";
import { dispatchesOf, f32, op, testOnBoth, testOnGpu, withBlock, type Input } from "../gpu.js";

const fused = (transposeA: boolean, transposeB: boolean) => op("matmulBiasRelu", { transposeA, transposeB });
const masked = (transposeA: boolean, transposeB: boolean) => op("matmulReluGrad", { transposeA, transposeB });
// A mask with zeros, negatives, NaN and −0 among positives.
const mask: Input = [[0, 1, -2, NaN, 3, -0, 0.5, -1, 2, 0, 7, NaN], [3, 4]];

testOnBoth([
  ["matmulBiasRelu in all transpose combinations", (a: g.Tensor, b: g.Tensor, at: g.Tensor, bt: g.Tensor, bias: g.Tensor) => [
    ...fused(false, false)(a, b, bias), ...fused(true, false)(at, b, bias), ...fused(false, true)(a, bt, bias), ...fused(true, true)(at, bt, bias),
  ], [f32([33, 21]), f32([21, 18], 2), f32([21, 33], 3), f32([18, 21], 4), f32([18], 5)]],
  ["matmulBiasRelu with the 8×8 register block", (a, b, bias) => withBlock(8, () => fused(false, false)(a, b, bias)), [f32([260, 20]), f32([20, 257], 2), f32([257], 3)]],
  ["matmul with the 8×8 register block and k split", (a, b) => withBlock(8, () => g.matmul(a, b)), [f32([130, 700]), f32([700, 129], 2)], 1e-4],
  ["matmulBiasRelu keeps NaN", (a, b, bias) => fused(false, false)(a, b, bias), [[[1, NaN, 2, 3], [2, 2]], [[1, 2, 3, 4], [2, 2]], [[NaN, -100], [2]] as Input]],
  // k = 700 is not a whole number of 16-steps: the last split is shorter.
  ["matmul with k split, in all transpose combinations", (a, b, at, bt) => [g.matmul(a, b), g.matmul(at, b, { transposeA: true }), g.matmul(a, bt, { transposeB: true }), g.matmul(at, bt, { transposeA: true, transposeB: true })],
    [f32([24, 700]), f32([700, 20], 2), f32([700, 24], 3), f32([20, 700], 4)], 1e-4],
  ["a convolution's filter gradient shape (k = 2000 pixels, 14 splits)", (cols, dy) => g.matmul(cols, dy, { transposeA: true }), [f32([2000, 27]), f32([2000, 16], 2)], 1e-4],
  ["matmul with k split over broadcast batches", (a, b) => g.matmul(a, b), [f32([2, 1, 5, 600]), f32([3, 600, 7], 2)], 1e-4],
  ["matmulBiasRelu with k split: the epilogue applies to the sum, once", (a, b, bias) => fused(false, false)(a, b, bias), [f32([9, 640]), f32([640, 11], 2), f32([11], 3, 5)], 1e-4],
  ["matmulReluGrad in all transpose combinations, masked by zeros, negatives, NaN and −0", (a: g.Tensor, b: g.Tensor, at: g.Tensor, bt: g.Tensor, y: g.Tensor) => [
    ...masked(false, false)(a, b, y), ...masked(true, false)(at, b, y), ...masked(false, true)(a, bt, y), ...masked(true, true)(at, bt, y),
  ], [f32([3, 5]), f32([5, 4], 2), f32([5, 3], 3), f32([4, 5], 4), mask]],
  ["matmulReluGrad with k split", (a, b, y) => masked(false, false)(a, b, y), [f32([9, 640]), f32([640, 11], 2), f32([9, 11], 3)], 1e-4],
  ["matmul with k split keeps a NaN of one split", (a, b) => g.matmul(a, b), [[[...Array(640).keys()].map((i) => (i === 500 ? NaN : 1 / (i + 1))), [1, 640]], f32([640, 3], 2)] as Input[]],
]);

testOnGpu("webgpu matmul splits k only where the tiles are few: two dispatches for [27, 2000]·[2000, 16], one for a square product", (runtime) => {
  const [cols, dy, a, short, other] = [g.ones([2000, 27]), g.ones([2000, 16]), g.ones([2048, 2048]), g.ones([4, 100]), g.ones([100, 4])];
  assert.equal(dispatchesOf(runtime, () => g.matmul(cols, dy, { transposeA: true })), 2, "the partial products, then their sum");
  assert.equal(dispatchesOf(runtime, () => g.matmul(a, a)), 1, "256 tiles already: no split");
  assert.equal(dispatchesOf(runtime, () => g.matmul(short, other)), 1, "k too short to split");
  g.dispose([cols, dy, a, short, other]);
});
