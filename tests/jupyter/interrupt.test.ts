import { test, after } from "node:test";
import assert from "node:assert/strict";
import { setImmediate as tick } from "node:timers/promises";
import { FLAG_GLOBAL, InterruptedError, Interrupts, isInterrupt, RUNTIME_GLOBAL } from "../../kernel/src/jupyter/interrupt.js";
import { ANY_CELL, createInterruptFlag, INTERRUPT_SLOTS } from "../../kernel/src/jupyter/interrupt-flag.js";

interface Runtime {
  tick(): void;
  gate<T>(value: T): T | Promise<Awaited<T>>;
}

/**
 * The runtime exists only through install(), which also adds a SIGINT listener and defines
 * non-configurable globals: so install once, for this whole file, and take the listener
 * straight off again (this test process must keep Node's own SIGINT behaviour).
 */
const installed = new Interrupts(createInterruptFlag());
const listenersBefore = process.listeners("SIGINT");
installed.install();
const added = process.listeners("SIGINT").filter((listener) => !listenersBefore.includes(listener));
for (const listener of added) process.removeListener("SIGINT", listener);
const runtime = (globalThis as unknown as Record<string, Runtime>)[RUNTIME_GLOBAL]!;
after(() => assert.deepEqual(process.listeners("SIGINT"), listenersBefore));

const slots = (flag: Int32Array) => ({
  pending: Atomics.load(flag, INTERRUPT_SLOTS.pending),
  acknowledged: Atomics.load(flag, INTERRUPT_SLOTS.acknowledged),
  cell: Atomics.load(flag, INTERRUPT_SLOTS.cell),
});

/** Whether `promise` has settled after the pending callbacks ran, and how. */
async function state(promise: Promise<unknown>): Promise<"pending" | "resolved" | "rejected"> {
  let result: "pending" | "resolved" | "rejected" = "pending";
  promise.then(
    () => (result = "resolved"),
    () => (result = "rejected"),
  );
  await tick();
  return result;
}

/** Resets the installed instance's flag between tests. */
function fresh(): Interrupts {
  installed.endCell();
  return installed;
}

test("install added exactly one SIGINT listener and defines the runtime and the flag as globals", () => {
  assert.equal(added.length, 1);
  assert.equal(typeof runtime.tick, "function");
  assert.equal(typeof runtime.gate, "function");
  assert.equal((globalThis as unknown as Record<string, unknown>)[FLAG_GLOBAL], installed.flag);
  assert.equal(Object.keys(globalThis).includes(RUNTIME_GLOBAL), false, "not enumerable");
});

test("beginCell numbers cells in the flag and clears an interrupt that arrived between cells; endCell clears both", () => {
  const interrupts = new Interrupts(createInterruptFlag());
  assert.deepEqual(slots(interrupts.flag), { pending: 0, acknowledged: 0, cell: 0 });
  Atomics.store(interrupts.flag, INTERRUPT_SLOTS.pending, ANY_CELL); // raised by the I/O thread between cells
  assert.equal(interrupts.raised, true);
  interrupts.beginCell();
  assert.deepEqual(slots(interrupts.flag), { pending: 1, acknowledged: 0, cell: 1 }, "before the first cell: raised during start-up, kept");
  interrupts.endCell();
  Atomics.store(interrupts.flag, INTERRUPT_SLOTS.pending, ANY_CELL); // raised by the I/O thread between cells
  interrupts.beginCell();
  assert.deepEqual(slots(interrupts.flag), { pending: 0, acknowledged: 0, cell: 2 });
  assert.equal(interrupts.raised, false);
  Atomics.store(interrupts.flag, INTERRUPT_SLOTS.pending, 1);
  interrupts.endCell();
  assert.deepEqual(slots(interrupts.flag), { pending: 0, acknowledged: 0, cell: 0 });
  interrupts.beginCell();
  assert.equal(slots(interrupts.flag).cell, 3);
});

test("an interrupt raised while the kernel was starting (before the first cell) stops the first cell, and only that one", () => {
  const interrupts = new Interrupts(createInterruptFlag());
  Atomics.store(interrupts.flag, INTERRUPT_SLOTS.pending, ANY_CELL); // raised by the I/O thread during start-up
  interrupts.beginCell();
  assert.equal(interrupts.raised, true);
  interrupts.endCell();
  interrupts.beginCell();
  assert.equal(interrupts.raised, false);
});

test("a trigger during a cell runs the listeners, counts an acknowledgement and keeps the flag up until endCell", () => {
  const interrupts = new Interrupts(createInterruptFlag());
  let heard = 0;
  interrupts.onInterrupt(() => heard++);
  interrupts.onInterrupt(() => heard++);
  interrupts.beginCell();
  interrupts.trigger();
  assert.equal(heard, 2);
  assert.deepEqual(slots(interrupts.flag), { pending: 1, acknowledged: 1, cell: 1 });
  assert.equal(interrupts.raised, true);
  interrupts.endCell();
  assert.equal(interrupts.raised, false);
});

test("a trigger between cells runs the listeners but leaves no flag up for the next cell", () => {
  const interrupts = new Interrupts(createInterruptFlag());
  let heard = 0;
  interrupts.onInterrupt(() => heard++);
  interrupts.beginCell();
  interrupts.endCell();
  Atomics.store(interrupts.flag, INTERRUPT_SLOTS.pending, 1);
  interrupts.trigger();
  assert.equal(heard, 1);
  assert.equal(interrupts.raised, false);
  assert.equal(slots(interrupts.flag).acknowledged, 1);
});

