import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  tensor,
  SGD,
  ExponentialDecay,
  EarlyStopping,
  ReduceLROnPlateau,
  LearningRateScheduler,
  TerminateOnNaN,
  ModelCheckpoint,
  CSVLogger,
  LambdaCallback,
  ProgressLogger,
  formatCheckpointPath,
  weightsFromJson,
  resolveMode,
  type Callback,
  type Logs,
  type Model,
} from "../../kernel/src/index.js";
import { TestMSE, TestMAE, rows, linearModel } from "./helpers.js";
import { withSink } from "../jupyter/display/fake-sink.js";
import { setLocale } from "../../kernel/src/locale/index.js";
import { resetLocale } from "../../kernel/src/locale/locale.js";

/** Sets every weight of the model to the number `tag` (identifies "the weights of epoch tag"). */
function tagWeights(m: Model, tag: number): void {
  m.setWeights(m.weights.map((w) => tensor(new Float32Array(w.value.size).fill(tag), { shape: w.shape })));
}

function weightTag(m: Model): number {
  return m.getWeights()[0]!.dataSync()[0]!;
}

/** Drives a callback by hand with a monitored sequence: tags the weights with the epoch, stops when the model says so. */
function drive(cb: Callback, monitor: string, values: readonly number[]): { m: Model; epochs: number[] } {
  const m = linearModel([0, 0, 0], 0);
  m.compile({ optimizer: new SGD({ learningRate: 1 }), loss: new TestMSE() });
  cb.setModel(m);
  cb.onTrainBegin({});
  const epochs: number[] = [];
  for (let e = 0; e < values.length; e++) {
    tagWeights(m, e);
    epochs.push(e);
    void cb.onEpochEnd(e, { [monitor]: values[e]! });
    if (m.stopTraining) break;
  }
  void cb.onTrainEnd({});
  return { m, epochs };
}

/** Fits for real, with a step that tags the weights with the epoch and the monitored value forced to `values[epoch]`. */
async function fitWith(callbacks: Callback[], monitor: string, values: readonly number[], optimizer = new SGD({ learningRate: 1 })) {
  const { x, y } = rows(6, 3);
  const m = linearModel([0, 0, 0], 0);
  m.compile({ optimizer, loss: new TestMSE() });
  m.trainStep = (batch, ctx) => {
    const logs = ctx.defaultStep(batch);
    tagWeights(m, ctx.epoch);
    return logs;
  };
  const force = new LambdaCallback({ onEpochEnd: (e, logs) => void (logs[monitor] = values[e]!) });
  const h = await m.fit(tensor(x), tensor(y), { epochs: values.length, batchSize: 3, verbose: 0, validationData: [tensor(x), tensor(y)], callbacks: [force, ...callbacks] });
  return { m, h };
}

const oracle1 = [0.2, 0.15, 0.1, 0.11, 0.12];
const oracle2 = [0.9, 0.8, 0.7, 0.71, 0.72, 0.73];
const oracle3 = [10, 9, 8, 9, 8.9, 8.8, 8.7, 8.6, 8.5, 8.4, 8.3, 8.2, 8.1];

test("EarlyStopping oracle 1: patience 2 stops after epoch 4 and restores the weights of epoch 2", async () => {
  const es = new EarlyStopping({ patience: 2, restoreBestWeights: true });
  const driven = drive(es, "val_loss", oracle1);
  assert.deepEqual(driven.epochs, [0, 1, 2, 3, 4]);
  assert.equal(es.stoppedEpoch, 4);
  assert.equal(es.bestEpoch, 2);
  assert.equal(weightTag(driven.m), 2);

  const viaFit = new EarlyStopping({ patience: 2, restoreBestWeights: true });
  const { m, h } = await fitWith([viaFit], "val_loss", [...oracle1, 0.05, 0.01]);
  assert.deepEqual(h.epoch, [0, 1, 2, 3, 4]);
  assert.equal(viaFit.stoppedEpoch, 4);
  assert.equal(weightTag(m), 2);
});

