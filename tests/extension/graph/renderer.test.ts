import "../dom.js";
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { mimeTypeOf } from "gradbook/payloads";
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { GraphRenderer, graphExtension } from "../../../extension/src/graph/index.js";
import { mainThreadEngine, setLayoutEngine } from "../../../extension/src/graph/layout.js";
import { attach, mimeModel, textOf } from "../helpers.js";
import { mlpGraph } from "./fixtures.js";

const mime = mimeTypeOf("graph");
const newRenderer = () => attach(new GraphRenderer({} as IRenderMime.IRendererOptions));
const visibleNodes = (renderer: GraphRenderer) => renderer.node.querySelectorAll(".gb-graph-node").length;
const groupBoxes = (renderer: GraphRenderer, state: "collapsed" | "expanded") => [...renderer.node.querySelectorAll(`.gb-graph-${state}`)];
const click = (element: Element) => element.dispatchEvent(new window.MouseEvent("click", { bubbles: true }));

before(() => setLayoutEngine(mainThreadEngine()));

test("the extension is a safe JSON renderer of the graph MIME type that outranks the fallbacks", () => {
  assert.deepEqual(graphExtension.rendererFactory.mimeTypes, [mime]);
  assert.equal(graphExtension.rendererFactory.safe, true);
  assert.ok((graphExtension.rank ?? 100) < 50);
});

test("a small graph renders every op with its shape and dtype, groups drawn around their ops", async () => {
  const renderer = newRenderer();
  await renderer.renderModel(mimeModel(mime, mlpGraph({ layers: 2 })));
  assert.equal(visibleNodes(renderer), 12); // x, 2 × (kernel, bias, matmul, add, relu), loss
  assert.equal(groupBoxes(renderer, "expanded").length, 3); // model, dense_0, dense_1
  const matmul = renderer.node.querySelector('.gb-graph-node[data-id="m0"]')!;
  assert.equal(textOf(matmul.querySelector(".gb-graph-label")!), "matmul");
  assert.equal(textOf(matmul.querySelector(".gb-graph-shape")!), "[?, 16] float32");
  assert.ok(renderer.node.querySelectorAll(".gb-graph-edge").length >= 11);
  assert.match(renderer.node.querySelector(".gb-graph-canvas")!.getAttribute("viewBox") ?? "", /^-?[\d.]+ -?[\d.]+ [\d.]+ [\d.]+$/);
  assert.ok(renderer.node.querySelector(".gb-graph-minimap-boxes")!.getAttribute("d")!.length > 0);
  assert.match(textOf(renderer.node.querySelector(".gb-graph-status")!), /12 nodes, 11 edges, 3 groups/);
  assert.ok(renderer.lastLayoutMs > 0);
});

test("a big graph opens with its groups collapsed; a click expands one and collapses it again", async () => {
  const renderer = newRenderer();
  await renderer.renderModel(mimeModel(mime, mlpGraph({ layers: 30 })));
  const before = visibleNodes(renderer);
  const collapsed = groupBoxes(renderer, "collapsed");
  assert.ok(collapsed.length >= 1, "some groups start collapsed");
  assert.ok(before < 152, `fewer than all nodes visible (${before})`);
  const dense = collapsed[collapsed.length - 1]!;
  const key = dense.getAttribute("data-key")!;
  click(dense.querySelector("rect")!);
  await waitFor(() => visibleNodes(renderer) === before + 5);
  const header = renderer.node.querySelector(`.gb-graph-expanded[data-key='${key}'] .gb-graph-group-header`)!;
  assert.ok(header, "the opened group is drawn as a frame with a header");
  click(header.querySelector("text")!);
  await waitFor(() => visibleNodes(renderer) === before);
  assert.ok(renderer.node.querySelector(`.gb-graph-collapsed[data-key='${key}']`));
});

test("the expand-all and collapse-all buttons change the visible node count", async () => {
  const renderer = newRenderer();
  await renderer.renderModel(mimeModel(mime, mlpGraph({ layers: 30 })));
  (renderer.node.querySelector(".gb-graph-expand-all") as HTMLButtonElement).click();
  await waitFor(() => visibleNodes(renderer) === 152);
  (renderer.node.querySelector(".gb-graph-collapse-all") as HTMLButtonElement).click();
  await waitFor(() => visibleNodes(renderer) === 2);
  assert.equal(groupBoxes(renderer, "collapsed").length, 1); // the whole model as one box
});

test("search finds a node inside a collapsed group, opens the group and marks it", async () => {
  const renderer = newRenderer();
  await renderer.renderModel(mimeModel(mime, mlpGraph({ layers: 30 })));
  assert.equal(renderer.node.querySelector('.gb-graph-node[data-id="k17"]'), null);
  const input = renderer.node.querySelector<HTMLInputElement>(".gb-graph-search")!;
  input.value = "kernel_17";
  input.dispatchEvent(new window.Event("input"));
  await renderer.search("kernel_17");
  const found = renderer.node.querySelector('.gb-graph-node[data-id="k17"]')!;
  assert.ok(found, "the match is visible");
  assert.ok(found.classList.contains("gb-graph-current"));
  assert.equal(textOf(renderer.node.querySelector(".gb-graph-matches")!), "1 of 1");
  await renderer.search("no such op");
  assert.equal(textOf(renderer.node.querySelector(".gb-graph-matches")!), "no match");
});

