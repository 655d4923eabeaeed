import { test } from "node:test";
import assert from "node:assert/strict";
import { armExitDeadline, KERNEL_WORK_GRACE_MS, STUCK_CELL_GRACE_MS } from "../../kernel/src/jupyter/exit-deadline.js";
import { createInterruptFlag, INTERRUPT_SLOTS } from "../../kernel/src/jupyter/interrupt-flag.js";

function armed(cellRunning: number): { kills: () => number; flag: Int32Array } {
  const flag = createInterruptFlag();
  Atomics.store(flag, INTERRUPT_SLOTS.cell, cellRunning);
  let kills = 0;
  armExitDeadline(flag, () => kills++);
  return { kills: () => kills, flag };
}

test("a cell still running after the grace is killed", (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  const { kills } = armed(7);
  t.mock.timers.tick(STUCK_CELL_GRACE_MS - 1);
  assert.equal(kills(), 0, "not before the grace");
  t.mock.timers.tick(1);
  assert.equal(kills(), 1);
});

test("with no cell running (the kernel's own warm-up), the short grace does not kill; the safety net does", (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  const { kills } = armed(0);
  t.mock.timers.tick(STUCK_CELL_GRACE_MS);
  assert.equal(kills(), 0, "a busy machine's slow warm-up must still exit cleanly");
  t.mock.timers.tick(KERNEL_WORK_GRACE_MS - STUCK_CELL_GRACE_MS);
  assert.equal(kills(), 1);
});

test("a cell that ends before the grace is not killed early", (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  const { kills, flag } = armed(3);
  Atomics.store(flag, INTERRUPT_SLOTS.cell, 0);
  t.mock.timers.tick(STUCK_CELL_GRACE_MS);
  assert.equal(kills(), 0);
});