test("EarlyStopping oracle 2: baseline 0.5, patience 5 trains epochs 0..4 and restores epoch 2", async () => {
  const es = new EarlyStopping({ patience: 5, baseline: 0.5, restoreBestWeights: true });
  const driven = drive(es, "val_loss", oracle2);
  assert.deepEqual(driven.epochs, [0, 1, 2, 3, 4]);
  assert.equal(weightTag(driven.m), 2);

  const viaFit = new EarlyStopping({ patience: 5, baseline: 0.5, restoreBestWeights: true });
  const { m, h } = await fitWith([viaFit], "val_loss", oracle2);
  assert.deepEqual(h.epoch, [0, 1, 2, 3, 4]);
  assert.equal(weightTag(m), 2);
});

test("EarlyStopping oracle 3: after the best at epoch 2, stops at epoch max(patience, 1) + 2", async () => {
  for (const patience of [0, 1, 2, 3, 5]) {
    const es = new EarlyStopping({ patience });
    drive(es, "val_loss", oracle3);
    assert.equal(es.stoppedEpoch, Math.max(patience, 1) + 2, `patience ${patience}`);
    const viaFit = new EarlyStopping({ patience });
    const { h } = await fitWith([viaFit], "val_loss", oracle3);
    assert.equal(viaFit.stoppedEpoch, Math.max(patience, 1) + 2, `patience ${patience} via fit`);
    assert.equal(h.epoch.at(-1), Math.max(patience, 1) + 2);
  }
});

