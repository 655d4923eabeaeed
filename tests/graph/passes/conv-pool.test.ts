import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, grads, setBackend, getBackend, randomNormal, relu, conv2d, maxPool2d, type Tensor } from "../../../kernel/src/index.js";
import { convPool } from "../../../kernel/src/graph/passes/conv-pool.js";
import { DEFAULT_PASSES } from "../../../kernel/src/graph/passes/optimize.js";
import { assertClose, assertReferenceRun, opsOf, traced } from "./helpers.js";
import { KERNELLESS } from "../../helpers/kernelless-backend.js";

// Conv-pool fusion: a first conv layer (small filter) with relu and a 2×2 pool becomes one
// matmulBiasReluMaxPool node, and its filter and bias gradients one maxPoolArgmaxFilterGrad
// node. On "cpu" (WebAssembly) the layer's output must equal the unfused graph's bit for bit
// (the kernel sums each product in the GEMM's order); the gradients, summed in another
// order, agree within float32 rounding; cpu-js's reference kernels give eager mode's values.

type Layer = (x: Tensor, w: Tensor, b: Tensor) => Tensor;
const convLayer = (pool = 2): Layer => (x, w, b) => maxPool2d(relu(conv2d(x, w).add(b)), pool);

/** The layer's pooled output, and the gradients of Σ pooled·dy for the filter and bias (and, with `inputGradient`, for x). */
const step = (layer: Layer, inputGradient = false) => (x: Tensor, w: Tensor, b: Tensor, dy: Tensor) =>
  inputGradient
    ? [layer(x, w, b), ...grads((p: Tensor, u: Tensor, v: Tensor) => layer(p, u, v).mul(dy).sum())(x, w, b)]
    : [layer(x, w, b), ...grads((u: Tensor, v: Tensor) => layer(x, u, v).mul(dy).sum())(w, b)];

/** x, w, b and dy for images [n, size, size, c] and a 3×3 filter to co channels (x with a NaN where asked). */
type Args = [Tensor, Tensor, Tensor, Tensor];
function inputs(layer: Layer, [n, size, c, co]: number[], seed: number, nan = false): Args {
  const x = randomNormal([n!, size!, size!, c!], { seed });
  const values = Array.from(x.dataSync());
  if (nan) values[7] = Number.NaN;
  const [w, b] = [randomNormal([3, 3, c!, co!], { seed: seed + 1 }), randomNormal([co!], { seed: seed + 2 })];
  const pooled = layer(x, w, b).shape;
  return [tensor(values, { shape: x.shape }), w, b, randomNormal([...pooled], { seed: seed + 3 })];
}

const feeds = (args: Args) => Object.fromEntries(args.map((t, k) => [`arg${k}`, t]));
const withoutConvPool = DEFAULT_PASSES.filter((p) => p !== convPool);

test("a first conv layer and its filter gradient each become one node: the output bit for bit, the gradients within rounding (k 9 and 27, uncovered edges, NaN, threads)", (t) => {
  const previous = getBackend().name;
  t.after(() => setBackend(previous));
  setBackend("cpu");
  const layer = convLayer();
  const cases: [number[], boolean][] = [
    [[2, 9, 1, 8], true], // k = 9; the 7×7 output's last row and column are in no window
    [[3, 10, 3, 16], false], // k = 27
    [[64, 28, 1, 32], false], // the digits CNN's first layer: shared among threads
  ];
  for (const [shape, nan] of cases) {
    const label = JSON.stringify(shape);
    const args = inputs(layer, shape, shape[1]!, nan);
    const f = step(layer);
    const fused = traced(f, ...args);
    const report = fused.optimize();
    assert.match(report.toString(), /conv-pool fusion .* fused 1 conv → relu → pool layer \(3 nodes into 1\) and 1 filter gradient \(3 nodes into 1\)/, label);
    const ops = opsOf(fused);
    assert.ok(ops.includes("matmulBiasReluMaxPool") && ops.includes("maxPoolArgmaxFilterGrad"), `${label}: ${ops.join(", ")}`);
    assert.deepEqual(ops.filter((op) => ["matmulBiasRelu", "maxPoolArgmax", "maxPoolArgmaxGrad"].includes(op)), [], label);
    const unfused = traced(f, ...args);
    unfused.optimize(withoutConvPool);
    const [pooled, dw, db] = fused.run(feeds(args));
    const [pooledBefore, dwBefore, dbBefore] = unfused.run(feeds(args));
    const [a, e] = [pooled!.dataSync(), pooledBefore!.dataSync()];
    for (let i = 0; i < a.length; i++) assert.ok(Object.is(a[i], e[i]), `${label}: pooled[${i}] ${a[i]}, unfused ${e[i]}`);
    if (nan) assert.ok(a.some(Number.isNaN), `${label}: the NaN reaches the pooled output`);
    assertClose([dw!, db!], [dwBefore!, dbBefore!], 1e-4);
    // The same graph on cpu-js's reference kernels gives eager mode's values.
    assertReferenceRun(fused, feeds(args), () => f(...args), 1e-4);
  }
});

test("it fuses only the forward layer where the layer's input gradient is wanted, and leaves wide filters, channels not in eights and other pools", () => {
  const layer = convLayer();
  const withInput = traced(step(layer, true), ...inputs(layer, [2, 8, 1, 8], 1));
  const report = withInput.optimize();
  assert.match(report.toString(), /conv-pool fusion .* fused 1 conv → relu → pool layer \(3 nodes into 1\)\s+\(/);
  assert.ok(opsOf(withInput).includes("maxPoolArgmaxGrad"), "the gradient image is still made: conv2dTranspose reads it");
  const leftAlone: [string, Layer, number[]][] = [
    ["k = 36 (4 channels)", layer, [2, 8, 4, 8]],
    ["4 output channels", layer, [2, 8, 1, 4]],
    ["3×3 pool", convLayer(3), [2, 11, 1, 8]],
  ];
  for (const [label, l, shape] of leftAlone) {
    const graph = traced(step(l), ...inputs(l, shape, 2));
    assert.match(graph.optimize().toString(), /conv-pool fusion .* no conv → relu → 2×2 pool layers with a small filter/, label);
  }
});

test("a backend without the fused kernels keeps the layer", (t) => {
  const previous = getBackend().name;
  setBackend(KERNELLESS);
  t.after(() => setBackend(previous));
  const layer = convLayer();
  const graph = traced(step(layer), ...inputs(layer, [1, 6, 1, 8], 3));
  assert.equal(graph.optimize([convPool]).passes[0]!.did, `skipped: the ${KERNELLESS} backend has no matmulBiasReluMaxPool kernel`);
});