test("edges are coloured by gradient norm on a log scale when the payload has gradNorm, with a legend", async () => {
  const renderer = newRenderer();
  await renderer.renderModel(mimeModel(mime, mlpGraph({ layers: 3 })));
  assert.equal(renderer.node.querySelectorAll(".gb-graph-edge-grad").length, 0);
  assert.equal(renderer.node.querySelector<HTMLElement>(".gb-graph-legend")!.hidden, true);
  const layoutMs = renderer.lastLayoutMs;
  await renderer.renderModel(mimeModel(mime, mlpGraph({ layers: 3, gradients: true })));
  assert.equal(renderer.lastLayoutMs, layoutMs, "same structure: no new layout");
  const coloured = [...renderer.node.querySelectorAll(".gb-graph-edge-grad")];
  assert.ok(coloured.length >= 15);
  const colours = new Set(coloured.map((edge) => edge.getAttribute("stroke")));
  assert.ok(colours.size >= 3, "different magnitudes get different colours");
  const legend = renderer.node.querySelector<HTMLElement>(".gb-graph-legend")!;
  assert.equal(legend.hidden, false);
  assert.match(textOf(legend), /log scale/);
  assert.equal(textOf(legend.querySelector(".gb-graph-legend-min")!), "1.00e-6");
  assert.equal(textOf(legend.querySelector(".gb-graph-legend-max")!), "1");
});

test("hover text shows small tensors' values and other tensors' statistics", async () => {
  const renderer = newRenderer();
  await renderer.renderModel(mimeModel(mime, mlpGraph({ layers: 1 })));
  const x = renderer.node.querySelector('.gb-graph-node[data-id="x"] rect')!;
  x.dispatchEvent(new window.MouseEvent("mouseover", { bubbles: true }));
  const tooltip = renderer.node.querySelector<HTMLElement>(".gb-graph-tooltip")!;
  assert.equal(tooltip.hidden, false);
  assert.match(textOf(tooltip), /values: \[0\.5, -1, 2\]/);
  assert.deepEqual(renderer.describe(renderer.node.querySelector('.gb-graph-node[data-id="k0"]')!)!.slice(-1), ["min -0.3, max 0.3, mean 0, std 0.1"]);
  assert.ok(!textOf(tooltip).includes("id: "), "no internal ids");
});

test("a graph traced on zeros says its op values are symbolic", async () => {
  const renderer = newRenderer();
  const payload = mlpGraph({ layers: 1 });
  for (const node of payload.nodes) if (node.kind === "op") delete node.value;
  await renderer.renderModel(mimeModel(mime, { ...payload, symbolicInputs: true }));
  const op = payload.nodes.find((node) => node.kind === "op")!;
  const lines = renderer.describe(renderer.node.querySelector(`[data-key] [data-id="${op.id}"], [data-id="${op.id}"]`)!) ?? [];
  assert.ok(lines.some((line) => /symbolic/.test(line)), lines.join(" | "));
});

test("a label with <script> is drawn as text, and the view speaks Russian when asked", async () => {
  const renderer = newRenderer();
  const payload = { ...mlpGraph({ layers: 1, label: () => "<script>alert(1)</script>" }), locale: "ru" as const };
  await renderer.renderModel(mimeModel(mime, payload));
  assert.equal(renderer.node.querySelector("script"), null);
  assert.equal(textOf(renderer.node.querySelector('.gb-graph-node[data-id="k0"] .gb-graph-label')!), "<script>alert(1)</script>");
  assert.match(textOf(renderer.node.querySelector(".gb-graph-status")!), /узлов: 7/);
  assert.equal(textOf(renderer.node.querySelector(".gb-graph-expand-all")!), "Раскрыть все");
});

test("a malformed or future payload shows the error box; a good one afterwards replaces it", async () => {
  const renderer = newRenderer();
  await renderer.renderModel(mimeModel(mime, { version: 2, nodes: [], edges: [], outputs: [] }));
  const error = renderer.node.querySelector<HTMLElement>(".gb-error")!;
  assert.equal(error.hidden, false);
  assert.match(textOf(error), /version 2/);
  await renderer.renderModel(mimeModel(mime, { version: 1, nodes: "nope" }));
  assert.match(textOf(error), /"nodes"/);
  await renderer.renderModel(mimeModel(mime, mlpGraph({ layers: 1 })));
  assert.equal(error.hidden, true);
  assert.equal(visibleNodes(renderer), 7);
});

test("a live update that adds nodes keeps the groups the user opened", async () => {
  const renderer = newRenderer();
  await renderer.renderModel(mimeModel(mime, mlpGraph({ layers: 30 })));
  const key = groupBoxes(renderer, "collapsed").find((element) => textOf(element).includes("dense_2"))!.getAttribute("data-key")!;
  await renderer.toggleGroup(key);
  await renderer.renderModel(mimeModel(mime, mlpGraph({ layers: 31 })));
  assert.ok(renderer.node.querySelector(`.gb-graph-expanded[data-key='${key}']`));
});

async function waitFor(condition: () => boolean, ms = 20_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > ms) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
