import { test } from "node:test";
import assert from "node:assert/strict";
import {
  tensor,
  seed,
  memory,
  sequential,
  model as functionalModel,
  input,
  Dense,
  Dropout,
  SGD,
  Newton,
  L2,
  NonNeg,
  Dataset,
  Callback,
  LambdaCallback,
  Model,
  interruptTraining,
  ArgumentError,
  type Logs,
  type Tensor,
} from "../../kernel/src/index.js";
import { compiledStepOf } from "../../kernel/src/train/compiled-step.js";
import { TestMSE, TestMAE, rows, linearModel, linearSquaredErrors, mean, close } from "./helpers.js";

const W = [0.5, -0.25, 0.75];
const B = 0.1;

function frozen(): { m: ReturnType<typeof linearModel> } {
  const m = linearModel(W, B);
  m.compile({ optimizer: new SGD({ learningRate: 0 }), loss: new TestMSE(), metrics: [new TestMAE()] });
  return { m };
}

test("epoch loss is the batch-size-weighted mean of the batch losses (last partial batch kept)", async () => {
  const { x, y } = rows(10, 3);
  const { m } = frozen();
  // Batches of 4, 4, 2: the weighted mean equals the mean over all samples; the plain mean of batch means does not.
  const errors = linearSquaredErrors(x, y, W, B);
  const expected = mean(errors);
  const batchMeans = [mean(errors.slice(0, 4)), mean(errors.slice(4, 8)), mean(errors.slice(8))];
  assert.ok(Math.abs(mean(batchMeans) - expected) > 1e-3, "the data must tell the two averages apart");
  let steps = 0;
  const h = await m.fit(tensor(x), tensor(y), { epochs: 2, batchSize: 4, verbose: 0, shuffle: false, callbacks: [new LambdaCallback({ onBatchEnd: () => void steps++ })] });
  assert.equal(steps, 6, "3 batches per epoch: the partial batch is kept");
  assert.deepEqual(h.epoch, [0, 1]);
  close(h.history.loss![0]!, expected, 1e-5, "loss");
  close(h.history.loss![1]!, expected, 1e-5, "loss");
  const maes = x.map((_, i) => Math.sqrt(errors[i]!));
  close(h.history.test_mae![0]!, mean(maes), 1e-5, "metric");
  assert.equal(h.params.steps, 3);
  assert.equal(m.history, h);
});

test("validationSplit holds out the LAST floor-rounded fraction, before shuffling, with val_ keys", async () => {
  const { x, y } = rows(10, 3);
  const { m } = frozen();
  const seen: number[] = [];
  const base = m.trainStep.bind(m);
  m.trainStep = (batch, ctx) => {
    seen.push(...Array.from(batch.x[0]!.dataSync()).filter((_, k) => k % 3 === 0));
    return base(batch, ctx);
  };
  // split = floor(10 × 0.75) = 7 (rounding would give 8): rows 0..6 train, 7..9 validate.
  const h = await m.fit(tensor(x), tensor(y), { epochs: 1, batchSize: 3, validationSplit: 0.25, verbose: 0 });
  const errors = linearSquaredErrors(x, y, W, B);
  close(h.history.loss![0]!, mean(errors.slice(0, 7)), 1e-5, "loss");
  close(h.history.val_loss![0]!, mean(errors.slice(7)), 1e-5, "val_loss");
  close(h.history.val_test_mae![0]!, mean(errors.slice(7).map(Math.sqrt)), 1e-5, "val_test_mae");
  assert.deepEqual(Object.keys(h.history), ["loss", "test_mae", "val_loss", "val_test_mae"]);
  const firstColumn = x.slice(0, 7).map((r) => Math.fround(r[0]!));
  assert.deepEqual([...seen].sort((a, b) => a - b), [...firstColumn].sort((a, b) => a - b), "training sees exactly rows 0..6");
  assert.notDeepEqual(seen, firstColumn, "and sees them shuffled");
});

