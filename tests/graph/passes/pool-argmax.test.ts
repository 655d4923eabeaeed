import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, grads, setBackend, getBackend, randomNormal, relu, maxPool2d, type Tensor, type Pool2dOptions } from "../../../kernel/src/index.js";
import { poolReluGradient } from "../../../kernel/src/graph/passes/pool-relu-gradient.js";
import { poolArgmax } from "../../../kernel/src/graph/passes/pool-argmax.js";
import { commonSubexpressions } from "../../../kernel/src/graph/passes/common-subexpressions.js";
import { deadCode } from "../../../kernel/src/graph/passes/dead-code.js";
import { DEFAULT_PASSES } from "../../../kernel/src/graph/passes/optimize.js";
import { assertClose, assertReferenceRun, opsOf, traced } from "./helpers.js";
import { KERNELLESS } from "../../helpers/kernelless-backend.js";

// Pool-argmax routing: a relu → maxPool layer's forward pool also writes its argmax, and the
// gradient routes dy by it instead of reading relu's output again. On "cpu" (WebAssembly)
// the result must equal maxPoolReluGrad's bit for bit (pooled output, gradient, bias
// gradient); on cpu-js the reference kernels must give eager mode's values.

/** A conv layer's tail: its pooled output, and the gradients of Σ pooled·dy for relu's input z and a bias b. */
const layer = (size: number | [number, number], options: Pool2dOptions = {}) => (z: Tensor, b: Tensor, dy: Tensor) => {
  const forward = (p: Tensor, q: Tensor) => maxPool2d(relu(p.add(q)), size, options);
  return [forward(z, b), ...grads((p: Tensor, q: Tensor) => forward(p, q).mul(dy).sum())(z, b)];
};

