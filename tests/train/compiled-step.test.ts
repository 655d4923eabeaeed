import { test } from "node:test";
import assert from "node:assert/strict";
import {
  sequential, Dense, BatchNormalization, Embedding, Flatten, Layer, Adam, Newton, seed, tensor, eagerStepReason, randomNormal, randomInt, randomUniform, memory, listBackends, setBackend,
  metrics as metricClasses, losses, type Model, type Tensor, type Tensors, type TensorLike,
} from "../../kernel/src/index.js";
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

test("the library's metrics are part of the compiled step's graph; a metric made from a function that reads values, or a subclass with its own update, is updated after the step", async () => {
  const x = randomNormal([40, 6], { seed: 5 });
  const y = randomInt([40], 0, 3, { seed: 6 });
  // Reads the predictions' values: it could not run inside a graph.
  const readsValues = (yTrue: Tensor, yPred: Tensor) => tensor(Array.from(yPred.argmax(-1).dataSync(), (c, i) => Number(c === yTrue.dataSync()[i])));
  let ownUpdates = 0;
  class CountingAccuracy extends metricClasses.SparseCategoricalAccuracy {
    override update(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike): void {
      ownUpdates++;
      super.update(yTrue, yPred, sampleWeight);
    }
  }
  const histories = [];
  for (const runEagerly of [false, true]) {
    seed(7);
    const model = sequential([new Dense({ units: 8, activation: "relu", inputShape: [6] }), new Dense({ units: 3 })]);
    const metrics = ["accuracy", new metricClasses.MeanMetricWrapper(readsValues, { name: "reads" }), new CountingAccuracy({ name: "counted" })];
    model.compile({ optimizer: new Adam({ learningRate: 0.01 }), loss: new losses.SparseCategoricalCrossentropy({ fromLogits: true }), metrics, runEagerly });
    ownUpdates = 0;
    histories.push((await model.fit(x, y, { epochs: 2, batchSize: 16, shuffle: false, verbose: 0 })).history);
    assert.equal(ownUpdates, 6, "CountingAccuracy.update ran once per batch (3 batches, 2 epochs)");
    if (runEagerly) continue;
    assert.equal(eagerStepReason(model.compiled!), undefined, "the step stayed compiled");
    const ops = compiledStepOf(model.compiled!)!.graphs[0]!.ir.nodes.map((n) => n.op.name);
    assert.equal(ops.filter((op) => op === "argmax").length, 1, `accuracy's argmax is in the graph (the other two metrics' are not): ${ops.join(", ")}`);
  }
  const [compiled, eager] = histories;
  for (const key of ["loss", "accuracy", "reads", "counted"]) {
    compiled![key]!.forEach((v, i) => assert.ok(Math.abs(v - eager![key]![i]!) <= 1e-4, `${key}[${i}]: compiled ${v} vs eager ${eager![key]![i]}`));
  }
  assert.deepEqual(compiled!.accuracy, compiled!.reads, "the graph's accuracy and the read-back one agree");
});

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