test("validationData overrides validationSplit; [x, y] and {x, y} forms agree", async () => {
  const a = rows(8, 3);
  const v = rows(5, 3, 100);
  const expected = mean(linearSquaredErrors(v.x, v.y, W, B));
  for (const validationData of [[tensor(v.x), tensor(v.y)] as const, { x: tensor(v.x), y: tensor(v.y) }]) {
    const { m } = frozen();
    const h = await m.fit(tensor(a.x), tensor(a.y), { epochs: 1, verbose: 0, validationSplit: 0.5, validationData });
    close(h.history.val_loss![0]!, expected, 1e-5, "val_loss");
    close(h.history.loss![0]!, mean(linearSquaredErrors(a.x, a.y, W, B)), 1e-5, "loss over all 8 rows");
  }
});

test("the epoch loss is measured in training mode (dropout on) and includes regularisation", async () => {
  const { x, y } = rows(16, 3);
  seed(3);
  const m = sequential([new Dropout({ rate: 0.5, inputShape: [3] }), new Dense({ units: 1, kernelRegularizer: new L2({ l2: 0.1 }) })]);
  m.setWeights([tensor(W.map((v) => [v])), tensor([B])]);
  m.compile({ optimizer: new SGD({ learningRate: 0 }), loss: new TestMSE() });
  const h = await m.fit(tensor(x), tensor(y), { epochs: 1, batchSize: 16, verbose: 0 });
  const penalty = 0.1 * W.reduce((s, v) => s + Math.fround(v) ** 2, 0);
  const inference = mean(linearSquaredErrors(x, y, W, B)) + penalty;
  close(m.evaluate(tensor(x), tensor(y)).loss!, inference, 1e-5, "evaluate (inference mode, with the penalty)");
  assert.ok(Math.abs(h.history.loss![0]! - inference) > 1e-2, `dropout must change the training loss (${h.history.loss![0]} vs ${inference})`);
  // Without dropout the fit loss is exactly the inference loss plus the penalty.
  const plain = linearModel(W, B);
  const reg = sequential([new Dense({ units: 1, inputShape: [3], kernelRegularizer: new L2({ l2: 0.1 }) })]);
  reg.setWeights(plain.getWeights());
  reg.compile({ optimizer: new SGD({ learningRate: 0 }), loss: new TestMSE() });
  const h2 = await reg.fit(tensor(x), tensor(y), { epochs: 1, batchSize: 5, verbose: 0 });
  close(h2.history.loss![0]!, inference, 1e-5, "loss with L2 penalty");
});

test("sampleWeight and classWeight scale each sample's loss: Σ w·l / n", async () => {
  const { x, y } = rows(9, 3);
  const errors = linearSquaredErrors(x, y, W, B);
  const sw = errors.map((_, i) => (i % 3) + 0.5);
  const { m } = frozen();
  const h = await m.fit(tensor(x), tensor(y), { epochs: 1, batchSize: 4, verbose: 0, sampleWeight: tensor(sw) });
  close(h.history.loss![0]!, errors.reduce((s, e, i) => s + e * sw[i]!, 0) / 9, 1e-5, "sample-weighted loss");
  // Metrics are weighted too: Σ w·|e| / Σ w.
  close(h.history.test_mae![0]!, errors.reduce((s, e, i) => s + Math.sqrt(e) * sw[i]!, 0) / sw.reduce((a, b) => a + b), 1e-5, "weighted metric");

  // Class weights by label: a 2-class model whose label is y's sign.
  const labels = y.map((r) => (r[0]! > 0 ? 1 : 0));
  const two = sequential([new Dense({ units: 1, inputShape: [3] })]);
  two.setWeights([tensor(W.map((v) => [v])), tensor([B])]);
  two.compile({ optimizer: new SGD({ learningRate: 0 }), loss: new TestMSE() });
  const yLabels = tensor(labels.map((l) => [l]));
  const h2 = await two.fit(tensor(x), yLabels, { epochs: 1, verbose: 0, classWeight: { 0: 3, 1: 0.5 }, sampleWeight: tensor(sw) });
  const labelErrors = linearSquaredErrors(x, labels.map((l) => [l]), W, B);
  close(h2.history.loss![0]!, labelErrors.reduce((s, e, i) => s + e * sw[i]! * (labels[i] ? 0.5 : 3), 0) / 9, 1e-5, "class × sample weighted loss");
});

