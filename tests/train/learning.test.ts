// Learning, not just running. Each test states its budget (epochs × batches, wall time on
// a 2-core CI machine) and checks held-out accuracy computed here from predict(), not from
// the library's own metrics.
import { test } from "node:test";
import assert from "node:assert/strict";
import { seed, loadDigits, trainTestSplit, sequential, Dense, Conv2D, MaxPooling2D, Flatten, Adam, EarlyStopping, type Tensor } from "../../kernel/src/index.js";

function accuracy(predictions: Tensor, labels: Tensor): number {
  const predicted = predictions.argmax(-1).dataSync();
  const truth = labels.dataSync();
  let right = 0;
  for (let i = 0; i < truth.length; i++) if (Number(predicted[i]) === Number(truth[i])) right++;
  return right / truth.length;
}

/** CPU seconds used by this process since `start` (robust to a loaded machine, unlike wall time). */
function cpuSeconds(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

function digits() {
  const { x, y } = loadDigits();
  const scaled = x.div(16);
  return trainTestSplit(scaled, y, { testSize: 0.25, seed: 0, stratify: true });
}

test("an MLP reaches ≥ 95% test accuracy on the 8×8 digits (budget: 20 epochs × 43 batches of 32; ≈ 2 s CPU, limit 30 s)", async () => {
  const started = process.cpuUsage();
  seed(0);
  const { xTrain, yTrain, xTest, yTest } = digits();
  const m = sequential([new Dense({ units: 64, activation: "relu", inputShape: [64] }), new Dense({ units: 10, activation: "softmax" })]);
  m.compile({ optimizer: new Adam({ learningRate: 0.005 }), loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });
  const history = await m.fit(xTrain, yTrain, { epochs: 20, batchSize: 32, verbose: 0 });
  const testAccuracy = accuracy(m.predict(xTest), yTest);
  const seconds = cpuSeconds(started);
  assert.ok(testAccuracy >= 0.95, `test accuracy ${testAccuracy}`);
  assert.ok(history.history.loss!.at(-1)! < history.history.loss![0]! / 5, `the loss falls: ${history.history.loss!.join(", ")}`);
  console.log(`  CPU time: ${seconds.toFixed(1)} s (budget note: under 30 s on 2 cores; measured, not asserted)`);
});

test("a large model overfits 60 training digits (train loss falls, val loss rises) and EarlyStopping catches it (budget: 60 + ≤ 100 epochs × 2 batches of a 64-128-128-10 MLP, 200 validation samples; ≈ 3 s CPU, limit 30 s)", async () => {
  const started = process.cpuUsage();
  seed(1);
  const { xTrain, yTrain, xTest, yTest } = digits();
  // 60 training samples, 200 validation samples; 17,802 parameters: ~300 per training sample.
  const xSmall = xTrain.slice([0, 0], [60, 64]);
  const ySmall = yTrain.slice([0], [60]);
  const xVal = xTest.slice([0, 0], [200, 64]);
  const yVal = yTest.slice([0], [200]);
  const build = () => {
    seed(2);
    const m = sequential([new Dense({ units: 128, activation: "relu", inputShape: [64] }), new Dense({ units: 128, activation: "relu" }), new Dense({ units: 10, activation: "softmax" })]);
    m.compile({ optimizer: new Adam({ learningRate: 0.005 }), loss: "sparseCategoricalCrossentropy" });
    return m;
  };
  // Without early stopping: the validation loss reaches its minimum and then rises while the training loss keeps falling.
  const free = build();
  const h = await free.fit(xSmall, ySmall, { epochs: 60, batchSize: 32, verbose: 0, validationData: [xVal, yVal] });
  const val = h.history.val_loss!;
  const loss = h.history.loss!;
  const best = val.indexOf(Math.min(...val));
  assert.ok(best < val.length - 10, `the validation loss must bottom out early (best epoch ${best} of ${val.length})`);
  assert.ok(val.at(-1)! > val[best]! * 1.1, `and then rise: ${val[best]} → ${val.at(-1)}`);
  assert.ok(loss.at(-1)! < loss[best]! / 3, `while the training loss keeps falling: ${loss[best]} → ${loss.at(-1)}`);

  // With EarlyStopping (patience 5, restoreBestWeights): stops a few epochs after the minimum and restores it.
  const guarded = build();
  const es = new EarlyStopping({ monitor: "val_loss", patience: 5, restoreBestWeights: true });
  const h2 = await guarded.fit(xSmall, ySmall, { epochs: 100, batchSize: 32, verbose: 0, validationData: [xVal, yVal], callbacks: [es] });
  const val2 = h2.history.val_loss!;
  const best2 = val2.indexOf(Math.min(...val2));
  assert.ok(es.stoppedEpoch > 0 && es.stoppedEpoch < 100, `stopped at epoch ${es.stoppedEpoch}`);
  assert.equal(es.bestEpoch, best2);
  assert.equal(es.stoppedEpoch, best2 + 5, "stops patience epochs after the best one");
  const restored = guarded.evaluate(xVal, yVal).loss!;
  assert.ok(Math.abs(restored - val2[best2]!) < 1e-5, `the restored weights give the best validation loss ${val2[best2]} (got ${restored})`);
  const seconds = cpuSeconds(started);
  console.log(`  CPU time: ${seconds.toFixed(1)} s (budget note: under 30 s on 2 cores; measured, not asserted)`);
});

test("a small CNN reaches ≥ 97% test accuracy on the 8×8 digit images (budget: 12 epochs × 43 batches of 32, two 3×3 conv layers of 16 and 32 filters; ≈ 14 s CPU, limit 30 s)", async () => {
  const started = process.cpuUsage();
  seed(0);
  const { x, y } = loadDigits({ images: true });
  const { xTrain, yTrain, xTest, yTest } = trainTestSplit(x.div(16).reshape([-1, 8, 8, 1]), y, { testSize: 0.25, seed: 0, stratify: true });
  const m = sequential([
    new Conv2D({ filters: 16, kernelSize: 3, padding: "same", activation: "relu", inputShape: [8, 8, 1] }),
    new MaxPooling2D({ poolSize: 2 }),
    new Conv2D({ filters: 32, kernelSize: 3, padding: "same", activation: "relu" }),
    new MaxPooling2D({ poolSize: 2 }),
    new Flatten(),
    new Dense({ units: 10, activation: "softmax" }),
  ]);
  m.compile({ optimizer: new Adam({ learningRate: 0.005 }), loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });
  const history = await m.fit(xTrain, yTrain, { epochs: 12, batchSize: 32, verbose: 0 });
  const testAccuracy = accuracy(m.predict(xTest), yTest);
  assert.ok(testAccuracy >= 0.97, `test accuracy ${testAccuracy}`);
  assert.ok(history.history.accuracy!.at(-1)! > 0.97, `training accuracy ${history.history.accuracy!.at(-1)}`);
  const seconds = cpuSeconds(started);
  console.log(`  CPU time: ${seconds.toFixed(1)} s (budget note: under 30 s on 2 cores; measured, not asserted)`);
});
