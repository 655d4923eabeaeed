import { test } from "node:test";
import assert from "node:assert/strict";
import { buildFigure, defaultResolution, PIXELS_PER_COLUMN, metricGroups, smooth, visibleSeries } from "../../../extension/src/metrics/figure.js";
import { metricsCsv } from "../../../extension/src/metrics/csv.js";
import { metricsPayload } from "./fixtures.js";

const options = { resolution: "epoch", smoothing: 0, logScale: false, locale: "en", width: 900 } as const;
type Trace = { name?: string; line?: { dash?: string; color?: string }; yaxis?: string; x?: number[]; y?: number[]; marker?: { symbol?: string }; showlegend?: boolean; opacity?: number };

test("one panel per metric group (loss first) plus the learning rate", () => {
  const figure = buildFigure(metricsPayload(), options);
  assert.deepEqual(figure.panels, ["loss", "accuracy", "learning rate"]);
  assert.deepEqual(metricGroups(metricsPayload()), ["loss", "accuracy"]);
  assert.equal((figure.layout.yaxis3 as { type: string }).type, "log");
});

test("train lines are solid and validation lines dashed, in their group's panel", () => {
  const data = buildFigure(metricsPayload(), options).data as Trace[];
  const byName = (name: string) => data.find((t) => t.name === name && t.marker?.symbol !== "star")!;
  assert.equal(byName("loss").line!.dash, "solid");
  assert.equal(byName("val_loss").line!.dash, "dash");
  assert.equal(byName("val_loss").yaxis, "y");
  assert.equal(byName("val_accuracy").yaxis, "y2");
});

test("per batch shows batch series, and epoch series where no batch series exists", () => {
  const run = metricsPayload().runs[0]!;
  const names = visibleSeries(run, "batch").map((s) => `${s.name}/${s.resolution}`);
  assert.deepEqual(names, ["loss/batch", "val_loss/epoch", "accuracy/epoch", "val_accuracy/epoch"]);
  const loss = (buildFigure(metricsPayload(), { ...options, resolution: "batch" }).data as Trace[]).find((t) => t.name === "loss")!;
  assert.equal(loss.x!.length, 20);
});

test("defaultResolution: per batch during the first epoch, per epoch after", () => {
  assert.equal(defaultResolution(metricsPayload({ epochs: 1 })), "batch");
  assert.equal(defaultResolution(metricsPayload({ epochs: 3 })), "epoch");
});

test("best values are starred at their epoch; the early stop is a dotted line in each panel", () => {
  const figure = buildFigure(metricsPayload({ epochs: 6 }), options);
  const stars = (figure.data as Trace[]).filter((t) => t.marker?.symbol === "star");
  assert.equal(stars.length, 2);
  assert.deepEqual(stars[0]!.x, [6]);
  const shapes = figure.layout.shapes as { x0: number; line: { dash: string } }[];
  assert.equal(shapes.length, 3);
  assert.ok(shapes.every((s) => s.x0 === 6 && s.line.dash === "dot"));
  assert.ok((figure.layout.annotations as { text: string }[]).some((a) => a.text === "early stop"));
});

test("several runs are overlaid with one colour each and labelled by run", () => {
  const data = buildFigure(metricsPayload({ runs: 3 }), options).data as Trace[];
  const losses = data.filter((t) => t.name?.endsWith(" · loss"));
  assert.deepEqual(losses.map((t) => t.name), ["run 0 · loss", "run 1 · loss", "run 2 · loss"]);
  assert.equal(new Set(losses.map((t) => t.line!.color)).size, 3);
});

test("smoothing adds a faint raw line and a debiased EMA; log scale switches the metric axes", () => {
  const data = buildFigure(metricsPayload(), { ...options, smoothing: 0.6 }).data as Trace[];
  const raw = data.find((t) => t.name === "loss" && t.opacity === 0.25)!;
  const smoothed = data.find((t) => t.name === "loss" && t.opacity === undefined && t.marker?.symbol !== "star")!;
  assert.equal(raw.showlegend, false);
  assert.equal(smoothed.y![0], raw.y![0]); // debiased: the first value is not pulled to 0
  assert.ok(smoothed.y![4]! > raw.y![4]!); // a falling loss lags behind when smoothed
  const layout = buildFigure(metricsPayload(), { ...options, logScale: true }).layout;
  assert.equal((layout.yaxis as { type: string }).type, "log");
  assert.equal(layout.uirevision, "gradbook-metrics");
});