test("shuffling is seeded from the global seed: two fits after seed(s) give bit-identical histories and weights", async () => {
  const { x, y } = rows(40, 3);
  const run = async () => {
    seed(11);
    const m = sequential([new Dense({ units: 8, activation: "tanh", inputShape: [3] }), new Dropout({ rate: 0.3 }), new Dense({ units: 1 })]);
    m.compile({ optimizer: "adam", loss: new TestMSE() });
    const h = await m.fit(tensor(x), tensor(y), { epochs: 3, batchSize: 7, validationSplit: 0.2, verbose: 0 });
    return { history: h.history, weights: m.getWeights().map((t) => Array.from(t.dataSync())) };
  };
  const a = await run();
  const b = await run();
  assert.deepEqual(a, b);
  seed(12);
  const { m } = frozen();
  const order: number[] = [];
  m.trainStep = (batch, ctx) => (order.push(batch.x[0]!.dataSync()[0]!), ctx.defaultStep(batch));
  await m.fit(tensor(x), tensor(y), { epochs: 2, batchSize: 1, verbose: 0 });
  assert.notDeepEqual(order.slice(0, 40), order.slice(40), "each epoch is reshuffled");
});

test("shuffle: false visits the rows in order", async () => {
  const { x, y } = rows(6, 3);
  const { m } = frozen();
  const order: number[] = [];
  m.trainStep = (batch, ctx) => (order.push(...Array.from(batch.x[0]!.dataSync()).filter((_, k) => k % 3 === 0)), ctx.defaultStep(batch));
  await m.fit(tensor(x), tensor(y), { epochs: 1, batchSize: 4, verbose: 0, shuffle: false });
  assert.deepEqual(order, x.map((r) => Math.fround(r[0]!)));
});

test("the live-tensor count is the same at the end of every epoch (and after fit, except optimizer slots)", async () => {
  const { x, y } = rows(50, 3);
  seed(1);
  const m = sequential([new Dense({ units: 6, activation: "relu", inputShape: [3] }), new Dropout({ rate: 0.2 }), new Dense({ units: 1, kernelRegularizer: new L2({ l2: 0.01 }) })]);
  // Op by op: a compiled step adds its graph's constants once, when it traces (tests/train/compiled-step.test.ts).
  m.compile({ optimizer: "adam", loss: new TestMSE(), metrics: [new TestMAE()], runEagerly: true });
  const xt = tensor(x);
  const yt = tensor(y);
  const counts: number[] = [];
  const batchCounts = new Set<number>();
  await m.fit(xt, yt, { epochs: 4, batchSize: 8, validationSplit: 0.2, verbose: 0, callbacks: [new LambdaCallback({ onEpochEnd: () => void counts.push(memory().numTensors), onBatchEnd: () => void batchCounts.add(memory().numTensors) })] });
  assert.equal(new Set(counts).size, 1, `tensor counts per epoch: ${counts.join(", ")}`);
  assert.equal(batchCounts.size, 1, `tensor counts per batch: ${[...batchCounts].join(", ")}`);
  const before = memory().numTensors;
  await m.fit(xt, yt, { epochs: 2, batchSize: 8, verbose: 0 });
  m.evaluate(xt, yt);
  m.predict(xt).dispose();
  m.trainOnBatch(xt, yt);
  assert.equal(memory().numTensors, before, "a second fit, evaluate, predict and trainOnBatch leave nothing behind");
});

