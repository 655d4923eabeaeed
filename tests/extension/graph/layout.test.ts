import { test } from "node:test";
import assert from "node:assert/strict";
import { mainThreadEngine, toElkGraph } from "../../../extension/src/graph/layout.js";
import { defaultExpanded, indexGraph, visibleGraph } from "../../../extension/src/graph/model.js";
import { mlpGraph } from "./fixtures.js";

const subtitle = (count: number) => `${count} ops`;

test("expanded groups become compound ELK nodes; every box and edge comes back with coordinates", async () => {
  const index = indexGraph(mlpGraph({ layers: 2 }));
  const visible = visibleGraph(index, new Set(index.groups.keys()));
  const elk = toElkGraph(visible, subtitle);
  assert.equal(elk.children!.length, 3); // x, model, loss
  const model = elk.children!.find((child) => child.id.startsWith("group:"))!;
  assert.equal(model.children!.length, 2);
  const layout = await mainThreadEngine().layout(elk);
  assert.equal(layout.boxes.size, visible.items.size);
  assert.equal(layout.edges.size, visible.edges.length);
  for (const points of layout.edges.values()) assert.ok(points.length >= 2);
  // Shape coordinates are absolute: a layer's ops lie inside its frame.
  const frame = layout.boxes.get(model.children![0]!.id)!;
  const matmul = layout.boxes.get("node:m0")!;
  assert.ok(matmul.x >= frame.x && matmul.x + matmul.width <= frame.x + frame.width);
  assert.ok(matmul.y >= frame.y && matmul.y + matmul.height <= frame.y + frame.height);
});

test("layout time of a generated 1002-node graph (printed; collapsed groups keep it small)", async () => {
  const payload = mlpGraph({ layers: 200 });
  assert.equal(payload.nodes.length, 1002);
  const index = indexGraph(payload);
  const engine = mainThreadEngine();
  await engine.layout(toElkGraph(visibleGraph(index, new Set()), subtitle)); // load and warm ELK
  const measure = async (name: string, expanded: Set<string>) => {
    const visible = visibleGraph(index, expanded);
    const started = performance.now();
    const layout = await engine.layout(toElkGraph(visible, subtitle));
    const total = performance.now() - started;
    console.log(`graph layout, 1002 nodes, ${name}: ${visible.boxCount} boxes, ELK ${layout.ms.toFixed(0)} ms, total ${total.toFixed(0)} ms`);
    assert.equal(layout.boxes.size, visible.items.size);
  };
  await measure("default view (groups collapsed)", defaultExpanded(index));
  await measure("model opened, layers collapsed", new Set(index.topGroups));
  await measure("every group expanded", new Set(index.groups.keys()));
});
