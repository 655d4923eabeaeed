import { test } from "node:test";
import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import { metricsPlot } from "../../../kernel/src/viz/metrics/metrics-plot.js";
import { mimeTypeOf, validatePayload, type MetricsPayload } from "../../../kernel/src/viz/payloads.js";
import { fakeClock, recordingSink } from "../helpers/sink.js";

const MIME = mimeTypeOf("metrics");

function checkBundle(bundle: Record<string, unknown>): MetricsPayload {
  const checked = validatePayload("metrics", bundle[MIME]);
  assert.ok(checked.ok, checked.ok ? "" : checked.reason);
  for (const type of ["image/svg+xml", "text/html", "text/plain"]) assert.equal(typeof bundle[type], "string", `${type} present`);
  assert.ok((bundle["image/svg+xml"] as string).startsWith("<svg"));
  assert.ok(!/<script/i.test(bundle["text/html"] as string));
  return checked.payload;
}

test("a manual plot records epochs, splits train/validation, and finds the best epoch by goal", () => {
  const plot = metricsPlot({ display: false, title: "MLP" });
  const losses = [1, 0.6, 0.4, 0.45, 0.5];
  losses.forEach((loss, epoch) => plot.log({ loss, val_loss: loss + 0.1, accuracy: 1 - loss, val_accuracy: 0.9 - loss, lr: 0.1 }, { epoch }));
  plot.done();
  const payload = checkBundle(plot.bundle());
  assert.equal(payload.title, "MLP");
  const [run] = payload.runs;
  assert.ok(run && run.done);
  assert.deepEqual(run.epochs, { done: 5, total: null });
  const val = run.series.find((s) => s.name === "val_loss")!;
  assert.deepEqual([val.group, val.split, val.resolution], ["loss", "validation", "epoch"]);
  assert.deepEqual(val.x, [1, 2, 3, 4, 5]);
  assert.deepEqual(run.best.val_loss, { epoch: 3, value: 0.5, goal: "min" });
  assert.equal(run.best.val_accuracy!.goal, "max");
  assert.equal(run.best.val_accuracy!.epoch, 3);
  assert.ok(!run.series.some((s) => s.name === "lr"), "the learning rate is not a metric");
  assert.deepEqual(run.learningRate, { x: [1, 5], y: [0.1, 0.1] });
  assert.match(plot.bundle()["text/plain"] as string, /val_loss\s+0\.6\s+0\.5\s+3/);
});

test("epochs without an index count up; per-batch values land at epoch + (batch + 1) / batches", () => {
  const plot = metricsPlot({ display: false });
  for (let epoch = 0; epoch < 2; epoch++) {
    for (let batch = 0; batch < 4; batch++) plot.log({ loss: 1 / (epoch * 4 + batch + 1) }, { epoch, batch, batches: 4 });
    plot.log({ loss: 1 / (epoch + 1) });
  }
  const run = plot.payload().runs[0]!;
  const batch = run.series.find((s) => s.resolution === "batch")!;
  assert.deepEqual(batch.x, [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2]);
  assert.deepEqual(run.series.find((s) => s.resolution === "epoch")!.x, [1, 2]);
  assert.equal(run.best.loss!.epoch, 2, "best is taken per epoch");
});

test("several runs overlay in one chart with their own labels", () => {
  const plot = metricsPlot({ display: false });
  for (const label of ["SGD", "Adam"]) {
    const run = plot.run(label);
    for (let epoch = 0; epoch < 3; epoch++) run.log({ loss: label === "SGD" ? 1 - epoch * 0.1 : 1 - epoch * 0.3 }, { epoch });
    run.done();
  }
  const payload = checkBundle(plot.bundle());
  assert.deepEqual(payload.runs.map((r) => r.label), ["SGD", "Adam"]);
  assert.deepEqual(payload.runs.map((r) => r.id), ["run1", "run2"]);
  assert.equal(payload.runs[1]!.best.loss!.value, 1 - 2 * 0.3);
  assert.match(plot.bundle()["image/svg+xml"] as string, /Adam: loss/);
});

