import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, variable, variableGrads, SGD, type Tensor } from "../../../kernel/src/index.js";
import { gradientFlow } from "../../../kernel/src/viz/gradflow/gradient-flow.js";
import { gradientFlowPlot } from "../../../kernel/src/viz/gradflow/gradient-flow-plot.js";
import { mimeTypeOf, validatePayload, type GradFlowPayload } from "../../../kernel/src/viz/payloads.js";
import { smallProblem } from "../helpers/fit.js";
import { fakeClock, recordingSink } from "../helpers/sink.js";

const MIME = mimeTypeOf("gradflow");

function checked(bundle: Record<string, unknown>): GradFlowPayload {
  const result = validatePayload("gradflow", bundle[MIME]);
  assert.ok(result.ok, result.ok ? "" : result.reason);
  for (const type of ["image/svg+xml", "text/html", "text/plain"]) assert.equal(typeof bundle[type], "string");
  assert.ok(!/<script/i.test(bundle["text/html"] as string));
  return result.payload;
}

const norm = (t: Tensor) => Math.hypot(...(t.dataSync() as Float32Array));

test("the manual API records per-layer ‖g‖, mean/max |g| and the update ratio of each step", () => {
  const w1 = variable(tensor([[1, -2], [0.5, 3]]), { name: "a/kernel" });
  const b1 = variable(tensor([0.1, 0.2]), { name: "a/bias" });
  const w2 = variable(tensor([[2], [-1]]), { name: "b/kernel" });
  const vars = [w1, b1, w2];
  const x = tensor([[1, 2], [3, -1]]);
  const opt = new SGD({ learningRate: 0.01 });
  const flow = gradientFlowPlot({ display: false });
  const expected: { norms: number[]; ratio: number }[] = [];
  for (let step = 0; step < 3; step++) {
    const { grads } = variableGrads(() => x.matmul(w1).add(b1).tanh().matmul(w2).square().mean(), vars);
    const before = [w1, b1].map((v) => v.value.dataSync().slice());
    flow.beforeStep(vars);
    opt.step(grads, vars);
    flow.afterStep(grads, vars);
    const delta = [w1, b1].map((v, k) => Math.hypot(...(v.value.dataSync() as Float32Array).map((a, i) => a - before[k]![i]!)));
    expected.push({ norms: [Math.hypot(norm(grads[0]!), norm(grads[1]!)), norm(grads[2]!)], ratio: Math.hypot(...delta) / Math.hypot(...before.flatMap((b) => [...b])) });
    if (step === 0) {
      const all = [...(grads[0]!.dataSync() as Float32Array), ...(grads[1]!.dataSync() as Float32Array)].map(Math.abs);
      const h = flow.history();
      assert.ok(Math.abs(h.meanAbsGrad[0]![0]! - all.reduce((s, v) => s + v, 0) / all.length) < 1e-6);
      assert.ok(Math.abs(h.maxAbsGrad[0]![0]! - Math.max(...all)) < 1e-6);
    }
  }
  const h = flow.history();
  assert.deepEqual(h.layers, ["a", "b"]);
  assert.deepEqual(h.steps, [0, 1, 2]);
  expected.forEach((e, s) => {
    assert.ok(Math.abs(h.gradNorm[0]![s]! - e.norms[0]!) < 1e-5, `layer a step ${s}`);
    assert.ok(Math.abs(h.gradNorm[1]![s]! - e.norms[1]!) < 1e-5, `layer b step ${s}`);
    assert.ok(Math.abs(h.updateRatio[0]![s]! - e.ratio) < 1e-5, `update ratio step ${s}`);
  });
  const payload = checked(flow.bundle());
  assert.deepEqual(payload.thresholds, { vanishing: 1e-5, exploding: 1e3 });
  assert.equal(payload.histograms.length, 2, "weights and gradients of the first layer");
  assert.deepEqual(payload.histograms.map((x) => x.of), ["weights", "gradients"]);
  const weights = payload.histograms[0]!;
  assert.equal(weights.binEdges.length, 31);
  assert.ok(weights.counts.every((c) => c.reduce((s, v) => s + v, 0) === 6), "every weight counted once");
});

