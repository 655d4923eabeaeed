import { test } from "node:test";
import assert from "node:assert/strict";
import { setBackend, tensor, variable, jit, type Tensor } from "../../../kernel/src/index.js";

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
    "conv column sharing",
    "pool-relu gradient fusion",
    "pool-argmax routing",
    "bias-relu epilogue fusion",
    "conv-pool fusion",
    "elementwise fusion",
    "dead code",
  ]);
  assert.match(report.passes[0]!.did, /folded 1 node \(mul\)/);
  assert.match(report.passes[1]!.did, /x·1 → x/);
  assert.match(report.passes[2]!.did, /merged 1 node \(relu\)/);
  assert.match(report.passes[9]!.did, /fused 4 nodes into 1 kernel/);
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
