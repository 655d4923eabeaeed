import "../dom.js";
import { test } from "node:test";
import assert from "node:assert/strict";
import { mimeTypeOf } from "gradbook/payloads";
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { SurfaceRenderer, surfaceExtension } from "../../../extension/src/surface/index.js";
import { logSurface, maxSteps } from "../../../extension/src/surface/figure.js";
import { attach, fakePlotly, mimeModel, textOf, type FakePlotly } from "../helpers.js";
import { surfacePayload } from "./fixtures.js";

const mime = mimeTypeOf("surface");
const newRenderer = () => attach(new SurfaceRenderer({} as IRenderMime.IRendererOptions));
type Trace = { type: string; mode?: string; name?: string; x?: number[]; y?: number[]; z?: unknown[][]; showlegend?: boolean; line?: { color: string } };
const surfaceCall = (plotly: FakePlotly) => plotly.calls.filter((call) => call.layout.uirevision === "gradbook-surface").at(-1)!;
/** The paths in the drawing order (last on top). */
const drawnPaths = (plotly: FakePlotly) => (surfaceCall(plotly).data as (Trace & { legendrank?: number })[]).filter((trace) => trace.mode === "lines+markers");
/** The paths in the legend's (the payload's) order. */
const paths = (plotly: FakePlotly) => drawnPaths(plotly).sort((a, b) => a.legendrank! - b.legendrank!);

test("the extension is a safe JSON renderer of the surface MIME type", () => {
  assert.deepEqual(surfaceExtension.rendererFactory.mimeTypes, [mime]);
  assert.equal(surfaceExtension.rendererFactory.safe, true);
});

test("one path per trajectory with all its points, one colour each, on a log-coloured contour with the minimum marked", async () => {
  const plotly = fakePlotly();
  const renderer = newRenderer();
  await renderer.renderModel(mimeModel(mime, surfacePayload({ lengths: [11, 21, 6] })));
  const contour = surfaceCall(plotly).data[0] as Trace;
  assert.equal(contour.type, "contour");
  assert.equal(contour.z!.length, 21);
  assert.ok((contour.z![0]![0] as number) < 10, "log colour: z is logged");
  assert.deepEqual(paths(plotly).map((trace) => trace.x!.length), [11, 21, 6]);
  assert.equal(new Set(paths(plotly).map((trace) => trace.line!.color)).size, 3);
  assert.deepEqual(paths(plotly).map((trace) => trace.name), ["sgd lr=0.01", "momentum lr=0.01", "adam lr=0.01"]);
  // Drawn last to first, so the first path (plain SGD) lies on top of the others.
  assert.deepEqual(drawnPaths(plotly).map((trace) => trace.name), ["adam lr=0.01", "momentum lr=0.01", "sgd lr=0.01"]);
  const minimum = (surfaceCall(plotly).data as Trace[]).find((trace) => trace.name === "minimum")!;
  assert.deepEqual([minimum.x, minimum.y], [[1], [1]]);
  const slider = renderer.node.querySelector<HTMLInputElement>(".gb-surface-step")!;
  assert.equal(slider.min, "0");
  assert.equal(slider.max, "20");
  assert.equal(slider.value, "20");
  const schedule = plotly.calls.find((call) => call.layout.uirevision === "gradbook-surface-schedule")!;
  assert.deepEqual(schedule.data.map((trace) => (trace as Trace).y!.length), [11, 21, 6]);
  assert.equal(renderer.node.querySelectorAll(".gb-surface-run").length, 3);
});

test("the step slider cuts every path at that step; play animates to the end and pause stops", async () => {
  const plotly = fakePlotly();
  const renderer = newRenderer();
  await renderer.renderModel(mimeModel(mime, surfacePayload({ lengths: [11, 21, 6] })));
  const slider = renderer.node.querySelector<HTMLInputElement>(".gb-surface-step")!;
  slider.value = "7";
  slider.dispatchEvent(new window.Event("input"));
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(paths(plotly).map((trace) => trace.x!.length), [8, 8, 6]);
  assert.equal(textOf(renderer.node.querySelector(".gb-surface-step-text")!), "7 / 20");
  assert.match(textOf(renderer.node.querySelectorAll(".gb-surface-run")[2]!), /finished at step 5/);
  const schedule = plotly.calls.filter((call) => call.layout.uirevision === "gradbook-surface-schedule").at(-1)!;
  assert.equal((schedule.layout.shapes as { x0: number }[])[0]!.x0, 7);
  const contours = new Set(plotly.calls.filter((call) => call.layout.uirevision === "gradbook-surface").map((call) => call.data[0]));
  assert.equal(contours.size, 1, "animation frames reuse one contour trace");

  const play = renderer.node.querySelector<HTMLButtonElement>(".gb-surface-play")!;
  play.click();
  assert.equal(textOf(play), "Pause");
  await waitFor(() => slider.value === "20" && textOf(play) === "Play", 5000);
  assert.deepEqual(paths(plotly).map((trace) => trace.x!.length), [11, 21, 6]);
  play.click(); // at the end: starts over
  await new Promise((resolve) => setTimeout(resolve, 100));
  play.click();
  assert.equal(textOf(play), "Play");
  assert.ok(Number(slider.value) < 20);
});

