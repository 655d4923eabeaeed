import { test } from "node:test";
import assert from "node:assert/strict";
import { argmax, getBackend, grads, mean, randomNormal, setBackend, sparseCategoricalCrossentropy, tensor, type Graph, type Tensor } from "../../../kernel/src/index.js";
import { softmaxCrossEntropyFusion } from "../../../kernel/src/graph/passes/softmax-cross-entropy.js";
import { sparseCrossEntropyFusion } from "../../../kernel/src/graph/passes/sparse-cross-entropy.js";
import { DEFAULT_PASSES } from "../../../kernel/src/graph/passes/optimize.js";
import { commonSubexpressions } from "../../../kernel/src/graph/passes/common-subexpressions.js";
import { assertClose, assertReferenceRun, opsOf, traced } from "./helpers.js";
import { KERNELLESS } from "../../helpers/kernelless-backend.js";

// Softmax cross-entropy fusion: logSoftmax(z) read only by the fused loss and its gradient
// becomes one softmaxCrossEntropy node, which takes each exp once. The loss is the unfused
// graph's bit for bit on "cpu" (the same log-softmax); the gradient's probabilities are
// softmax(z) (autograd's) instead of exp(logSoftmax(z)) (the algebraic pass's rewrite),
// within float32 rounding of them. cpu-js's reference kernel gives eager mode's values.

const withoutPass = DEFAULT_PASSES.filter((p) => p !== softmaxCrossEntropyFusion);

/** A classifier's mean loss and its gradient with respect to the logits (the gradient's upstream value is a constant: −1/rows). */
const meanLossAndGradient = (z: Tensor, labels: Tensor) => {
  const loss = (p: Tensor) => mean(sparseCategoricalCrossentropy(labels, p, { fromLogits: true }));
  return [loss(z), grads(loss)(z)[0]!];
};

/** Logits [rows, classes] (with a NaN in row 1 where asked) and labels. */
function inputs(rows: number, classes: number, seed: number, nan = false): [Tensor, Tensor] {
  const values = Array.from(randomNormal([rows, classes], { seed }).mul(3).dataSync());
  if (nan) values[classes + 1] = Number.NaN;
  const labels = Array.from({ length: rows }, (_, i) => (i * 7 + seed) % classes);
  return [tensor(values, { shape: [rows, classes] }), tensor(labels, { dtype: "int32" })];
}

const feeds = (args: readonly Tensor[]) => Object.fromEntries(args.map((t, k) => [`arg${k}`, t]));

/** Asserts that every node of `graph` reads only values made before it (by sources or earlier nodes). */
function assertMadeBeforeRead(graph: Graph): void {
  const made = new Set<number>();
  for (const node of graph.ir.nodes) {
    for (const v of node.inputs) assert.ok(made.has(v), `${node.op.name} reads ${v} before it is made`);
    node.outputs.forEach((v) => made.add(v));
  }
}

