import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, oneHot, sequential, model as functionalModel, input, Dense, SGD, Dataset, Model, memory, type SymbolicTensor, type Tensor, jit, placeholder, GradbookError } from "../../kernel/src/index.js";
import { TestMSE, rows, linearModel } from "./helpers.js";

function compiled() {
  const m = linearModel([0.5, -0.25, 0.75], 0.1);
  m.compile({ optimizer: new SGD({ learningRate: 0.01 }), loss: new TestMSE() });
  return m;
}

test("fit, evaluate and trainOnBatch before compile say to compile first", async () => {
  const m = linearModel([1, 2, 3], 0);
  const { x, y } = rows(4, 3);
  await assert.rejects(m.fit(tensor(x), tensor(y)), /fit: the model is not compiled; call model\.compile\(\{ optimizer: "adam", loss: "mse" \}\) first/);
  assert.throws(() => m.evaluate(tensor(x), tensor(y)), /evaluate: the model is not compiled/);
  assert.throws(() => m.trainOnBatch(tensor(x), tensor(y)), /trainOnBatch: the model is not compiled/);
  assert.deepEqual(m.predict(tensor(x)).shape, [4, 1], "predict needs no compile");
});

test("x and y with different numbers of samples: the counts and shapes, and the fix", async () => {
  const m = compiled();
  const { x, y } = rows(10, 3);
  await assert.rejects(m.fit(tensor(x), tensor(y.slice(0, 9))), /fit: x has 10 samples but y has 9 \(shapes \[10, 3\] and \[9, 1\]\); they need one row per sample, in the same order/);
  await assert.rejects(m.fit(tensor(x), tensor(y), { sampleWeight: tensor([1, 2]) }), /sampleWeight must have one weight per sample, shape \[10\], got \[2\]/);
  assert.throws(() => m.evaluate(tensor(x.slice(0, 3)), tensor(y)), /evaluate: x has 3 samples but y has 10/);
  await assert.rejects(m.fit(tensor(x), tensor(y), { validationData: [tensor(x), tensor(y.slice(0, 4))] }), /\(validationData\): x has 10 samples but y has 4/);
});

test("NaN or Infinity in the data is found once at the start of fit, naming the row", async () => {
  const m = compiled();
  const { x, y } = rows(10, 3);
  x[3]![1] = Number.NaN;
  await assert.rejects(m.fit(tensor(x), tensor(y), { verbose: 0 }), /fit: x contains NaN in row 3 \(element 1 of that row\); remove or fill in missing values before training/);
  const clean = rows(10, 3);
  clean.y[7]![0] = Number.POSITIVE_INFINITY;
  await assert.rejects(m.fit(tensor(clean.x), tensor(clean.y), { verbose: 0 }), /y contains Infinity in row 7/);
  const before = memory().numTensors;
  await assert.rejects(m.fit(x, clean.y, { verbose: 0 }), /NaN in row 3/);
  assert.equal(memory().numTensors, before, "a failed fit frees what it converted");
});

test("unknown optimizer, loss and metric names list what exists", () => {
  const m = linearModel([1], 0);
  assert.throws(() => m.compile({ optimizer: "adamm", loss: "mse" }), /unknown optimizer "adamm"; use one of sgd, adagrad, adadelta, rmsprop, adam, adamw, nadam, newton/);
  assert.throws(() => m.compile({ optimizer: "adam", loss: "msee" }), /unknown loss "msee"; known: .*mse/);
  assert.throws(() => m.compile({ optimizer: "adam", loss: "mse", metric: ["mae"] } as never), /compile: unknown option "metric"; did you mean metrics\?/);
  assert.throws(() => m.compile({ optimizer: "adam", loss: "mse", metrics: ["acuracy"] }), /acuracy/);
  assert.throws(() => m.compile({ optimizer: "adam" } as never), /compile: give a loss, e\.g\. model\.compile/);
});