test("evaluate and predict run batch by batch in inference mode; predict concatenates", () => {
  const { x, y } = rows(11, 3);
  const { m } = frozen();
  const logs = m.evaluate(tensor(x), tensor(y), { batchSize: 4 });
  const errors = linearSquaredErrors(x, y, W, B);
  close(logs.loss!, mean(errors), 1e-5, "evaluate loss");
  close(logs.test_mae!, mean(errors.map(Math.sqrt)), 1e-5, "evaluate metric");
  const p = m.predict(tensor(x), { batchSize: 4 });
  assert.deepEqual(p.shape, [11, 1]);
  const f = Math.fround;
  p.dataSync().forEach((v, i) => close(v, x[i]!.reduce((s, a, j) => s + f(a) * f(W[j]!), 0) + f(B), 1e-6, `prediction ${i}`));
  // Nested arrays work as input too.
  assert.deepEqual(m.predict(x).shape, [11, 1]);
});

test("trainOnBatch takes one SGD step and returns the loss before the step", () => {
  const { x, y } = rows(5, 3);
  const lr = 0.05;
  const m = linearModel(W, B);
  m.compile({ optimizer: new SGD({ learningRate: lr }), loss: new TestMSE() });
  const logs = m.trainOnBatch(tensor(x), tensor(y));
  const errors = linearSquaredErrors(x, y, W, B);
  close(logs.loss!, mean(errors), 1e-5, "loss");
  // d/dw mean((xw + b − y)²) = 2/n Σ (r_i) x_i.
  const f = Math.fround;
  const residuals = x.map((r, i) => r.reduce((s, v, j) => s + f(v) * f(W[j]!), 0) + f(B) - f(y[i]![0]!));
  const gw = W.map((_, j) => (2 / 5) * residuals.reduce((s, r, i) => s + r * f(x[i]![j]!), 0));
  const gb = (2 / 5) * residuals.reduce((s, r) => s + r, 0);
  const [kernel, bias] = m.getWeights();
  kernel!.dataSync().forEach((v, j) => close(v, W[j]! - lr * gw[j]!, 1e-5, `kernel ${j}`));
  close(bias!.dataSync()[0]!, B - lr * gb, 1e-5, "bias");
});

test("fit uses optimizer.minimize, so Newton solves linear least squares in one full-batch step", async () => {
  const { x, y } = rows(12, 3);
  const m = linearModel([0, 0, 0], 0);
  m.compile({ optimizer: new Newton({ damping: 0 }), loss: new TestMSE() });
  await m.fit(tensor(x, "float32"), tensor(y), { epochs: 1, batchSize: 12, verbose: 0 });
  const after = m.evaluate(tensor(x), tensor(y)).loss!;
  // Least squares in float64 via the normal equations on [x, 1].
  const A = x.map((r) => [...r, 1]);
  const ata = A[0]!.map((_, i) => A[0]!.map((_, j) => A.reduce((s, r) => s + r[i]! * r[j]!, 0)));
  const atb = A[0]!.map((_, i) => A.reduce((s, r, k) => s + r[i]! * y[k]![0]!, 0));
  const n = ata.length;
  for (let c = 0; c < n; c++) {
    for (let r = c + 1; r < n; r++) {
      const factor = ata[r]![c]! / ata[c]![c]!;
      for (let k = c; k < n; k++) ata[r]![k]! -= factor * ata[c]![k]!;
      atb[r]! -= factor * atb[c]!;
    }
  }
  const sol = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) sol[r] = (atb[r]! - ata[r]!.slice(r + 1).reduce((s, v, k) => s + v * sol[r + 1 + k]!, 0)) / ata[r]![r]!;
  const best = mean(linearSquaredErrors(x, y, sol.slice(0, 3), sol[3]!));
  close(after, best, 1e-4, "loss after one Newton step");
});

test("constraints are applied after each step", async () => {
  const { x, y } = rows(20, 3);
  const m = sequential([new Dense({ units: 1, inputShape: [3], kernelConstraint: new NonNeg() })]);
  m.setWeights([tensor([[0.1], [0.1], [0.1]]), tensor([0])]);
  m.compile({ optimizer: new SGD({ learningRate: 0.5 }), loss: new TestMSE() });
  const negative = y.map((r) => [-Math.abs(r[0]!) - 5]);
  await m.fit(tensor(x), tensor(negative), { epochs: 2, batchSize: 5, verbose: 0 });
  assert.ok(m.getWeights()[0]!.dataSync().every((v) => v >= 0));
});

