import { test } from "node:test";
import assert from "node:assert/strict";
import { EarlyStopping, ExponentialDecay, SGD } from "../../../kernel/src/index.js";
import { liveMetrics } from "../../../kernel/src/viz/metrics/live-metrics.js";
import { metricsPlot } from "../../../kernel/src/viz/metrics/metrics-plot.js";
import { mimeTypeOf, validatePayload, type MetricsPayload } from "../../../kernel/src/viz/payloads.js";
import { smallProblem } from "../helpers/fit.js";
import { fakeClock, recordingSink } from "../helpers/sink.js";

const MIME = mimeTypeOf("metrics");

test("liveMetrics in a real fit: per-batch and per-epoch curves, the learning-rate schedule, best values, one live display", async () => {
  const { model, x, y } = smallProblem();
  model.compile({ optimizer: new SGD({ learningRate: new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.5 }) }), loss: "meanSquaredError" });
  const { sent, restore } = recordingSink();
  try {
    const clock = fakeClock();
    const callback = liveMetrics({ label: "sgd", now: clock.now });
    const history = await model.fit(x, y, { epochs: 4, batchSize: 16, validationSplit: 0.25, verbose: 0, callbacks: [callback] });
    assert.ok(sent.length >= 2, "display_data and the final update");
    assert.equal(sent[0]!.update, false);
    assert.ok(sent.slice(1).every((s) => s.update));
    assert.equal(new Set(sent.map((s) => s.displayId)).size, 1);
    const result = validatePayload("metrics", sent.at(-1)!.data[MIME]);
    assert.ok(result.ok);
    const run = (result.payload as MetricsPayload).runs[0]!;
    assert.equal(run.label, "sgd");
    assert.equal(run.done, true);
    assert.deepEqual(run.epochs, { done: 4, total: 4 });
    const epochLoss = run.series.find((s) => s.name === "val_loss" && s.resolution === "epoch")!;
    assert.deepEqual(epochLoss.x, [1, 2, 3, 4]);
    assert.deepEqual(epochLoss.y, history.history.val_loss!.map((v) => Number(v.toPrecision(6))));
    const batchLoss = run.series.find((s) => s.name === "loss" && s.resolution === "batch")!;
    assert.equal(batchLoss.x.length, 4 * 3, "3 batches of 16 in each of 4 epochs");
    assert.deepEqual(batchLoss.x.slice(0, 3), [1 / 3, 2 / 3, 1].map((v) => Number(v.toPrecision(6))));
    const best = Math.min(...history.history.val_loss!);
    assert.equal(run.best.val_loss!.value, best);
    assert.equal(run.best.val_loss!.epoch, history.history.val_loss!.indexOf(best) + 1);
    // The schedule halves the rate every 3 steps: the recorded rates fall.
    const rates = run.learningRate!.y;
    assert.ok(rates[0]! <= 0.1 && rates.at(-1)! < rates[0]!, rates.join(", "));
    assert.equal(run.earlyStopEpoch, undefined);
  } finally {
    restore();
  }
});

test("an EarlyStopping stop is marked, and two fits share one overlaid chart", async () => {
  const shared = metricsPlot({ display: false, title: "two runs" });
  for (const label of ["patient", "impatient"]) {
    const { model, x, y } = smallProblem(label === "patient" ? 0.05 : 5);
    const stop = new EarlyStopping({ monitor: "loss", patience: 1 });
    await model.fit(x, y, { epochs: label === "patient" ? 2 : 30, batchSize: 32, verbose: 0, callbacks: [stop, liveMetrics({ plot: shared, label, earlyStopping: stop })] });
  }
  const payload = shared.payload();
  assert.deepEqual(payload.runs.map((r) => r.label), ["patient", "impatient"]);
  assert.equal(payload.runs[0]!.earlyStopEpoch, undefined);
  const stopped = payload.runs[1]!;
  assert.ok(stopped.earlyStopEpoch !== undefined, "a diverging run stops early");
  assert.equal(stopped.earlyStopEpoch, stopped.epochs.done);
  assert.ok(stopped.epochs.done < 30);
  assert.match(shared.bundle()["text/plain"] as string, /stopped early at epoch/);
});
