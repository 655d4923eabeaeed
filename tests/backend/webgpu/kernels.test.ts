// Every WebGPU kernel against the CPU backend on small inputs (lavapipe is slow), values
// and gradients within float32 tolerance. Runs in its own test process.
import { test, before } from "node:test";
import * as g from "../../../kernel/src/index.js";
import type { Tensor } from "../../../kernel/src/index.js";
import { assertClose, gpuReady, onBoth, values, withBlock, type Input } from "./gpu.js";

let ready = false;
before(async () => {
  ready = await gpuReady();
});

const f32 = (shape: number[], seed = 1, scale = 1): Input => [values(shape.reduce((p, d) => p * d, 1), seed).map((v) => v * scale), shape];
const pos = (shape: number[], seed = 1): Input => [values(shape.reduce((p, d) => p * d, 1), seed).map((v) => v + 1.5), shape];
const i32 = (shape: number[], seed = 1, range = 7): Input => [values(shape.reduce((p, d) => p * d, 1), seed).map((v) => Math.round(v * range)), shape, "int32"];

const UNARY = ["neg", "abs", "square", "exp", "expm1", "sigmoid", "tanh", "relu", "relu6", "selu", "softplus", "softsign", "erf", "sin", "cos", "floor", "ceil", "round", "sign"] as const;
const POSITIVE = ["log", "log1p", "sqrt", "rsqrt", "reciprocal"] as const;

type Case = [label: string, f: (...xs: Tensor[]) => Tensor | Tensor[], inputs: Input[], tolerance?: number];
const call = (name: string) => (x: Tensor) => (g as unknown as Record<string, (x: Tensor) => Tensor>)[name]!(x);

const cases: Case[] = [
  ...UNARY.map((name): Case => [name, call(name), [f32([3, 5], 2, 3)]]),
  ...POSITIVE.map((name): Case => [name, call(name), [pos([7])]]),
  ["gelu exact and approximate", (x) => [g.gelu(x), g.gelu(x, { approximate: true })], [f32([9], 3, 3)]],
  ["elu, leakyRelu, clip", (x) => [g.elu(x, 0.7), g.leakyRelu(x, 0.1), g.clip(x, -0.3, 0.4)], [f32([9], 4)]],
  ["add/sub/mul/div with broadcasting", (a, b) => [a.add(b), a.sub(b), a.mul(b), a.div(b)], [f32([2, 3, 4]), pos([3, 1], 5)]],
  ["maximum, minimum, pow, squaredDifference", (a, b) => [g.maximum(a, b), g.minimum(a, b), g.pow(b, a), g.squaredDifference(a, b)], [f32([4, 3]), pos([3], 6)]],
  ["pow of negative bases", (a, b) => g.pow(a, b), [[[-2, -2, 0, 0, 3, -0.5], [6]], [[3, 2, 2, -1, 0.5, 0.5], [6]]]],
  ["floorDiv and mod (float)", (a, b) => [g.floorDiv(a, b), g.mod(a, b)], [f32([8], 7, 5), [[0.7, -0.7, 1.5, -1.5, 0.3, -2, 3, 0.25], [8]]]],
  ["int32 arithmetic", (a, b) => [a.add(b), a.mul(b), g.floorDiv(a, b), g.mod(a, b), a.div(b), g.pow(a, g.abs(b))], [i32([10], 8), i32([10], 9, 4)]],
  ["comparisons and logic", (a, b) => {
    const lt = a.less(b);
    const ge = a.greaterEqual(b);
    return [lt, ge, a.equal(b), a.notEqual(b), g.logicalAnd(lt, ge), g.logicalOr(lt, ge), g.logicalXor(lt, ge), g.logicalNot(lt), g.where(lt, a, b)];
  }, [f32([3, 4], 10), f32([4], 11)]],
  ["relu keeps NaN", (a) => [g.relu(a), g.relu(a.cast("int32"))], [[[NaN, -1, 0, 2.5], [4]]]],
  ["isNaN, isFinite", (a) => [g.isNaN(a.div(a)), g.isFinite(a.reciprocal())], [[[0, 1, -2, 0], [4]]]],
  ["casts", (a) => [a.cast("int32"), a.cast("bool"), a.cast("int32").cast("float32"), a.greater(0).cast("int32")], [f32([6], 12, 4)]],
  ["matmul in all transpose combinations", (a, b, at, bt) => [g.matmul(a, b), g.matmul(at, b, { transposeA: true }), g.matmul(a, bt, { transposeB: true }), g.matmul(at, bt, { transposeA: true, transposeB: true })], [f32([33, 21]), f32([21, 18], 2), f32([21, 33], 3), f32([18, 21], 4)]],
  ["matmul with the 8×8 register block and a broadcast batch", (a, b, c) => withBlock(8, () => [g.matmul(a, b), g.matmul(c, b)]), [f32([260, 40]), f32([40, 257], 2), f32([2, 3, 40], 3)]],
  ["reductions over each axis set", (x) => [0, 1, 2, [0, 2], [1, 2], [0, 1, 2]].flatMap((axes) => [g.sum(x, axes), g.mean(x, axes), g.max(x, axes), g.min(x, axes), g.prod(x, axes), g.logSumExp(x, axes)]), [f32([3, 4, 70])]],
  ["int32 and bool reductions", (x) => [g.sum(x, 1), g.max(x, 0), g.min(x), g.all(x.greater(-3), 1), g.any(x.greater(5), 0)], [i32([5, 6])]],
  ["norms", (x) => [g.norm(x), g.norm(x, 1, 1), g.norm(x, Infinity, 0), g.norm(x.mul(1e30), "euclidean", 1)], [f32([4, 9], 15)]],
  ["argmax and argmin", (x) => [g.argmax(x, 0), g.argmax(x, 1), g.argmin(x, 1)], [f32([6, 90], 13)]],
  ["softmax and logSoftmax", (x) => [g.softmax(x), g.logSoftmax(x), g.softmax(x, 0)], [f32([5, 9], 14, 4)]],
  ["reshape, transpose, broadcastTo, tile", (x) => [x.reshape([6, 4]), g.transpose(x, [2, 0, 1]), g.broadcastTo(x.reshape([2, 1, 12]), [2, 3, 12]), g.tile(x, [1, 2, 2])], [f32([2, 3, 4])]],
  ["slice, pad, concat, split", (x, y) => [g.slice(x, [0, 1, 1], [2, 2, 2]), g.pad(x, [[1, 0], [0, 2], [1, 1]], 0.5), g.concat([x, y], 1), ...g.split(x, [1, 2], 1)], [f32([2, 3, 4]), f32([2, 2, 4], 5)]],
  ["gather, oneHot", (x, i) => [g.gather(x, i, 0), g.gather(x, i, 1), g.oneHot(i, 5)], [f32([5, 5]), [[4, 0, 2, 2, -1], [5], "int32"]]],
  ["conv2d with stride, padding and dilation", (x, w) => [g.conv2d(x, w, { strides: 2, padding: "same" }), g.conv2d(x, w, { dilations: 2, padding: "valid" })], [f32([2, 7, 7, 3]), f32([3, 3, 3, 4], 2)]],
  ["pooling", (x) => [g.maxPool2d(x, 2), g.avgPool2d(x, 3, { strides: 2, padding: "same" })], [f32([2, 6, 6, 3])]],
];

