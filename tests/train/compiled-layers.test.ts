// fit's compiled training step (the default) against runEagerly: true, for every exported
// layer class, every loss compile() accepts and every metric name: the same histories within
// float32 tolerance, and the compiled step really compiled.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  sequential, model, input, seed, randomNormal, randomInt, randomUniform, oneHot, Dense, Dropout, Embedding, Flatten, Reshape, Conv1D, Conv2D,
  MaxPooling1D, MaxPooling2D, AveragePooling1D, AveragePooling2D, GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D, GlobalMaxPooling2D,
  BatchNormalization, LayerNormalization, SimpleRNN, LSTM, GRU, Activation, ReLU, LeakyReLU, PReLU, ELU, Softmax, Concatenate, Add, Subtract, Multiply,
  Average, Maximum, Minimum, Layer, getBackend, losses, type Model, type Tensor, type LossSpec, type MetricSpec,
} from "../../kernel/src/index.js";
import * as layerExports from "../../kernel/src/nn/layers/index.js";
import { lossRegistry } from "../../kernel/src/nn/losses.js";
import { metricRegistry } from "../../kernel/src/nn/metrics.js";
import { regularizers } from "../../kernel/src/nn/regularizers.js";
import { constraints } from "../../kernel/src/nn/constraints.js";
import { compiledStepOf } from "../../kernel/src/train/compiled-step.js";

const rows = 24;
const batchSize = 8;

/** A model factory (new layers each call) and its data. */
interface Case {
  build: () => Model;
  x: () => Tensor;
  y: () => Tensor;
  loss?: LossSpec;
  metrics?: MetricSpec[];
}

const features = () => randomNormal([rows, 6], { seed: 1 });
const sequences = () => randomNormal([rows, 5, 3], { seed: 2 });
const images = () => randomNormal([rows, 6, 6, 2], { seed: 3 });
const targets = (units: number) => () => randomNormal([rows, units], { seed: 4 });
const classes = () => randomInt([rows], 0, 3, { seed: 5 });

// The layers under test are made by `layers()` when a model is built, so each model has its own.
/** A dense model with `layers` in the middle of it. */
function denseAround(layers: () => Layer[]): Case {
  return { build: () => sequential([new Dense({ units: 8, inputShape: [6] }), ...layers(), new Dense({ units: 2 })]), x: features, y: targets(2) };
}
/** `layers` on sequences [batch, 5, 3], then a dense head. */
function sequenceCase(layers: () => Layer[]): Case {
  return { build: () => sequential([...layers(), new Dense({ units: 2 })]), x: sequences, y: targets(2) };
}
/** `layers` on images [batch, 6, 6, 2], then Flatten and a dense head. */
function imageCase(layers: () => Layer[]): Case {
  return { build: () => sequential([...layers(), new Flatten(), new Dense({ units: 2 })]), x: images, y: targets(2) };
}
/** A functional model that merges two dense branches of one input with `merge`. */
function mergeCase(merge: () => Layer): Case {
  return {
    build: () => {
      const inp = input({ shape: [6] });
      const a = new Dense({ units: 4 }).apply(inp);
      const b = new Dense({ units: 4, activation: "tanh" }).apply(inp);
      return model({ inputs: inp, outputs: new Dense({ units: 2 }).apply(merge().apply([a, b])) });
    },
    x: features,
    y: targets(2),
  };
}