test("multi-output models: one loss per output, weighted total, per-output keys", async () => {
  const xin = input({ shape: [3], name: "features" });
  const a = new Dense({ units: 1, name: "price" }).apply(xin) as ReturnType<typeof input>;
  const b = new Dense({ units: 2, name: "extras" }).apply(xin) as ReturnType<typeof input>;
  const m = functionalModel({ inputs: xin, outputs: [a, b] });
  const wa = [[0.5], [-0.25], [0.75]];
  const wb = [[0.1, 0.2], [0.3, -0.4], [0.5, 0.6]];
  m.setWeights([tensor(wa), tensor([0.1]), tensor(wb), tensor([0, 0.2])]);
  m.compile({ optimizer: new SGD({ learningRate: 0 }), loss: { price: new TestMSE(), extras: new TestMSE() }, lossWeights: { extras: 0.5 }, metrics: { price: [new TestMAE()] } });
  const { x, y } = rows(10, 3);
  const y2 = y.map((r) => [r[0]! * 2, -r[0]!]);
  const h = await m.fit(tensor(x), { price: tensor(y), extras: tensor(y2) }, { epochs: 1, batchSize: 4, verbose: 0 });
  const f = Math.fround;
  const predB = x.map((r) => [0, 1].map((k) => r.reduce((s, v, j) => s + f(v) * f(wb[j]![k]!), 0) + [0, f(0.2)][k]!));
  const lossA = mean(linearSquaredErrors(x, y, W, B));
  const lossB = mean(predB.map((p, i) => ((p[0]! - f(y2[i]![0]!)) ** 2 + (p[1]! - f(y2[i]![1]!)) ** 2) / 2));
  assert.deepEqual(Object.keys(h.history).sort(), ["extras_loss", "loss", "price_loss", "price_test_mae"]);
  close(h.history.price_loss![0]!, lossA, 1e-5, "price_loss");
  close(h.history.extras_loss![0]!, lossB, 1e-5, "extras_loss");
  close(h.history.loss![0]!, lossA + 0.5 * lossB, 1e-5, "weighted total");
  // Lists work in output order; predict gives one tensor per output.
  const logs = m.evaluate(tensor(x), [tensor(y), tensor(y2)]);
  close(logs.loss!, lossA + 0.5 * lossB, 1e-5, "evaluate total");
  const preds = m.predictAll(tensor(x));
  assert.deepEqual(preds.map((p) => p.shape), [[10, 1], [10, 2]]);
  // predict returns one tensor, so with two outputs it says to use predictAll (before computing anything).
  const xt = tensor(x);
  const before = memory().numTensors;
  assert.throws(() => m.predict(xt), (e: unknown) => e instanceof ArgumentError && /predict: the model has 2 outputs \(price, extras\) and predict returns one tensor; use predictAll\(x\)/.test((e as Error).message));
  assert.equal(memory().numTensors, before);
});

test("a Dataset of {x, y} batches trains like the tensors (and is disposed batch by batch)", async () => {
  const { x, y } = rows(10, 3);
  const { m } = frozen();
  const ds = Dataset.fromTensors(tensor(x), tensor(y)).batch(4);
  const val = Dataset.fromTensors(tensor(x), tensor(y)).batch(3);
  const before = memory().numTensors;
  const h = await m.fit(ds, undefined, { epochs: 2, verbose: 0, validationData: val });
  const expected = mean(linearSquaredErrors(x, y, W, B));
  close(h.history.loss![1]!, expected, 1e-5, "loss");
  close(h.history.val_loss![1]!, expected, 1e-5, "val_loss");
  assert.equal(h.params.steps, 3);
  // What stays is the compiled step's graph constants; every batch was disposed.
  const step = compiledStepOf(m.compiled!)!;
  const constants = step.graphs.reduce((n, g) => n + g.heldTensors, 0);
  assert.equal(memory().numTensors, before + constants);
  close((await m.evaluate(ds)).loss!, expected, 1e-5, "evaluate(dataset)");
  assert.deepEqual((await m.predict(ds)).shape, [10, 1]);
  const all = await m.predictAll(ds);
  assert.deepEqual(all.map((p) => p.shape), [[10, 1]]);
  assert.deepEqual(Array.from(all[0]!.dataSync()), Array.from(m.predict(tensor(x)).dataSync()));
  // stepsPerEpoch continues through the data and starts new passes as needed.
  let steps = 0;
  await m.fit(ds, undefined, { epochs: 2, stepsPerEpoch: 5, verbose: 0, callbacks: [new LambdaCallback({ onBatchEnd: () => void steps++ })] });
  assert.equal(steps, 10);
});

