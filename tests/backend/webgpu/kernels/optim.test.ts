// adamUpdate (Adam's step in one pass) and matmulAdamUpdate (graph mode's weight gradient
// product fused with it) on the GPU against the CPU's reference kernels.
import "../../../../kernel/src/tensor/ops/graph-only/matmul-adam-op.js";
import { f32, op, testOnBoth, values, type Input } from "../gpu.js";

const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };
const positive = (shape: number[], seed: number): Input => [values(shape.reduce((p, d) => p * d, 1), seed).map((v) => (v + 1) * 0.01), shape];
const alpha: Input = [[0.003], []];

testOnBoth([
  ["adamUpdate", op("adamUpdate", ADAM), [f32([7, 13]), f32([7, 13], 2), f32([7, 13], 3, 0.1), positive([7, 13], 4), alpha]],
  ["adamUpdate with other constants, more elements than one workgroup", op("adamUpdate", { beta1: 0.5, beta2: 0.75, epsilon: 1e-3 }), [f32([300]), f32([300], 2, 5), f32([300], 3), positive([300], 4), alpha]],
  ["matmulAdamUpdate: xᵀ·dy as a dense layer's weight gradient", op("matmulAdamUpdate", { ...ADAM, transposeA: true, transposeB: false }), [f32([16, 7]), f32([16, 13], 2), f32([7, 13], 3), f32([7, 13], 4, 0.1), positive([7, 13], 5), alpha], 1e-4],
  ["matmulAdamUpdate of a conv filter [3, 3, 2, 5] from its [18, 5] gradient, k split", op("matmulAdamUpdate", { ...ADAM, transposeA: true, transposeB: false }), [f32([700, 18]), f32([700, 5], 2), f32([3, 3, 2, 5], 3), f32([3, 3, 2, 5], 4, 0.1), positive([3, 3, 2, 5], 5), alpha], 1e-4],
  ["adamUpdate of an empty variable", op("adamUpdate", ADAM), [f32([0, 3]), f32([0, 3]), f32([0, 3]), f32([0, 3]), alpha]],
]);
