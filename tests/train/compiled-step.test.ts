import { test } from "node:test";
import assert from "node:assert/strict";
import { sequential, Dense, BatchNormalization, Adam, Newton, seed, randomNormal, randomInt, randomUniform, memory, listBackends, setBackend, type Model } from "../../kernel/src/index.js";
import { compiledStepOf } from "../../kernel/src/train/compiled-step.js";

function classifier(runEagerly: boolean): Model {
  seed(7);
  const model = sequential([
    new Dense({ units: 16, activation: "relu", inputShape: [6] }),
    new BatchNormalization(),
    new Dense({ units: 3, activation: "softmax" }),
  ]);
  model.compile({ optimizer: new Adam({ learningRate: 0.01 }), loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"], runEagerly });
  return model;
}

for (const backend of listBackends().filter((name) => name.startsWith("cpu"))) {
  test(`fit compiles (and optimises) the training step by default and gives the eager history within float32 tolerance (${backend})`, async () => {
  setBackend(backend);
  const x = randomNormal([50, 6], { seed: 1 });
  const y = randomInt([50], 0, 3, { seed: 2 });
  const compiled = classifier(false);
  const eager = classifier(true);
  const h1 = await compiled.fit(x, y, { epochs: 4, batchSize: 16, shuffle: false, verbose: 0, validationSplit: 0.2 });
  const h2 = await eager.fit(x, y, { epochs: 4, batchSize: 16, shuffle: false, verbose: 0, validationSplit: 0.2 });
  for (const key of ["loss", "accuracy", "val_loss", "val_accuracy"]) {
    const a = h1.history[key]!;
    const b = h2.history[key]!;
    assert.equal(a.length, 4, key);
    a.forEach((v, i) => assert.ok(Math.abs(v - b[i]!) <= 1e-4 * (1 + Math.abs(b[i]!)), `${key}[${i}]: compiled ${v} vs eager ${b[i]}`));
  }
  const step = compiledStepOf(compiled.compiled!);
  assert.ok(step, "the compiled model made a compiled step");
  // 40 training rows in batches of 16: two full batches and one of 8, all run by one graph of unknown batch size.
  assert.equal(step!.traceCount, 1);
  assert.deepEqual(step!.signatures, ["[float32[?,6]], [int32[?]], undefined"]);
  assert.equal(compiledStepOf(eager.compiled!), undefined, "runEagerly: true runs op by op");
  const moving = compiled.layers[1]!.getWeights().map((w) => [...w.dataSync()]);
  const movingEager = eager.layers[1]!.getWeights().map((w) => [...w.dataSync()]);
  moving.forEach((w, i) => w.forEach((v, j) => assert.ok(Math.abs(v - movingEager[i]![j]!) < 1e-4, "BatchNorm's moving statistics are updated by the compiled step too")));
  // On the JavaScript backend the optimised step runs generated (fused) kernels.
  if (backend === "cpu-js") assert.ok(step!.graphs[0]!.ir.nodes.some((n) => n.op.name.startsWith("fused_")), "the step was fused");
  });
}

test("compiled steps do not leak: memory is flat across epochs", async () => {
  const model = classifier(false);
  const x = randomNormal([64, 6], { seed: 3 });
  const y = randomInt([64], 0, 3, { seed: 4 });
  await model.fit(x, y, { epochs: 1, batchSize: 16, verbose: 0 });
  const before = memory();
  await model.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0 });
  assert.equal(memory().numTensors, before.numTensors);
  assert.equal(memory().numBytes, before.numBytes);
});

test("an optimizer that cannot be traced (Newton) trains eagerly without being asked", async () => {
  seed(1);
  const model = sequential([new Dense({ units: 1, inputShape: [2] })]);
  model.compile({ optimizer: new Newton(), loss: "mse" });
  const x = randomNormal([8, 2], { seed: 5 });
  const y = x.sum(1, true);
  const h = await model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0 });
  assert.ok(h.history.loss![1]! < 1e-6, `Newton solves a linear least-squares problem in one step, got ${h.history.loss}`);
  assert.equal(compiledStepOf(model.compiled!), undefined);
});

test("a step that uses the batch size as a number (sample weights: Σ w·l / n) is traced per batch shape and still matches eager mode", async () => {
  const x = randomNormal([40, 6], { seed: 8 });
  const y = randomInt([40], 0, 3, { seed: 9 });
  const sampleWeight = randomUniform([40], { min: 0.5, max: 2, seed: 10 });
  const compiled = classifier(false);
  const eager = classifier(true);
  const h1 = await compiled.fit(x, y, { epochs: 2, batchSize: 16, shuffle: false, verbose: 0, sampleWeight });
  const h2 = await eager.fit(x, y, { epochs: 2, batchSize: 16, shuffle: false, verbose: 0, sampleWeight });
  h1.history.loss!.forEach((v, i) => assert.ok(Math.abs(v - h2.history.loss![i]!) <= 1e-4 * (1 + Math.abs(v)), `loss[${i}]: compiled ${v} vs eager ${h2.history.loss![i]}`));
  const step = compiledStepOf(compiled.compiled!)!;
  assert.deepEqual(step.signatures.map((s) => s.split("]")[0]), ["[float32[16,6", "[float32[8,6"], "one graph per batch shape");
  assert.equal(step.traceCount, 3, "the batch-polymorphic trace was dropped");
});