test("labels and metric names are escaped in SVG, HTML and never become markup", () => {
  const plot = metricsPlot({ display: false, title: "<script>alert(1)</script>" });
  const run = plot.run("<script>alert('run')</script>");
  run.log({ "<script>x</script>": 1, loss: 2 }, { epoch: 0 });
  run.done();
  const bundle = plot.bundle();
  checkBundle(bundle);
  for (const type of ["image/svg+xml", "text/html"]) {
    const text = bundle[type] as string;
    assert.ok(!text.includes("<script"), `${type} has no script tag`);
    assert.ok(text.includes("&lt;script&gt;"), `${type} shows the label as text`);
  }
});

test("4 series × 100k points stay under 100 KB and keep first, last and best points", (t) => {
  const plot = metricsPlot({ display: false });
  const n = 100_000;
  const names = ["loss", "val_loss", "accuracy", "val_accuracy"];
  const run = plot.run("long");
  for (let i = 0; i < n; i++) {
    const logs: Record<string, number> = {};
    for (const [k, name] of names.entries()) logs[name] = (name.includes("acc") ? 0.5 : 2) + Math.sin(i / 300 + k) * 0.2 + (i === 54_321 ? (name.includes("acc") ? 0.4 : -1.5) : 0);
    run.log(logs, { epoch: Math.floor(i / 1000), batch: i % 1000, batches: 1000 });
  }
  const started = performance.now();
  const bundle = plot.bundle();
  t.diagnostic(`bundle of 4 × 100k points built in ${(performance.now() - started).toFixed(1)} ms`);
  const payload = checkBundle(bundle);
  const size = JSON.stringify(bundle[MIME]).length;
  t.diagnostic(`payload ${(size / 1024).toFixed(1)} KB`);
  assert.ok(size < 100 * 1024, `payload is ${size} bytes`);
  for (const s of payload.runs[0]!.series) {
    assert.equal(s.x[0], 0.001);
    assert.equal(s.x.at(-1), 100);
    const best = payload.runs[0]!.best[s.name]!;
    assert.equal(best.epoch, 54.322, `${s.name}: the best batch is marked`);
    assert.ok(s.x.includes(best.epoch), `${s.name}: the best point is kept`);
  }
  assert.ok((bundle["image/svg+xml"] as string).length < 100 * 1024);
});

test("a live plot is throttled to ~4 updates a second under one display id, with the final state sent", () => {
  const { sent, restore } = recordingSink();
  try {
    const clock = fakeClock();
    const plot = metricsPlot({ now: clock.now });
    for (let i = 0; i < 500; i++) {
      plot.log({ loss: 1 / (i + 1) }, { epoch: Math.floor(i / 50), batch: i % 50, batches: 50 });
      clock.advance(10); // 5 seconds in all
    }
    plot.done();
    assert.equal(new Set(sent.map((s) => s.displayId)).size, 1);
    assert.equal(sent[0]!.displayId, plot.id);
    assert.deepEqual(sent.map((s) => s.update), [false, ...Array(sent.length - 1).fill(true)]);
    assert.ok(sent.length <= 5 * 4 + 2, `${sent.length} updates in 5 s`);
    const last = sent.at(-1)!.data[MIME] as MetricsPayload;
    assert.equal(last.runs[0]!.done, true);
    assert.equal(last.runs[0]!.series[0]!.y.at(-1), 1 / 500);
  } finally {
    restore();
  }
});

test("building a typical metrics bundle (2 runs, 4 series, 2000 batches + 20 epochs) takes ~ms (logged, not asserted)", (t) => {
  const plot = metricsPlot({ display: false });
  for (const label of ["a", "b"]) {
    const run = plot.run(label);
    for (let epoch = 0; epoch < 20; epoch++) {
      for (let batch = 0; batch < 100; batch++) run.log({ loss: Math.exp(-epoch / 5) + batch * 1e-4, accuracy: 1 - Math.exp(-epoch / 5) }, { epoch, batch, batches: 100 });
      run.log({ loss: Math.exp(-epoch / 5), val_loss: Math.exp(-epoch / 5) + 0.1, accuracy: 0.9, val_accuracy: 0.85, lr: 0.01 * 0.9 ** epoch }, { epoch });
    }
  }
  for (let i = 0; i < 20; i++) plot.bundle(); // warm up
  const times: number[] = [];
  for (let i = 0; i < 50; i++) {
    const started = performance.now();
    plot.bundle();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  t.diagnostic(`metrics bundle build: median ${times[25]!.toFixed(2)} ms, min ${times[0]!.toFixed(2)} ms`);
  assert.equal(times.length, 50);
});