test("EarlyStopping: restoreBestWeights restores even without an early stop; minDelta, mode max, startFromEpoch", () => {
  // Never stops (patience large), best at epoch 1.
  const es = new EarlyStopping({ patience: 10, restoreBestWeights: true });
  const driven = drive(es, "val_loss", [0.5, 0.3, 0.4, 0.45]);
  assert.equal(es.stoppedEpoch, 0);
  assert.equal(weightTag(driven.m), 1);
  // minDelta: an improvement of 0.005 < 0.01 does not count, so patience 1 stops at epoch 1.
  const delta = new EarlyStopping({ patience: 1, minDelta: 0.01 });
  drive(delta, "val_loss", [0.5, 0.495, 0.2]);
  assert.equal(delta.stoppedEpoch, 1);
  // mode auto on accuracy is max: rising values keep training.
  const acc = new EarlyStopping({ monitor: "val_accuracy", patience: 0 });
  assert.equal(acc.mode, "max");
  const rising = drive(acc, "val_accuracy", [0.5, 0.6, 0.7, 0.65]);
  assert.deepEqual(rising.epochs, [0, 1, 2, 3]);
  assert.equal(acc.stoppedEpoch, 3);
  // startFromEpoch: epochs before it are ignored entirely.
  const late = new EarlyStopping({ patience: 0, startFromEpoch: 3 });
  const lateRun = drive(late, "val_loss", [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(lateRun.epochs, [0, 1, 2, 3, 4]);
  assert.equal(late.bestEpoch, 3);
});

test("mode auto: min for losses and errors, max for accuracy-like names, an error otherwise", () => {
  assert.equal(resolveMode("t", "val_loss", "auto"), "min");
  assert.equal(resolveMode("t", "loss", "auto"), "min");
  assert.equal(resolveMode("t", "val_mae", "auto"), "min");
  assert.equal(resolveMode("t", "val_mean_squared_error", "auto"), "min");
  assert.equal(resolveMode("t", "accuracy", "auto"), "max");
  assert.equal(resolveMode("t", "val_sparse_categorical_accuracy", "auto"), "max");
  assert.equal(resolveMode("t", "val_auc", "auto"), "max");
  assert.throws(() => new EarlyStopping({ monitor: "val_wobble" }), /cannot tell whether "val_wobble" should go down or up; pass mode/);
  assert.equal(new EarlyStopping({ monitor: "val_wobble", mode: "max" }).mode, "max");
});

test("ReduceLROnPlateau follows the reference algorithm (patience, cooldown, factor) and logs learning_rate", async () => {
  // Hand-computed from the reference: lr logged at each epoch end is the rate used in that epoch.
  const values = [1, 0.9, 0.9, 0.9, 0.9, 0.9, 0.5, 0.5, 0.5, 0.5];
  const expected = [1, 1, 1, 1, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125];
  const cb = new ReduceLROnPlateau({ factor: 0.5, patience: 2, cooldown: 1 });
  const m = linearModel([0, 0, 0], 0);
  m.compile({ optimizer: new SGD({ learningRate: 1 }), loss: new TestMSE() });
  cb.setModel(m);
  cb.onTrainBegin();
  const logged = values.map((v, e) => {
    const logs: Logs = { val_loss: v };
    cb.onEpochEnd(e, logs);
    return logs.learning_rate;
  });
  assert.deepEqual(logged, expected);
  assert.equal(m.optimizer!.learningRate, 0.125);

  const viaFit = new ReduceLROnPlateau({ factor: 0.5, patience: 2, cooldown: 1 });
  const { m: fitted, h } = await fitWith([viaFit], "val_loss", values);
  assert.deepEqual(h.history.learning_rate, expected);
  assert.equal(fitted.optimizer!.learningRate, 0.125);
});

test("ReduceLROnPlateau: minLr floors the rate, minDelta counts, mode max; a schedule is refused", async () => {
  const cb = new ReduceLROnPlateau({ factor: 0.5, patience: 1, minLr: 0.3 });
  const m = linearModel([0, 0, 0], 0);
  m.compile({ optimizer: new SGD({ learningRate: 1 }), loss: new TestMSE() });
  cb.setModel(m);
  cb.onTrainBegin();
  // 1 → 0.5 → max(0.25, 0.3) = 0.3 → stays (0.3 is not above minLr).
  for (const [e, v] of [1, 1, 1, 1, 1].entries()) cb.onEpochEnd(e, { val_loss: v });
  assert.equal(m.optimizer!.learningRate, 0.3);
  // Improvements smaller than minDelta (1e-4 by default) count as plateaus.
  const tiny = new ReduceLROnPlateau({ patience: 1 });
  m.optimizer!.learningRate = 1;
  tiny.setModel(m);
  tiny.onTrainBegin();
  tiny.onEpochEnd(0, { val_loss: 1 });
  tiny.onEpochEnd(1, { val_loss: 1 - 5e-5 });
  assert.equal(m.optimizer!.learningRate, 0.1);
  const accuracy = new ReduceLROnPlateau({ monitor: "val_accuracy", patience: 1 });
  assert.equal(accuracy.mode, "max");
  assert.throws(() => new ReduceLROnPlateau({ factor: 1 }), /factor must be in \[0, 1\)/);

  const scheduled = linearModel([0, 0, 0], 0);
  scheduled.compile({ optimizer: new SGD({ learningRate: new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.9 }) }), loss: new TestMSE() });
  const { x, y } = rows(4, 3);
  await assert.rejects(scheduled.fit(tensor(x), tensor(y), { verbose: 0, callbacks: [new ReduceLROnPlateau()] }), /learning rate is a schedule \(ExponentialDecay\); ReduceLROnPlateau changes a constant learning rate/);
});

test("LearningRateScheduler sets the rate at each epoch start from fn(epoch, lr)", async () => {
  const { x, y } = rows(6, 3);
  const m = linearModel([0, 0, 0], 0);
  m.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: new TestMSE() });
  const seen: number[] = [];
  const h = await m.fit(tensor(x), tensor(y), {
    epochs: 4,
    verbose: 0,
    callbacks: [new LearningRateScheduler((epoch, lr) => (epoch < 2 ? lr : lr / 2)), new LambdaCallback({ onEpochBegin: () => void seen.push(m.optimizer!.learningRate as number) })],
  });
  assert.deepEqual(h.history.learning_rate, [0.1, 0.1, 0.05, 0.025]);
  assert.deepEqual(seen, [0.1, 0.1, 0.05, 0.025], "the optimizer uses the new rate during the epoch");
  await assert.rejects(m.fit(tensor(x), tensor(y), { verbose: 0, callbacks: [new LearningRateScheduler(() => Number.NaN)] }), /returned NaN for epoch 0/);
});

