import { test } from "node:test";
import assert from "node:assert/strict";
import { getBackend, type Tensor, sequential, Dense, Adam, getLoss, losses, mean, randomNormal, randomInt, seed } from "../../../kernel/src/index.js";

test("the WebAssembly memory the backend holds does not grow over 1000 training steps", () => {
  const backend = getBackend() as { name: string; memoryInfo?: () => { bytes: number; usedBytes: number } };
  assert.equal(backend.name, "cpu");
  seed(1);
  const model = sequential([new Dense({ units: 32, activation: "relu", inputShape: [20] }), new Dense({ units: 4 })]);
  const x = randomNormal([16, 20], { seed: 2 });
  const y = randomInt([16], 0, 4, { seed: 3 });
  const optimizer = new Adam({ learningRate: 1e-2 });
  const loss = getLoss(new losses.SparseCategoricalCrossentropy({ fromLogits: true }));
  const step = () => {
    const value = optimizer.minimize(() => mean(loss.perSample(y, model.apply(x, { training: true }) as Tensor)), model.trainableWeights);
    const number = value.dataSync()[0]!;
    value.dispose();
    return number;
  };
  const first = step();
  for (let i = 0; i < 9; i++) step();
  const held = backend.memoryInfo!();
  let last = first;
  for (let i = 0; i < 990; i++) last = step();
  assert.ok(last < first / 10, `training worked: loss ${first} → ${last}`);
  assert.deepEqual(backend.memoryInfo!(), held, "held and used bytes after step 10 and after step 1000");
});
