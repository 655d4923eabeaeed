// The training path never reads values synchronously: fit runs on a backend whose values can
// only be read with `await` (as on a GPU) and gives the same history as on the CPU.
import { test } from "node:test";
import assert from "node:assert/strict";
import { setBackend, getBackend, tensor, sequential, Dense, Dataset, seed, randomNormal, randomInt, type Model } from "../../kernel/src/index.js";
import { trainOn } from "../helpers/backend-training.js";
import { asyncOnlyBackend } from "../helpers/async-backend.js";

const ASYNC_ONLY = asyncOnlyBackend();

test("fit on an async-only backend reads nothing synchronously and matches the CPU's history (compiled and eager steps)", async () => {
  for (const runEagerly of [false, true]) {
    const cpu = await trainOn("cpu-js", runEagerly);
    const asyncOnly = await trainOn(ASYNC_ONLY, runEagerly);
    for (const key of ["loss", "accuracy", "val_loss", "val_accuracy"]) {
      assert.equal(asyncOnly[key]!.length, 3, `${key} (runEagerly ${runEagerly})`);
      asyncOnly[key]!.forEach((v, i) => assert.ok(Math.abs(v - cpu[key]![i]!) < 1e-6, `${key}[${i}] (runEagerly ${runEagerly}): ${v} vs ${cpu[key]![i]}`));
    }
  }
});

test("on an async-only backend, item() says to await data()", async () => {
  const previous = getBackend().name;
  setBackend(ASYNC_ONLY);
  try {
    const t = tensor([1.5]);
    assert.throws(() => t.item(), /reads asynchronously; use `await t.data\(\)`/);
    assert.deepEqual([...(await t.data())], [1.5]);
  } finally {
    setBackend(previous);
  }
});

test("on an async-only backend, evaluate and trainOnBatch on tensors (which return logs at once) name the form that works; evaluate on a Dataset matches the CPU", async () => {
  const previous = getBackend().name;
  const results: Record<string, Record<string, number>> = {};
  try {
    for (const backend of ["cpu-js", ASYNC_ONLY]) {
      setBackend(backend);
      seed(3);
      const model: Model = sequential([new Dense({ units: 4, activation: "relu", inputShape: [3] }), new Dense({ units: 2 })]);
      model.compile({ optimizer: "adam", loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });
      const x = randomNormal([12, 3], { seed: 1 });
      const y = randomInt([12], 0, 2, { seed: 2 });
      results[backend] = await model.evaluate(Dataset.fromTensors(x, y).batch(4));
      if (backend === ASYNC_ONLY) {
        assert.throws(() => model.evaluate(x, y), /sequential(_\d+)?\.evaluate: the test-async-cpu backend reads asynchronously, so evaluate on tensors cannot return its logs at once; evaluate a Dataset: await model\.evaluate\(Dataset\.fromTensors\(x, y\)\.batch\(32\)\)/);
        assert.throws(() => model.trainOnBatch(x, y), /sequential(_\d+)?\.trainOnBatch: the test-async-cpu backend reads asynchronously, so trainOnBatch cannot return its logs at once; train one step with await model\.fit\(x, y, \{ epochs: 1, batchSize: x\.shape\[0\] \}\)/);
      }
    }
  } finally {
    setBackend(previous);
  }
  for (const key of ["loss", "accuracy"]) assert.ok(Math.abs(results[ASYNC_ONLY]![key]! - results["cpu-js"]![key]!) < 1e-6, `${key}: ${results[ASYNC_ONLY]![key]} vs ${results["cpu-js"]![key]}`);
});
