import "../dom.js";
import { test } from "node:test";
import assert from "node:assert/strict";
import { mimeTypeOf } from "gradbook/payloads";
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { GradFlowRenderer, gradflowExtension } from "../../../extension/src/gradflow/index.js";
import { attach, fakePlotly, mimeModel, textOf } from "../helpers.js";
import { gradflowPayload } from "./fixtures.js";
import { binSteps, buildFlowFigure, buildHistogramFigure, logMatrix } from "../../../extension/src/gradflow/figure.js";

const mime = mimeTypeOf("gradflow");
const newRenderer = () => attach(new GradFlowRenderer({} as IRenderMime.IRendererOptions));
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
type Trace = { type: string; z?: unknown[][]; x?: unknown[]; y?: unknown[]; name?: string; orientation?: string };

test("the extension is a safe JSON renderer of the gradflow MIME type", () => {
  assert.deepEqual(gradflowExtension.rendererFactory.mimeTypes, [mime]);
  assert.equal(gradflowExtension.rendererFactory.safe, true);
});

test("the heatmap is layers × steps, the bars show the current step, flags are marked and listed", async () => {
  const plotly = fakePlotly();
  const renderer = newRenderer();
  await renderer.renderModel(mimeModel(mime, gradflowPayload({ layers: 4, steps: 6 })));
  const flow = plotly.calls.find((call) => call.layout.uirevision === "gradbook-gradflow")!;
  const heatmap = flow.data[0] as Trace;
  assert.equal(heatmap.type, "heatmap");
  assert.equal(heatmap.z!.length, 4);
  assert.ok(heatmap.z!.every((row) => row.length === 6));
  assert.deepEqual((flow.layout.yaxis as { ticktext: string[] }).ticktext, ["dense_0", "dense_1", "dense_2", "dense_3"]);
  // Log colour by default: gradNorm 1e-6 of layer 3 at step 60 shows as log10.
  assert.ok(Math.abs((heatmap.z![3]![5] as number) - -12) < 1e-9);
  const bars = flow.data[1] as Trace;
  assert.equal(bars.orientation, "h");
  assert.equal(bars.x!.length, 4);
  const vanishing = flow.data.find((trace) => trace.name === "vanishing") as Trace;
  assert.equal(vanishing.x!.length, 4);
  const flags = [...renderer.node.querySelectorAll(".gb-gradflow-flag")].map(textOf);
  assert.deepEqual(flags, ["dense_3: vanishing at 4 steps (30–60)", "dense_0: exploding at 1 steps (60–60)"]);
  assert.match(textOf(renderer.node.querySelector(".gb-gradflow-thresholds")!), /below 1e-7.*above 1000/);
  assert.equal((flow.layout.shapes as unknown[]).length, 2, "threshold lines on the bars");
  assert.match(textOf(renderer.node.querySelector(".gb-gradflow-status")!), /4 layers × 6 steps, latest step 60/);
});

test("the statistic selector and the log toggle redraw; the histograms show the chosen layer", async () => {
  const plotly = fakePlotly();
  const renderer = newRenderer();
  await renderer.renderModel(mimeModel(mime, gradflowPayload()));
  const histograms = plotly.calls.filter((call) => call.layout.uirevision === "gradbook-gradflow-histograms");
  assert.equal(histograms.length, 1);
  assert.equal(histograms[0]!.data.length, 2, "weights and gradients");
  assert.equal((histograms[0]!.data[0] as Trace).z!.length, 4, "one row per bin");
  const select = renderer.node.querySelector<HTMLSelectElement>(".gb-gradflow-statistic")!;
  select.value = "updateRatio";
  select.dispatchEvent(new window.Event("change"));
  await tick();
  const last = plotly.calls.filter((call) => call.layout.uirevision === "gradbook-gradflow").at(-1)!;
  assert.ok(Math.abs(((last.data[0] as Trace).z![0]![0] as number) - -3) < 1e-9);
  assert.equal((last.layout.shapes as unknown[]).length, 0, "thresholds apply to the gradient norm only");
  const log = renderer.node.querySelector<HTMLInputElement>(".gb-gradflow-log")!;
  log.checked = false;
  log.dispatchEvent(new window.Event("change"));
  await tick();
  assert.equal((plotly.calls.at(-1)!.data[0] as Trace).z![0]![0], 1e-3);
  const layer = renderer.node.querySelector<HTMLSelectElement>(".gb-gradflow-layer")!;
  assert.deepEqual([...layer.options].map((option) => option.value), ["dense_0", "dense_1"]);
  layer.value = "dense_1";
  layer.dispatchEvent(new window.Event("change"));
  await tick();
  const annotations = plotly.calls.at(-1)!.layout.annotations as { text: string }[];
  assert.match(annotations[0]!.text, /dense_1/);
});

