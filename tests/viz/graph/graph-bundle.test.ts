import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, variable, gradient, nameScope, sequential, Dense, type Tensor } from "../../../kernel/src/index.js";
import { graphBundle, showGraph, graphSvg } from "../../../kernel/src/viz/graph/graph-bundle.js";
import { graphPayload } from "../../../kernel/src/viz/graph/graph-payload.js";
import { mimeTypeOf, validatePayload, type GraphPayload } from "../../../kernel/src/viz/payloads.js";
import { recordingSink } from "../helpers/sink.js";

const MIME = mimeTypeOf("graph");

function checked(bundle: Record<string, unknown>): GraphPayload {
  const result = validatePayload("graph", bundle[MIME]);
  assert.ok(result.ok, result.ok ? "" : result.reason);
  for (const type of ["image/svg+xml", "text/html", "text/plain"]) assert.equal(typeof bundle[type], "string");
  assert.ok(!/<script/i.test(bundle["text/html"] as string));
  return result.payload;
}

test("a tensor's graph has ops with shapes, dtypes, attrs and value summaries", () => {
  const x = tensor([[1, 2, 3]]);
  const w = variable(tensor([[1], [0], [-1]]), { name: "w" });
  const y = x.matmul(w).relu();
  const payload = checked(graphBundle(y));
  assert.deepEqual(payload.nodes.map((n) => n.op), ["tensor", "variable", "matmul", "relu"]);
  const matmul = payload.nodes.find((n) => n.op === "matmul")!;
  assert.deepEqual(matmul.outputs, [{ shape: [1, 1], dtype: "float32" }]);
  assert.deepEqual(matmul.value, { min: -2, max: -2, mean: -2, std: 0, values: [-2] });
  assert.equal(payload.nodes.find((n) => n.op === "variable")!.label, "w");
  assert.deepEqual(payload.outputs, [payload.nodes.at(-1)!.id]);
  assert.equal(payload.edges.length, 3);
  assert.ok(payload.edges.every((e) => e.gradNorm === undefined));
});

test("showGraph labels a named leaf with its name and an unnamed one as tensor", () => {
  const x = tensor([[1, 2]], { name: "features" });
  const payload = checked(graphBundle(x.matmul(tensor([[1], [1]]))));
  assert.deepEqual(payload.nodes.filter((n) => n.kind === "leaf").map((n) => n.label), ["features", "tensor"]);
  assert.match(graphSvg(payload), />features</);
});

test("large values get statistics only", () => {
  const big = tensor(Array.from({ length: 100 }, (_, i) => i)).mul(2);
  const node = graphPayload(big).nodes.at(-1)!;
  assert.equal(node.value!.values, undefined);
  assert.equal(node.value!.max, 198);
  assert.equal(node.value!.mean, 99);
});

test("a function is traced on its inputs, which are marked as inputs", () => {
  const payload = graphPayload((a: Tensor, b: Tensor) => a.mul(b).sum(), { inputs: [tensor([1, 2]), tensor([3, 4])] });
  assert.deepEqual(payload.nodes.filter((n) => n.op === "input").map((n) => n.label), ["input 0", "input 1"]);
  assert.equal(payload.nodes.at(-1)!.value!.values![0], 11);
  assert.throws(() => graphPayload((a: Tensor) => a.neg()), /inputs/);
});

test("a small model's graph groups its nodes (weights included) by layer scope", () => {
  const model = sequential([new Dense({ units: 4, activation: "relu", inputShape: [3], name: "hidden" }), new Dense({ units: 2, name: "out" })], { name: "mlp" });
  const payload = checked(graphBundle(model));
  const scopes = new Set(payload.nodes.map((n) => n.scope.join("/")));
  assert.ok(scopes.has("mlp/hidden") && scopes.has("mlp/out"), [...scopes].join(", "));
  const hiddenOps = payload.nodes.filter((n) => n.scope.join("/") === "mlp/hidden").map((n) => n.op);
  assert.ok(hiddenOps.includes("matmul") && hiddenOps.includes("relu"), hiddenOps.join(", "));
  const kernel = payload.nodes.find((n) => n.label === "hidden/kernel")!;
  assert.deepEqual(kernel.scope, ["mlp", "hidden"], "a layer's weight sits in its layer's group");
  assert.deepEqual(payload.nodes.at(-1)!.outputs[0]!.shape, [1, 2]);
  const svg = graphBundle(model)["image/svg+xml"] as string;
  assert.match(svg, /class="gb-scope"[^]*mlp\/hidden/);
});

test("a model traced on made-up zeros keeps its weights' values only and says its inputs are symbolic; a real batch gives values", () => {
  const model = sequential([new Dense({ units: 4, activation: "relu", inputShape: [3], name: "hidden" })], { name: "mlp" });
  const zerosTrace = graphPayload(model);
  assert.equal(zerosTrace.symbolicInputs, true);
  assert.ok(zerosTrace.nodes.find((n) => n.label === "hidden/kernel")!.value, "weights keep their statistics");
  assert.ok(zerosTrace.nodes.filter((n) => n.kind === "op").every((n) => n.value === undefined), "no min 0, max 0 on ops traced on zeros");
  const real = graphPayload(model, { inputs: tensor([[1, -2, 3]]) });
  assert.equal(real.symbolicInputs, undefined);
  assert.ok(real.nodes.filter((n) => n.kind === "op").every((n) => n.value !== undefined));
});