test("labels of the wrong shape for the loss fail on the first batch with the loss's advice", async () => {
  const m = sequential([new Dense({ units: 3, activation: "softmax", inputShape: [2] })]);
  m.compile({ optimizer: "sgd", loss: "sparseCategoricalCrossentropy" });
  const x = tensor([[1, 2], [3, 4], [5, 6]]);
  const labels = tensor([0, 2, 1], "int32");
  await assert.rejects(m.fit(x, oneHot(labels, 3), { verbose: 0 }), /one-hot labels .* use categoricalCrossentropy/);
  const h = await m.fit(x, labels, { verbose: 0 });
  assert.equal(h.epoch.length, 1, "the model is still usable after the failed fit");
  const mse = sequential([new Dense({ units: 1, inputShape: [2] })]);
  mse.compile({ optimizer: "sgd", loss: "mse" });
  await assert.rejects(mse.fit(x, tensor([[1, 2], [3, 4], [5, 6]]), { verbose: 0 }), /mean.*expects labels of the same shape as the predictions, \[3, 1\]/i);
});

test("option mistakes: unknown names (with the camelCase hint), bad splits and batch sizes", async () => {
  const m = compiled();
  const { x, y } = rows(10, 3);
  await assert.rejects(m.fit(tensor(x), tensor(y), { batch_size: 4 } as never), /fit: unknown option "batch_size"; did you mean batchSize\?/);
  await assert.rejects(m.fit(tensor(x), tensor(y), { epoch: 4 } as never), /unknown option "epoch"; did you mean epochs\?/);
  await assert.rejects(m.fit(tensor(x), tensor(y), { colour: 1 } as never), /unknown option "colour"; the options are epochs, batchSize/);
  await assert.rejects(m.fit(tensor(x), tensor(y), { validationSplit: 1e-17 }), /validationSplit 1e-17 of 10 samples leaves no validation samples \(floor\(10 × 1\) = 10\)/);
  await assert.rejects(m.fit(tensor(x), tensor(y), { validationSplit: 0.95 }), /validationSplit 0\.95 of 10 samples leaves no training samples/);
  await assert.rejects(m.fit(tensor(x), tensor(y), { validationSplit: 1.5 }), /validationSplit must be a fraction between 0 and 1/);
  await assert.rejects(m.fit(tensor(x), tensor(y), { batchSize: 0 }), /batchSize must be a positive integer, got 0/);
  await assert.rejects(m.fit(tensor(x), tensor(y), { epochs: 2.5 }), /epochs must be a non-negative integer, got 2\.5/);
  await assert.rejects(m.fit(tensor(x)), /give the targets y/);
  await assert.rejects(m.fit(tensor(x), tensor(y), { classWeight: { 0: 1 } }), /classWeight has no weight for class/);
  await assert.rejects(m.fit(tensor(x), tensor(y), { callbacks: [{}] as never }), /callbacks must be Callback instances/);
  const ds = Dataset.fromTensors(tensor(x), tensor(y)).batch(4);
  await assert.rejects(m.fit(ds, undefined, { validationSplit: 0.2 }), /validationSplit needs tensors; with a Dataset pass validationData/);
  await assert.rejects(m.fit(ds, tensor(y)), /with a Dataset as x the targets come from its \{x, y\} batches; leave y out/);
  await assert.rejects(m.fit(Dataset.fromTensors(tensor(x)).batch(4), undefined, { verbose: 0 }), /a Dataset for training must yield batches \{x, y\}/);
  await assert.rejects(m.fit(Dataset.fromTensors(tensor(x), tensor(y)).batch(4).repeat(), undefined, { verbose: 0 }), /endless .* give stepsPerEpoch/);
});

