import { test } from "node:test";
import assert from "node:assert/strict";
import { LiveDisplay } from "../../../kernel/src/viz/common/live-display.js";
import { fakeClock, recordingSink } from "../helpers/sink.js";

test("a live display sends display_data, then throttled updates under one id, then the final state", () => {
  const { sent, restore } = recordingSink();
  try {
    const clock = fakeClock();
    let state = 0;
    const live = new LiveDisplay(() => ({ "text/plain": `state ${state}` }), { now: clock.now });
    // 10 seconds of updates every 7 ms.
    for (let i = 1; i <= 1430; i++) {
      state = i;
      live.update();
      clock.advance(7);
    }
    state = 9999;
    live.flush();
    assert.equal(sent[0]!.update, false, "the first output is display_data");
    assert.ok(sent.slice(1).every((s) => s.update), "the rest are update_display_data");
    assert.equal(new Set(sent.map((s) => s.displayId)).size, 1, "one display id");
    assert.equal(sent[0]!.displayId, live.id);
    // ≤ 4 per second over 10 s, plus the first and the final one.
    assert.ok(sent.length <= 4 * 10 + 2, `sent ${sent.length}`);
    assert.ok(sent.length >= 4 * 10 - 2, `sent ${sent.length}`);
    assert.equal(sent.at(-1)!.data["text/plain"], "state 9999", "the final state is always sent");
  } finally {
    restore();
  }
});

test("without a kernel only the final state is printed", () => {
  const clock = fakeClock();
  let renders = 0;
  const live = new LiveDisplay(() => ((renders += 1), { "text/plain": "" }), { now: clock.now });
  const write = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    for (let i = 0; i < 10; i++) {
      live.update();
      clock.advance(1000);
    }
    assert.equal(renders, 0);
    live.flush();
    assert.equal(renders, 1);
  } finally {
    process.stdout.write = write;
  }
});
