import { test } from "node:test";
import assert from "node:assert/strict";
import { ArgumentError } from "../../kernel/src/index.js";
import { checkOptions, optionNames } from "../../kernel/src/tensor/options.js";

const refused = (options: object, pattern: RegExp) =>
  assert.throws(() => checkOptions("fit", options, ["epochs", "batchSize", "learningRate", "id"]), (e: unknown) => e instanceof ArgumentError && pattern.test(e.message));

test("known options pass; an unknown one is refused by name with the option it likely meant", () => {
  checkOptions("fit", { epochs: 1, batchSize: 2 }, ["epochs", "batchSize"]);
  checkOptions("fit", undefined, ["epochs"]);
  refused({ batch_size: 1 }, /^fit: unknown option "batch_size"; did you mean batchSize\?/);
  refused({ epoch: 1 }, /unknown option "epoch"; did you mean epochs\?/);
  refused({ ecpohs: 1 }, /did you mean epochs\?/); // two letters swapped
  refused({ BatchSize: 1 }, /did you mean batchSize\?/);
  refused({ lr: 0.1 }, /unknown option "lr"; did you mean learningRate\?/);
  refused({ colour: "red" }, /unknown option "colour"; the options are epochs, batchSize, learningRate, id/);
  refused({ ix: 1 }, /the options are/); // short names get no guesses
  assert.throws(() => checkOptions("Flatten", { units: 1 }, []), /Flatten: unknown option "units"; it takes no options/);
});

test("optionNames lists an interface's options from a record the compiler checks", () => {
  assert.deepEqual(optionNames<{ a?: number; b: string }>({ a: true, b: true }), ["a", "b"]);
});

test("every option object of the public API refuses an unknown key by name (variables, progress bars, metrics, schedules, callbacks)", async () => {
  const g = await import("../../kernel/src/index.js");
  const { metrics } = g;
  const cases: Array<[string, () => unknown, RegExp]> = [
    ["variable", () => g.variable(1, { nam: "w" } as never), /^variable: unknown option "nam"; did you mean name\?/],
    ["progress", () => g.progress(3, { lable: "epoch" } as never), /^progress: unknown option "lable"; did you mean label\?/],
    ["metric", () => new metrics.SparseCategoricalAccuracy({ nmae: "acc" } as never), /^SparseCategoricalAccuracy: unknown option "nmae"/],
    ["metric with its own options", () => new metrics.BinaryAccuracy({ treshold: 0.3 } as never), /^BinaryAccuracy: unknown option "treshold"; did you mean threshold\?/],
    ["top-k metric", () => new metrics.TopKCategoricalAccuracy({ topK: 3 } as never), /^TopKCategoricalAccuracy: unknown option "topK"/],
    ["precision", () => new metrics.Precision({ threshold: 0.3 } as never), /^Precision: unknown option "threshold"; did you mean thresholds\?/],
    ["AUC", () => new metrics.AUC({ num_thresholds: 10 } as never), /^AUC: unknown option "num_thresholds"; did you mean numThresholds\?/],
    ["Mean", () => new metrics.Mean({ weight: 1 } as never), /^Mean: unknown option "weight"/],
    ["schedule", () => new g.ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, stairCase: true } as never), /^ExponentialDecay: unknown option "stairCase"; did you mean staircase\?/],
    ["cosine schedule", () => new g.CosineDecay({ initialLearningRate: 0.1, decaySteps: 10, warmup_steps: 3 } as never), /^CosineDecay: unknown option "warmup_steps"; did you mean warmupSteps\?/],
    ["LambdaCallback", () => new g.LambdaCallback({ onEpochEnds: () => {} } as never), /^LambdaCallback: unknown option "onEpochEnds"; did you mean onEpochEnd\?/],
    ["LambdaCallback hook", () => new g.LambdaCallback({ onEpochEnd: "print" } as never), /^LambdaCallback: onEpochEnd must be a function/],
    ["LearningRateScheduler", () => new g.LearningRateScheduler((_e, lr) => lr, { verbos: 1 } as never), /^LearningRateScheduler: unknown option "verbos"; did you mean verbose\?/],
    ["Sequential", () => new g.Sequential({ layers: [] } as never), /^Sequential: expected an array of layers, got an object; TensorFlow\.js/],
    ["PiecewiseConstantDecay", () => new g.PiecewiseConstantDecay({} as never), /^PiecewiseConstantDecay: give boundaries and values/],
  ];
  for (const [what, make, pattern] of cases) {
    assert.throws(make, (e: unknown) => e instanceof g.ArgumentError && pattern.test(e.message), what);
  }
  // The accepted forms still work.
  assert.equal(new g.LearningRateScheduler((_e, lr) => lr, { verbose: 1 }).verbose, 1);
  assert.equal(new g.LearningRateScheduler((_e, lr) => lr, 1).verbose, 1);
  assert.equal(new metrics.BinaryAccuracy({ name: "acc", threshold: 0.3 }).threshold, 0.3);
  assert.equal(g.variable(1, { name: "w", trainable: false }).trainable, false);
});
