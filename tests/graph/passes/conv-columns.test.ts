import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { grads, jit, setBackend, getBackend, randomNormal, conv2d, relu, maxPool2d, loadGraph, type Tensor } from "../../../kernel/src/index.js";
import { convColumns } from "../../../kernel/src/graph/passes/conv-columns.js";
import { commonSubexpressions } from "../../../kernel/src/graph/passes/common-subexpressions.js";
import { deadCode } from "../../../kernel/src/graph/passes/dead-code.js";
import { optimizeGraph } from "../../../kernel/src/graph/passes/optimize.js";
import { assertClose, opsOf, traced } from "./helpers.js";
import { KERNELLESS } from "../../helpers/kernelless-backend.js";

/** A conv layer's output and its input's and filter's gradients for an upstream gradient g. */
const convStep = (options: { strides?: number; padding?: "same" | "valid" }) => (x: Tensor, w: Tensor, g: Tensor) => {
  const [dx, dw] = grads((p: Tensor, q: Tensor) => conv2d(p, q, options).mul(g).sum())(x, w);
  return [conv2d(x, w, options), dx!, dw!];
};

const x0 = randomNormal([2, 7, 6, 3], { seed: 1 });
const w0 = randomNormal([3, 2, 3, 5], { seed: 2 });

test("a convolution and its filter gradient share one im2col; outputs and gradients agree with eager mode", () => {
  for (const options of [{}, { strides: 2, padding: "same" as const }]) {
    const g0 = randomNormal(conv2d(x0, w0, options).shape, { seed: 3 });
    const graph = traced(convStep(options), x0, w0, g0);
    const report = graph.optimize([convColumns, deadCode]);
    assert.equal(report.passes[0]!.did, "shared the column matrix of 1 conv2d / filter-gradient pair");
    const ops = opsOf(graph);
    assert.deepEqual(ops.filter((op) => op === "conv2d" || op === "conv2dBackpropFilter"), []);
    assert.equal(ops.filter((op) => op === "im2col").length, 1);
    assert.equal(ops.filter((op) => op === "matmul").length, 2);
    assert.equal(report.nodesAfter, report.nodesBefore + 5); // 2 ops → im2col, 2 matmuls, 4 reshapes
    assertClose(graph.run({ arg0: x0, arg1: w0, arg2: g0 }), convStep(options)(x0, w0, g0), 1e-5);
  }
});

test("the default passes share the columns; a conv without its filter gradient keeps its op", () => {
  const g0 = randomNormal(conv2d(x0, w0).shape, { seed: 3 });
  const graph = traced(convStep({}), x0, w0, g0);
  assert.match(optimizeGraph(graph.ir).toString(), /conv column sharing .* shared the column matrix of 1 conv2d \/ filter-gradient pair/);
  assertClose(graph.run({ arg0: x0, arg1: w0, arg2: g0 }), convStep({})(x0, w0, g0), 1e-5);
  const inference = traced((x: Tensor, w: Tensor) => conv2d(x, w).relu(), x0, w0);
  assert.equal(inference.optimize([convColumns, commonSubexpressions]).passes[0]!.did, "no convolution with its filter gradient");
  assert.ok(opsOf(inference).includes("conv2d"));
});

test("the report shows the memory sharing costs: the column matrix lives from the forward pass to the backward one", () => {
  const g0 = randomNormal(conv2d(x0, w0).shape, { seed: 3 });
  const report = traced(convStep({}), x0, w0, g0).optimize([convColumns, deadCode]);
  const [sharing, dead] = report.passes;
  assert.ok(sharing!.peakBytesAfter > report.peakBytesBefore, `peak ${report.peakBytesBefore} → ${sharing!.peakBytesAfter}`);
  const line = (pass: string) => report.toString().split("\n").find((l) => l.includes(pass))!;
  assert.match(line("conv column sharing"), /; peak memory [\d.]+ KiB → [\d.]+ KiB \(/);
  assert.equal(dead!.peakBytesAfter, report.peakBytesAfter);
  assert.doesNotMatch(line("dead code"), /peak memory/, "a pass that leaves the peak alone says nothing about it");
});

test("a step of unknown batch size (fit's compiled step) shares the columns too, and runs for every batch size as eager mode does", () => {
  // The filter is captured: only x's first dimension is the batch.
  const step = (x: Tensor) => {
    const [dx, dw] = grads((p: Tensor, q: Tensor) => relu(conv2d(p, q)).square().sum())(x, w0);
    return [conv2d(x, w0), dx!, dw!];
  };
  let did = "";
  const f = jit(step, { batchPolymorphic: true, onTrace: (graph) => void (did = graph.optimize([convColumns, deadCode]).passes[0]!.did) });
  for (const batch of [2, 3, 2]) {
    const x = randomNormal([batch, 7, 6, 3], { seed: 20 + batch });
    assertClose(f(x), step(x), 1e-4);
  }
  assert.equal(f.traceCount, 1);
  assert.equal(f.graphs[0]!.hasUnknownBatch, true);
  assert.equal(did, "shared the column matrix of 1 conv2d / filter-gradient pair");
  assert.equal(opsOf(f.graphs[0]!).filter((op) => op === "im2col").length, 1);
});

test("a backend without an im2col kernel keeps the convolutions", (t) => {
  const previous = getBackend().name;
  setBackend(KERNELLESS);
  t.after(() => setBackend(previous));
  const g0 = randomNormal(conv2d(x0, w0).shape, { seed: 3 });
  const graph = traced(convStep({}), x0, w0, g0);
  assert.equal(graph.optimize([convColumns]).passes[0]!.did, `skipped: the ${KERNELLESS} backend has no im2col kernel`);
  assert.ok(opsOf(graph).includes("conv2dBackpropFilter"));
});

test("an optimised CNN training-step graph (im2col, maxPoolReluGrad) saves and loads with the same outputs", () => {
  const x = randomNormal([2, 8, 8, 3], { seed: 4 });
  const w = randomNormal([3, 3, 3, 4], { seed: 5 });
  const g = randomNormal([2, 3, 3, 4], { seed: 6 });
  const step = (input: Tensor, filter: Tensor, upstream: Tensor) => grads((p: Tensor, q: Tensor) => maxPool2d(relu(conv2d(p, q)), 2).mul(upstream).sum())(input, filter);
  const graph = traced(step, x, w, g);
  graph.optimize();
  assert.ok(["im2col", "maxPoolReluGrad"].every((op) => opsOf(graph).includes(op)), opsOf(graph).join(", "));
  const expected = graph.run({ arg0: x, arg1: w, arg2: g });
  const dir = mkdtempSync(join(tmpdir(), "gradbook-conv-columns-"));
  try {
    graph.save(dir);
    assertClose(loadGraph(dir).run({ arg0: x, arg1: w, arg2: g }), expected, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
