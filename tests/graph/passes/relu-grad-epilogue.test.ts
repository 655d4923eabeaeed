import { test } from "node:test";
import assert from "node:assert/strict";
import { Dense, SGD, getBackend, greater, grads, jit, matmul, randomNormal, relu, seed, sequential, setBackend, tensor, where, type Tensor } from "../../../kernel/src/index.js";
import { reluGradEpilogue } from "../../../kernel/src/graph/passes/relu-grad-epilogue.js";
import { DEFAULT_PASSES } from "../../../kernel/src/graph/passes/optimize.js";
import { assertReferenceRun, assertSameBits, opsOf, traced } from "./helpers.js";
import { KERNELLESS } from "../../helpers/kernelless-backend.js";

// Relu-gradient epilogue fusion: where(y > 0, matmul(a, b), 0) — the gradient flowing into a
// dense layer with relu — becomes one matmulReluGrad node. On "cpu" (WebAssembly) the GEMM
// masks the very product it would have stored, so the results equal the unfused graph's bit
// for bit; cpu-js's reference kernel gives eager mode's values.

const withoutPass = DEFAULT_PASSES.filter((p) => p !== reluGradEpilogue);

/** The gradients of Σ (relu(x·w1 + b1)·w2)·dy for w1 and b1: the mask multiplies dy·w2ᵀ. */
const layerGradients = (x: Tensor, w1: Tensor, b1: Tensor, w2: Tensor, dy: Tensor) =>
  grads((u: Tensor, v: Tensor) => relu(x.matmul(u).add(v)).matmul(w2).mul(dy).sum())(w1, b1);

/** x, w1, b1, w2, dy for a batch of `n`, `units` inputs, a hidden layer of `hidden` and an output of `outputs` (x with a NaN where asked). */
function layerInputs([n, units, hidden, outputs]: number[], seedValue: number, nan = false): [Tensor, Tensor, Tensor, Tensor, Tensor] {
  const x = randomNormal([n!, units!], { seed: seedValue });
  const values = Array.from(x.dataSync());
  if (nan) values[3] = Number.NaN;
  return [tensor(values, { shape: x.shape }), randomNormal([units!, hidden!], { seed: seedValue + 1 }), randomNormal([hidden!], { seed: seedValue + 2 }), randomNormal([hidden!, outputs!], { seed: seedValue + 3 }), randomNormal([n!, outputs!], { seed: seedValue + 4 })];
}

const feeds = (args: readonly Tensor[]) => Object.fromEntries(args.map((t, k) => [`arg${k}`, t]));

test("a dense layer's relu gradient becomes one node, with the unfused graph's bits (edge tiles, several k blocks, split k, threads, NaN)", (t) => {
  const previous = getBackend().name;
  t.after(() => setBackend(previous));
  setBackend("cpu");
  const cases: [number[], boolean][] = [
    [[5, 7, 13, 9], false], // edge tiles everywhere
    [[6, 5, 12, 300], false], // dy·w2ᵀ sums 300 outputs: two k blocks
    [[16, 5, 16, 2048], false], // k ≥ 8 × C's sides: split k
    [[128, 64, 256, 128], true], // shared among threads; a NaN input makes relu's output NaN, masked to 0
  ];
  for (const [shape, nan] of cases) {
    const label = JSON.stringify(shape);
    const args = layerInputs(shape, shape[3]!, nan);
    const fused = traced(layerGradients, ...args);
    assert.match(fused.optimize().toString(), /relu-gradient epilogue fusion .* fused 1 relu gradient into the product it masks/, label);
    const ops = opsOf(fused);
    assert.ok(ops.includes("matmulReluGrad"), `${label}: ${ops.join(", ")}`);
    assert.ok(!ops.includes("where") && !ops.some((op) => op.startsWith("fused_")), `${label}: the mask runs in the product (${ops.join(", ")})`);
    const unfused = traced(layerGradients, ...args);
    unfused.optimize(withoutPass);
    const [dw, db] = fused.run(feeds(args));
    assertSameBits([dw!, db!], unfused.run(feeds(args)), label);
    assert.ok(db!.dataSync().some((v) => v !== 0), `${label}: some gradient passes the mask`);
    // The same graph on cpu-js's reference kernel gives eager mode's values.
    assertReferenceRun(fused, feeds(args), () => layerGradients(...args), 1e-4);
  }
});

