import { test } from "node:test";
import assert from "node:assert/strict";
import { Adam, setBackend, sparseCategoricalCrossentropy, tensor, variable, jit, type Tensor } from "../../../kernel/src/index.js";

// Fusion generates kernels for backends with a program compiler: the JavaScript one.
setBackend("cpu-js");
import { assertClose, opsOf } from "./helpers.js";

test("optimize runs every pass in order and reports node counts, what each did and peak memory", () => {
  const w = variable(tensor([[0.5, -1], [2, 0.25]]), { name: "w" });
  const f = jit((x: Tensor) => {
    const h = x.matmul(w.value).mul(tensor(1)).add(tensor([1, 2]).mul(0.5));
    return h.relu().add(h.relu()).tanh();
  });
  const x = tensor([[1, 2], [3, 4]]);
  const g = f.graphFor(x);
  const before = g.run({ arg0: x });
  const report = g.optimize();
  assert.deepEqual(report.passes.map((p) => p.pass), [
    "constant folding",
    "algebraic simplification",
    "common subexpressions",
    "sparse cross-entropy fusion",
    "softmax cross-entropy fusion",
    "conv column sharing",
    "pool-relu gradient fusion",
    "pool-argmax routing",
    "bias-relu epilogue fusion",
    "conv-pool fusion",
    "relu-gradient epilogue fusion",
    "adam epilogue fusion",
    "elementwise fusion",
    "dead code",
  ]);
  assert.match(report.passes[0]!.did, /folded 1 node \(mul\)/);
  assert.match(report.passes[1]!.did, /x·1 → x/);
  assert.match(report.passes[2]!.did, /merged 1 node \(relu\)/);
  assert.match(report.passes[12]!.did, /fused 4 nodes into 1 kernel/);
  assert.equal(report.nodesBefore, 8, "matmul, mul×2, add×2, relu×2, tanh");
  assert.equal(report.nodesAfter, 2);
  assert.deepEqual(opsOf(g).map((n) => n.replace(/\d+$/, "")), ["matmul", "fused_"]);
  assert.equal(report.fusedKernels, 1);
  assert.ok(report.peakBytesAfter <= report.peakBytesBefore);
  for (const p of report.passes) assert.equal(p.nodesAfter <= p.nodesBefore, true);
  assert.equal(report.passes.at(-1)!.peakBytesAfter, report.peakBytesAfter, "the last pass's peak is the graph's");
  assert.match(report.toString(), /^optimize: 8 → 2 ops, 1 fused kernels, peak memory/);
  assertClose(g.run({ arg0: x }), before, 1e-6);
  assert.equal(g.optimize().nodesAfter, 2, "a second run finds nothing more to do");
  assertClose([f(x)], before, 1e-6);
});

test("the report's fused kernels count the fused ops the passes make on \"cpu\" (a dense layer's GEMM with its epilogue, its relu gradient, its Adam update, the loss)", (t) => {
  setBackend("cpu");
  t.after(() => setBackend("cpu-js"));
  const w1 = variable(tensor([[0.5, -1, 0.25], [2, 0.25, -0.5]]), { name: "w1" });
  const w2 = variable(tensor([[1, -1], [0.5, 2], [-1, 0.75]]), { name: "w2" });
  const optimizer = new Adam({ learningRate: 0.1 });
  const step = jit((x: Tensor, y: Tensor) => optimizer.minimize(() => sparseCategoricalCrossentropy(y, x.matmul(w1.value).relu().matmul(w2.value), { fromLogits: true }).mean(), [w1, w2]));
  const graph = step.graphFor(tensor([[1, 2], [3, 4], [-1, 0.5]]), tensor([0, 1, 1], { dtype: "int32" }));
  const report = graph.optimize();
  const fusedOps = opsOf(graph).filter((op) => ["matmulReluGrad", "matmulAdamUpdate", "softmaxCrossEntropy"].includes(op));
  assert.deepEqual([...fusedOps].sort(), ["matmulAdamUpdate", "matmulAdamUpdate", "matmulReluGrad", "softmaxCrossEntropy"], report.toString());
  assert.equal(report.fusedKernels, fusedOps.length, "no other fused op or generated kernel in this step");
  assert.match(report.toString(), new RegExp(`^optimize: \\d+ → \\d+ ops, ${fusedOps.length} fused kernels`));
});