test("a trigger before the first cell (while the kernel starts) stays up for the first cell", () => {
  const interrupts = new Interrupts(createInterruptFlag());
  interrupts.trigger();
  interrupts.beginCell();
  assert.equal(interrupts.raised, true);
});

test("requested(cell) interrupts the running cell, or anything for cell 0, and ignores a cell that has ended", () => {
  const interrupts = new Interrupts(createInterruptFlag());
  let heard = 0;
  interrupts.onInterrupt(() => heard++);
  interrupts.beginCell(); // cell 1
  interrupts.requested(1);
  assert.equal(heard, 1);
  assert.equal(interrupts.raised, true);
  interrupts.endCell();
  interrupts.beginCell(); // cell 2
  interrupts.requested(1); // late: cell 1 has ended
  assert.equal(heard, 1);
  assert.deepEqual(slots(interrupts.flag), { pending: 0, acknowledged: 1, cell: 2 });
  interrupts.requested(0); // sent while no cell was running: still honoured
  assert.equal(heard, 2);
  assert.equal(interrupts.raised, true);
  interrupts.endCell();
});

test("tick does nothing while the flag is down; when it is up it throws InterruptedError and counts the acknowledgement", () => {
  const interrupts = fresh();
  interrupts.beginCell();
  const before = slots(interrupts.flag).acknowledged;
  assert.equal(runtime.tick(), undefined);
  assert.equal(slots(interrupts.flag).acknowledged, before);
  Atomics.store(interrupts.flag, INTERRUPT_SLOTS.pending, 1); // what the I/O thread does on interrupt_request
  assert.throws(() => runtime.tick(), (error: unknown) => {
    assert.ok(error instanceof InterruptedError);
    assert.equal((error as Error).name, "Interrupted");
    return true;
  });
  assert.equal(slots(interrupts.flag).acknowledged, before + 1);
  assert.throws(() => runtime.tick(), InterruptedError, "stays up for every later loop of the cell");
  interrupts.endCell();
  assert.equal(runtime.tick(), undefined);
});

test("gate passes plain values through and waits for promises while the flag is down", async () => {
  const interrupts = fresh();
  interrupts.beginCell();
  const object = { then: 1 };
  assert.equal(runtime.gate(42), 42);
  assert.equal(runtime.gate(null), null);
  assert.equal(runtime.gate(object), object, "a non-thenable object comes back as is");
  assert.equal(await runtime.gate(Promise.resolve("done")), "done");
  await assert.rejects(runtime.gate(Promise.reject(new Error("own failure"))) as Promise<unknown>, /own failure/);
  interrupts.endCell();
});

test("gate rejects with InterruptedError when the flag is already up, even for plain values", async () => {
  const interrupts = fresh();
  interrupts.beginCell();
  interrupts.trigger();
  await assert.rejects(Promise.resolve(runtime.gate(1)), InterruptedError);
  await assert.rejects(Promise.resolve(runtime.gate(Promise.resolve(1))), InterruptedError);
  interrupts.endCell();
  assert.equal(runtime.gate(1), 1);
});

test("a trigger rejects the awaits that are gated now, but not the ones gated after it", async () => {
  const interrupts = fresh();
  interrupts.beginCell();
  const never = new Promise<never>(() => {});
  const waiting = runtime.gate(never) as Promise<unknown>;
  assert.equal(await state(waiting), "pending");
  interrupts.trigger();
  assert.equal(await state(waiting), "rejected");
  await assert.rejects(waiting, InterruptedError);
  interrupts.endCell();
  interrupts.beginCell();
  const later = runtime.gate(never) as Promise<unknown>;
  assert.equal(await state(later), "pending", "the old interrupt is spent");
  interrupts.endCell();
});

test("isInterrupt recognises ours, breakOnSigint's and tslab's interruptions, and nothing else", () => {
  assert.equal(isInterrupt(new InterruptedError()), true);
  assert.equal(isInterrupt(Object.assign(new Error("Script execution was interrupted by `SIGINT`"), { code: "ERR_SCRIPT_EXECUTION_INTERRUPTED" })), true);
  assert.equal(isInterrupt(new Error("Interrupted asynchronously")), true);
  assert.equal(isInterrupt(new Error("interrupted")), false);
  assert.equal(isInterrupt({ code: "ERR_SCRIPT_EXECUTION_INTERRUPTED" }), false);
  assert.equal(isInterrupt("Interrupted asynchronously"), false);
  assert.equal(isInterrupt(undefined), false);
  assert.match(new InterruptedError().message, /interrupted/);
});

test("an interrupt raised for a cell that has ended is ignored by the next cell's loop checks and awaits", async () => {
  const interrupts = fresh();
  interrupts.beginCell(); // cell n
  const ended = slots(interrupts.flag).cell;
  interrupts.endCell();
  interrupts.beginCell(); // cell n+1 starts before the I/O thread raised the flag it meant for cell n
  Atomics.store(interrupts.flag, INTERRUPT_SLOTS.pending, ended);
  assert.equal(interrupts.raised, false);
  assert.equal(await state(Promise.resolve(runtime.gate(Promise.resolve(1)))), "resolved");
  assert.doesNotThrow(() => runtime.tick());
  assert.equal(slots(interrupts.flag).pending, 0, "the stale flag is lowered");
  Atomics.store(interrupts.flag, INTERRUPT_SLOTS.pending, slots(interrupts.flag).cell); // one for this cell
  assert.equal(interrupts.raised, true);
  assert.throws(() => runtime.tick(), InterruptedError);
  interrupts.endCell();
});
