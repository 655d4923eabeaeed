// matmulBiasRelu (graph mode's fused dense layer) on the GPU against the CPU's reference kernel.
import "../../../../kernel/src/graph/passes/matmul-bias-relu-op.js";
import type { Tensor } from "../../../../kernel/src/index.js";
import { f32, op, testOnBoth, type Input } from "../gpu.js";

const fused = (transposeA: boolean, transposeB: boolean) => op("matmulBiasRelu", { transposeA, transposeB });

testOnBoth([
  ["matmulBiasRelu in all transpose combinations", (a: Tensor, b: Tensor, at: Tensor, bt: Tensor, bias: Tensor) => [
    ...fused(false, false)(a, b, bias), ...fused(true, false)(at, b, bias), ...fused(false, true)(a, bt, bias), ...fused(true, true)(at, bt, bias),
  ], [f32([33, 21]), f32([21, 18], 2), f32([21, 33], 3), f32([18, 21], 4), f32([18], 5)]],
  ["matmulBiasRelu with the 8×8 register block", (a, b, bias) => fused(false, false)(a, b, bias), [f32([260, 20]), f32([20, 257], 2), f32([257], 3)]],
  ["matmulBiasRelu keeps NaN", (a, b, bias) => fused(false, false)(a, b, bias), [[[1, NaN, 2, 3], [2, 2]], [[1, 2, 3, 4], [2, 2]], [[NaN, -100], [2]] as Input]],
]);
