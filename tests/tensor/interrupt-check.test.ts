import { afterEach, test } from "node:test";
import assert from "node:assert/strict";
import { checkInterrupt, hostHandlesInterrupts, setInterruptCheck, uninterruptible } from "../../kernel/src/tensor/interrupt-check.js";
import { randomNormal, getBackend, setBackend } from "../../kernel/src/index.js";

class Stop extends Error {}

afterEach(() => setInterruptCheck(undefined));

test("without a host nothing is checked", () => {
  assert.equal(hostHandlesInterrupts(), false);
  checkInterrupt();
  const a = randomNormal([8, 8]);
  assert.deepEqual(a.matmul(a).shape, [8, 8]);
});

// The JavaScript kernels check between blocks of rows; the WebAssembly ones run a whole
// product at once (≈ 0.5 s for 3000², within the 1 s an interrupt may take) and are stopped
// by the engine's check before the next op.
test("a long matmul on the JavaScript backend checks between blocks of rows, so the host's check stops it part-way", (t) => {
  const previous = getBackend().name;
  setBackend("cpu-js");
  t.after(() => setBackend(previous));
  const a = randomNormal([64, 64]);
  let calls = 0;
  setInterruptCheck(() => {
    calls++;
  });
  a.matmul(a);
  const perMatmul = calls;
  assert.ok(perMatmul > 4, `checked ${perMatmul} times in one 64×64 matmul`);
  let seen = 0;
  setInterruptCheck(() => {
    if (++seen === 3) throw new Stop();
  });
  assert.throws(() => a.matmul(a), Stop);
  assert.equal(seen, 3, "stopped at the third check, inside the op");
});

test("every op checks before it runs", () => {
  const a = randomNormal([4]);
  setInterruptCheck(() => {
    throw new Stop();
  });
  assert.equal(hostHandlesInterrupts(), true);
  assert.throws(() => a.add(a), Stop);
});

test("uninterruptible work is never stopped; checks resume after it", () => {
  const a = randomNormal([16, 16]);
  setInterruptCheck(() => {
    throw new Stop();
  });
  assert.deepEqual(uninterruptible(() => a.matmul(a).add(a).shape), [16, 16]);
  assert.throws(() => a.matmul(a), Stop);
});