test("a live update with longer paths follows the end; one where the user moved the slider keeps it", async () => {
  const plotly = fakePlotly();
  const renderer = newRenderer();
  await renderer.renderModel(mimeModel(mime, surfacePayload({ lengths: [5, 5] })));
  await renderer.renderModel(mimeModel(mime, surfacePayload({ lengths: [9, 9] })));
  assert.deepEqual(paths(plotly).map((trace) => trace.x!.length), [9, 9]);
  await renderer.showStep(3);
  const calls = plotly.calls.length;
  await renderer.renderModel(mimeModel(mime, surfacePayload({ lengths: [9, 9] })));
  assert.equal(plotly.calls.length, calls, "same payload again: nothing drawn");
  await renderer.renderModel(mimeModel(mime, surfacePayload({ lengths: [12, 12] })));
  assert.deepEqual(paths(plotly).map((trace) => trace.x!.length), [4, 4]);
  assert.equal(renderer.node.querySelector<HTMLInputElement>(".gb-surface-step")!.max, "11");
  assert.equal(renderer.node.querySelectorAll(".gb-surface-chart").length, 1);
});

test("labels are text: <script> stays text in the table and is escaped for Plotly; Russian strings", async () => {
  const plotly = fakePlotly();
  const renderer = newRenderer();
  await renderer.renderModel(mimeModel(mime, surfacePayload({ lengths: [3], label: () => "<script>alert(1)</script>", locale: "ru" })));
  assert.equal(renderer.node.querySelector("script"), null);
  assert.equal(textOf(renderer.node.querySelector(".gb-surface-run td")!), "<script>alert(1)</script>");
  assert.equal(paths(plotly)[0]!.name, "&lt;script&gt;alert(1)&lt;/script&gt;");
  assert.equal(textOf(renderer.node.querySelector(".gb-surface-play")!), "Пуск");
  assert.match(textOf(renderer.node.querySelector(".gb-surface-heading")!), /Поверхность потерь функции rosenbrock/);
});

test("a malformed or future payload shows the error box", async () => {
  fakePlotly();
  const renderer = newRenderer();
  await renderer.renderModel(mimeModel(mime, { version: 2, trajectories: [], minima: [] }));
  assert.match(textOf(renderer.node.querySelector(".gb-error")!), /version 2/);
  await renderer.renderModel(mimeModel(mime, { version: 1, trajectories: [], minima: [], grid: { xs: [] } }));
  assert.match(textOf(renderer.node.querySelector(".gb-error")!), /grid/);
});

test("maxSteps counts steps, not points; the log surface labels ticks with original values", () => {
  assert.equal(maxSteps({ trajectories: [] }), 0);
  assert.equal(maxSteps(surfacePayload({ lengths: [3, 8] })), 7);
  const { z, tickvals, ticktext } = logSurface([[1, 2], [11, 1001]]);
  assert.equal(z[0]![0]! < z[1]![1]!, true);
  assert.equal(tickvals.length, ticktext.length);
  assert.equal(tickvals.at(-1), 3);
  assert.equal(ticktext.at(-1), "1000"); // min 1 + 10^3, rounded to 3 digits
  // A tick is rounded to its own decade: min 0.0002 + 0.01 reads 0.01, not 0.0102.
  const small = logSurface([[0.0002, 0.05], [3, 1000]]);
  const at = small.tickvals.indexOf(-2);
  assert.equal(small.ticktext[at], "0.01");
});

test("the plot keeps the grid's x range (equal scales shrink the plot instead) and the start marker has a dark outline for the legend", async () => {
  const plotly = fakePlotly();
  const renderer = newRenderer();
  await renderer.renderModel(mimeModel(mime, surfacePayload({ lengths: [4] })));
  const layout = surfaceCall(plotly).layout as { xaxis: { constrain: string }; yaxis: { constrain: string } };
  assert.equal(layout.xaxis.constrain, "domain");
  assert.equal(layout.yaxis.constrain, "domain");
  const start = (surfaceCall(plotly).data as (Trace & { marker: { line: { color: string } } })[]).find((trace) => trace.name === "start")!;
  assert.equal(start.marker.line.color, "#000000");
});

async function waitFor(condition: () => boolean, ms: number): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > ms) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