// One case per exported layer class (the test below fails for a layer without one).
const layerCases: Record<string, Case> = {
  Dense: denseAround(() => [new Dense({ units: 4, activation: "relu" })]),
  Activation: denseAround(() => [new Activation({ activation: "tanh" })]),
  ReLU: denseAround(() => [new ReLU({ maxValue: 1 })]),
  LeakyReLU: denseAround(() => [new LeakyReLU()]),
  PReLU: denseAround(() => [new PReLU()]),
  ELU: denseAround(() => [new ELU()]),
  Softmax: denseAround(() => [new Softmax()]),
  Dropout: denseAround(() => [new Dropout({ rate: 0.3, seed: 11 })]),
  Flatten: imageCase(() => [new Flatten({ inputShape: [6, 6, 2] })]),
  Reshape: denseAround(() => [new Reshape({ targetShape: [2, 4] }), new Flatten()]),
  BatchNormalization: denseAround(() => [new BatchNormalization()]),
  LayerNormalization: denseAround(() => [new LayerNormalization()]),
  Embedding: { build: () => sequential([new Embedding({ inputDim: 10, outputDim: 4, inputShape: [5] }), new Flatten(), new Dense({ units: 2 })]), x: () => randomInt([rows, 5], 0, 10, { seed: 6 }), y: targets(2) },
  Concatenate: mergeCase(() => new Concatenate()),
  Add: mergeCase(() => new Add()),
  Subtract: mergeCase(() => new Subtract()),
  Multiply: mergeCase(() => new Multiply()),
  Average: mergeCase(() => new Average()),
  Maximum: mergeCase(() => new Maximum()),
  Minimum: mergeCase(() => new Minimum()),
  Conv1D: sequenceCase(() => [new Conv1D({ filters: 4, kernelSize: 2, inputShape: [5, 3] }), new Flatten()]),
  Conv2D: imageCase(() => [new Conv2D({ filters: 3, kernelSize: 3, padding: "same", inputShape: [6, 6, 2] })]),
  MaxPooling1D: sequenceCase(() => [new Conv1D({ filters: 4, kernelSize: 2, inputShape: [5, 3] }), new MaxPooling1D({ poolSize: 2 }), new Flatten()]),
  AveragePooling1D: sequenceCase(() => [new Conv1D({ filters: 4, kernelSize: 2, inputShape: [5, 3] }), new AveragePooling1D({ poolSize: 2 }), new Flatten()]),
  GlobalAveragePooling1D: sequenceCase(() => [new Conv1D({ filters: 4, kernelSize: 2, inputShape: [5, 3] }), new GlobalAveragePooling1D()]),
  GlobalMaxPooling1D: sequenceCase(() => [new Conv1D({ filters: 4, kernelSize: 2, inputShape: [5, 3] }), new GlobalMaxPooling1D()]),
  MaxPooling2D: imageCase(() => [new Conv2D({ filters: 3, kernelSize: 3, inputShape: [6, 6, 2] }), new MaxPooling2D({ poolSize: 2 })]),
  AveragePooling2D: imageCase(() => [new Conv2D({ filters: 3, kernelSize: 3, inputShape: [6, 6, 2] }), new AveragePooling2D({ poolSize: 2 })]),
  GlobalAveragePooling2D: imageCase(() => [new Conv2D({ filters: 3, kernelSize: 3, inputShape: [6, 6, 2] }), new GlobalAveragePooling2D()]),
  GlobalMaxPooling2D: imageCase(() => [new Conv2D({ filters: 3, kernelSize: 3, inputShape: [6, 6, 2] }), new GlobalMaxPooling2D()]),
  SimpleRNN: sequenceCase(() => [new SimpleRNN({ units: 4, inputShape: [5, 3] })]),
  LSTM: sequenceCase(() => [new LSTM({ units: 4, returnSequences: true, inputShape: [5, 3] }), new Flatten()]),
  GRU: sequenceCase(() => [new GRU({ units: 4, inputShape: [5, 3] })]),
};

