import "../dom.js";
import { test } from "node:test";
import assert from "node:assert/strict";
import { mimeTypeOf } from "gradbook/payloads";
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { MetricsRenderer, metricsExtension } from "../../../extension/src/metrics/index.js";
import { attach, fakePlotly, mimeModel, textOf } from "../helpers.js";
import { metricsPayload } from "./fixtures.js";

const mime = mimeTypeOf("metrics");
const newRenderer = () => attach(new MetricsRenderer({} as IRenderMime.IRendererOptions));

test("the extension is a safe JSON renderer of the metrics MIME type that outranks the fallbacks", () => {
  assert.deepEqual(metricsExtension.rendererFactory.mimeTypes, [mime]);
  assert.equal(metricsExtension.rendererFactory.safe, true);
  assert.equal(metricsExtension.dataType, "json");
  assert.ok((metricsExtension.rank ?? 100) < 50);
});

test("a payload renders heading, status, summary with best values, and one Plotly chart", async () => {
  const plotly = fakePlotly();
  const renderer = newRenderer();
  await renderer.renderModel(mimeModel(mime, metricsPayload({ epochs: 4 })));
  assert.equal(plotly.calls.length, 1);
  assert.match(textOf(renderer.node.querySelector(".gb-metrics-heading")!), /Training\s*epoch 4 \/ 10, training…/);
  const rows = [...renderer.node.querySelectorAll(".gb-metrics-summary tbody tr")].map((row) => [...row.children].map(textOf));
  assert.deepEqual(rows.find((row) => row[1] === "loss" && row[2] === "validation"), ["run 0", "loss", "validation", "0.25", "0.25 (epoch 4)"]);
  assert.equal(plotly.last.layout.uirevision, "gradbook-metrics");
  assert.equal(plotly.last.config?.displaylogo, false);
});

test("calling renderModel again with the same data draws nothing; new data updates the same chart", async () => {
  const plotly = fakePlotly();
  const renderer = newRenderer();
  const chart = () => renderer.node.querySelector(".gb-metrics-chart");
  await renderer.renderModel(mimeModel(mime, metricsPayload({ epochs: 2 })));
  const first = chart();
  await renderer.renderModel(mimeModel(mime, metricsPayload({ epochs: 2 })));
  assert.equal(plotly.calls.length, 1);
  await renderer.renderModel(mimeModel(mime, metricsPayload({ epochs: 3 })));
  assert.equal(plotly.calls.length, 2);
  assert.equal(chart(), first);
  assert.equal(renderer.node.querySelectorAll(".gb-toolbar").length, 1);
});

test("a burst of updates never overlaps draws and ends on the newest", async () => {
  const plotly = fakePlotly();
  plotly.delay = 15;
  const renderer = newRenderer();
  await Promise.all([2, 3, 4, 5, 6].map((epochs) => renderer.renderModel(mimeModel(mime, metricsPayload({ epochs })))));
  assert.equal(plotly.maxActive, 1);
  assert.ok(plotly.calls.length <= 2);
  assert.match(textOf(renderer.node), /epoch 6 \/ 10/);
});

test("the controls redraw: log scale, smoothing, resolution", async () => {
  const plotly = fakePlotly();
  const renderer = newRenderer();
  await renderer.renderModel(mimeModel(mime, metricsPayload()));
  const log = renderer.node.querySelector<HTMLInputElement>(".gb-log-scale")!;
  log.checked = true;
  log.dispatchEvent(new window.Event("change"));
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal((plotly.last.layout.yaxis as { type: string }).type, "log");
  const slider = renderer.node.querySelector<HTMLInputElement>(".gb-smoothing")!;
  slider.value = "0.5";
  slider.dispatchEvent(new window.Event("input"));
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.ok(plotly.last.data.some((trace) => trace.opacity === 0.25));
  assert.equal(textOf(renderer.node.querySelector(".gb-smoothing-value")!), "0.50");
  const resolution = renderer.node.querySelector<HTMLSelectElement>(".gb-resolution")!;
  assert.equal(resolution.value, "epoch");
  resolution.value = "batch";
  resolution.dispatchEvent(new window.Event("change"));
  await new Promise((resolve) => setTimeout(resolve, 0));
  const loss = plotly.last.data.find((trace) => trace.name === "loss" && trace.opacity === undefined) as { x: number[] };
  assert.equal(loss.x.length, 20);
  // A later update keeps the user's choices.
  await renderer.renderModel(mimeModel(mime, metricsPayload({ epochs: 6 })));
  assert.equal(resolution.value, "batch");
  assert.equal((plotly.last.layout.yaxis as { type: string }).type, "log");
});

test("CSV export downloads the values; PNG and SVG go through Plotly.toImage", async () => {
  fakePlotly();
  const renderer = newRenderer();
  await renderer.renderModel(mimeModel(mime, metricsPayload()));
  const clicked: { download: string; href: string }[] = [];
  const original = window.HTMLAnchorElement.prototype.click;
  window.HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    clicked.push({ download: this.download, href: this.href });
  };
  try {
    renderer.node.querySelector<HTMLButtonElement>(".gb-export-csv")!.click();
    renderer.node.querySelector<HTMLButtonElement>(".gb-export-svg")!.click();
    renderer.node.querySelector<HTMLButtonElement>(".gb-export-png")!.click();
    await new Promise((resolve) => setTimeout(resolve, 0));
  } finally {
    window.HTMLAnchorElement.prototype.click = original;
  }
  assert.deepEqual(clicked.map((c) => c.download), ["training.csv", "training.svg", "training.png"]);
  assert.match(clicked[1]!.href, /^data:image\/svg\+xml/);
});

test("Russian UI strings from the payload's locale", async () => {
  fakePlotly();
  const renderer = newRenderer();
  await renderer.renderModel(mimeModel(mime, metricsPayload({ locale: "ru", epochs: 3 })));
  assert.match(textOf(renderer.node), /эпоха 3 \/ 10, обучение…/);
  assert.match(textOf(renderer.node.querySelector(".gb-toolbar")!), /Сглаживание/);
  assert.match(textOf(renderer.node.querySelector(".gb-metrics-summary")!), /валидация/);
});

test("a <script> run label is text in the summary", async () => {
  fakePlotly();
  const renderer = newRenderer();
  await renderer.renderModel(mimeModel(mime, metricsPayload({ runs: 2, label: "<script>globalThis.pwned=1</script>" })));
  assert.equal(renderer.node.querySelector("script"), null);
  assert.match(textOf(renderer.node.querySelector(".gb-metrics-summary")!), /<script>globalThis.pwned=1<\/script>/);
});

test("a payload with no runs shows an empty summary, not an error", async () => {
  const plotly = fakePlotly();
  const renderer = newRenderer();
  await renderer.renderModel(mimeModel(mime, { version: 1, runs: [] }));
  assert.match(textOf(renderer.node), /No values logged yet/);
  assert.equal(renderer.node.querySelector<HTMLElement>(".gb-error")!.hidden, true);
  assert.equal(plotly.calls.length, 1);
});

test("if Plotly cannot load, the view says so in the error box", async () => {
  const { setPlotlyLoader } = await import("../../../extension/src/common/plotly.js");
  setPlotlyLoader(async () => {
    throw new Error("chunk 497 failed to load");
  });
  const renderer = newRenderer();
  await renderer.renderModel(mimeModel(mime, metricsPayload()));
  assert.match(textOf(renderer.node.querySelector(".gb-error")!), /drawing the metrics view failed: chunk 497 failed to load/);
});