test("TerminateOnNaN stops after the first batch whose loss is NaN", async () => {
  const { x, y } = rows(20, 3);
  const m = linearModel([0, 0, 0], 0);
  m.compile({ optimizer: new SGD({ learningRate: 0.01 }), loss: new TestMSE() });
  let steps = 0;
  m.trainStep = (batch, ctx) => (++steps === 3 ? { loss: Number.NaN } : ctx.defaultStep(batch));
  const out = await captureOutput(() => m.fit(tensor(x), tensor(y), { epochs: 3, batchSize: 4, verbose: 0, callbacks: [new TerminateOnNaN()] }));
  assert.equal(steps, 3);
  assert.match(out.stdout, /Batch 2: invalid loss \(NaN\), terminating training/);
  assert.equal(out.stderr, "");
});

test("CSVLogger writes a header with sorted keys and one row per epoch; append keeps one header", async () => {
  const dir = mkdtempSync(join(tmpdir(), "gradbook-csv-"));
  const path = join(dir, "log.csv");
  const { x, y } = rows(8, 3);
  const m = linearModel([0.1, 0.2, 0.3], 0);
  m.compile({ optimizer: new SGD({ learningRate: 0.01 }), loss: new TestMSE(), metrics: [new TestMAE()] });
  const h = await m.fit(tensor(x), tensor(y), { epochs: 2, verbose: 0, validationSplit: 0.25, callbacks: [new CSVLogger(path)] });
  const keys = ["loss", "test_mae", "val_loss", "val_test_mae"];
  const row = (e: number) => [String(e), ...keys.map((k) => String(h.history[k]![e]))].join(",");
  assert.equal(readFileSync(path, "utf8"), `epoch,${keys.join(",")}\n${row(0)}\n${row(1)}\n`);
  const h2 = await m.fit(tensor(x), tensor(y), { epochs: 1, verbose: 0, validationSplit: 0.25, callbacks: [new CSVLogger(path, { append: true })] });
  const lines = readFileSync(path, "utf8").trimEnd().split("\n");
  assert.equal(lines.length, 4);
  assert.equal(lines[3], [0, ...keys.map((k) => String(h2.history[k]![0]))].join(","));
  // Without append the file starts over; a custom separator.
  await m.fit(tensor(x), tensor(y), { epochs: 1, verbose: 0, callbacks: [new CSVLogger(path, { separator: ";" })] });
  assert.match(readFileSync(path, "utf8"), /^epoch;loss;test_mae\n0;[-\d.e]+;[-\d.e]+\n$/);
});