test("logSoftmax, the loss and its gradient become one node: the loss bit for bit, the gradient within rounding (NaN, many classes)", (t) => {
  const previous = getBackend().name;
  t.after(() => setBackend(previous));
  setBackend("cpu");
  const cases: [string, [Tensor, Tensor]][] = [
    ["the MLP's 128 rows of 10 classes", inputs(128, 10, 1)],
    ["7 rows of 3 classes", inputs(7, 3, 2)],
    ["a NaN in a row", inputs(5, 4, 3, true)],
    ["300 classes", inputs(6, 300, 4)],
  ];
  for (const [label, args] of cases) {
    const fused = traced(meanLossAndGradient, ...args);
    assert.match(fused.optimize().toString(), /softmax cross-entropy fusion .* fused 1 log-softmax with its loss and gradient \(3 nodes into 1\)/, label);
    const ops = opsOf(fused);
    assert.ok(ops.includes("softmaxCrossEntropy"), `${label}: ${ops.join(", ")}`);
    assert.deepEqual(ops.filter((op) => ["logSoftmax", "sparseCrossEntropy", "sparseCrossEntropyGrad", "exp", "softmax"].includes(op)), [], label);
    const unfused = traced(meanLossAndGradient, ...args);
    unfused.optimize(withoutPass);
    const [loss, dz] = fused.run(feeds(args));
    const [lossBefore, dzBefore] = unfused.run(feeds(args));
    assert.ok(Object.is(loss!.item(), lossBefore!.item()), `${label}: loss ${loss!.item()}, unfused ${lossBefore!.item()}`);
    assertClose([dz!], [dzBefore!], 1e-6);
    if (label.includes("NaN")) {
      const row = Array.from(dz!.dataSync()).slice(4, 8);
      assert.ok(row.every(Number.isNaN) && Number.isNaN(loss!.item()), `${label}: the row's gradient and the loss are NaN`);
    }
    // The same graph on cpu-js's reference kernel gives eager mode's values.
    assertReferenceRun(fused, feeds(args), () => meanLossAndGradient(...args), 1e-5);
  }
});