test("vanishing and exploding layers are flagged with the thresholds in the payload", () => {
  const flow = gradientFlowPlot({ display: false, thresholds: { vanishing: 1e-4, exploding: 10 } });
  for (let step = 0; step < 10; step++) {
    flow.recordLayers(step, [
      { layer: "deep", grads: [new Float32Array([1e-6, -1e-6])] },
      { layer: "mid", grads: [new Float32Array([0.5])] },
      { layer: "head", grads: [new Float32Array(step < 5 ? [1] : [100, 100])] },
    ]);
  }
  const payload = checked(flow.bundle());
  assert.deepEqual(payload.thresholds, { vanishing: 1e-4, exploding: 10 });
  // One flag per flagged column (the view marks and counts each).
  assert.deepEqual(payload.flags, [
    ...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((step) => ({ layer: "deep", kind: "vanishing", step })),
    ...[5, 6, 7, 8, 9].map((step) => ({ layer: "head", kind: "exploding", step })),
  ]);
  const plain = flow.bundle()["text/plain"] as string;
  assert.match(plain, /deep: vanishing from step 0\nhead: exploding from step 5$/, "the text names where each run of flags starts");
  assert.match(flow.bundle()["image/svg+xml"] as string, /vanishing below 1\.00e-4/);
});

test("long runs are bucketed into columns, keeping the payload small", () => {
  const flow = gradientFlowPlot({ display: false });
  for (let step = 0; step < 5000; step++) {
    flow.recordLayers(step, Array.from({ length: 10 }, (_, l) => ({ layer: `layer${l}`, grads: [new Float32Array([Math.sin(step) + 2, l])], weightsBefore: [new Float32Array([1, 1])], weightsAfter: [new Float32Array([1.01, 1])] })));
  }
  const payload = checked(flow.bundle());
  assert.equal(payload.steps.length, 150);
  assert.equal(payload.steps.at(-1), 4999);
  assert.ok(payload.gradNorm.every((row) => row.length === 150));
  assert.ok(Math.abs(payload.updateRatio[0]![0]! - 0.01 / Math.SQRT2) < 1e-4);
  assert.ok(JSON.stringify(payload).length < 100 * 1024);
});

test("gradientFlow inside a real fit sees the same gradients the optimizer used", async () => {
  const { model, x, y, optimizer } = smallProblem();
  const { sent, restore } = recordingSink();
  const clock = fakeClock();
  try {
    const callback = gradientFlow({ histogramLayers: "hidden", now: clock.now });
    // Recompute the first batch's gradients by hand, before training changes the weights.
    const firstBatch = variableGrads(() => {
      const xb = x.slice([0, 0], [16, 3]);
      const yb = y.slice([0, 0], [16, 1]);
      return (model.apply(xb) as Tensor).sub(yb).square().mean(-1).mean();
    }, model.trainableWeights);
    const hiddenNorm = Math.hypot(norm(firstBatch.grads[0]!), norm(firstBatch.grads[1]!));
    void optimizer;
    await model.fit(x, y, { epochs: 2, batchSize: 16, shuffle: false, verbose: 0, callbacks: [callback] });
    const h = callback.plot.history();
    assert.deepEqual(h.layers, ["hidden", "out"]);
    assert.equal(h.steps.length, 8);
    assert.ok(Math.abs(h.gradNorm[0]![0]! - hiddenNorm) < 1e-5 * Math.max(1, hiddenNorm), `${h.gradNorm[0]![0]} vs ${hiddenNorm}`);
    assert.ok(h.updateRatio[0]!.every((r) => r > 0 && r < 1));
    assert.ok(model.trainableWeights.every((w) => w.value.gradHooks.length === 0), "hooks are removed");
    assert.ok(sent.length >= 1 && new Set(sent.map((s) => s.displayId)).size === 1);
    const last = checked(sent.at(-1)!.data);
    assert.equal(last.steps.at(-1), 7);
    assert.deepEqual(last.histograms.map((hh) => hh.layer), ["hidden", "hidden"]);
  } finally {
    restore();
  }
});

test("layer names are escaped", () => {
  const flow = gradientFlowPlot({ display: false, title: "<script>x</script>" });
  flow.recordLayers(0, [{ layer: "<script>alert(1)</script>", grads: [new Float32Array([1])] }]);
  const bundle = flow.bundle();
  checked(bundle);
  for (const type of ["image/svg+xml", "text/html"]) {
    assert.ok(!(bundle[type] as string).includes("<script"), type);
    assert.ok((bundle[type] as string).includes("&lt;script&gt;"), type);
  }
});
