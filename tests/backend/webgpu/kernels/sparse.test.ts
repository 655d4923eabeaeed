// The sparse (COO) ops on the GPU against the CPU's reference kernels, duplicate entries included.
import type { Tensor } from "../../../../kernel/src/index.js";
import { f32, i32, op, testOnBoth, values, type Input } from "../gpu.js";

// Five entries of a [3, 4] tensor, (0, 1) twice.
const indices: Input = [[0, 1, 2, 3, 0, 1, 1, 0, 2, 2], [5, 2], "int32"];
const none: Input = [[], [0, 2], "int32"];
// 300 entries of a [10, 12] tensor, many duplicates, in no order.
const many: Input = [values(600, 7).map((v, k) => Math.floor(((v + 1) / 2) * (k % 2 === 0 ? 10 : 12))), [300, 2], "int32"];
const scatter = (shape: number[], axes: number[]) => op("sparseScatter", { shape, axes });
const gather = (shape: number[], axes: number[]) => op("sparseGather", { shape, axes });
const products = (i: Tensor, v: Tensor, b: Tensor, bt: Tensor) => [
  ...op("sparseMatmul", { shape: [3, 4], transposeA: false })(i, v, b),
  ...op("sparseMatmul", { shape: [3, 4], transposeA: true })(i, v, bt),
];

testOnBoth([
  ["sparseScatter sums duplicates, also over an ignored axis", (i, v) => [...scatter([3, 4], [])(i, v), ...scatter([3, 1], [1])(i, v)], [indices, f32([5])]],
  // The duplicate (0, 1) is true, then false: bool entries combine as "any".
  ["int32 and bool sparseScatter", (i, n, b) => [...scatter([3, 4], [])(i, n), ...scatter([3, 4], [])(i, b), ...scatter([1, 4], [0])(i, b)], [indices, i32([5]), [[1, 0, 0, 1, 1], [5], "bool"]]],
  ["sparseGather, also broadcasting an ignored axis", (i, x, y) => [...gather([3, 4], [])(x, i), ...gather([3, 1], [1])(y, i)], [indices, f32([3, 4]), i32([3, 1])]],
  ["sparseMatmul, a and aᵀ", products, [indices, f32([5], 2), f32([4, 3], 3), f32([3, 3], 4)]],
  ["sparseSampledMatmul, a and aᵀ", (i, dy, b, dyt, bt) => [...op("sparseSampledMatmul", { shape: [3, 4], transposeA: false })(i, dy, b), ...op("sparseSampledMatmul", { shape: [3, 4], transposeA: true })(i, dyt, bt)], [indices, f32([3, 5]), f32([4, 5], 2), f32([4, 5], 3), f32([3, 5], 4)]],
  ["sparse ops with many unordered duplicate entries", (i, v, b, bt) => [
    ...scatter([10, 12], [])(i, v),
    ...op("sparseMatmul", { shape: [10, 12], transposeA: false })(i, v, b),
    ...op("sparseMatmul", { shape: [10, 12], transposeA: true })(i, v, bt),
  ], [many, f32([300], 8), f32([12, 5], 9), f32([10, 5], 10)], 1e-4],
  ["sparse ops without entries", (i, v, x, b, bt) => [...scatter([3, 4], [])(i, v), ...gather([3, 4], [])(x, i), ...products(i, v, b, bt)], [none, f32([0]), f32([3, 4]), f32([4, 3]), f32([3, 3])]],
]);