/** The loss's data: labels and an output activation that suit it. */
function lossCase(loss: string): Case {
  const head = (units: number, activation: string) => () => sequential([new Dense({ units: 8, activation: "relu", inputShape: [6] }), new Dense({ units, activation: activation as never })]);
  const positive = () => randomUniform([rows, 2], { min: 0.1, max: 2, seed: 7 });
  const probabilities = () => {
    const u = randomUniform([rows, 3], { min: 0.1, max: 1, seed: 8 });
    return u.div(u.sum(1, true));
  };
  const signs = () => randomInt([rows, 2], 0, 2, { seed: 9 }).cast("float32").mul(2).sub(1);
  const byClass: Record<string, Case> = {
    BinaryCrossentropy: { build: head(1, "sigmoid"), x: features, y: () => randomInt([rows, 1], 0, 2, { seed: 9 }).cast("float32") },
    CategoricalCrossentropy: { build: head(3, "softmax"), x: features, y: () => oneHot(classes(), 3) },
    SparseCategoricalCrossentropy: { build: head(3, "softmax"), x: features, y: classes },
    KLDivergence: { build: head(3, "softmax"), x: features, y: probabilities },
    Hinge: { build: head(2, "tanh"), x: features, y: signs },
    SquaredHinge: { build: head(2, "tanh"), x: features, y: signs },
    Poisson: { build: head(2, "softplus"), x: features, y: positive },
    MeanSquaredLogarithmicError: { build: head(2, "softplus"), x: features, y: positive },
    MeanAbsolutePercentageError: { build: head(2, "linear"), x: features, y: positive },
  };
  const className = lossRegistry.get(loss).className;
  return { ...(byClass[className] ?? { build: head(2, "linear"), x: features, y: targets(2) }), loss };
}

/** Fits `c` 2 epochs compiled and eagerly from the same weights and data; compares every log; hands the compiled fit's step to `inspect`. */
async function assertCompiledMatchesEager(what: string, c: Case, inspect?: (step: NonNullable<ReturnType<typeof compiledStepOf>>) => void): Promise<void> {
  const histories = [];
  const models: Model[] = [];
  for (const runEagerly of [false, true]) {
    seed(21);
    const m = c.build();
    m.compile({ optimizer: "adam", loss: c.loss ?? "mse", metrics: c.metrics ?? [], runEagerly });
    const h = await m.fit(c.x(), c.y(), { epochs: 2, batchSize, shuffle: false, verbose: 0 });
    histories.push(h.history);
    models.push(m);
  }
  const [compiled, eager] = histories as [Record<string, number[]>, Record<string, number[]>];
  assert.deepEqual(Object.keys(compiled).sort(), Object.keys(eager).sort(), `${what}: the same logs`);
  for (const key of Object.keys(eager)) {
    compiled[key]!.forEach((v, i) => {
      const e = eager[key]![i]!;
      assert.ok(Math.abs(v - e) <= 1e-4 * (1 + Math.abs(e)), `${what}: ${key}[${i}] compiled ${v} vs eager ${e}`);
    });
  }
  const step = compiledStepOf(models[0]!.compiled!);
  assert.ok(step, `${what}: fit made a compiled step`);
  assert.equal(step.traceCount, 1, `${what}: one graph for all batches (first step eager, then 5 compiled): ${step.signatures.join(" / ")}`);
  assert.equal(compiledStepOf(models[1]!.compiled!), undefined, `${what}: runEagerly made no compiled step`);
  inspect?.(step);
}

const exportedLayerClasses = Object.entries(layerExports)
  .filter(([, value]) => typeof value === "function" && value.prototype instanceof Layer)
  .map(([name]) => name);

test("every exported layer class has a compiled-vs-eager case", () => {
  assert.ok(exportedLayerClasses.length >= 30, `found ${exportedLayerClasses.length} layer classes`);
  assert.deepEqual(exportedLayerClasses.filter((name) => !(name in layerCases)), [], "layers without a case below");
});

/** One name per class (a registry also holds aliases). */
function namesPerClass(names: readonly string[], classOf: (name: string) => string): string[] {
  const seen = new Map<string, string>();
  for (const name of names) if (!seen.has(classOf(name))) seen.set(classOf(name), name);
  return [...seen.values()];
}

for (const [name, c] of Object.entries(layerCases)) {
  test(`compiled fit matches eager fit: layer ${name}`, () => assertCompiledMatchesEager(name, c));
}

// Every weight regulariser (its penalty is part of the traced loss) and constraint (applied after each step).
for (const regularizer of namesPerClass(regularizers.names(), (n) => regularizers.get(n).className)) {
  test(`compiled fit matches eager fit: regularizer ${regularizer}`, () =>
    assertCompiledMatchesEager(regularizer, denseAround(() => [new Dense({ units: 4, kernelRegularizer: regularizer, biasRegularizer: regularizer })])));
}
for (const constraint of namesPerClass(constraints.names(), (n) => constraints.get(n).className)) {
  test(`compiled fit matches eager fit: constraint ${constraint}`, () =>
    assertCompiledMatchesEager(constraint, denseAround(() => [new Dense({ units: 4, kernelConstraint: constraint, biasConstraint: constraint })])));
}