test("initialEpoch resumes the epoch count; epochs is the index to stop at", async () => {
  const { x, y } = rows(8, 3);
  const { m } = frozen();
  const h = await m.fit(tensor(x), tensor(y), { epochs: 5, initialEpoch: 3, verbose: 0 });
  assert.deepEqual(h.epoch, [3, 4]);
});

test("callbacks run in Keras order and share the logs object; History comes last", async () => {
  const { x, y } = rows(5, 3);
  const { m } = frozen();
  const calls: string[] = [];
  class Recorder extends Callback {
    override onTrainBegin() { calls.push("trainBegin"); }
    override onTrainEnd() { calls.push("trainEnd"); }
    override onEpochBegin(e: number) { calls.push(`epochBegin ${e}`); }
    override async onEpochEnd(e: number, logs: Logs) {
      await new Promise((r) => setTimeout(r, 1));
      calls.push(`epochEnd ${e} ${Object.keys(logs).join(",")}`);
      logs.extra = e * 10;
    }
    override onBatchBegin(b: number) { calls.push(`batchBegin ${b}`); }
    override onBatchEnd(b: number, logs: Logs) { calls.push(`batchEnd ${b} ${Object.keys(logs).join(",")}`); }
  }
  const h = await m.fit(tensor(x), tensor(y), { epochs: 2, batchSize: 3, verbose: 0, validationData: [tensor(x), tensor(y)], callbacks: [new Recorder()] });
  assert.deepEqual(calls, [
    "trainBegin",
    "epochBegin 0", "batchBegin 0", "batchEnd 0 loss,test_mae", "batchBegin 1", "batchEnd 1 loss,test_mae", "epochEnd 0 loss,test_mae,val_loss,val_test_mae",
    "epochBegin 1", "batchBegin 0", "batchEnd 0 loss,test_mae", "batchBegin 1", "batchEnd 1 loss,test_mae", "epochEnd 1 loss,test_mae,val_loss,val_test_mae",
    "trainEnd",
  ]);
  assert.deepEqual(h.history.extra, [0, 10], "History records what earlier callbacks added to the logs");
});

test("model.stopTraining from a callback ends fit after the current batch (the epoch still ends)", async () => {
  const { x, y } = rows(20, 3);
  const { m } = frozen();
  let batches = 0;
  const h = await m.fit(tensor(x), tensor(y), {
    epochs: 5,
    batchSize: 4,
    verbose: 0,
    callbacks: [new LambdaCallback({ onBatchEnd: (b) => { batches++; if (b === 1) m.stopTraining = true; } })],
  });
  assert.equal(batches, 2);
  assert.deepEqual(h.epoch, [0]);
  // The loss of the partial epoch covers the two batches run.
  close(h.history.loss![0]!, mean(linearSquaredErrors(x, y, W, B)), 0.5, "partial-epoch loss is finite");
  assert.ok(Number.isFinite(h.history.loss![0]!));
});

