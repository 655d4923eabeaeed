import { test } from "node:test";
import assert from "node:assert/strict";
import { grads, setBackend, getBackend, randomNormal, relu, matmul, conv2d, maxPool2d, type Tensor } from "../../../kernel/src/index.js";
import { biasReluEpilogue } from "../../../kernel/src/graph/passes/bias-relu-epilogue.js";
import { convColumns } from "../../../kernel/src/graph/passes/conv-columns.js";
import { deadCode } from "../../../kernel/src/graph/passes/dead-code.js";
import { optimizeGraph } from "../../../kernel/src/graph/passes/optimize.js";
import { assertClose, opsOf, traced } from "./helpers.js";
import { KERNELLESS } from "../../helpers/kernelless-backend.js";
import { asyncOnlyBackend } from "../../helpers/async-backend.js";

/** A dense relu layer's output and the gradients of its weights, bias and input for an upstream gradient g. */
const dense = (x: Tensor, w: Tensor, b: Tensor, g: Tensor) => {
  let y: Tensor | undefined;
  const gradients = grads((p: Tensor, q: Tensor, r: Tensor) => (y = relu(matmul(p, q).add(r))).mul(g).sum())(x, w, b);
  return [y!, ...gradients];
};

// Sizes past the GEMM's 4×8 tiles in both directions, and with a partial edge tile.
const [x0, w0, b0, g0] = [randomNormal([13, 21], { seed: 1 }), randomNormal([21, 19], { seed: 2 }), randomNormal([19], { seed: 3 }), randomNormal([13, 19], { seed: 4 })];
const feeds = { arg0: x0, arg1: w0, arg2: b0, arg3: g0 };

test("matmul → bias → relu becomes one matmulBiasRelu; relu's mask reads its output; values and gradients agree with eager mode", () => {
  const graph = traced(dense, x0, w0, b0, g0);
  const before = graph.run(feeds);
  const report = graph.optimize([biasReluEpilogue, deadCode]);
  assert.equal(report.passes[0]!.did, "fused 1 matmul → bias → relu chain into one GEMM each; 1 relu mask now read relu's output");
  assert.equal(report.nodesAfter, report.nodesBefore - 2);
  const ops = opsOf(graph);
  assert.equal(ops.filter((op) => op === "matmulBiasRelu").length, 1);
  assert.equal(ops.filter((op) => op === "relu").length, 0);
  assertClose(graph.run(feeds), before, 1e-6);
  assertClose(graph.run(feeds), dense(x0, w0, b0, g0), 1e-5);
});

test("a conv made a GEMM by column sharing fuses through its reshape; the default passes run both", () => {
  const x = randomNormal([2, 6, 5, 3], { seed: 5 });
  const w = randomNormal([3, 3, 3, 8], { seed: 6 });
  const b = randomNormal([8], { seed: 7 });
  const layer = (p: Tensor, q: Tensor, r: Tensor) => relu(conv2d(p, q).add(r));
  const step = (p: Tensor, q: Tensor, r: Tensor) => [layer(p, q, r), ...grads((s: Tensor, t: Tensor) => layer(s, t, r).square().sum())(p, q)];
  const graph = traced(step, x, w, b);
  const before = graph.run({ arg0: x, arg1: w, arg2: b });
  graph.optimize([convColumns, biasReluEpilogue, deadCode]);
  assert.ok(opsOf(graph).includes("matmulBiasRelu"), opsOf(graph).join(", "));
  assertClose(graph.run({ arg0: x, arg1: w, arg2: b }), before, 1e-5);
  const again = traced(step, x, w, b);
  assert.match(optimizeGraph(again.ir).toString(), /bias-relu epilogue fusion .* fused 1 matmul → bias → relu chain/);
  assertClose(again.run({ arg0: x, arg1: w, arg2: b }), before, 1e-5);
});

test("on a backend that reads asynchronously (as webgpu), relu's mask still compares with the literal 0: the chain fuses", (t) => {
  const previous = getBackend().name;
  setBackend(asyncOnlyBackend());
  t.after(() => setBackend(previous));
  const graph = traced(dense, x0, w0, b0, g0);
  assert.equal(graph.optimize([biasReluEpilogue]).passes[0]!.did, "fused 1 matmul → bias → relu chain into one GEMM each; 1 relu mask now read relu's output");
});