test("ModelCheckpoint: path fields, saveBestOnly on the monitored value, model.save / saveWeights / JSON fallback", async () => {
  assert.equal(formatCheckpointPath("ckpt/{epoch:02d}-{val_loss:.2f}", 0, { val_loss: 0.1234 }), "ckpt/01-0.12");
  assert.equal(formatCheckpointPath("e{epoch}", 9, {}), "e10");
  assert.throws(() => formatCheckpointPath("{val_acc:.2f}", 0, { loss: 1 }), /logs have no "val_acc"/);
  const dir = mkdtempSync(join(tmpdir(), "gradbook-ckpt-"));
  // saveWeightsOnly: the persistence API's saveWeights (safetensors), only on improvements.
  const best = new ModelCheckpoint(join(dir, "w-{epoch:02d}-{val_loss:.3f}.safetensors"), { saveBestOnly: true, saveWeightsOnly: true });
  const { m } = await fitWith([best], "val_loss", [3, 2, 2.5, 1]);
  assert.deepEqual(readdirSync(dir).sort(), ["w-01-3.000.safetensors", "w-02-2.000.safetensors", "w-04-1.000.safetensors"]);
  assert.deepEqual(best.saved.map((p) => p.slice(dir.length + 1)), ["w-01-3.000.safetensors", "w-02-2.000.safetensors", "w-04-1.000.safetensors"]);
  await m.loadWeights(join(dir, "w-02-2.000.safetensors"));
  assert.equal(weightTag(m), 1, "the epoch-2 file holds the weights of epoch index 1");

  // Without the persistence API the weights go to JSON, which loads back.
  const jsonDir = mkdtempSync(join(tmpdir(), "gradbook-ckpt-json-"));
  const { x, y } = rows(4, 3);
  const plain = linearModel([0, 0, 0], 0);
  Object.assign(plain, { saveWeights: undefined, save: undefined });
  plain.compile({ optimizer: new SGD({ learningRate: 0.01 }), loss: new TestMSE() });
  plain.trainStep = (batch, ctx) => (tagWeights(plain, 7 + ctx.epoch), { loss: 0 });
  await plain.fit(tensor(x), tensor(y), { epochs: 2, verbose: 0, callbacks: [new ModelCheckpoint(join(jsonDir, "e{epoch}.json"))] });
  assert.deepEqual(readdirSync(jsonDir).sort(), ["e1.json", "e2.json"]);
  const fresh = linearModel([0, 0, 0], 0);
  weightsFromJson(fresh, readFileSync(join(jsonDir, "e1.json"), "utf8"));
  assert.equal(weightTag(fresh), 7);
  assert.throws(() => weightsFromJson(linearModel([0, 0], 0), readFileSync(join(jsonDir, "e1.json"), "utf8")), /weight 0 .* has shape \[3, 1\] in the file but \[2, 1\] in the model/);

  // model.save (architecture + weights + optimizer state) every epoch by default.
  const saves: string[] = [];
  const withSave = linearModel([0, 0, 0], 0);
  withSave.save = async (p: string) => void saves.push(p);
  withSave.compile({ optimizer: new SGD({ learningRate: 0.01 }), loss: new TestMSE() });
  await withSave.fit(tensor(x), tensor(y), { epochs: 2, verbose: 0, callbacks: [new ModelCheckpoint(join(dir, "m-{epoch}"))] });
  assert.deepEqual(saves, [join(dir, "m-1"), join(dir, "m-2")]);
  // saveFreq in batches: 4 rows, batch 1 → 4 batches per epoch, every 2 batches → 4 saves over 2 epochs.
  saves.length = 0;
  await withSave.fit(tensor(x), tensor(y), { epochs: 2, batchSize: 1, verbose: 0, callbacks: [new ModelCheckpoint(join(dir, "b-{epoch}-{batch}"), { saveFreq: 2 })] });
  assert.deepEqual(saves.map((p) => p.slice(dir.length + 1)), ["b-1-1", "b-1-3", "b-2-1", "b-2-3"]);
});

test("LambdaCallback hooks may be async; fit awaits them", async () => {
  const { x, y } = rows(4, 3);
  const m = linearModel([0, 0, 0], 0);
  m.compile({ optimizer: new SGD({ learningRate: 0.01 }), loss: new TestMSE() });
  const events: string[] = [];
  await m.fit(tensor(x), tensor(y), {
    epochs: 2,
    verbose: 0,
    callbacks: [
      new LambdaCallback({
        onEpochEnd: async (e) => {
          await new Promise((r) => setTimeout(r, 5));
          events.push(`end ${e}`);
        },
        onEpochBegin: (e) => void events.push(`begin ${e}`),
      }),
    ],
  });
  assert.deepEqual(events, ["begin 0", "end 0", "begin 1", "end 1"]);
});

