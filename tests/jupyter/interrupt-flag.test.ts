import { test } from "node:test";
import assert from "node:assert/strict";
import { createInterruptFlag, INTERRUPT_SLOTS } from "../../kernel/src/jupyter/interrupt-flag.js";

test("the flag is three zeroed Int32 slots over shared memory", () => {
  const flag = createInterruptFlag();
  assert.ok(flag instanceof Int32Array);
  assert.ok(flag.buffer instanceof SharedArrayBuffer, "shared with the I/O thread");
  assert.deepEqual([...flag], [0, 0, 0]);
  assert.notEqual(createInterruptFlag().buffer, flag.buffer, "a fresh buffer each time");
});

test("pending, acknowledged and cell are distinct slots inside the flag", () => {
  const slots = Object.values(INTERRUPT_SLOTS);
  assert.equal(INTERRUPT_SLOTS.pending, 0, "rewritten cell code reads slot 0 inline");
  assert.equal(new Set(slots).size, 3);
  const flag = createInterruptFlag();
  for (const slot of slots) assert.ok(slot >= 0 && slot < flag.length);
});

test("a write through one view is seen through another view of the same memory (what the threads rely on)", () => {
  const flag = createInterruptFlag();
  const other = new Int32Array(flag.buffer);
  Atomics.store(other, INTERRUPT_SLOTS.pending, 1);
  Atomics.add(other, INTERRUPT_SLOTS.acknowledged, 2);
  assert.equal(Atomics.load(flag, INTERRUPT_SLOTS.pending), 1);
  assert.equal(Atomics.load(flag, INTERRUPT_SLOTS.acknowledged), 2);
});
