// The ragged row ops on the GPU against the CPU's reference kernels, empty rows included.
import type { Tensor } from "../../../../kernel/src/index.js";
import { bool, f32, i32, op, testOnBoth, type Input } from "../gpu.js";

// Five rows of lengths 2, 0, 3, 1, 0 over 6 values.
const splits: Input = [[0, 2, 2, 5, 6, 6], [6], "int32"];
const noRows: Input = [[0], [1], "int32"];
const extremes = (v: Tensor, s: Tensor) => [op("raggedRowMax", { kind: "max" })(v, s)[0]!, op("raggedRowMin", { kind: "min" })(v, s)[0]!];
const sum = (v: Tensor, s: Tensor) => op("raggedRowSum", {})(v, s);
// NaN first, later and absent in a row; ties.
const special: Input = [[NaN, 1, 2, NaN, 2, 7], [6]];

testOnBoth([
  ["raggedRowSum of float, int32 and bool values", (a, b, c, s) => [...sum(a, s), ...sum(b, s), ...sum(c, s)], [f32([6, 3]), i32([6]), bool([6, 2]), splits]],
  ["raggedRowMax and raggedRowMin", (a, b, c, s) => [...extremes(a, s), ...extremes(b, s), ...extremes(c, s)], [f32([6, 3]), i32([6, 2], 2, 2), bool([6], 3), splits]],
  ["raggedRowMax and raggedRowMin with NaN and ties", extremes, [special, splits]],
  ["raggedRowRepeat", (x, n, s) => [...op("raggedRowRepeat", { size: 6 })(x, s), ...op("raggedRowRepeat", { size: 6 })(n, s)], [f32([5, 3]), i32([5]), splits]],
  ["raggedToDense, truncating and padding", (v, n, s) => [2, 4].flatMap((width) => [...op("raggedToDense", { width, pad: 0.5 })(v, s), ...op("raggedToDense", { width, pad: 7 })(n, s)]), [f32([6, 2]), i32([6]), splits]],
  ["raggedFromDense", (d, s) => op("raggedFromDense", { size: 6 })(d, s), [f32([5, 3, 2]), splits]],
  ["ragged ops without rows or values", (v, d, s) => [...sum(v, s), ...extremes(v, s), ...op("raggedToDense", { width: 3, pad: 1 })(v, s), ...op("raggedFromDense", { size: 0 })(d, s)], [f32([0, 2]), f32([0, 3, 2]), noRows]],
]);
