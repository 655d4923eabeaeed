import { test } from "node:test";
import assert from "node:assert/strict";
import { Adam, Conv2D, Dense, Flatten, MaxPooling2D, SGD, clip, getBackend, getLoss, jit, losses, matmul, mean, randomInt, randomNormal, seed, sequential, setBackend, type Tensor } from "../../../kernel/src/index.js";
import { adamUpdate, type AdamUpdateAttrs } from "../../../kernel/src/tensor/ops/adam-update.js";
import { adamEpilogue } from "../../../kernel/src/graph/passes/adam-epilogue.js";
import { DEFAULT_PASSES } from "../../../kernel/src/graph/passes/optimize.js";
import type { Layer } from "../../../kernel/src/nn/layer.js";
import { assertReferenceRun, assertSameBits, opsOf, traced } from "./helpers.js";
import { KERNELLESS } from "../../helpers/kernelless-backend.js";

// Adam epilogue fusion: adamUpdate(w, matmul(a, b), m, v, α) — a weight gradient that only
// Adam reads, possibly reshaped to a conv filter — becomes one matmulAdamUpdate node. On
// "cpu" (WebAssembly) the GEMM hands each block of the very gradient it computes to Adam's
// step, so the results equal the unfused graph's bit for bit; cpu-js's reference kernel
// gives eager mode's values.

const ADAM: AdamUpdateAttrs = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };
const withoutPass = DEFAULT_PASSES.filter((p) => p !== adamEpilogue);

/** One Adam step of w [rows, columns] (or of `filter` shape) with gradient aᵀ·b: the update a training step makes of a layer's weight. */
const update = (filter?: number[]) => (a: Tensor, b: Tensor, w: Tensor, m: Tensor, v: Tensor) => {
  const gradient = matmul(a, b, { transposeA: true });
  return adamUpdate(w, filter ? gradient.reshape(filter) : gradient, m, v, 0.003, ADAM);
};

/** a [k, rows], b [k, columns] and w, m, v (v ≥ 0) of the weight's shape. */
function updateInputs(k: number, rows: number, columns: number, seedValue: number, weightShape = [rows, columns]): Args {
  const moments = randomNormal(weightShape, { seed: seedValue + 4 });
  return [randomNormal([k, rows], { seed: seedValue }), randomNormal([k, columns], { seed: seedValue + 1 }), randomNormal(weightShape, { seed: seedValue + 2 }), randomNormal(weightShape, { seed: seedValue + 3 }).mul(0.1), moments.mul(moments).mul(0.01)];
}

type Args = [Tensor, Tensor, Tensor, Tensor, Tensor];
const feeds = (args: readonly Tensor[]) => Object.fromEntries(args.map((t, k) => [`arg${k}`, t]));

test("a weight gradient product and its Adam update become one node, with the unfused graph's bits (edge tiles, several k blocks, split k, threads, a conv filter's reshape)", (t) => {
  const previous = getBackend().name;
  t.after(() => setBackend(previous));
  setBackend("cpu");
  const cases: [string, number[], number[] | undefined][] = [
    ["edge tiles", [9, 13, 19], undefined],
    ["k = 300: two k blocks", [300, 12, 37], undefined],
    ["k = 2048 over a 16×16 gradient: split k", [2048, 16, 16], undefined],
    ["a dense layer's 784×256 weight over a batch of 128: row shares on every thread", [128, 784, 256], undefined],
    ["a conv filter [3, 3, 4, 8] from its [36, 8] gradient", [50, 36, 8], [3, 3, 4, 8]],
  ];
  for (const [label, [k, rows, columns], filter] of cases) {
    const args = updateInputs(k!, rows!, columns!, k!, filter);
    const f = update(filter);
    const fused = traced(f, ...args);
    assert.match(fused.optimize().toString(), new RegExp(`adam epilogue fusion .* fused 1 weight gradient into its Adam update \\(${filter ? 3 : 2} nodes into 1\\)`), label);
    assert.deepEqual(opsOf(fused), ["matmulAdamUpdate"], label);
    const unfused = traced(f, ...args);
    unfused.optimize(withoutPass);
    const results = fused.run(feeds(args));
    assertSameBits(results, unfused.run(feeds(args)), label);
    assert.ok(results[0]!.dataSync().some((x, i) => x !== args[2]!.dataSync()[i]), `${label}: the weight moves`);
    // The same graph on cpu-js's reference kernel gives eager mode's values.
    assertReferenceRun(fused, feeds(args), () => f(...args), 1e-5);
  }
});