async function captureOutput(fn: () => Promise<unknown>): Promise<{ stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const write = process.stdout.write;
  const writeErr = process.stderr.write;
  // Only text is ours: under `node --test` the runner reports through stdout in binary chunks, passed on untouched.
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => (typeof chunk === "string" ? (out.push(chunk), true) : (write as (...a: unknown[]) => boolean).call(process.stdout, chunk, ...rest))) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => (typeof chunk === "string" ? (err.push(chunk), true) : (writeErr as (...a: unknown[]) => boolean).call(process.stderr, chunk, ...rest))) as typeof process.stderr.write;
  try {
    await fn();
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
  }
  return { stdout: out.join(""), stderr: err.join("") };
}

test("progress display: verbose 1 prints one bar line per epoch with metrics; verbose 2 one summary line; nothing on stderr", async () => {
  const { x, y } = rows(10, 3);
  const m = linearModel([0.1, 0.2, 0.3], 0);
  m.compile({ optimizer: new SGD({ learningRate: 0.01 }), loss: new TestMSE(), metrics: [new TestMAE()] });
  const tty = process.stdout.isTTY;
  (process.stdout as { isTTY?: boolean }).isTTY = false;
  try {
    const one = await captureOutput(() => m.fit(tensor(x), tensor(y), { epochs: 2, batchSize: 4, validationSplit: 0.2 }));
    const lines = one.stdout.trimEnd().split("\n");
    assert.equal(lines.length, 2, one.stdout);
    assert.match(lines[0]!, /^Epoch 1\/2: 100% \|█+\| 2\/2 \[\d\d:\d\d<\d\d:\d\d, .*\] loss: \d\.\d{4} - test_mae: \d\.\d{4} - val_loss: \d\.\d{4} - val_test_mae: \d\.\d{4}$/);
    assert.match(lines[1]!, /^Epoch 2\/2: /);
    assert.equal(one.stderr, "");
    const two = await captureOutput(() => m.fit(tensor(x), tensor(y), { epochs: 2, batchSize: 4, verbose: 2 }));
    assert.match(two.stdout, /^Epoch 1\/2 - \d+\.\ds - loss: \d\.\d{4} - test_mae: \d\.\d{4}\nEpoch 2\/2 - /);
    assert.equal(two.stderr, "");
    const silent = await captureOutput(() => m.fit(tensor(x), tensor(y), { epochs: 1, verbose: 0 }));
    assert.deepEqual(silent, { stdout: "", stderr: "" });
    // An explicit ProgressLogger replaces the default one.
    const explicit = await captureOutput(() => m.fit(tensor(x), tensor(y), { epochs: 1, verbose: 1, callbacks: [new ProgressLogger(2)] }));
    assert.match(explicit.stdout, /^Epoch 1\/1 - [\d.]+s - loss/);
    const es = await captureOutput(() => fitWith([new EarlyStopping({ patience: 0, verbose: 1, restoreBestWeights: true })], "val_loss", [1, 2, 3]));
    assert.equal(es.stdout, "Epoch 2: early stopping\nRestoring model weights from the end of the best epoch: 1.\n");
    assert.equal(es.stderr, "");
  } finally {
    (process.stdout as { isTTY?: boolean }).isTTY = tty;
  }
});

test("callbacks' lines follow setLocale: ModelCheckpoint's first and improved saves, EarlyStopping's stop", async () => {
  const dir = mkdtempSync(join(tmpdir(), "gradbook-ckpt-locale-"));
  const checkpoint = () => new ModelCheckpoint(join(dir, "w{epoch}.json"), { saveBestOnly: true, verbose: 1 });
  const english = await captureOutput(() => fitWith([checkpoint()], "val_loss", [0.5, 0.25]));
  assert.deepEqual(english.stdout.trimEnd().split("\n"), [
    `Epoch 1: val_loss improved from none to 0.5, saving model to ${join(dir, "w1.json")}`,
    `Epoch 2: val_loss improved from 0.5 to 0.25, saving model to ${join(dir, "w2.json")}`,
  ]);
  setLocale("ru");
  try {
    const russian = await captureOutput(() => fitWith([checkpoint()], "val_loss", [0.5, 0.25]));
    assert.deepEqual(russian.stdout.trimEnd().split("\n"), [
      `Эпоха 1: первое значение val_loss — 0.5, модель сохраняется в ${join(dir, "w1.json")}`,
      `Эпоха 2: val_loss улучшилось с 0.5 до 0.25, модель сохраняется в ${join(dir, "w2.json")}`,
    ]);
    const stop = await captureOutput(() => fitWith([new EarlyStopping({ patience: 0, verbose: 1, restoreBestWeights: true })], "val_loss", [1, 2, 3]));
    assert.equal(stop.stdout, "Эпоха 2: ранняя остановка\nВосстанавливаются веса модели на конец лучшей эпохи: 1.\n");
  } finally {
    resetLocale();
  }
});

