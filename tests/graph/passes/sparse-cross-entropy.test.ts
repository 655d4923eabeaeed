import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { grads, getBackend, losses, mean, randomNormal, setBackend, sparseCategoricalCrossentropy, tensor, type Tensor } from "../../../kernel/src/index.js";
import { sparseCrossEntropyFusion } from "../../../kernel/src/graph/passes/sparse-cross-entropy.js";
import { deadCode } from "../../../kernel/src/graph/passes/dead-code.js";
import { optimizeGraph } from "../../../kernel/src/graph/passes/optimize.js";
import { assertClose, opsOf, traced } from "./helpers.js";
import { KERNELLESS } from "../../helpers/kernelless-backend.js";

/** A classifier's loss per sample and its gradient with respect to the logits, scaled by `scale` (the upstream gradient of the loss's sum). */
const lossAndGradient = (z: Tensor, labels: Tensor, scale: Tensor) => {
  const perSample = (p: Tensor) => sparseCategoricalCrossentropy(labels, p, { fromLogits: true });
  return [perSample(z), grads((p: Tensor) => perSample(p).mul(scale).sum())(z)[0]!];
};

const z0 = randomNormal([6, 5], { seed: 1 }).mul(3);
const labels0 = tensor([0, 4, 2, 2, 1, 3], { dtype: "int32" });
const scale0 = randomNormal([6], { seed: 2 });
const feeds = { arg0: z0, arg1: labels0, arg2: scale0 };

test("the loss and its gradient become sparseCrossEntropy and sparseCrossEntropyGrad: no oneHot, softmax or exp left, the same values", () => {
  const graph = traced(lossAndGradient, z0, labels0, scale0);
  const before = graph.run(feeds);
  const report = graph.optimize([sparseCrossEntropyFusion, deadCode]);
  assert.equal(report.passes[0]!.did, "fused 1 loss and 1 gradient (8 nodes into 2)");
  const ops = opsOf(graph);
  assert.deepEqual(ops.filter((op) => op.startsWith("sparseCrossEntropy")).sort(), ["sparseCrossEntropy", "sparseCrossEntropyGrad"]);
  assert.deepEqual(ops.filter((op) => ["oneHot", "exp", "softmax"].includes(op)), []);
  assertClose(graph.run(feeds), before, 1e-6);
  assertClose(graph.run(feeds), lossAndGradient(z0, labels0, scale0), 1e-6);
});

test("property: for any rows, classes, labels (out of range ones too: a zero one-hot row), logits and upstream gradients, the fused ops give what the ops they replace give", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 9 }),
      fc.integer({ min: 2, max: 12 }),
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      fc.double({ min: 0.1, max: 30, noNaN: true }),
      (rows, classes, seed, spread) => {
        const z = randomNormal([rows, classes], { seed }).mul(spread);
        const labels = tensor(Array.from({ length: rows }, (_, i) => ((seed >> i) % (classes + 2)) - 1), { dtype: "int32" });
        const scale = randomNormal([rows], { seed: seed + 1 });
        const graph = traced(lossAndGradient, z, labels, scale);
        const before = graph.run({ arg0: z, arg1: labels, arg2: scale });
        graph.optimize([sparseCrossEntropyFusion, deadCode]);
        assert.ok(opsOf(graph).includes("sparseCrossEntropyGrad"));
        assertClose(graph.run({ arg0: z, arg1: labels, arg2: scale }), before, 1e-6);
      },
    ),
    { numRuns: 40 },
  );
});

test("a NaN or infinity in the upstream gradient or the logits spreads through the row as through the unfused ops", () => {
  const z = tensor([[1, Number.NaN, 0], [2, 1, 0], [Number.POSITIVE_INFINITY, 0, 0]]);
  const labels = tensor([0, 1, 2], { dtype: "int32" });
  const scale = tensor([1, Number.NaN, 2]);
  const graph = traced(lossAndGradient, z, labels, scale);
  const before = graph.run({ arg0: z, arg1: labels, arg2: scale });
  graph.optimize([sparseCrossEntropyFusion, deadCode]);
  assertClose(graph.run({ arg0: z, arg1: labels, arg2: scale }), before, 1e-6);
});

test("sequences: logits [batch, time, classes] with labels [batch, time] fuse too", () => {
  const z = randomNormal([2, 3, 4], { seed: 5 });
  const labels = tensor([[0, 1, 3], [2, 2, 0]], { dtype: "int32" });
  const f = (p: Tensor, y: Tensor) => {
    const loss = (q: Tensor) => mean(sparseCategoricalCrossentropy(y, q, { fromLogits: true }));
    return [loss(p), grads(loss)(p)[0]!];
  };
  const graph = traced(f, z, labels);
  const before = graph.run({ arg0: z, arg1: labels });
  assert.match(optimizeGraph(graph.ir).toString(), /sparse cross-entropy fusion .* fused 1 loss and 1 gradient/);
  assertClose(graph.run({ arg0: z, arg1: labels }), before, 1e-6);
});

test("it leaves other losses alone: probabilities (not logits), float64 logits, a one-hot with other fill values", () => {
  const cases: [string, (z: Tensor, y: Tensor) => Tensor[]][] = [
    ["probabilities", (z, y) => [grads((p: Tensor) => new losses.SparseCategoricalCrossentropy().call(y, p.softmax()).sum())(z)[0]!]],
    ["float64", (z, y) => [grads((p: Tensor) => sparseCategoricalCrossentropy(y, p, { fromLogits: true }).sum())(z.cast("float64"))[0]!]],
    ["label smoothing's fill", (z, y) => [grads((p: Tensor) => p.logSoftmax().mul(y.oneHot(5, 0.9, 0.025)).sum().neg())(z)[0]!]],
  ];
  for (const [name, f] of cases) {
    const graph = traced(f, z0, labels0);
    const before = graph.run({ arg0: z0, arg1: labels0 });
    assert.equal(graph.optimize([sparseCrossEntropyFusion]).passes[0]!.did, "no sparse cross-entropy of logits", name);
    assertClose(graph.run({ arg0: z0, arg1: labels0 }), before, 0);
  }
});

test("a backend without the fused kernels keeps the ops", (t) => {
  const previous = getBackend().name;
  setBackend(KERNELLESS);
  t.after(() => setBackend(previous));
  const graph = traced(lossAndGradient, z0, labels0, scale0);
  assert.equal(graph.optimize([sparseCrossEntropyFusion]).passes[0]!.did, `skipped: the ${KERNELLESS} backend has no sparseCrossEntropy kernel`);
});