/** Values in steps of 0.25 in [−2, 2]: many ties and zeros. */
function steps(length: number, seed: number): number[] {
  let state = seed >>> 0 || 1;
  return Array.from({ length }, () => Math.floor(((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 17) / 4 - 2);
}

/** z (with a NaN), b and dy for an image of `shape` pooled to `pooled`. */
function inputs(shape: number[], pooled: readonly number[], seed: number): [Tensor, Tensor, Tensor] {
  const z = steps(shape.reduce((a, b) => a * b, 1), seed);
  z[5] = Number.NaN;
  return [tensor(z, { shape }), tensor(steps(shape[3]!, seed + 1)), tensor(steps(pooled.reduce((a, b) => a * b, 1), seed + 2), { shape: [...pooled] })];
}

const feeds = ([z, b, dy]: Tensor[]) => ({ arg0: z!, arg1: b!, arg2: dy! });

/** Bit-for-bit equality, NaN equal to NaN and 0 to −0. */
function assertSameBits(actual: readonly Tensor[], expected: readonly Tensor[], label: string): void {
  actual.forEach((t, i) => {
    const [a, e] = [t.dataSync(), expected[i]!.dataSync()];
    assert.equal(a.length, e.length, `${label} output ${i}`);
    for (let k = 0; k < a.length; k++) assert.ok(Object.is(a[k], e[k]) || (a[k] === 0 && e[k] === 0), `${label} output ${i}[${k}]: ${a[k]}, maxPoolReluGrad's graph gives ${e[k]}`);
  });
}

test("the forward pool writes the argmax and the gradient reads it instead of relu's output: the same bits as maxPoolReluGrad's graph on cpu (ties, NaN, uncovered edges, 3×3 windows, threads)", (t) => {
  const previous = getBackend().name;
  t.after(() => setBackend(previous));
  setBackend("cpu");
  const cases: [number[], number | [number, number]][] = [
    [[2, 6, 6, 8], 2],
    [[2, 7, 5, 4], 2], // the last row and column are in no window
    [[3, 130, 66, 8], 2], // shared among threads
    [[2, 9, 10, 4], 3], // the general kernel; the last column uncovered
    [[1, 8, 9, 12], [2, 3]],
  ];
  for (const [shape, size] of cases) {
    const label = `${JSON.stringify(shape)} pooled by ${JSON.stringify(size)}`;
    const f = layer(size);
    const pooled = maxPool2d(tensor(new Array<number>(shape.reduce((a, b) => a * b, 1)).fill(0), { shape }), size).shape;
    const args = inputs(shape, pooled, shape[1]!);
    const reluGrad = traced(f, ...args);
    reluGrad.optimize([commonSubexpressions, poolReluGradient, deadCode]);
    assert.ok(opsOf(reluGrad).includes("maxPoolReluGrad"), `${label}: ${opsOf(reluGrad).join(", ")}`);
    const routed = traced(f, ...args);
    // CSE first: the traced forward output and the gradient's forward pass are separate nodes until merged.
    const report = routed.optimize([commonSubexpressions, poolReluGradient, poolArgmax, deadCode]);
    assert.equal(report.passes[2]!.did, "routed 1 relu → maxPool gradient by the argmax of 1 forward pool", label);
    assert.deepEqual(opsOf(routed).filter((op) => op.startsWith("maxPool")), ["maxPoolArgmax", "maxPoolArgmaxGrad"], label);
    // Pooled memory is reused uninitialised: leave blocks of the image's size dirty first.
    for (const dirty of Array.from({ length: 4 }, () => tensor(new Array<number>(args[0].size).fill(7), { shape }))) dirty.dispose();
    assertSameBits(routed.run(feeds(args)), reluGrad.run(feeds(args)), label);
    // And the same graph on cpu-js's reference kernels gives eager mode's values.
    assertReferenceRun(routed, feeds(args), () => f(...args), 1e-6);
  }
});

test("it leaves gradients whose windows do not tile the image, whose channels are not in fours, or whose forward pool is not in the graph", () => {
  const [z, b, dy] = inputs([2, 6, 6, 4], [2, 3, 3, 4], 1);
  const leftAlone: [string, () => ReturnType<typeof traced>][] = [
    ["stride 1", () => traced(layer(2, { strides: 1 }), z, b, randomNormal([2, 5, 5, 4], { seed: 2 }))],
    ["\"same\" padding", () => traced(layer(3, { strides: 3, padding: "same" }), inputs([2, 7, 7, 4], [2, 3, 3, 4], 3)[0], b, randomNormal([2, 3, 3, 4], { seed: 3 }))],
    ["three channels", () => traced(layer(2), randomNormal([2, 6, 6, 3], { seed: 4 }), randomNormal([3], { seed: 5 }), randomNormal([2, 3, 3, 3], { seed: 6 }))],
    // Only the gradients: tracing drops the unused forward pool, so there is no argmax to read.
    ["no forward pool", () => traced((p: Tensor, q: Tensor, r: Tensor) => layer(2)(p, q, r).slice(1), z, b, dy)],
  ];
  for (const [label, make] of leftAlone) {
    const graph = make();
    const report = graph.optimize([commonSubexpressions, poolReluGradient, poolArgmax, deadCode]);
    assert.match(report.passes[1]!.did, /^fused 1 relu → maxPool gradient/, label);
    assert.equal(report.passes[2]!.did, "no relu → maxPool gradients with tiling windows and their forward pool", label);
    assert.ok(opsOf(graph).includes("maxPoolReluGrad") && !opsOf(graph).includes("maxPoolArgmax"), `${label}: ${opsOf(graph).join(", ")}`);
  }
});

test("the default passes route a conv layer's pool gradient by argmax, and relu's output is freed before the backward pass", () => {
  const f = layer(2);
  const args = inputs([4, 16, 16, 8], [4, 8, 8, 8], 9);
  const plain = traced(f, ...args);
  const graph = traced(f, ...args);
  const report = graph.optimize();
  assert.match(report.toString(), /pool-argmax routing .* routed 1 relu → maxPool gradient by the argmax of 1 forward pool/);
  assertClose(graph.run(feeds(args)), plain.run(feeds(args)), 1e-6);
  const unrouted = traced(f, ...args).optimize(DEFAULT_PASSES.filter((p) => p !== poolArgmax));
  // relu's output (16 KiB as float32) no longer lives until the gradient; the argmax (a quarter of it) does.
  assert.ok(report.peakBytesAfter < unrouted.peakBytesAfter, `peak ${report.peakBytesAfter} B routed, ${unrouted.peakBytesAfter} B not`);
});

test("a backend without the argmax kernels keeps maxPoolReluGrad", (t) => {
  const previous = getBackend().name;
  setBackend(KERNELLESS);
  t.after(() => setBackend(previous));
  assert.equal(traced(layer(2), ...inputs([1, 4, 4, 4], [1, 2, 2, 4], 1)).optimize([poolArgmax]).passes[0]!.did, `skipped: the ${KERNELLESS} backend has no maxPoolArgmax kernel`);
});
