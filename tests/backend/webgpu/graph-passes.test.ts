// Graph mode's kernel-making passes on the GPU: optimised on webgpu, a conv layer's training
// step uses im2col, matmulBiasRelu and maxPoolReluGrad there; a graph optimised on the CPU runs
// on webgpu too. Values agree with eager mode on the CPU, and no op runs elsewhere.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import * as g from "../../../kernel/src/index.js";
import type { Graph, Tensor } from "../../../kernel/src/index.js";
import { assertClose, CPU, gpuReady, values } from "./gpu.js";

let ready = false;
before(async () => {
  ready = await gpuReady();
});

const SHAPES = [[2, 8, 8, 3], [3, 3, 3, 4], [4], [2, 3, 3, 4]];
const layer = (p: Tensor, q: Tensor, r: Tensor) => g.maxPool2d(g.relu(g.conv2d(p, q).add(r)), 2);
const step = (p: Tensor, q: Tensor, r: Tensor, s: Tensor) => [layer(p, q, r), ...g.grads((u: Tensor, v: Tensor) => layer(p, u, v).mul(s).sum())(q, r)];
const inputs = () => SHAPES.map((shape, k) => g.tensor(values(shape.reduce((a, b) => a * b, 1), k + 1)).reshape(shape));
const opsOf = (graph: Graph) => graph.ir.nodes.map((n) => n.op.name);

/** The step's outputs on the GPU from a graph traced and optimised on `optimizeOn`, read back. */
async function graphOnGpu(optimizeOn: string): Promise<{ ops: string[]; report: string; outputs: number[][] }> {
  g.setBackend(optimizeOn);
  const graph = g.jit(step).graphFor(...(inputs() as [Tensor, Tensor, Tensor, Tensor]));
  const report = graph.optimize().toString();
  g.setBackend("webgpu");
  try {
    const fallbacks = g.memory().numFallbacks;
    const [arg0, arg1, arg2, arg3] = inputs();
    const outputs = await Promise.all(graph.run({ arg0: arg0!, arg1: arg1!, arg2: arg2!, arg3: arg3! }).map(async (t) => Array.from(await t.data())));
    assert.equal(g.memory().numFallbacks, fallbacks, "no op ran on a fallback backend");
    return { ops: opsOf(graph), report, outputs };
  } finally {
    g.setBackend(CPU);
  }
}

const eager = () => step(...(inputs() as [Tensor, Tensor, Tensor, Tensor])).map((t) => Array.from(t.dataSync()));

for (const optimizeOn of ["webgpu", "cpu"]) {
  test(`a conv layer's step optimised on ${optimizeOn} runs on webgpu with im2col, matmulBiasRelu and maxPoolReluGrad, as eager mode computes it`, async (t) => {
    if (!ready) return t.skip("no WebGPU adapter (set CI=1 to make this a failure)");
    const { ops, report, outputs } = await graphOnGpu(optimizeOn);
    for (const op of ["im2col", "matmulBiasRelu", "maxPoolReluGrad"]) assert.ok(ops.includes(op), `${op} in ${ops.join(", ")}\n${report}`);
    assert.doesNotMatch(report, /skipped/);
    assertClose({ cpu: eager(), gpu: outputs }, `step optimised on ${optimizeOn}`, 1e-4);
  });
}