test("smooth: constant stays constant, NaN passes through", () => {
  assert.deepEqual(smooth([2, 2, 2], 0.9).map((v) => Number(v.toFixed(12))), [2, 2, 2]);
  const out = smooth([1, NaN, 3], 0.5);
  assert.ok(Number.isNaN(out[1]));
  assert.deepEqual(smooth([1, 2], 0), [1, 2]);
});

test("labels reach Plotly escaped, so markup in a run name is shown as text", () => {
  const data = buildFigure(metricsPayload({ runs: 2, label: "<script>x</script>" }), options).data as Trace[];
  assert.ok(data.some((t) => t.name === "&lt;script&gt;x&lt;/script&gt; · loss"));
  assert.ok(!data.some((t) => t.name?.includes("<script>")));
});

test("Russian axis and panel names", () => {
  const figure = buildFigure(metricsPayload(), { ...options, locale: "ru" });
  assert.equal(figure.panels.at(-1), "скорость обучения");
  const titles = (figure.layout.annotations as { text: string }[]).map((a) => a.text);
  assert.ok(titles.includes("эпоха") && titles.includes("скорость обучения"), titles.join(", "));
});

test("CSV export has every point in long form", () => {
  const csv = metricsCsv(metricsPayload({ epochs: 2, batches: 2 }));
  const lines = csv.trim().split("\r\n");
  assert.equal(lines[0], "run,series,group,split,resolution,epoch,value");
  assert.equal(lines.length, 1 + 4 + 2 * 4 + 2);
  assert.ok(lines.includes("run 0,val_loss,loss,validation,epoch,1,0.55"));
});

test("long series reach Plotly reduced to the chart's width, ends and spikes kept; a wider chart keeps more", () => {
  const payload = metricsPayload({ epochs: 500, batches: 10 });
  const raw = payload.runs[0]!.series[0]!;
  raw.y[3333] = 100;
  const lossAt = (width: number) => (buildFigure(payload, { ...options, resolution: "batch", width }).data as Trace[]).find((t) => t.name === "loss")!;
  const loss = lossAt(900);
  assert.ok(loss.x!.length <= 2 * (900 / PIXELS_PER_COLUMN) + 2 && loss.x!.length < raw.x.length / 4, `${loss.x!.length} of ${raw.x.length} points`);
  assert.deepEqual([loss.x![0], loss.x!.at(-1)], [raw.x[0], raw.x.at(-1)]);
  assert.ok(loss.y!.includes(100), "a spike survives");
  assert.ok(lossAt(1800).x!.length > loss.x!.length);
});

test("each metric gets its own colour; validation is dashed in its training curve's hue", () => {
  const lines = (buildFigure(metricsPayload(), options).data as Trace[]).filter((trace) => trace.line?.dash && trace.showlegend !== false);
  const colorOf = (name: string) => lines.find((trace) => trace.name === name)!.line!.color;
  assert.notEqual(colorOf("loss"), colorOf("accuracy"));
  assert.equal(colorOf("val_loss"), colorOf("loss"));
  assert.equal(colorOf("val_accuracy"), colorOf("accuracy"));
  assert.equal(lines.find((trace) => trace.name === "val_loss")!.line!.dash, "dash");
  const twoRuns = (buildFigure(metricsPayload({ runs: 2 }), options).data as Trace[]).filter((trace) => trace.line?.dash === "solid");
  assert.equal(new Set(twoRuns.map((trace) => trace.line!.color)).size, 4, "2 runs × 2 metrics (+ the learning rate lines) draw in distinct colours");
});

test("a constant learning rate is a line of text, not a panel; a per-batch view says what its curve is", () => {
  const payload = metricsPayload();
  payload.runs[0]!.learningRate = { x: [1, 2, 3], y: [0.01, 0.01, 0.01] };
  const figure = buildFigure(payload, options);
  assert.deepEqual(figure.panels, ["loss", "accuracy"]);
  assert.deepEqual(figure.notes, ["learning rate 0.01 (constant)"]);
  const batch = buildFigure(payload, { ...options, resolution: "batch", locale: "ru" });
  assert.equal(batch.notes[0], "скорость обучения 0.01 (постоянная)");
  assert.match(batch.notes[1]!, /скользящее среднее/);
});

test("log scale applies to losses, not to accuracies; the legend sits above the panels", () => {
  const figure = buildFigure(metricsPayload(), { ...options, logScale: true });
  assert.equal((figure.layout.yaxis as { type: string }).type, "log");
  assert.equal((figure.layout.yaxis2 as { type: string }).type, "linear");
  const legend = figure.layout.legend as { y: number; yanchor: string };
  assert.ok(legend.y > 1 && legend.yanchor === "bottom", JSON.stringify(legend));
});