test("multi-output models: y must have one target per output; loss lists must match", async () => {
  const xin = input({ shape: [3] });
  const a = new Dense({ units: 1, name: "a" }).apply(xin) as SymbolicTensor;
  const b = new Dense({ units: 1, name: "b" }).apply(xin) as SymbolicTensor;
  const m = functionalModel({ inputs: xin, outputs: [a, b] });
  assert.throws(() => m.compile({ optimizer: "sgd", loss: [new TestMSE()] }), /compile: loss has 1 entries but the model has 2 output\(s\) \(a, b\); give one per output/);
  assert.throws(() => m.compile({ optimizer: "sgd", loss: { a: new TestMSE(), c: new TestMSE() } }), /loss names unknown output\(s\) "c"; the model's outputs are a, b/);
  assert.throws(() => m.compile({ optimizer: "sgd", loss: { a: new TestMSE() } }), /loss has no entry for output "b"/);
  m.compile({ optimizer: "sgd", loss: new TestMSE() });
  const { x, y } = rows(6, 3);
  await assert.rejects(m.fit(tensor(x), tensor(y), { verbose: 0 }), /the model has 2 output\(s\) \(a, b\) but y has 1 tensor\(s\); give one target per output/);
  await assert.rejects(m.fit(tensor(x), { a: tensor(y) }, { verbose: 0 }), /y has no entry for "b"/);
  const h = await m.fit(tensor(x), { a: tensor(y), b: tensor(y) }, { verbose: 0 });
  assert.deepEqual(Object.keys(h.history), ["loss", "a_loss", "b_loss"]);
});

test("a custom trainStep must return numbers or one-element tensors", async () => {
  const m = compiled();
  const { x, y } = rows(4, 3);
  m.trainStep = () => ({ loss: tensor([1, 2]) }) as never;
  await assert.rejects(m.fit(tensor(x), tensor(y), { verbose: 0 }), /trainStep returned loss = a tensor of shape \[2\]; log values must be numbers or one-element tensors/);
  m.trainStep = () => ({ loss: "low" }) as never;
  await assert.rejects(m.fit(tensor(x), tensor(y), { verbose: 0 }), /trainStep returned loss = low; log values must be numbers or one-element tensors/);
});

test("predict on a subclassed model that returns two outputs says to use predictAll and leaks nothing", () => {
  class TwoHeads extends Model {
    readonly a = new Dense({ units: 1 });
    readonly b = new Dense({ units: 2 });
    override call(inputs: Tensor | Tensor[]) {
      const x = inputs as Tensor;
      return [this.a.apply(x) as Tensor, this.b.apply(x) as Tensor];
    }
  }
  const m = new TwoHeads();
  const x = tensor(rows(5, 3).x);
  assert.deepEqual(m.predictAll(x).map((p) => p.shape), [[5, 1], [5, 2]]);
  const before = memory().numTensors;
  assert.throws(() => m.predict(x), /predict: the model has 2 outputs \(output_1, output_2\) and predict returns one tensor; use predictAll\(x\)/);
  assert.equal(memory().numTensors, before);
});

test("predict, evaluate, trainOnBatch and fit inside jit, or on a placeholder, say to use model.apply (not a symbolic read)", async () => {
  const m = linearModel([1, 0, -1], 0.5);
  m.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: new TestMSE() });
  const x = tensor([[1, 2, 3]]);
  const y = tensor([[1]]);
  const refused = (method: string) => (e: unknown) => e instanceof GradbookError && new RegExp(`\\.${method}: loops over batches and reads values`).test(e.message) && /model\.apply\(x\)/.test(e.message);
  assert.throws(() => jit((a: Tensor) => m.predict(a))(x), refused("predict"));
  assert.throws(() => jit((a: Tensor, b: Tensor) => m.evaluate(a, b).loss)(x, y), refused("evaluate"));
  assert.throws(() => jit((a: Tensor, b: Tensor) => m.trainOnBatch(a, b).loss)(x, y), refused("trainOnBatch"));
  await assert.rejects(m.fit(placeholder([null, 3], "float32", "rows"), y, { verbose: 0 }), refused("fit"));
  assert.throws(() => m.predict(placeholder([null, 3], "float32", "rows")), refused("predict"));
  // model.apply is what builds the graph there.
  assert.deepEqual(jit((a: Tensor) => m.apply(a) as Tensor)(x).shape, [1, 1]);
});
