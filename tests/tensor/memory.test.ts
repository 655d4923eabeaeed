import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, tidy, keep, dispose, memory, variable, gradient, randomNormal, GradbookError, Tensor } from "../../kernel/src/index.js";

test("1000 training-like steps inside tidy leave the live-tensor count and bytes unchanged", () => {
  const x = randomNormal([32, 8], { seed: 1 });
  const y = randomNormal([32, 1], { seed: 2 });
  const w = variable(randomNormal([8, 1], { seed: 3 }), { name: "w" });
  const b = variable(tensor([0]), { name: "b" });
  let firstLoss = 0;
  let lastLoss = 0;
  let before = memory();
  for (let step = 0; step < 1001; step++) {
    // Measure after the first step: it replaces the variables' initial buffers, which the
    // caller's initial tensors still share.
    if (step === 1) before = memory();
    tidy(() => {
      const loss = x.matmul(w).add(b).sub(y).square().mean();
      const [dw, db] = gradient(loss, [w, b]);
      w.assignSub(dw!.mul(0.05));
      b.assignSub(db!.mul(0.05));
      if (step === 0) firstLoss = loss.item();
      lastLoss = loss.item();
    });
  }
  const after = memory();
  assert.equal(after.numTensors, before.numTensors);
  assert.equal(after.numBytes, before.numBytes);
  assert.ok(lastLoss < firstLoss, `the loop must actually train (loss ${firstLoss} → ${lastLoss})`);
});

test("tidy keeps returned tensors (also inside arrays and objects) and kept tensors", () => {
  const base = memory().numTensors;
  let kept: Tensor | undefined;
  const result = tidy(() => {
    const a = tensor([1, 2]).mul(2);
    kept = keep(a.add(1));
    return { sum: a.sum(), list: [a] };
  });
  // Survivors: a, sum, kept. The temporaries (tensor([1, 2]), the scalars 2 and 1) are gone.
  assert.equal(memory().numTensors, base + 3);
  assert.deepEqual(result.list[0]!.arraySync(), [2, 4]);
  assert.deepEqual(kept!.arraySync(), [3, 5]);
  dispose([result.sum, result.list, kept]);
  assert.equal(memory().numTensors, base);
});

test("tidy disposes everything when the function throws, and refuses async functions", () => {
  const base = memory().numTensors;
  assert.throws(() => tidy(() => {
    tensor([1]).add(1);
    throw new Error("boom");
  }), /boom/);
  assert.equal(memory().numTensors, base);
  assert.throws(() => tidy((async () => tensor([1])) as unknown as () => Tensor), (e: unknown) => e instanceof GradbookError && /synchronous/.test(e.message));
});

test("reshape shares memory: bytes are released with the last tensor that uses them", () => {
  const before = memory();
  const a = tensor([1, 2, 3, 4]);
  const b = a.reshape([2, 2]);
  assert.equal(memory().numBuffers, before.numBuffers + 1);
  a.dispose();
  assert.deepEqual(b.arraySync(), [[1, 2], [3, 4]]);
  b.dispose();
  assert.deepEqual(memory(), before);
});

test("using a disposed tensor says so and how to avoid it", () => {
  const a = tensor([1, 2]);
  a.dispose();
  assert.throws(() => a.add(1), (e: unknown) => e instanceof GradbookError && /disposed/.test(e.message) && /keep\(\)/.test(e.message));
  assert.throws(() => a.dataSync(), /disposed/);
});