test("the same payload again draws nothing; a live update redraws in place and keeps the controls", async () => {
  const plotly = fakePlotly();
  const renderer = newRenderer();
  await renderer.renderModel(mimeModel(mime, gradflowPayload({ steps: 4 })));
  const calls = plotly.calls.length;
  await renderer.renderModel(mimeModel(mime, gradflowPayload({ steps: 4 })));
  assert.equal(plotly.calls.length, calls);
  const select = renderer.node.querySelector<HTMLSelectElement>(".gb-gradflow-statistic")!;
  select.value = "maxAbsGrad";
  select.dispatchEvent(new window.Event("change"));
  await tick();
  await renderer.renderModel(mimeModel(mime, gradflowPayload({ steps: 5 })));
  assert.equal(select.value, "maxAbsGrad");
  assert.equal(renderer.node.querySelectorAll(".gb-gradflow-chart").length, 1);
  const last = plotly.calls.filter((call) => call.layout.uirevision === "gradbook-gradflow").at(-1)!;
  assert.equal((last.data[0] as Trace).z![0]!.length, 5);
});

test("layer names are text (a <script> name stays text, escaped for Plotly); Russian strings; no histograms", async () => {
  const plotly = fakePlotly();
  const renderer = newRenderer();
  const payload = { ...gradflowPayload({ layerName: (i) => (i === 3 ? "<script>alert(1)</script>" : `l${i}`), histograms: false }), locale: "ru" as const };
  await renderer.renderModel(mimeModel(mime, payload));
  assert.equal(renderer.node.querySelector("script"), null);
  assert.match(textOf(renderer.node.querySelector(".gb-gradflow-flag")!), /^<script>alert\(1\)<\/script>: затухание/);
  const ticks = (plotly.calls[0]!.layout.yaxis as { ticktext: string[] }).ticktext;
  assert.equal(ticks[3], "&lt;script&gt;alert(1)&lt;/script&gt;");
  assert.equal(renderer.node.querySelector<HTMLElement>(".gb-gradflow-nohistograms")!.hidden, false);
  assert.match(textOf(renderer.node.querySelector(".gb-gradflow-nohistograms")!), /Гистограммы не записывались/);
});

test("a malformed or future payload shows the error box", async () => {
  fakePlotly();
  const renderer = newRenderer();
  await renderer.renderModel(mimeModel(mime, { version: 9 }));
  assert.match(textOf(renderer.node.querySelector(".gb-error")!), /version 9/);
  await renderer.renderModel(mimeModel(mime, { version: 1, layers: [], steps: [] }));
  assert.match(textOf(renderer.node.querySelector(".gb-error")!), /"gradNorm"/);
});

test("colour-bar ticks fall inside the data: 1-2-5 steps within one decade, powers of ten across several", () => {
  const narrow = logMatrix([[0.02, 0.08], [0.03, null]]);
  assert.deepEqual(narrow.ticktext, ["0.02", "0.05"]);
  const wide = logMatrix([[1e-6, 1e-2]]);
  assert.deepEqual(wide.ticktext, ["1e-6", "1e-5", "1e-4", "0.001", "0.01"]);
  for (const [value, label] of wide.tickvals.map((v, i) => [v, wide.ticktext[i]] as const)) assert.ok(value >= -6 && value <= -2, `${label} inside the range`);
});

test("a long fit's steps are averaged into at most MAX_COLUMNS columns, with no gaps between columns; the bars name their layers", () => {
  const steps = Array.from({ length: 1000 }, (_, i) => i);
  const binned = binSteps(steps, [steps.map((s) => s), steps.map(() => null)], 100);
  assert.equal(binned.steps.length, 100);
  assert.equal(binned.steps[0], 9, "a bin is labelled by its last step");
  assert.equal(binned.matrix[0]![0], 4.5, "the mean of steps 0-9");
  assert.equal(binned.matrix[1]![0], null);
  const figure = buildFlowFigure(gradflowPayload(), { statistic: "gradNorm", logColor: true, locale: "en" });
  assert.equal((figure.data[0] as { xgap: number }).xgap, 0);
  assert.deepEqual((figure.layout.yaxis2 as { ticktext: string[] }).ticktext, (figure.layout.yaxis as { ticktext: string[] }).ticktext);
  assert.equal((figure.data[1] as { yaxis: string }).yaxis, "y2");
});

test("histogram counts fade towards the page: empty bins are gaps, rare ones light on a light theme and dark on a dark one", () => {
  const payload = gradflowPayload({ histograms: true });
  const layer = payload.histograms[0]!.layer;
  const [light, dark] = [true, false].map((lightTheme) => buildHistogramFigure(payload, layer, "en", lightTheme).data[0] as { reversescale: boolean; z: (number | null)[][] });
  assert.equal(light!.reversescale, true);
  assert.equal(dark!.reversescale, false);
  const counts = payload.histograms[0]!.counts;
  const emptyBin = counts.findIndex((row) => row.some((count) => count === 0));
  if (emptyBin >= 0) assert.ok(light!.z.flat().includes(null), "an empty bin is a gap");
});