test("an upstream gradient computed after the loss from other values (per-sample weights, shared by two heads, or two weightings sharing a node) moves up in graph order and fuses; one computed from the loss itself or from another fused loss, or a log-softmax read elsewhere, is left alone", (t) => {
  const previous = getBackend().name;
  t.after(() => setBackend(previous));
  setBackend("cpu");
  const [z, labels] = inputs(6, 5, 5);
  const weights = randomNormal([6], { seed: 9 });
  const perSample = (p: Tensor, y: Tensor) => sparseCategoricalCrossentropy(y, p, { fromLogits: true });
  const upToThisPass = [...DEFAULT_PASSES.slice(0, DEFAULT_PASSES.indexOf(sparseCrossEntropyFusion) + 1), softmaxCrossEntropyFusion];
  const weighted = (p: Tensor, y: Tensor, s: Tensor) => [perSample(p, y), grads((q: Tensor) => perSample(q, y).mul(s).sum())(p)[0]!];
  const graph = traced(weighted, z, labels, weights);
  const before = graph.run(feeds([z, labels, weights]));
  assert.equal(graph.optimize(upToThisPass).passes.at(-1)!.did, "fused 1 log-softmax with its loss and gradient (3 nodes into 1)");
  assertMadeBeforeRead(graph);
  assertClose(graph.run(feeds([z, labels, weights])), before, 1e-6);
  // Two heads weighted alike: their upstream gradients share nodes, which move once, before the first loss.
  const [z2, labels2] = inputs(6, 5, 6);
  const twoHeads = (p: Tensor, q: Tensor, y1: Tensor, y2: Tensor, s: Tensor) => {
    const total = (a: Tensor, b: Tensor) => perSample(a, y1).mul(s).sum().add(perSample(b, y2).mul(s).sum());
    return [total(p, q), ...grads(total)(p, q)];
  };
  const heads = traced(twoHeads, z, z2, labels, labels2, weights);
  const headsBefore = heads.run(feeds([z, z2, labels, labels2, weights]));
  assert.equal(heads.optimize().passes.find((p) => p.pass === softmaxCrossEntropyFusion.name)!.did, "fused 2 log-softmaxes with their losses and gradients (6 nodes into 2)");
  assert.equal(new Set(heads.ir.nodes).size, heads.ir.nodes.length, "no node twice");
  assertMadeBeforeRead(heads);
  assertClose(heads.run(feeds([z, z2, labels, labels2, weights])), headsBefore, 1e-6);
  // A diamond: the loss read by two weighted sums, scaled by w, so the upstream gradient is
  // c·s + c·u over one broadcast c of w (CSE merges the two); the moved nodes keep graph order
  // (c before both products), which walking them back from the gradient would not give.
  const otherWeights = randomNormal([6], { seed: 10 });
  const twoWeightings = (p: Tensor, y: Tensor, s: Tensor, u: Tensor, w: Tensor) => {
    const total = (q: Tensor) => {
      const loss = perSample(q, y);
      return loss.mul(s).sum().add(loss.mul(u).sum()).mul(w);
    };
    return [perSample(p, y), grads(total)(p)[0]!];
  };
  const diamondFeeds = feeds([z, labels, weights, otherWeights, tensor(0.5)]);
  const diamond = traced(twoWeightings, z, labels, weights, otherWeights, tensor(0.5));
  const diamondBefore = diamond.run(diamondFeeds);
  assert.equal(diamond.optimize(upToThisPass).passes.at(-1)!.did, "fused 1 log-softmax with its loss and gradient (3 nodes into 1)");
  assertMadeBeforeRead(diamond);
  assertClose(diamond.run(diamondFeeds), diamondBefore, 1e-6);
  // The first loss weighted by the second's values, made after it: moving the first's upstream
  // gradient up would move the second loss, which its own rewrite replaces; the first is left
  // unfused, the second fuses (no sparse cross-entropy left of it), and the graph stays whole.
  const weightedBySecond = (p: Tensor, q: Tensor, y1: Tensor, y2: Tensor) => {
    const second = perSample(q, y2);
    return [perSample(p, y1), second, grads((a: Tensor) => perSample(a, y1).mul(second).sum())(p)[0]!, grads((b: Tensor) => perSample(b, y2).sum())(q)[0]!];
  };
  const crossFeeds = feeds([z, z2, labels, labels2]);
  const crossed = traced(weightedBySecond, z, z2, labels, labels2);
  const crossedBefore = crossed.run(crossFeeds);
  const withoutAlgebra = [commonSubexpressions, sparseCrossEntropyFusion, softmaxCrossEntropyFusion];
  assert.equal(crossed.optimize(withoutAlgebra).passes.at(-1)!.did, "fused 1 log-softmax with its loss and gradient (3 nodes into 1)");
  const fusedLabels = crossed.ir.nodes.filter((n) => n.op.name === "softmaxCrossEntropy").map((n) => n.inputs[1]);
  const unfusedLabels = crossed.ir.nodes.filter((n) => n.op.name === "sparseCrossEntropy").map((n) => n.inputs[1]);
  assert.equal(fusedLabels.length, 1);
  assert.deepEqual(unfusedLabels, [crossed.ir.nodes.find((n) => n.op.name === "sparseCrossEntropyGrad")!.inputs[1]], "the first loss stays with its gradient");
  assert.notDeepEqual(fusedLabels, unfusedLabels, "the second loss fused");
  assertMadeBeforeRead(crossed);
  assertClose(crossed.run(crossFeeds), crossedBefore, 1e-6);
  const cases: [string, (z: Tensor, labels: Tensor, scale: Tensor) => Tensor[]][] = [
    ["the predictions also read by an argmax of the log-probabilities", (p, y) => [...meanLossAndGradient(p, y), argmax(p.logSoftmax(), -1)]],
    ["an upstream gradient made from the loss (the gradient of Σ loss²)", (p, y) => [perSample(p, y), grads((q: Tensor) => perSample(q, y).square().sum())(p)[0]!]],
  ];
  for (const [label, f] of cases) {
    const left = traced(f, z, labels, weights);
    assert.equal(left.optimize(upToThisPass).passes.at(-1)!.did, "no log-softmax read only by a sparse cross-entropy and its gradient", label);
  }
});

test("a backend without the fused kernel keeps the three ops", (t) => {
  const previous = getBackend().name;
  setBackend(KERNELLESS);
  t.after(() => setBackend(previous));
  const graph = traced(meanLossAndGradient, ...inputs(4, 3, 6));
  assert.equal(graph.optimize([softmaxCrossEntropyFusion]).passes[0]!.did, `skipped: the ${KERNELLESS} backend has no softmaxCrossEntropy kernel`);
});
