import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, variable, graphOf, nameScope } from "../../kernel/src/index.js";

test("graphOf lists leaves and ops in dependency order with shapes, dtypes and edges", () => {
  const x = tensor([[1, 2]]);
  const w = variable(tensor([[1], [2]]), { name: "w" });
  const y = nameScope("layer", () => x.mul(2).reshape([2, 1]).add(w).sum());
  const g = graphOf(y);
  assert.deepEqual(g.nodes.map((n) => n.op), ["tensor", "tensor", "mul", "reshape", "variable", "add", "sum"]);
  const variableNode = g.nodes.find((n) => n.op === "variable")!;
  assert.equal(variableNode.name, "w");
  const add = g.nodes.find((n) => n.op === "add")!;
  assert.deepEqual(add.outputs, [{ shape: [2, 1], dtype: "float32" }]);
  assert.deepEqual(add.scope, ["layer"]);
  const into = g.edges.filter((e) => e.to === add.id);
  assert.deepEqual(into.map((e) => e.inputIndex), [0, 1]);
  assert.equal(into[1]!.from, variableNode.id);
  assert.deepEqual(g.outputs, [g.nodes.at(-1)!.id]);
  const sum = g.nodes.at(-1)!;
  assert.deepEqual(sum.attrs, { axes: [0, 1], keepDims: false });
  // Every edge joins two listed nodes, and each source precedes its target.
  const position = new Map(g.nodes.map((n, i) => [n.id, i]));
  for (const e of g.edges) assert.ok(position.get(e.from)! < position.get(e.to)!);
});

test("graphOf of a shared subexpression lists it once", () => {
  const a = tensor([1, 2]).mul(3);
  const g = graphOf([a.add(a), a.sub(1)]);
  assert.equal(g.nodes.filter((n) => n.op === "mul").length, 1);
  assert.equal(g.outputs.length, 2);
});

test("a leaf named with tensor(values, { name }) carries its name into the graph", () => {
  const x = tensor([[1, 2]], { name: "x" });
  const g = graphOf(x.mul(tensor([[3, 4]])));
  const leaves = g.nodes.filter((n) => n.kind === "leaf");
  assert.deepEqual(leaves.map((n) => [n.op, n.name]), [["tensor", "x"], ["tensor", undefined]]);
});
