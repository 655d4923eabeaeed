// Training on the GPU: fit gives the CPU's history within float32 tolerance, compiled and
// eager, with no synchronous read on the way.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { sequential, Dense, Dropout, Adam, seed, randomNormal, randomInt, setBackend, getBackend, type Model } from "../../../kernel/src/index.js";
import { CPU, gpuReady } from "./gpu.js";

let ready = false;
before(async () => {
  ready = await gpuReady();
});

async function train(backend: string, runEagerly: boolean): Promise<Record<string, number[]>> {
  const previous = getBackend().name;
  setBackend(backend);
  try {
    seed(11);
    const model: Model = sequential([new Dense({ units: 12, activation: "relu", inputShape: [5] }), new Dropout({ rate: 0.1 }), new Dense({ units: 3, activation: "softmax" })]);
    model.compile({ optimizer: new Adam({ learningRate: 0.02 }), loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"], runEagerly });
    const x = randomNormal([48, 5], { seed: 1 });
    const y = randomInt([48], 0, 3, { seed: 2 });
    const history = await model.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0, shuffle: false, validationSplit: 0.25 });
    return history.history;
  } finally {
    setBackend(previous);
  }
}

for (const runEagerly of [false, true]) {
  test(`fit on webgpu matches the CPU's history (${runEagerly ? "eager" : "compiled"} steps)`, async (t) => {
    if (!ready) return t.skip("no WebGPU adapter (set CI=1 to make this a failure)");
    const cpu = await train(CPU, runEagerly);
    const gpu = await train("webgpu", runEagerly);
    for (const key of ["loss", "accuracy", "val_loss", "val_accuracy"]) {
      assert.equal(gpu[key]!.length, 3, key);
      gpu[key]!.forEach((v, i) => assert.ok(Math.abs(v - cpu[key]![i]!) < 1e-4 * (1 + Math.abs(cpu[key]![i]!)), `${key}[${i}]: GPU ${v}, CPU ${cpu[key]![i]}`));
    }
  });
}
