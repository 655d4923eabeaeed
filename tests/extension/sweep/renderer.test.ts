import "../dom.js";
import { test } from "node:test";
import assert from "node:assert/strict";
import { mimeTypeOf } from "gradbook/payloads";
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { SweepRenderer, sweepExtension } from "../../../extension/src/sweep/index.js";
import { attach, fakePlotly, mimeModel, textOf } from "../helpers.js";
import { sweepPayload } from "./fixtures.js";

const mime = mimeTypeOf("sweep");
const newRenderer = () => attach(new SweepRenderer({} as IRenderMime.IRendererOptions));
const rowIds = (node: HTMLElement) => [...node.querySelectorAll<HTMLElement>(".gb-sweep-table tbody tr")].map((row) => row.dataset.run);
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

test("the sweep extension is a safe renderer of its MIME type", () => {
  assert.deepEqual(sweepExtension.rendererFactory.mimeTypes, [mime]);
  assert.equal(sweepExtension.rendererFactory.safe, true);
});

test("the table lists runs best first with parameters, final metrics and errors as text", async () => {
  fakePlotly();
  const renderer = newRenderer();
  await renderer.renderModel(mimeModel(mime, sweepPayload()));
  assert.deepEqual(rowIds(renderer.node), ["r2", "r3", "r0", "r4", "r1", "r5"]);
  assert.equal(renderer.node.querySelector(".gb-best-row")!.getAttribute("data-run"), "r2");
  const headers = [...renderer.node.querySelectorAll(".gb-sweep-table th")].map(textOf);
  assert.deepEqual(headers, ["", "# ▲", "Run", "Status", "learningRate", "batchSize", "val_loss", "accuracy", "Error"]);
  assert.match(textOf(renderer.node.querySelector("tr[data-run=r5]")!), /failed.*NaN loss at epoch 2 \(<b>diverged<\/b>\)/);
  assert.equal(renderer.node.querySelector(".gb-sweep-table b"), null);
  assert.match(textOf(renderer.node.querySelector(".gb-sweep-heading")!), /ranked by val_loss \(lower is better\) · 5 of 6 runs done/);
});

test("clicking a header sorts by it; clicking again reverses; updates keep the order", async () => {
  fakePlotly();
  const renderer = newRenderer();
  await renderer.renderModel(mimeModel(mime, sweepPayload()));
  const header = (label: string) => [...renderer.node.querySelectorAll<HTMLElement>(".gb-sweep-table th")].find((th) => textOf(th).startsWith(label))!;
  header("batchSize").click();
  assert.deepEqual(rowIds(renderer.node), ["r0", "r2", "r4", "r1", "r3", "r5"]);
  header("batchSize").click();
  assert.deepEqual(rowIds(renderer.node), ["r1", "r3", "r5", "r0", "r2", "r4"]);
  assert.equal(header("batchSize").getAttribute("aria-sort"), "descending");
  await renderer.renderModel(mimeModel(mime, { ...sweepPayload(), title: "again" }));
  assert.deepEqual(rowIds(renderer.node), ["r1", "r3", "r5", "r0", "r2", "r4"]);
});

test("two parameters draw a heatmap; the three best runs' curves are drawn until the user selects", async () => {
  const plotly = fakePlotly();
  const renderer = newRenderer();
  await renderer.renderModel(mimeModel(mime, sweepPayload()));
  const heatmap = plotly.calls.find((call) => call.data[0]!.type === "heatmap")!;
  assert.deepEqual(heatmap.data[0]!.x, ["0.001", "0.01", "0.1"]);
  assert.equal(heatmap.data[0]!.reversescale, true);
  assert.equal(renderer.node.querySelector<HTMLElement>(".gb-sweep-parallel")!.hidden, true);
  const curves = plotly.last.data.map((trace) => String(trace.name));
  assert.deepEqual(curves.map((name) => name.split(" ")[0]), ["r0", "r2", "r3"]);
  // Unticking r2 redraws the curves without it.
  const box = renderer.node.querySelector<HTMLInputElement>("tr[data-run=r2] input[type=checkbox]")!;
  box.checked = false;
  box.dispatchEvent(new window.Event("change"));
  await tick();
  assert.deepEqual(plotly.last.data.map((trace) => String(trace.name).split(" ")[0]), ["r0", "r3"]);
});

test("more than two parameters draw parallel coordinates as SVG with one line per finished run", async () => {
  const plotly = fakePlotly();
  const renderer = newRenderer();
  await renderer.renderModel(mimeModel(mime, sweepPayload({ parameters: 4 })));
  const lines = renderer.node.querySelectorAll(".gb-parallel-line");
  assert.equal(lines.length, 5);
  assert.equal(renderer.node.querySelectorAll(".gb-parallel-line.gb-selected").length, 3);
  assert.deepEqual([...renderer.node.querySelectorAll(".gb-parallel-name")].map(textOf), ["learningRate", "batchSize", "optimizer", "units", "val_loss"]);
  assert.ok(!plotly.calls.some((call) => call.data[0]!.type === "heatmap"));
  // Clicking a line selects its run.
  renderer.node.querySelector(".gb-parallel-line[data-run=r4]")!.dispatchEvent(new window.MouseEvent("click"));
  await tick();
  assert.equal(renderer.node.querySelectorAll(".gb-parallel-line.gb-selected").length, 4);
});

test("Russian strings and <script> parameter values as text", async () => {
  fakePlotly();
  const payload = sweepPayload({ locale: "ru", parameters: 3 });
  payload.runs[0]!.params.optimizer = "<script>globalThis.pwned=1</script>";
  const renderer = newRenderer();
  await renderer.renderModel(mimeModel(mime, payload));
  assert.match(textOf(renderer.node.querySelector(".gb-sweep-heading")!), /меньше — лучше\) · завершено запусков: 5 из 6/);
  assert.equal(renderer.node.querySelector("script"), null);
  assert.match(textOf(renderer.node), /<script>globalThis.pwned=1<\/script>/);
});

test("a sweep without parameters or runs yet renders the table head only", async () => {
  const plotly = fakePlotly();
  const renderer = newRenderer();
  await renderer.renderModel(mimeModel(mime, { version: 1, parameters: [], metric: "loss", goal: "min", runs: [] }));
  assert.equal(renderer.node.querySelector<HTMLElement>(".gb-error")!.hidden, true);
  assert.equal(plotly.calls.length, 0);
  assert.match(textOf(renderer.node), /0 of 0 runs done/);
});