test("in the static SVG a scope's frames hold its own nodes only: frames never overlap, and no other node lies inside one", () => {
  const model = sequential([
    new Dense({ units: 4, activation: "relu", inputShape: [3], name: "a" }),
    new Dense({ units: 4, activation: "tanh", name: "b" }),
    new Dense({ units: 2, name: "c" }),
  ], { name: "m" });
  const payload = graphPayload(model, { inputs: tensor([[1, 2, 3]]) });
  const svg = graphSvg(payload);
  const rects = (pattern: RegExp) => [...svg.matchAll(pattern)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), w: Number(m[3]), h: Number(m[4]) }));
  const frames = rects(/<g class="gb-scope"><rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.-]+)" height="([\d.-]+)"/g);
  const boxes = rects(/<g class="gb-node">(?:<title>[^<]*<\/title>)?<rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.-]+)" height="([\d.-]+)"/g);
  assert.ok(frames.length > 0 && boxes.length === payload.nodes.length, `${frames.length} frames, ${boxes.length} boxes`);
  const overlap = (a: typeof frames[number], b: typeof frames[number]) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  frames.forEach((a, i) => frames.slice(i + 1).forEach((b) => assert.ok(!overlap(a, b), `frames overlap: ${JSON.stringify([a, b])}`)));
  const framed = boxes.filter((box) => frames.some((frame) => overlap(frame, box)));
  assert.equal(framed.length, payload.nodes.filter((n) => n.scope.length > 0).length, "exactly the scoped nodes are framed");
});

test("after a backward pass edges carry the autograd gradient norms", () => {
  const x = tensor([[0.5, -1, 2]]);
  const w = variable(tensor([[1, 2], [3, -1], [0.5, 0.25]]), { name: "w" });
  const b = variable(tensor([0.1, -0.2]), { name: "b" });
  const h = nameScope("layer", () => x.matmul(w).add(b));
  const loss = h.tanh().square().sum();
  const payload = checked(graphBundle(loss, { gradients: true }));
  // Separately: asking for h's gradient stops the backward pass at h.
  const [dh] = gradient(loss, [h]);
  const [dw, db] = gradient(loss, [w, b]);
  const norm = (t: Tensor) => Math.hypot(...(t.dataSync() as Float32Array));
  const edgeFrom = (tensorNode: string) => payload.edges.find((e) => e.from === tensorNode)!;
  const idOf = (t: Tensor) => (t.node ? `n${t.node.id}` : `t${t.id}`);
  assert.ok(Math.abs(edgeFrom(idOf(h)).gradNorm! - norm(dh!)) < 1e-5 * Math.max(1, norm(dh!)));
  assert.ok(Math.abs(edgeFrom(idOf(w.value)).gradNorm! - norm(dw!)) < 1e-5 * Math.max(1, norm(dw!)));
  assert.ok(Math.abs(edgeFrom(idOf(b.value)).gradNorm! - norm(db!)) < 1e-5 * Math.max(1, norm(db!)));
  assert.ok(payload.edges.every((e) => typeof e.gradNorm === "number"), "every float edge has a norm");
  assert.equal(w.value.gradHooks.length, 0, "the temporary hooks are removed");
  assert.match(graphBundle(loss, { gradients: true })["image/svg+xml"] as string, /‖grad‖/);
});

test("names and titles are escaped in the SVG and HTML", () => {
  const w = variable(tensor([1, 2]), { name: "<script>alert(1)</script>" });
  const bundle = graphBundle(w.value.mul(2), { title: "<script>t</script>" });
  checked(bundle);
  for (const type of ["image/svg+xml", "text/html"]) {
    assert.ok(!(bundle[type] as string).includes("<script"), type);
    assert.ok((bundle[type] as string).includes("&lt;script&gt;"), type);
  }
});

test("a large graph collapses scopes into boxes in the SVG and showGraph displays the bundle", () => {
  let x: Tensor = tensor([1, 2, 3]);
  for (let i = 0; i < 60; i++) x = nameScope(`block${i}`, () => x.mul(1.01).add(0.1).tanh());
  const payload = graphPayload(x);
  assert.ok(payload.nodes.length > 120);
  const svg = graphSvg(payload);
  assert.match(svg, /each scope drawn as one box/);
  assert.equal((svg.match(/class="gb-node"/g) ?? []).length, 60 + 1, "one box per block (its constants inside), plus the input");
  const { sent, restore } = recordingSink();
  try {
    showGraph(x);
    assert.equal(sent.length, 1);
    assert.ok(sent[0]!.data[MIME]);
  } finally {
    restore();
  }
});