for (const [label, f, inputs, tolerance] of cases) {
  test(`webgpu ${label} match the CPU`, async (t) => {
    if (!ready) return t.skip("no WebGPU adapter (set CI=1 to make this a failure)");
    assertClose(await onBoth(f, inputs), label, tolerance);
  });
}

// Gradients: the backward ops (conv and pool gradients, scatterAdd, slice gradients, …) run on the GPU too.
const gradCases: Case[] = [
  ["MLP with softmax cross-entropy", (x, w1, w2, y) => g.grads((a, b) => g.categoricalCrossentropy(y!, g.softmax(g.relu(x!.matmul(a)).matmul(b))).mean())(w1!, w2!), [f32([8, 5]), f32([5, 6], 2), f32([6, 3], 3), [[...Array(8)].flatMap((_, i) => [0, 1, 2].map((c) => (c === i % 3 ? 1 : 0))), [8, 3]]]],
  ["conv, pools and their gradients", (x, w) => g.grads((a, b) => g.sum(g.maxPool2d(g.relu(g.conv2d(a, b, { padding: "same" })), 2)).add(g.sum(g.avgPool2d(a, 2))))(x!, w!), [f32([2, 6, 6, 2]), f32([3, 3, 2, 3], 2)]],
  ["grouped conv (direct loops) and its gradients", (x, w) => g.grads((a, b) => g.sum(g.conv2d(a, b, { groups: 2, strides: 2, padding: "same" }).square()))(x!, w!), [f32([2, 5, 5, 4]), f32([3, 3, 2, 6], 2)]],
  ["conv gradients with stride and dilation", (x, w) => g.grads((a, b) => g.sum(g.conv2d(a, b, { strides: 2, dilations: [1, 2], padding: "same" }).square()))(x!, w!), [f32([2, 7, 6, 3]), f32([3, 2, 3, 4], 2)]],
  ["max and min with ties", (x) => g.grads((a) => g.sum(g.max(a, 1)).add(g.sum(g.min(a, 0))))(x!), [[[1, 3, 3, 0, 2, 0, 5, 5, 5], [3, 3]]]],
  ["gather, slice, concat and pad gradients", (x) => g.grads((a) => {
    const picked = g.sum(g.gather(a, g.tensor([0, 2, 2], "int32"), 0).square());
    const joined = g.sum(g.concat([g.slice(a, [0, 0], [3, 2]), g.slice(a, [0, 1], [3, 3])], 1).exp());
    return picked.add(joined).add(g.sum(g.pad(a, [[1, 0], [0, 2]]).sigmoid()));
  })(x!), [f32([3, 4])]],
];

for (const [label, f, inputs, tolerance] of gradCases) {
  test(`webgpu gradients of ${label} match the CPU`, async (t) => {
    if (!ready) return t.skip("no WebGPU adapter (set CI=1 to make this a failure)");
    assertClose(await onBoth(f, inputs), label, tolerance ?? 1e-4);
  });
}