/** The error `fit` gives, or undefined when it trains. */
async function fitError(model: Model, x: Tensor, y: Tensor): Promise<Error | undefined> {
  try {
    await model.fit(x, y, { epochs: 1, batchSize: 8, shuffle: false, verbose: 0 });
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

test("bad data in a later batch (out-of-range ids and labels) stops a compiled step with the eager message, before that batch's update", async () => {
  // 24 rows in batches of 8: the first batch runs eagerly, the third has the bad value in its last row.
  const idRows = Array.from({ length: 24 }, (_, i) => Array.from({ length: 5 }, (_, j) => (i * 5 + j) % 10));
  idRows[23]![2] = 12;
  const badIds = tensor(idRows, "int32");
  const cases: { what: string; layers: () => Layer[]; loss: string; x: Tensor; y: Tensor; message: RegExp }[] = [
    { what: "Embedding ids", layers: () => [new Embedding({ name: "ids", inputDim: 10, outputDim: 3, inputShape: [5] }), new Flatten(), new Dense({ units: 1 })], loss: "mse", x: badIds, y: randomNormal([24, 1], { seed: 2 }), message: /index 12 \(at flat position 37 of the input\) is out of range: inputDim is 10/ },
    { what: "sparse class labels", layers: () => [new Dense({ units: 3, activation: "softmax", inputShape: [4] })], loss: "sparseCategoricalCrossentropy", x: randomNormal([24, 4], { seed: 3 }), y: tensor([...Array(23).fill(1), 3], "int32"), message: /label 3 \(at index 7\) is outside the valid range 0 … 2/ },
    { what: "binary labels", layers: () => [new Dense({ units: 1, activation: "sigmoid", inputShape: [4] })], loss: "binaryCrossentropy", x: randomNormal([24, 4], { seed: 4 }), y: tensor([...Array(23).fill(1), 2]).reshape([24, 1]), message: /expects labels in \[0, 1\] but got 2 \(at flat index 7/ },
  ];
  for (const c of cases) {
    const errors: Error[] = [];
    const weights: number[][][] = [];
    const models: Model[] = [];
    for (const runEagerly of [false, true]) {
      seed(5);
      const m = sequential(c.layers());
      m.compile({ optimizer: "sgd", loss: c.loss, runEagerly });
      const error = await fitError(m, c.x, c.y);
      assert.ok(error, `${c.what}: fit refuses the last batch (runEagerly: ${runEagerly})`);
      errors.push(error);
      weights.push(m.getWeights().map((w) => [...w.dataSync()]));
      models.push(m);
    }
    assert.match(errors[0]!.message, c.message, c.what);
    assert.equal(errors[0]!.message, errors[1]!.message, `${c.what}: the compiled step says what eager mode says`);
    assert.equal(errors[0]!.constructor, errors[1]!.constructor);
    assert.equal(compiledStepOf(models[0]!.compiled!)?.traceCount, 1, `${c.what}: the batch was refused by the compiled step`);
    weights[0]!.forEach((w, i) => w.forEach((v, j) => assert.ok(Math.abs(v - weights[1]![i]![j]!) < 1e-5, `${c.what}: weight ${i}[${j}]: the refused batch updated nothing`)));
  }
});

test("a model whose step cannot be traced (a custom layer reads values) trains with eager steps, silently, and says why", async () => {
  /** Divides by the batch's largest value, read on the host: fine eagerly, impossible in a trace. */
  class ScaleByMax extends Layer {
    call(x: Tensors): Tensor {
      const t = x as Tensor;
      return t.div(Math.max(...t.abs().dataSync()));
    }
  }
  const x = randomNormal([24, 4], { seed: 6 });
  const y = randomNormal([24, 1], { seed: 7 });
  const histories: number[][] = [];
  const models: Model[] = [];
  const written: string[] = [];
  const write = process.stderr.write;
  const warn = console.warn;
  const error = console.error;
  process.stderr.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
  console.warn = console.error = (...args: unknown[]) => void written.push(args.join(" "));
  try {
    for (const runEagerly of [false, true]) {
      seed(8);
      const m = sequential([new Dense({ units: 4, inputShape: [4] }), new ScaleByMax({}), new Dense({ units: 1 })]);
      m.compile({ optimizer: "adam", loss: "mse", runEagerly });
      histories.push((await m.fit(x, y, { epochs: 2, batchSize: 8, shuffle: false, verbose: 0 })).history.loss!);
      models.push(m);
    }
  } finally {
    process.stderr.write = write;
    console.warn = warn;
    console.error = error;
  }
  assert.deepEqual(written, [], "nothing is printed");
  histories[0]!.forEach((v, i) => assert.ok(Math.abs(v - histories[1]![i]!) <= 1e-6 * (1 + Math.abs(v)), `loss[${i}]: ${v} vs eager ${histories[1]![i]}`));
  assert.equal(compiledStepOf(models[0]!.compiled!), undefined, "the failed trace is dropped");
  assert.match(eagerStepReason(models[0]!.compiled!) ?? "", /cannot read the values of a symbolic tensor/);
  assert.equal(eagerStepReason(models[1]!.compiled!), undefined, "runEagerly: true is no fallback");
});

test("a model built by its first batch (no inputShape) compiles its later steps", async () => {
  seed(9);
  const m = sequential([new Dense({ units: 3, activation: "relu" }), new Dense({ units: 1 })]);
  m.compile({ optimizer: "sgd", loss: "mse" });
  await m.fit(randomNormal([16, 5], { seed: 10 }), randomNormal([16, 1], { seed: 11 }), { epochs: 2, batchSize: 8, verbose: 0 });
  assert.equal(compiledStepOf(m.compiled!)?.traceCount, 1);
});