test("a layer without relu (a classifier's logits) gets the GEMM that only adds the bias; values and gradients agree", () => {
  const linear = (x: Tensor, w: Tensor, b: Tensor, g: Tensor) => {
    let y: Tensor | undefined;
    const gradients = grads((p: Tensor, q: Tensor, r: Tensor) => (y = matmul(p, q).add(r)).mul(g).sum())(x, w, b);
    return [y!, ...gradients];
  };
  const graph = traced(linear, x0, w0, b0, g0);
  const before = graph.run(feeds);
  const adds = opsOf(graph).filter((op) => op === "add").length;
  const report = graph.optimize([biasReluEpilogue, deadCode]);
  assert.equal(report.passes[0]!.did, "fused 1 matmul → bias chain into one GEMM each");
  const fused = graph.ir.nodes.filter((n) => n.op.name === "matmulBiasRelu");
  assert.equal(fused.length, 1);
  assert.equal((fused[0]!.attrs as { relu?: boolean }).relu, false);
  assert.equal(opsOf(graph).filter((op) => op === "add").length, adds - 1, "the bias add is gone");
  assertClose(graph.run(feeds), before, 1e-6);
  assert.ok(before[0]!.dataSync().some((v) => v < 0), "negative outputs stay negative");
  const previous = getBackend().name;
  setBackend("cpu-js"); // the reference kernel runs a graph optimised on "cpu" too
  try {
    assertClose(graph.run(feeds), before, 1e-5);
  } finally {
    setBackend(previous);
  }
});

test("it leaves the relu when the sum before it is returned (the sum itself still gets the bias GEMM), and the chain when the bias is not per column, or the backend has no kernel", (t) => {
  const cases: [(x: Tensor, w: Tensor, b: Tensor) => Tensor[], string][] = [
    // z = x·w + b is returned too; the bias has two axes.
    [(x, w, b) => { const z = matmul(x, w).add(b); return [relu(z), z]; }, "fused 1 matmul → bias chain into one GEMM each"],
    [(x, w, b) => [relu(matmul(x, w).add(b.reshape([1, 19])))], "no matmul → bias chains"],
  ];
  for (const [f, did] of cases) {
    const graph = traced(f, x0, w0, b0);
    const before = graph.run({ arg0: x0, arg1: w0, arg2: b0 });
    assert.equal(graph.optimize([biasReluEpilogue]).passes[0]!.did, did);
    assert.ok(opsOf(graph).includes("relu"));
    assertClose(graph.run({ arg0: x0, arg1: w0, arg2: b0 }), before, 0);
  }
  const previous = getBackend().name;
  setBackend(KERNELLESS);
  t.after(() => setBackend(previous));
  assert.equal(traced(dense, x0, w0, b0, g0).optimize([biasReluEpilogue]).passes[0]!.did, `skipped: the ${KERNELLESS} backend has no matmulBiasRelu kernel`);
});

test("a conv layer's step optimised on cpu (im2col, matmulBiasRelu, maxPoolArgmax, maxPoolArgmaxGrad) runs on cpu-js's reference kernels with eager mode's values", (t) => {
  const previous = getBackend().name;
  t.after(() => setBackend(previous));
  setBackend("cpu");
  const [x, w, b, g] = [randomNormal([2, 8, 8, 3], { seed: 8 }), randomNormal([3, 3, 3, 4], { seed: 9 }), randomNormal([4], { seed: 10 }), randomNormal([2, 3, 3, 4], { seed: 11 })];
  const layer = (p: Tensor, q: Tensor, r: Tensor) => maxPool2d(relu(conv2d(p, q).add(r)), 2);
  const step = (p: Tensor, q: Tensor, r: Tensor, s: Tensor) => [layer(p, q, r), ...grads((u: Tensor, v: Tensor) => layer(p, u, v).mul(s).sum())(q, r)];
  const graph = traced(step, x, w, b, g);
  graph.optimize();
  for (const op of ["im2col", "matmulBiasRelu", "maxPoolArgmax", "maxPoolArgmaxGrad"]) assert.ok(opsOf(graph).includes(op), `${op} in ${opsOf(graph).join(", ")}`);
  setBackend("cpu-js");
  assertClose(graph.run({ arg0: x, arg1: w, arg2: b, arg3: g }), step(x, w, b, g), 1e-5);
  assert.match(traced(step, x, w, b, g).optimize().toString(), /bias-relu epilogue fusion .*skipped: matmulBiasRelu on cpu-js is a reference kernel/);
});
