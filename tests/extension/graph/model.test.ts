import { test } from "node:test";
import assert from "node:assert/strict";
import {
  defaultExpanded, gradientColor, gradientScale, groupKey, groupsAround, indexGraph, searchNodes, shapeText, visibleGraph, visibleKeyOf,
} from "../../../extension/src/graph/model.js";
import { mlpGraph } from "./fixtures.js";

test("nodes group by scope prefix, nested scopes inside their parents", () => {
  const index = indexGraph(mlpGraph({ layers: 2 }));
  const model = index.groups.get(groupKey(["model"]))!;
  assert.equal(model.size, 10);
  assert.deepEqual(model.childGroups, [groupKey(["model", "dense_0"]), groupKey(["model", "dense_1"])]);
  assert.deepEqual(index.groups.get(groupKey(["model", "dense_1"]))!.childNodes, ["k1", "b1", "m1", "a1", "r1"]);
  assert.deepEqual(index.topNodes, ["x", "loss"]);
  assert.deepEqual(groupsAround(index, "m1"), [groupKey(["model"]), groupKey(["model", "dense_1"])]);
});

test("collapsed groups stand for their nodes: edges are rerouted, merged, and inner edges hidden", () => {
  const index = indexGraph(mlpGraph({ layers: 2, gradients: true }));
  const closed = visibleGraph(index, new Set());
  assert.equal(closed.boxCount, 3);
  assert.deepEqual(closed.edges.map((edge) => [edge.from, edge.to, edge.count]), [
    ["node:x", groupKey(["model"]), 1],
    [groupKey(["model"]), "node:loss", 1],
  ]);
  const layerClosed = visibleGraph(index, new Set([groupKey(["model"])]));
  assert.equal(layerClosed.boxCount, 4);
  const between = layerClosed.edges.find((edge) => edge.from === groupKey(["model", "dense_0"]) && edge.to === groupKey(["model", "dense_1"]))!;
  assert.equal(between.count, 1);
  assert.equal(visibleKeyOf(index, new Set([groupKey(["model"])]), "m1"), groupKey(["model", "dense_1"]));
  const open = visibleGraph(index, new Set(index.groups.keys()));
  assert.equal(open.nodeCount, 12);
  assert.equal(open.edges.length, 11);
});

test("the default view opens scopes breadth first within the box budget", () => {
  const index = indexGraph(mlpGraph({ layers: 200 }));
  const expanded = defaultExpanded(index, 60);
  assert.ok(expanded.has(groupKey(["model"])) === false, "200 layers do not fit: the model stays one box");
  const small = indexGraph(mlpGraph({ layers: 3 }));
  assert.equal(defaultExpanded(small).size, 4);
});

test("search matches label, op, id and scope in any case", () => {
  const index = indexGraph(mlpGraph({ layers: 3 }));
  assert.deepEqual(searchNodes(index, "MATMUL"), ["m0", "m1", "m2"]);
  assert.deepEqual(searchNodes(index, "kernel_2"), ["k2"]);
  assert.deepEqual(searchNodes(index, "dense_1").length, 5);
  assert.deepEqual(searchNodes(index, "  "), []);
});

test("gradient colours follow a log scale; shapes print unknown axes as ?", () => {
  const scale = gradientScale([{ gradNorm: 1e-6 }, { gradNorm: 1 }, {}])!;
  assert.deepEqual(scale, { min: 1e-6, max: 1 });
  assert.equal(gradientColor(1e-6, scale), "#440154");
  assert.equal(gradientColor(1, scale), "#fde725");
  assert.notEqual(gradientColor(1e-3, scale), gradientColor(1e-5, scale));
  assert.equal(gradientScale([{}]), undefined);
  assert.equal(shapeText([null, 784]), "[?, 784]");
});
