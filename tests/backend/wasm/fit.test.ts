import { test } from "node:test";
import assert from "node:assert/strict";
import { sequential, Conv2D, MaxPooling2D, Flatten, Dense, Adam, losses, seed, randomUniform, randomInt, memory, getBackend, type Model } from "../../../kernel/src/index.js";

// A fit on the "cpu" backend runs every op of a training epoch on its own WebAssembly
// kernels: each batch picked by gather, each validation batch sliced, the accuracy metric's
// argmax, int32 comparison and cast. A fallback copies its inputs to "cpu-js" and back
// (gather copied the whole training tensor per batch), so the counter must stay put.

/** The benchmarks' CNN and MLP, shrunk: conv-pool-conv-pool-dense-dense on 10×10×1 (eight filters first, so conv-pool fusion applies), and 100-16-8-4. */
const models: [string, () => Model, number[]][] = [
  ["CNN", () => sequential([new Conv2D({ filters: 8, kernelSize: 3, activation: "relu", inputShape: [10, 10, 1] }), new MaxPooling2D({ poolSize: 2 }), new Conv2D({ filters: 6, kernelSize: 2, activation: "relu" }), new MaxPooling2D({ poolSize: 2 }), new Flatten(), new Dense({ units: 8, activation: "relu" }), new Dense({ units: 4 })]), [10, 10, 1]],
  ["MLP", () => sequential([new Dense({ units: 16, activation: "relu", inputShape: [100] }), new Dense({ units: 8, activation: "relu" }), new Dense({ units: 4 })]), [100]],
];

for (const [name, make, inputShape] of models) {
  for (const runEagerly of [false, true]) {
    test(`a ${runEagerly ? "eager" : "compiled"} fit of the ${name} with validation and accuracy runs no op on the fallback backend`, async () => {
      assert.equal(getBackend().name, "cpu");
      seed(3);
      const model = make();
      model.compile({ optimizer: new Adam({ learningRate: 1e-3 }), loss: new losses.SparseCategoricalCrossentropy({ fromLogits: true }), metrics: ["accuracy"], runEagerly });
      const x = randomUniform([40, ...inputShape], { seed: 1 });
      const y = randomInt([40], 0, 4, { seed: 2 });
      const before = memory().numFallbacks;
      // 32 training rows in batches of 12: a last batch of 8 (the compiled step specialised for two batch sizes).
      const history = await model.fit(x, y, { epochs: 2, batchSize: 12, validationSplit: 0.2, verbose: 0 });
      assert.equal(history.history.val_accuracy?.length, 2, "it trained and validated");
      assert.equal(memory().numFallbacks, before, "no op ran on cpu-js");
    });
  }
}
