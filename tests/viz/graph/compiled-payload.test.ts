import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, jit, sequential, Dense, Graph, type Tensor } from "../../../kernel/src/index.js";
import { defineOp } from "../../../kernel/src/tensor/op.js";
import { placeholderOp, type GraphIR } from "../../../kernel/src/graph/ir.js";
import { compiledGraphPayload } from "../../../kernel/src/viz/graph/compiled-payload.js";
import { mimeTypeOf, validatePayload, type GraphPayload } from "../../../kernel/src/viz/payloads.js";

const MIME = mimeTypeOf("graph");

function checked(payload: unknown): GraphPayload {
  const result = validatePayload("graph", payload);
  assert.ok(result.ok, result.ok ? "" : result.reason);
  return result.payload;
}

test("a compiled MLP: the placeholder and variables are leaves, layers are scopes, edges follow the graph's values", () => {
  const model = sequential([new Dense({ units: 4, activation: "relu", inputShape: [3] }), new Dense({ units: 2 })]);
  const graph = jit((x: Tensor) => (model.apply(x) as Tensor).mul(2)).graphFor(tensor([[1, 2, 3]]));
  const payload = checked(compiledGraphPayload(graph, { title: "mlp" }));
  assert.equal(payload.title, "mlp");
  const input = payload.nodes.find((n) => n.op === "input")!;
  assert.equal(input.label, "placeholder arg0");
  assert.equal(input.kind, "leaf");
  const variables = payload.nodes.filter((n) => n.op === "variable");
  assert.deepEqual(variables.map((n) => n.label).sort(), model.weights.map((w) => w.name).sort());
  for (const layer of model.layers) {
    const inScope = payload.nodes.filter((n) => n.scope.at(-1) === layer.name);
    assert.ok(inScope.some((n) => n.kind === "op"), `${layer.name} has ops in its scope`);
    assert.ok(inScope.some((n) => n.op === "variable"), `${layer.name}'s weights sit in its scope`);
  }
  const ops = graph.ir.nodes.filter((n) => !n.op.source);
  assert.equal(payload.nodes.filter((n) => n.kind === "op").length, ops.length);
  assert.equal(payload.edges.length, graph.ir.nodes.reduce((a, n) => a + n.inputs.length, 0), "one edge per input of every node");
  const ids = new Set(payload.nodes.map((n) => n.id));
  for (const e of payload.edges) assert.ok(ids.has(e.from) && ids.has(e.to), `edge ${e.from} → ${e.to} joins drawn nodes`);
  const last = payload.nodes.find((n) => n.id === payload.outputs[0])!;
  assert.equal(last.op, "mul");
  const constant = payload.nodes.find((n) => n.label === "constant")!;
  assert.deepEqual(constant.value?.values, [2], "constants carry their values for hover");
});

test("display(graph) draws the compiled graph in the graph view", () => {
  const graph = jit((x: Tensor) => x.square().sum()).graphFor(tensor([1, 2]));
  const bundle = (graph as unknown as Record<symbol, () => Record<string, unknown>>)[Symbol.for("gradbook.mimebundle")]!();
  const payload = checked(bundle[MIME]);
  assert.deepEqual(payload.nodes.filter((n) => n.kind === "op").map((n) => n.op), ["square", "sum"]);
  assert.match(bundle["image/svg+xml"] as string, /<svg/);
  assert.match(bundle["text/plain"] as string, /graph of 3 nodes \(2 ops, 1 leaves\)/);
});

test("a fused node (attrs describe ops and steps) is an expandable group of its original ops, wired as its program computes", () => {
  // A stand-in for elementwise fusion's nodes: describe() gives the original ops and the program's steps.
  const fusedOp = defineOp<Record<string, never>>({
    name: "test_fused_payload",
    infer: () => [],
    describe: () => ({ ops: ["mul", "add", "relu"], steps: ["in0 * in1", "t0 + in0", "max(t1, 0)"], outputs: [2] }),
  });
  const info = { shape: [3], dtype: "float32" as const };
  const ir: GraphIR = {
    nodes: [
      { id: 0, op: placeholderOp, attrs: { name: "a", ...info }, inputs: [], outputs: [10], scope: [] },
      { id: 1, op: placeholderOp, attrs: { name: "b", ...info }, inputs: [], outputs: [11], scope: [] },
      { id: 2, op: fusedOp, attrs: {}, inputs: [10, 11], outputs: [12], scope: ["dense"] },
    ],
    values: new Map([[10, info], [11, info], [12, info]]),
    outputs: [12],
    assigns: [],
    effects: [],
    nextId: 13,
  };
  const payload = checked(compiledGraphPayload(new Graph(ir)));
  const members = payload.nodes.filter((n) => n.kind === "op");
  assert.deepEqual(members.map((n) => n.op), ["mul", "add", "relu"]);
  for (const m of members) assert.deepEqual(m.scope, ["dense", "test_fused_payload (3 ops fused)"]);
  const label = (id: string) => payload.nodes.find((n) => n.id === id)!.label;
  const wires = payload.edges.map((e) => `${label(e.from)}→${label(e.to)}`).sort();
  assert.deepEqual(wires, ["add→relu", "mul→add", "placeholder a→add", "placeholder a→mul", "placeholder b→mul"]);
  assert.equal(label(payload.outputs[0]!), "relu");
});

test("a graph of unknown batch size draws that dimension as null (shown as ?)", () => {
  const graph = jit((x: Tensor) => x.reshape([-1]).exp(), { batchPolymorphic: true }).graphFor(tensor([[1, 2, 3]]));
  const payload = checked(compiledGraphPayload(graph));
  const input = payload.nodes.find((n) => n.op === "input")!;
  assert.deepEqual(input.outputs[0]!.shape, [null, 3]);
  assert.ok(payload.edges.some((e) => e.shape.length === 1 && e.shape[0] === null), "the flattened batch is unknown too");
});

test("a fused product is named for what it does: the logits layer's matmul and bias without relu is matmulBias, in the view, the summary and DOT", () => {
  const model = sequential([new Dense({ units: 4, activation: "relu", inputShape: [3], name: "hidden" }), new Dense({ units: 2, name: "logits" })]);
  const graph = jit((x: Tensor) => model.apply(x) as Tensor).graphFor(tensor([[1, 2, 3]]));
  graph.optimize();
  const payload = checked(compiledGraphPayload(graph, {}));
  const labelIn = (layer: string) => payload.nodes.filter((n) => n.kind === "op" && n.scope.includes(layer)).map((n) => `${n.op}:${n.label}`);
  assert.deepEqual(labelIn("hidden"), ["matmulBiasRelu:matmulBiasRelu"]);
  assert.deepEqual(labelIn("logits"), ["matmulBiasRelu:matmulBias"], "the op stays matmulBiasRelu (relu: false); its label says what it computes");
  assert.match(graph.summary(), /ops: matmulBiasRelu×1, matmulBias×1/);
  assert.match(graph.toDot(), /label="matmulBias\\nsequential_?\d*\/logits"/);
});
