// Graph mode's kernel-making passes on the GPU: optimised on webgpu, a conv layer's training
// step uses im2col, matmulBiasRelu, maxPoolArgmax and maxPoolArgmaxGrad there (with eight
// filters matmulBiasReluMaxPool and maxPoolArgmaxFilterGrad), a classifier's loss and gradient
// softmaxCrossEntropy, a dense relu layer's gradient matmulReluGrad and an Adam update of a
// weight gradient matmulAdamUpdate; a graph optimised on the CPU runs on webgpu too. Values
// agree with eager mode on the CPU, and no op runs elsewhere.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import * as g from "../../../kernel/src/index.js";
import type { Graph, Tensor } from "../../../kernel/src/index.js";
import { adamUpdate } from "../../../kernel/src/tensor/ops/adam-update.js";
import { assertClose, CPU, gpuReady, values } from "./gpu.js";

let ready = false;
before(async () => {
  ready = await gpuReady();
});

type Step = (...args: Tensor[]) => Tensor[];
const opsOf = (graph: Graph) => graph.ir.nodes.map((n) => n.op.name);

/** The step's outputs on the GPU from a graph traced and optimised on `optimizeOn`, read back. */
async function graphOnGpu(step: Step, inputs: () => Tensor[], optimizeOn: string): Promise<{ ops: string[]; report: string; outputs: number[][] }> {
  g.setBackend(optimizeOn);
  const graph = g.jit(step).graphFor(...inputs());
  const report = graph.optimize().toString();
  g.setBackend("webgpu");
  try {
    const fallbacks = g.memory().numFallbacks;
    const feeds = Object.fromEntries(inputs().map((t, k) => [`arg${k}`, t]));
    const outputs = await Promise.all(graph.run(feeds).map(async (t) => Array.from(await t.data())));
    assert.equal(g.memory().numFallbacks, fallbacks, "no op ran on a fallback backend");
    return { ops: opsOf(graph), report, outputs };
  } finally {
    g.setBackend(CPU);
  }
}

const SHAPES = [[2, 8, 8, 3], [3, 3, 3, 4], [4], [2, 3, 3, 4]];
const layer = (p: Tensor, q: Tensor, r: Tensor) => g.maxPool2d(g.relu(g.conv2d(p, q).add(r)), 2);
const convStep: Step = (p, q, r, s) => [layer(p!, q!, r!), ...g.grads((u: Tensor, v: Tensor) => layer(p!, u, v).mul(s!).sum())(q!, r!)];
const convInputs = (shapes = SHAPES) => () => shapes.map((shape, k) => g.tensor(values(shape.reduce((a, b) => a * b, 1), k + 1)).reshape(shape));
// Eight filters: conv-pool fusion makes the layer and its filter gradient one node each.
const EIGHT_FILTERS = [[2, 8, 8, 3], [3, 3, 3, 8], [8], [2, 3, 3, 8]];

// A dense classifier's loss (five classes, logits with a bias) and the gradients of its weights and bias.
const classifierStep: Step = (x, w, bias, labels) => {
  const loss = (v: Tensor, c: Tensor) => g.mean(g.sparseCategoricalCrossentropy(labels!, g.matmul(x!, v).add(c), { fromLogits: true }));
  return [loss(w!, bias!), ...g.grads(loss)(w!, bias!)];
};
const classifierInputs = () => [g.tensor(values(24, 1)).reshape([6, 4]).mul(3), g.tensor(values(20, 2)).reshape([4, 5]), g.tensor(values(5, 3)), g.tensor([0, 4, 2, 3, 1, 3], { dtype: "int32" })];

// A dense relu layer: the gradients of its weight and bias, through relu, from the next layer's.
const reluLayerStep: Step = (x, w1, b1, w2, dy) => g.grads((u: Tensor, v: Tensor) => g.relu(x!.matmul(u).add(v)).matmul(w2!).mul(dy!).sum())(w1!, b1!);
const reluLayerInputs = () => [[5, 4], [4, 6], [6], [6, 3], [5, 3]].map((shape, k) => g.tensor(values(shape.reduce((a, b) => a * b, 1), k + 1)).reshape(shape));

// Adam's update of a weight whose gradient is xᵀ·dy.
const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };
const adamStep: Step = (x, dy, w, m, v) => adamUpdate(w!, g.matmul(x!, dy!, { transposeA: true }), m!, v!, 0.003, ADAM);
const adamInputs = () => [[6, 4], [6, 3], [4, 3], [4, 3], [4, 3]].map((shape, k) => g.tensor(values(shape.reduce((a, b) => a * b, 1), k + 1).map((x) => (k === 4 ? x * x : x))).reshape(shape));

const cases: [string, Step, () => Tensor[], string[]][] = [
  ["a conv layer's step", convStep, convInputs(), ["im2col", "matmulBiasRelu", "maxPoolArgmax", "maxPoolArgmaxGrad"]],
  ["a conv layer's step with eight filters", convStep, convInputs(EIGHT_FILTERS), ["im2col", "matmulBiasReluMaxPool", "maxPoolArgmaxFilterGrad"]],
  ["a classifier's loss and gradient", classifierStep, classifierInputs, ["matmulBiasRelu", "softmaxCrossEntropy"]],
  ["a dense relu layer's gradients", reluLayerStep, reluLayerInputs, ["matmulBiasRelu", "matmulReluGrad"]],
  ["an Adam update of a weight gradient", adamStep, adamInputs, ["matmulAdamUpdate"]],
];

for (const [name, step, inputs, fusedOps] of cases) {
  for (const optimizeOn of ["webgpu", "cpu"]) {
    test(`${name} optimised on ${optimizeOn} runs on webgpu with ${fusedOps.join(", ")}, as eager mode computes it`, async (t) => {
      if (!ready) return t.skip("no WebGPU adapter (set CI=1 to make this a failure)");
      const { ops, report, outputs } = await graphOnGpu(step, inputs, optimizeOn);
      for (const op of fusedOps) assert.ok(ops.includes(op), `${op} in ${ops.join(", ")}\n${report}`);
      assert.doesNotMatch(report, /skipped/);
      const eager = step(...inputs()).map((t) => Array.from(t.dataSync()));
      assertClose({ cpu: eager, gpu: outputs }, `${name} optimised on ${optimizeOn}`, 1e-4);
    });
  }
}