test("a callback that names a missing monitor warns once on stdout and does nothing", async () => {
  const es = new EarlyStopping({ monitor: "val_loss", patience: 0 });
  const out = await captureOutput(async () => {
    const { x, y } = rows(4, 3);
    const m = linearModel([0, 0, 0], 0);
    m.compile({ optimizer: new SGD({ learningRate: 0.01 }), loss: new TestMSE() });
    const h = await m.fit(tensor(x), tensor(y), { epochs: 3, verbose: 0, callbacks: [es] });
    assert.equal(h.epoch.length, 3);
  });
  assert.equal(out.stdout, 'EarlyStopping: "val_loss" is not in the logs (available: loss); nothing is monitored\n');
  assert.equal(out.stderr, "");
});

void writeFileSync;

test("each callback sees the fit's callbacks (itself included, in call order, History last) from onTrainBegin", async () => {
  const m = linearModel([0.5, -0.25, 0.75], 0.1);
  m.compile({ optimizer: new SGD({ learningRate: 0.01 }), loss: new TestMSE() });
  const { x, y } = rows(8, 3);
  const stop = new EarlyStopping({ monitor: "loss", patience: 5 });
  const seen: string[][] = [];
  const probe: LambdaCallback = new LambdaCallback({ onTrainBegin: () => void seen.push(probe.callbacks.map((c) => c.constructor.name)) });
  assert.equal(probe.callbacks.length, 0, "empty outside fit");
  const history = await m.fit(tensor(x), tensor(y), { epochs: 1, verbose: 0, callbacks: [probe, stop] });
  assert.deepEqual(seen, [["LambdaCallback", "EarlyStopping", "History"]]);
  assert.ok(probe.callbacks.includes(stop) && stop.callbacks.includes(probe) && history.callbacks === stop.callbacks);
});

test("in the notebook, verbose 1 draws one output for the whole fit, updated in place (not one per epoch)", async () => {
  const { x, y } = rows(12, 3);
  const m = linearModel([0.1, 0.2, 0.3], 0);
  m.compile({ optimizer: new SGD({ learningRate: 0.01 }), loss: new TestMSE() });
  await withSink(async (sink) => {
    await m.fit(tensor(x), tensor(y), { epochs: 5, batchSize: 4, verbose: 1 });
    const displays = sink.displays();
    assert.equal(new Set(displays.map((d) => d.id)).size, 1, "one display id");
    assert.equal(displays.filter((d) => !d.update).length, 1, "shown once, then only updates");
    assert.match(String(displays.at(-1)!.data["text/plain"]), /^Epoch 5\/5: 100% .* loss: \d\.\d{4}$/);
  });
});

test("callbacks refuse options they do not know, by name", () => {
  assert.throws(() => new EarlyStopping({ patience: 3, restore_best_weights: true } as never), /EarlyStopping: unknown option "restore_best_weights"; did you mean restoreBestWeights\?/);
  assert.throws(() => new ReduceLROnPlateau({ min_lr: 1e-5 } as never), /ReduceLROnPlateau: unknown option "min_lr"; did you mean minLr\?/);
  assert.throws(() => new ModelCheckpoint("m", { saveBest: true } as never), /ModelCheckpoint: unknown option "saveBest"/);
  assert.throws(() => new CSVLogger("log.csv", { sep: ";" } as never), /CSVLogger: unknown option "sep"; the options are separator, append/);
});