test("a compiled MLP training step with relu layers: both masks fused, the same weights as the unfused step after three steps", (t) => {
  const previous = getBackend().name;
  t.after(() => setBackend(previous));
  setBackend("cpu");
  const train = (passes: typeof DEFAULT_PASSES) => {
    seed(3);
    const model = sequential([new Dense({ units: 40, activation: "relu", inputShape: [30] }), new Dense({ units: 24, activation: "relu" }), new Dense({ units: 5 })]);
    const optimizer = new SGD({ learningRate: 0.1 });
    let ops: string[] = [];
    const step = jit((x: Tensor, y: Tensor) => optimizer.minimize(() => (model.apply(x) as Tensor).sub(y).square().mean(), model.trainableWeights), {
      onTrace: (graph) => {
        graph.optimize(passes);
        ops = opsOf(graph);
      },
    });
    const [x, y] = [randomNormal([33, 30], { seed: 1 }), randomNormal([33, 5], { seed: 2 })];
    for (let i = 0; i < 3; i++) step(x, y).dispose();
    return { weights: model.trainableWeights.map((w) => w.value), ops };
  };
  const fused = train(DEFAULT_PASSES);
  const unfused = train(withoutPass);
  assert.equal(fused.ops.filter((op) => op === "matmulReluGrad").length, 2, fused.ops.join(", "));
  assert.equal(unfused.ops.filter((op) => op === "matmulReluGrad").length, 0);
  assertSameBits(fused.weights, unfused.weights, "weights after three steps");
});

test("it leaves other masks, a zero that is not +0, products read elsewhere and batched products", () => {
  const [a, b, y] = [randomNormal([4, 6], { seed: 1 }), randomNormal([6, 5], { seed: 2 }), randomNormal([4, 5], { seed: 3 })];
  const cases: [string, (a: Tensor, b: Tensor, y: Tensor) => Tensor | Tensor[]][] = [
    ["a threshold other than 0", (p, q, r) => where(greater(r, 0.5), matmul(p, q), tensor(0))],
    ["−0 where the mask is off", (p, q, r) => where(greater(r, 0), matmul(p, q), tensor(-0))],
    ["1 where the mask is off", (p, q, r) => where(greater(r, 0), matmul(p, q), tensor(1))],
    ["the product also returned", (p, q, r) => {
      const product = matmul(p, q);
      return [where(greater(r, 0), product, tensor(0)), product];
    }],
    ["a batched product", (p, q, r) => where(greater(r.reshape([1, 4, 5]), 0), matmul(p.reshape([1, 4, 6]), q.reshape([1, 6, 5])), tensor(0))],
  ];
  for (const [label, f] of cases) {
    const graph = traced(f, a, b, y);
    assert.equal(graph.optimize([reluGradEpilogue]).passes[0]!.did, "no relu gradients of matrix products", label);
  }
  const fusable = traced((p: Tensor, q: Tensor, r: Tensor) => where(greater(r, 0), matmul(p, q), tensor(0)), a, b, y);
  const before = fusable.run(feeds([a, b, y]));
  assert.equal(fusable.optimize([reluGradEpilogue]).passes[0]!.did, "fused 1 relu gradient into the product it masks", "the same graph with a mask at 0 and a +0 fuses");
  assertSameBits(fusable.run(feeds([a, b, y])), before, "the fused graph");
});

test("a backend without the fused kernel keeps the product and the mask", (t) => {
  const previous = getBackend().name;
  setBackend(KERNELLESS);
  t.after(() => setBackend(previous));
  const graph = traced(layerGradients, ...layerInputs([3, 4, 8, 2], 5));
  assert.equal(graph.optimize([reluGradEpilogue]).passes[0]!.did, `skipped: the ${KERNELLESS} backend has no matmulReluGrad kernel`);
});
