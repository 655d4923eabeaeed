// maxPoolReluGrad (graph mode's fused relu → maxPool gradient), the pool-argmax pair and the
// fused conv-pool layer with its filter gradient on the GPU against the CPU's reference kernels.
import "../../../../kernel/src/tensor/ops/graph-only/max-pool-relu-grad-op.js";
import "../../../../kernel/src/tensor/ops/graph-only/max-pool-argmax-ops.js";
import "../../../../kernel/src/tensor/ops/graph-only/conv-pool-ops.js";
import * as g from "../../../../kernel/src/index.js";
import type { Tensor } from "../../../../kernel/src/index.js";
import { f32, op, testOnBoth, type Input } from "../gpu.js";

const pool = (size: number, stride: number, pad: number, biasGrad: boolean) => op("maxPoolReluGrad", { poolSize: [size, size], strides: [stride, stride], pads: [pad, pad, pad, pad], biasGrad });
const relu = (f: (x: Tensor, dy: Tensor) => Tensor[]) => (z: Tensor, dy: Tensor) => f(g.relu(z), dy);
// Zeros, ties and NaN in a 4×4 image of one channel, tiled to four channels.
const special: Input = [[0, 0, -1, 2, 2, 2, NaN, 1, -3, -2, 5, 0, -1, -1, 0, 0].flatMap((v) => [v, v, v, v]), [1, 4, 4, 4]];

/** maxPoolArgmax of relu(z) ([pooled, argmax]) and maxPoolArgmaxGrad of that argmax and dy, with and without the bias gradient, for `size`×`size` windows tiling z. */
const argmaxPair = (size: number, image: number[]) => (z: Tensor, dy: Tensor) => {
  const attrs = { poolSize: [size, size], strides: [size, size], pads: [0, 0, 0, 0] };
  const [pooled, argmax] = op("maxPoolArgmax", attrs)(g.relu(z)) as [Tensor, Tensor];
  return [pooled, argmax, ...op("maxPoolArgmaxGrad", { ...attrs, imageShape: image })(argmax, dy), ...op("maxPoolArgmaxGrad", { ...attrs, imageShape: image, biasGrad: true })(argmax, dy)];
};

/** matmulBiasReluMaxPool of a column matrix [n·size·size, k], then maxPoolArgmaxFilterGrad of its argmax and dy, with and without the bias gradient. */
const convPoolPair = (image: number[]) => (col: Tensor, w: Tensor, bias: Tensor, dy: Tensor) => {
  const attrs = { poolSize: [2, 2], strides: [2, 2], pads: [0, 0, 0, 0], imageShape: image };
  const [pooled, argmax] = op("matmulBiasReluMaxPool", attrs)(col, w, bias) as [Tensor, Tensor];
  return [pooled, argmax, ...op("maxPoolArgmaxFilterGrad", attrs)(col, argmax, dy), ...op("maxPoolArgmaxFilterGrad", { ...attrs, biasGrad: true })(col, argmax, dy)];
};

testOnBoth([
  ["matmulBiasReluMaxPool and its filter gradient (an uncovered last row and column)", convPoolPair([2, 7, 7, 8]), [f32([98, 9]), f32([9, 8], 2), f32([8], 3), f32([2, 3, 3, 8], 4)], 1e-4],
  ["maxPoolArgmax and its gradient (2×2 windows, an uncovered last row and column)", argmaxPair(2, [2, 7, 7, 8]), [f32([2, 7, 7, 8]), f32([2, 3, 3, 8], 2)]],
  ["maxPoolArgmax and its gradient (3×3 windows)", argmaxPair(3, [1, 6, 6, 4]), [f32([1, 6, 6, 4]), f32([1, 2, 2, 4], 2)]],
  ["maxPoolArgmax and its gradient with zeros, ties and NaN", argmaxPair(2, [1, 4, 4, 4]), [special, f32([1, 2, 2, 4], 3)]],
  ["maxPoolReluGrad with and without the bias gradient", relu((x, dy) => [...pool(2, 2, 0, false)(x, dy), ...pool(2, 2, 0, true)(x, dy)]), [f32([2, 6, 6, 4]), f32([2, 3, 3, 4], 2)]],
  ["maxPoolReluGrad over overlapping padded windows", relu((x, dy) => pool(3, 1, 1, false)(x, dy)), [f32([2, 5, 5, 3]), f32([2, 5, 5, 3], 2)]],
  ["maxPoolReluGrad with zeros, ties and NaN", relu((x, dy) => pool(2, 2, 0, true)(x, dy)), [special, f32([1, 2, 2, 4], 3)]],
]);
