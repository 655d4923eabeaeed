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