test("an interrupt (SIGINT, or interruptTraining()) stops after the current batch and leaves the model usable", async () => {
  const { x, y } = rows(40, 3);
  const lr = 0.01;
  for (const how of ["emit", "signal", "function"] as const) {
    const m = linearModel(W, B);
    m.compile({ optimizer: new SGD({ learningRate: lr }), loss: new TestMSE() });
    let batches = 0;
    const guard = () => {}; // keeps the process alive should our listener be missing
    process.on("SIGINT", guard);
    const h = await m.fit(tensor(x), tensor(y), {
      epochs: 10,
      batchSize: 4,
      verbose: 0,
      callbacks: [
        new LambdaCallback({
          onBatchEnd: async (b) => {
            batches++;
            if (batches !== 13) return;
            if (how === "emit") process.emit("SIGINT", "SIGINT");
            else if (how === "function") assert.equal(interruptTraining(), true);
            else {
              process.kill(process.pid, "SIGINT");
              await new Promise((r) => setTimeout(r, 50));
            }
            void b;
          },
        }),
      ],
    });
    process.removeListener("SIGINT", guard);
    assert.equal(batches, 13, `${how}: stops right after the batch in which the interrupt came`);
    assert.deepEqual(h.epoch, [0], `${how}: the interrupted epoch is not recorded`);
    assert.equal(process.listeners("SIGINT").length, 0, "fit removes its SIGINT listener");
    // Usable: predicts, and trains again.
    assert.deepEqual(m.predict(tensor(x)).shape, [40, 1]);
    const again = await m.fit(tensor(x), tensor(y), { epochs: 1, verbose: 0 });
    assert.equal(again.epoch.length, 1);
  }
  assert.equal(interruptTraining(), false, "nothing is training now");
});

test("a custom training step: assigned function or subclass override; fit averages its values by batch size", async () => {
  const { x, y } = rows(10, 3);
  const { m } = frozen();
  m.trainStep = (batch, ctx) => {
    const loss = ctx.optimizer.minimize(() => {
      const pred = m.apply(batch.x[0]!, { training: true }) as Tensor;
      return ctx.computeLoss(batch.y, [pred]);
    }, m.trainableWeights);
    return { loss, batch_size: batch.size };
  };
  const h = await m.fit(tensor(x), tensor(y), { epochs: 1, batchSize: 4, verbose: 0 });
  close(h.history.loss![0]!, mean(linearSquaredErrors(x, y, W, B)), 1e-5, "loss");
  close(h.history.batch_size![0]!, (4 * 4 + 4 * 4 + 2 * 2) / 10, 1e-12, "batch-size-weighted mean of the step's values");
  assert.equal(h.history.test_mae, undefined, "metrics the step did not update are not reported");

  class Doubled extends Model {
    dense = new Dense({ units: 1 });
    steps = 0;
    override call(inputs: Tensor | Tensor[]) {
      return this.dense.apply(inputs as Tensor) as Tensor;
    }
    override trainStep(batch: Parameters<Model["trainStep"]>[0], ctx: Parameters<Model["trainStep"]>[1]) {
      this.steps++;
      return { ...super.trainStep(batch, ctx), doubled: 2 };
    }
  }
  seed(0);
  const sub = new Doubled();
  sub.compile({ optimizer: "sgd", loss: new TestMSE(), metrics: [new TestMAE()] });
  const h2 = await sub.fit(tensor(x), tensor(y), { epochs: 2, batchSize: 5, verbose: 0 });
  assert.equal(sub.steps, 4);
  assert.deepEqual(h2.history.doubled, [2, 2]);
  assert.equal(h2.history.test_mae!.length, 2);
  assert.ok(h2.history.loss![1]! < h2.history.loss![0]!, "a subclassed model is built on its first batch and trains");
});

test("fit, evaluate and predict leave the caller's tensors alive when one batch covers them all", async () => {
  const { x, y } = rows(6, 3);
  const { m } = frozen();
  const xt = tensor(x);
  const yt = tensor(y);
  await m.fit(xt, yt, { epochs: 2, batchSize: 32, shuffle: false, verbose: 0 });
  m.evaluate(xt, yt, { batchSize: 32 });
  const first = Array.from(m.predict(xt).dataSync());
  assert.deepEqual(Array.from(m.predict(xt).dataSync()), first, "a second predict on the same tensor");
  assert.ok(!xt.isDisposed && !yt.isDisposed);
  assert.deepEqual(xt.arraySync(), x.map((r) => r.map(Math.fround)));
});