for (const loss of namesPerClass(lossRegistry.names(), (n) => lossRegistry.get(n).className)) {
  test(`compiled fit matches eager fit: loss ${loss}`, () => assertCompiledMatchesEager(`loss ${loss}`, lossCase(loss)));
}

const metricNames = [...new Set(["accuracy", "loss", ...namesPerClass(metricRegistry.names(), (n) => metricRegistry.get(n).className)])];
/** Loss names compile also accepts as metrics (their mean), but for those that name a metric class too. */
const lossMetricNames = namesPerClass(lossRegistry.names(), (n) => lossRegistry.get(n).className).filter((n) => !metricRegistry.has(n));

/** The loss (and so the data) that suits a metric: class indices, one-hot or 0/1 labels, else regression. */
function lossForMetric(metric: string): string {
  if (/^sparse/i.test(metric)) return "sparseCategoricalCrossentropy";
  if (/categorical/i.test(metric)) return "categoricalCrossentropy";
  if (/accuracy|precision|recall|auc|^loss$/i.test(metric)) return "binaryCrossentropy";
  return "mse";
}

for (const metric of metricNames) {
  test(`compiled fit matches eager fit: metric ${metric}`, () => assertCompiledMatchesEager(`metric ${metric}`, { ...lossCase(lossForMetric(metric)), metrics: [metric] }));
}
for (const metric of lossMetricNames) {
  test(`compiled fit matches eager fit: loss ${metric} as a metric`, () => assertCompiledMatchesEager(`metric ${metric}`, { ...lossCase(metric), metrics: [metric] }));
}

test("compiled fit matches eager fit: a first conv layer with relu and a 2×2 pool, which conv-pool fusion makes one node with its filter gradient", async () => {
  const firstLayer: Case = {
    build: () => sequential([new Conv2D({ filters: 8, kernelSize: 3, activation: "relu", inputShape: [7, 7, 1] }), new MaxPooling2D({ poolSize: 2 }), new Flatten(), new Dense({ units: 2 })]),
    x: () => randomNormal([rows, 7, 7, 1], { seed: 10 }),
    y: targets(2),
  };
  // The suite runs again on cpu-js, whose reference kernels the passes skip: the ops are then absent.
  const fused = getBackend().name !== "cpu-js";
  await assertCompiledMatchesEager("conv-pool", firstLayer, (step) => {
    const ops = step.graphs.flatMap((g) => g.ir.nodes.map((n) => n.op.name));
    for (const op of ["matmulBiasReluMaxPool", "maxPoolArgmaxFilterGrad"]) assert.equal(ops.includes(op), fused, `${op} in the compiled step on ${getBackend().name}: ${[...new Set(ops)].join(", ")}`);
  });
});

test("compiled fit matches eager fit: a relu MLP classifier on logits with Adam, whose loss, relu gradient and weight updates the passes fuse", async () => {
  const classifier: Case = {
    build: () => sequential([new Dense({ units: 16, activation: "relu", inputShape: [6] }), new Dense({ units: 8, activation: "relu" }), new Dense({ units: 3 })]),
    x: features,
    y: classes,
    loss: new losses.SparseCategoricalCrossentropy({ fromLogits: true }),
    metrics: ["accuracy"],
  };
  // The suite runs again on cpu-js, whose reference kernels the passes skip: the ops are then absent.
  const fused = getBackend().name !== "cpu-js";
  await assertCompiledMatchesEager("classifier", classifier, (step) => {
    const ops = step.graphs.flatMap((g) => g.ir.nodes.map((n) => n.op.name));
    for (const op of ["softmaxCrossEntropy", "matmulReluGrad", "matmulAdamUpdate"]) assert.equal(ops.includes(op), fused, `${op} in the compiled step on ${getBackend().name}: ${[...new Set(ops)].join(", ")}`);
  });
});
