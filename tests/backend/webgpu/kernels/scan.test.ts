// cumsum, shiftAlongAxis and linearRecurrence on the GPU against the CPU's reference kernels.
import * as g from "../../../../kernel/src/index.js";
import type { Tensor } from "../../../../kernel/src/index.js";
import { bool, f32, i32, op, testOnBoth, type Case } from "../gpu.js";

const AXES = [0, 1, 2];
const FLAGS = [false, true].flatMap((exclusive) => [false, true].map((reverse) => ({ exclusive, reverse })));
const cumsums = (x: Tensor) => AXES.flatMap((axis) => FLAGS.map((flags) => g.cumsum(x, axis, flags)));
const shifts = (x: Tensor) => AXES.flatMap((axis) => [1, -1].map((offset) => op("shiftAlongAxis", { axis, offset })(x)[0]!));
const recurrences = (a: Tensor, b: Tensor) => AXES.flatMap((axis) => [false, true].map((reverse) => op("linearRecurrence", { axis, reverse })(a, b)[0]!));

testOnBoth([
  ["cumsum along each axis, exclusive and reversed", cumsums, [f32([3, 4, 5])]],
  ["int32 and bool cumsum", (x, b) => [...cumsums(x), ...cumsums(b)], [i32([3, 4, 5]), bool([3, 4, 5], 2)]],
  ["cumsum of empty tensors and a long line", (e, f, long) => [g.cumsum(e, 0), g.cumsum(e, 1), g.cumsum(f, 1, { exclusive: true }), g.cumsum(long, 0)], [f32([0, 3]), f32([3, 0]), f32([700], 3)], 1e-4],
  ["shiftAlongAxis both ways along each axis", (x, n, b) => [...shifts(x), ...shifts(n), ...shifts(b)], [f32([3, 4, 5]), i32([3, 4, 5], 2), bool([3, 4, 5], 3)]],
  ["shiftAlongAxis of an empty tensor", (x) => shifts(x), [f32([2, 0, 3])]],
  ["linearRecurrence forwards and backwards along each axis", recurrences, [f32([3, 4, 5]), f32([3, 4, 5], 2)]],
  ["linearRecurrence's gradients", (a, b) => g.grads((p: Tensor, q: Tensor) => op("linearRecurrence", { axis: 1, reverse: false })(p, q)[0]!.square().sum())(a, b), [f32([2, 6, 3]), f32([2, 6, 3], 2)], 1e-4],
]);