test("compiled Adam steps of a dense and a conv model: every weight gradient product fused, the same weights as the unfused steps after three steps", (t) => {
  const previous = getBackend().name;
  t.after(() => setBackend(previous));
  setBackend("cpu");
  const models: [string, () => Layer[], number[], number][] = [
    ["MLP", () => [new Dense({ units: 40, activation: "relu", inputShape: [30] }), new Dense({ units: 24, activation: "relu" }), new Dense({ units: 5 })], [33, 30], 3],
    ["CNN", () => [new Conv2D({ filters: 8, kernelSize: 3, activation: "relu", inputShape: [10, 10, 1] }), new MaxPooling2D({ poolSize: 2 }), new Conv2D({ filters: 8, kernelSize: 3, activation: "relu" }), new Flatten(), new Dense({ units: 5 })], [6, 10, 10, 1], 2],
  ];
  for (const [label, layers, inputShape, products] of models) {
    const train = (passes: typeof DEFAULT_PASSES) => {
      seed(5);
      const model = sequential(layers());
      const optimizer = new Adam({ learningRate: 0.01 });
      const loss = getLoss(new losses.SparseCategoricalCrossentropy({ fromLogits: true }));
      let ops: string[] = [];
      const step = jit((x: Tensor, y: Tensor) => optimizer.minimize(() => mean(loss.perSample(y, model.apply(x, { training: true }) as Tensor)), model.trainableWeights), {
        onTrace: (graph) => {
          graph.optimize(passes);
          ops = opsOf(graph);
        },
      });
      const [x, y] = [randomNormal(inputShape, { seed: 1 }), randomInt([inputShape[0]!], 0, 5, { seed: 2 })];
      for (let i = 0; i < 3; i++) step(x, y).dispose();
      return { weights: model.trainableWeights.map((w) => w.value), ops };
    };
    const fused = train(DEFAULT_PASSES);
    const unfused = train(withoutPass);
    // The CNN's first filter gradient is conv-pool fusion's (maxPoolArgmaxFilterGrad), not a product: the second conv's and the dense layer's are fused.
    assert.equal(fused.ops.filter((op) => op === "matmulAdamUpdate").length, products, `${label}: ${fused.ops.join(", ")}`);
    assert.equal(unfused.ops.filter((op) => op === "matmulAdamUpdate").length, 0);
    assertSameBits(fused.weights, unfused.weights, `${label}: weights after three steps`);
  }
});

test("it leaves gradients read elsewhere or returned, gradients that are not products, batched products, float64 and other optimizers", () => {
  const args = updateInputs(6, 4, 5, 1);
  const cases: [string, (a: Tensor, b: Tensor, w: Tensor, m: Tensor, v: Tensor) => Tensor[]][] = [
    ["the gradient also returned", (a, b, w, m, v) => {
      const g = matmul(a, b, { transposeA: true });
      return [...adamUpdate(w, g, m, v, 0.003, ADAM), g];
    }],
    ["the gradient read by a norm", (a, b, w, m, v) => {
      const g = matmul(a, b, { transposeA: true });
      return [...adamUpdate(w, g, m, v, 0.003, ADAM), g.square().sum()];
    }],
    ["a clipped gradient", (a, b, w, m, v) => adamUpdate(w, clip(matmul(a, b, { transposeA: true }), -0.1, 0.1), m, v, 0.003, ADAM)],
    ["a batched product", (a, b, w, m, v) => adamUpdate(w, matmul(a.reshape([1, 6, 4]), b.reshape([1, 6, 5]), { transposeA: true }).reshape([4, 5]), m, v, 0.003, ADAM)],
  ];
  for (const [label, f] of cases) assert.equal(traced(f, ...args).optimize([adamEpilogue]).passes[0]!.did, "no weight gradient products read only by Adam", label);
  const float64 = args.map((t) => t.cast("float64")) as Args;
  assert.equal(traced(update(), ...float64).optimize([adamEpilogue]).passes[0]!.did, "no weight gradient products read only by Adam", "float64");
  seed(1);
  const model = sequential([new Dense({ units: 4, inputShape: [3] })]);
  const sgd = new SGD({ learningRate: 0.1 });
  const sgdStep = traced((x: Tensor, y: Tensor) => sgd.minimize(() => (model.apply(x) as Tensor).sub(y).square().mean(), model.trainableWeights), randomNormal([5, 3]), randomNormal([5, 4], { seed: 2 }));
  assert.equal(sgdStep.optimize([adamEpilogue]).passes[0]!.did, "no weight gradient products read only by Adam", "SGD's step");
});

test("a backend without the fused kernel keeps the product and the update", (t) => {
  const previous = getBackend().name;
  setBackend(KERNELLESS);
  t.after(() => setBackend(previous));
  const graph = traced(update(), ...updateInputs(6, 4, 5, 2));
  assert.equal(graph.optimize([adamEpilogue]).passes[0]!.did, `skipped: the ${KERNELLESS} backend has no matmulAdamUpdate kernel`);
});
