import { test } from "node:test";
import assert from "node:assert/strict";
import { EarlyStopping, ExponentialDecay, LambdaCallback, SGD, interruptTraining } from "../../../kernel/src/index.js";
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

test("liveMetrics finds an EarlyStopping among the fit's callbacks itself, and numbers the stop like the axis and like stoppedEpoch", async () => {
  // A made-up score, put into the logs before EarlyStopping reads them: best at epoch 2 (from 0),
  // then two epochs without improvement, so patience 2 stops after epoch 4 (the fifth).
  const scores = [5, 4, 3, 3.5, 3.6, 3.7, 3.8, 3.9];
  const score = new LambdaCallback({ onEpochEnd: (epoch, logs) => void (logs.score = scores[epoch]!) });
  for (const order of ["live first", "live last"]) {
    const { model, x, y } = smallProblem();
    const stop = new EarlyStopping({ monitor: "score", mode: "min", patience: 2 });
    const live = liveMetrics({ display: false });
    const callbacks = order === "live first" ? [live, score, stop] : [score, stop, live];
    const history = await model.fit(x, y, { epochs: scores.length, batchSize: 64, verbose: 0, callbacks });
    assert.equal(stop.stoppedEpoch, 4, order);
    assert.equal(history.history.loss!.length, 5, order);
    const payload = live.plot.payload();
    const run = payload.runs[0]!;
    assert.equal(run.earlyStopEpoch, 5, `${order}: the fifth epoch, which ends at x = 5`);
    assert.equal(run.epochs.done, 5);
    const bundle = live.plot.bundle();
    assert.match(bundle["text/plain"] as string, /stopped early at epoch 5 \(stoppedEpoch = 4, counted from 0\)/, order);
    assert.match(bundle["image/svg+xml"] as string, /early stop at epoch 5/, order);
  }
});

test("without an EarlyStopping (or when it did not stop) nothing is marked", async () => {
  const { model, x, y } = smallProblem();
  const stop = new EarlyStopping({ monitor: "loss", patience: 50 });
  const live = liveMetrics({ display: false });
  await model.fit(x, y, { epochs: 2, batchSize: 64, verbose: 0, callbacks: [stop, live] });
  assert.equal(stop.stoppedEpoch, 0);
  assert.equal(live.plot.payload().runs[0]!.earlyStopEpoch, undefined);
  assert.doesNotMatch(live.plot.bundle()["text/plain"] as string, /stopped early/);
});

test("a fit interrupted in the middle of an epoch is marked interrupted, not stopped early", async () => {
  const plot = metricsPlot({ display: false });
  const { model, x, y } = smallProblem();
  // What Ctrl-C does: interruptTraining() during a batch of the second epoch.
  let epoch = 0;
  const interrupt = new LambdaCallback({
    onEpochBegin: (e) => void (epoch = e),
    onBatchEnd: (batch) => void (epoch === 1 && batch === 1 && interruptTraining()),
  });
  await model.fit(x, y, { epochs: 5, batchSize: 16, verbose: 0, callbacks: [interrupt, liveMetrics({ plot })] });
  const run = plot.payload().runs[0]!;
  assert.equal(run.interrupted, true);
  assert.equal(run.earlyStopEpoch, undefined);
});

test("liveMetrics and metricsPlot refuse options they do not know, by name", () => {
  assert.throws(() => liveMetrics({ per_batch: true } as never), /liveMetrics: unknown option "per_batch"; did you mean perBatch\?/);
  assert.throws(() => metricsPlot({ titel: "x" } as never), /metricsPlot: unknown option "titel"; did you mean title\?/);
});
