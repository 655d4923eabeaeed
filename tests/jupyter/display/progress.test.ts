import { test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { progress, progressMimeType, progressText, type ProgressState } from "../../../kernel/src/jupyter/display/progress.js";
import { FakeClock, withSink, type FakeSink } from "./fake-sink.js";

function states(sink: FakeSink): ProgressState[] {
  return sink.displays().map((call) => call.data[progressMimeType] as ProgressState);
}

test("a bar shows once, then updates in place under one display id", async () => {
  await withSink((sink) => {
    const clock = new FakeClock();
    const bar = progress(10, { now: clock.now });
    for (let i = 0; i < 10; i++) {
      clock.tick(300);
      bar.advance();
    }
    const calls = sink.displays();
    assert.equal(calls.length, 11);
    assert.ok(calls.every((call) => call.id === bar.id));
    assert.deepEqual(calls.map((call) => call.update), [false, ...Array<boolean>(10).fill(true)]);
    assert.ok(calls.every((call) => "text/html" in call.data && "text/plain" in call.data));
  });
});

test("updates are throttled to one per 250 ms of the clock, even in a tight loop", async () => {
  await withSink((sink) => {
    const clock = new FakeClock();
    const bar = progress(10_000, { now: clock.now });
    for (let i = 0; i < 9_999; i++) {
      clock.tick(0.1); // 10 000 steps in one second of wall time
      bar.advance();
    }
    // 1 first display + one per elapsed 250 ms (≈ 1000 / 250), not 9 999.
    const sent = sink.displays().length;
    assert.ok(sent >= 4 && sent <= 5, `expected 4–5 displays, got ${sent}`);
    const times = states(sink).map((state) => state.elapsed * 1000);
    for (let i = 1; i < times.length; i++) assert.ok((times[i] as number) - (times[i - 1] as number) >= 249.9);
    bar.done();
  });
});

test("with a frozen clock only the first and the final state are drawn", async () => {
  await withSink((sink) => {
    const clock = new FakeClock();
    const bar = progress(1000, { now: clock.now });
    for (let i = 0; i < 1000; i++) bar.advance();
    const sent = states(sink);
    assert.equal(sent.length, 2);
    assert.equal(sent[0]?.value, 0);
    assert.equal(sent[1]?.value, 1000);
    assert.equal(sent[1]?.done, true);
    bar.done(); // nothing changed since the final draw: no extra message
    assert.equal(sink.displays().length, 2);
  });
});

test("done() always sends the last state, even when throttled and short of the total", async () => {
  await withSink((sink) => {
    const clock = new FakeClock();
    const bar = progress(100, { now: clock.now, label: "epochs" });
    bar.advance(37);
    bar.message = "loss 0.25";
    assert.equal(sink.displays().length, 1); // both throttled away
    bar.done();
    const last = states(sink).at(-1);
    assert.deepEqual({ value: last?.value, message: last?.message, done: last?.done }, { value: 37, message: "loss 0.25", done: true });
    assert.match(String(sink.displays().at(-1)?.data["text/plain"]), /^epochs:  37% \|.*\| 37\/100 .* loss 0\.25$/);
    bar.advance();
    bar.done();
    assert.equal(sink.displays().length, 2, "a finished bar ignores later calls");
  });
});

test("iterating a bar yields each item, advances, and finishes even on break", async () => {
  await withSink((sink) => {
    const clock = new FakeClock();
    const seen: string[] = [];
    for (const item of progress(["a", "b", "c"], { now: clock.now })) seen.push(item);
    assert.deepEqual(seen, ["a", "b", "c"]);
    assert.equal(states(sink).at(-1)?.value, 3);
    assert.equal(states(sink).at(-1)?.done, true);

    const numbers = progress(5, { now: clock.now });
    for (const step of numbers) if (step === 2) break;
    assert.equal(numbers.value, 2);
    assert.equal(states(sink).at(-1)?.value, 2);
    assert.equal(states(sink).at(-1)?.done, true);
  });
});

test("an iterable of unknown size counts without a total", async () => {
  await withSink((sink) => {
    function* five() {
      for (let i = 0; i < 5; i++) yield i;
    }
    const bar = progress(five(), { now: new FakeClock().now, unit: "batch" });
    assert.equal(bar.total, undefined);
    for (const _ of bar) void _;
    assert.match(String(sink.displays().at(-1)?.data["text/plain"]), /^5 batch \[00:00, \? batch\/s\]$/);
  });
});

test("a state left behind by the throttle is drawn shortly after the loop stops", async () => {
  await withSink(async (sink) => {
    const bar = progress(100, { updateInterval: 30 });
    bar.advance();
    bar.advance(); // both within 30 ms of the first draw: throttled
    const before = sink.displays().length;
    await sleep(80);
    assert.equal(sink.displays().length, before + 1);
    assert.equal(states(sink).at(-1)?.value, 2);
    bar.done();
  });
});

test("label and message are escaped in the HTML", async () => {
  await withSink((sink) => {
    const bar = progress(2, { label: "<script>alert(1)</script>", now: new FakeClock().now });
    bar.message = `<img src=x onerror="boom()">`;
    bar.done();
    const html = String(sink.displays().at(-1)?.data["text/html"]);
    assert.ok(!/<script|<img/i.test(html), html);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(html, /&lt;img src=x onerror=&quot;boom\(\)&quot;&gt;/);
  });
});

test("progressText shows percent, bar, counts, elapsed<remaining and rate", () => {
  const state: ProgressState = { version: 1, label: "train", message: "", value: 45, total: 100, unit: "it", elapsed: 3, done: false };
  assert.equal(progressText(state), "train:  45% |██████████▊             | 45/100 [00:03<00:04, 15 it/s]");
  assert.equal(progressText({ ...state, value: 1, elapsed: 4000, label: "" }), "  1% |▎                       | 1/100 [1:06:40<110:00:00, 4000.00 s/it]");
});

test("progress rejects a total that is not a count", () => {
  assert.throws(() => progress(Number.NaN), /total must be a finite number ≥ 0, got NaN/);
  assert.throws(() => progress(-1), /got -1/);
  assert.throws(() => progress({} as never), /expected a number of steps or an iterable/);
});

test("a bar that replaces another draws under its display id, as updates only", async () => {
  await withSink((sink) => {
    const first = progress(2, { label: "epoch 1" });
    first.set(2);
    first.done();
    const second = progress(2, { label: "epoch 2", replaces: first });
    second.set(2);
    second.done();
    assert.equal(second.id, first.id);
    assert.deepEqual(sink.displays().map((call) => [call.id, call.update]), [[first.id, false], ...Array.from({ length: sink.displays().length - 1 }, () => [first.id, true])]);
    assert.match(String(sink.displays().at(-1)!.data["text/plain"]), /^epoch 2: 100%/);
  });
});
