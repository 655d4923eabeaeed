// adamUpdate on the GPU against the CPU's reference kernel (Adam's step in one pass).
import { f32, op, testOnBoth, values, type Input } from "../gpu.js";

const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };
const positive = (shape: number[], seed: number): Input => [values(shape.reduce((p, d) => p * d, 1), seed).map((v) => (v + 1) * 0.01), shape];
const alpha: Input = [[0.003], []];

testOnBoth([
  ["adamUpdate", op("adamUpdate", ADAM), [f32([7, 13]), f32([7, 13], 2), f32([7, 13], 3, 0.1), positive([7, 13], 4), alpha]],
  ["adamUpdate with other constants, more elements than one workgroup", op("adamUpdate", { beta1: 0.5, beta2: 0.75, epsilon: 1e-3 }), [f32([300]), f32([300], 2, 5), f32([300], 3), positive([300], 4), alpha]],
  ["adamUpdate of an empty variable", op("adamUpdate", ADAM), [f32([0, 3]), f32([0, 3]), f32([0, 3]), f32([0, 3]), alpha]],
]);
