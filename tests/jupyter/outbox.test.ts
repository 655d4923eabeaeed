import { test, afterEach } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { Outbox, type Publish } from "../../kernel/src/jupyter/outbox.js";
import { setLocale } from "../../kernel/src/locale/index.js";
import { resetLocale } from "../../kernel/src/locale/locale.js";
import type { Header } from "../../kernel/src/jupyter/wire.js";

interface Sent {
  msgType: string;
  content: any;
  parent: Header | undefined;
  metadata?: Record<string, unknown>;
}

function recorder(): { sent: Sent[]; send: Publish } {
  const sent: Sent[] = [];
  return { sent, send: (msgType, content, parent, metadata) => sent.push({ msgType, content, parent, ...(metadata ? { metadata } : {}) }) };
}

function request(msgId: string): Header {
  return { msg_id: msgId, session: "s", username: "u", date: "2024-01-01T00:00:00.000Z", msg_type: "execute_request", version: "5.3" };
}

const streams = (sent: Sent[]) => sent.filter((m) => m.msgType === "stream").map((m) => [m.content.name, m.content.text]);
const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;

const timersBefore = timers();
afterEach(() => assert.equal(timers(), timersBefore, "the outbox left a timer running"));

test("writes within the interval are batched per stream until a flush", () => {
  const { sent, send } = recorder();
  const outbox = new Outbox(send, { interval: 60_000, limit: 1000 });
  outbox.beginCell(request("r1"));
  outbox.stream("stdout", "a\n");
  outbox.stream("stdout", "b\n");
  outbox.stream("stderr", "oops\n");
  outbox.stream("stdout", "");
  outbox.stream("stdout", "c\n");
  assert.equal(sent.length, 0, "batched, not sent yet");
  outbox.endCell();
  assert.deepEqual(streams(sent), [["stdout", "a\nb\nc\n"], ["stderr", "oops\n"]]);
  assert.ok(sent.every((m) => m.parent?.msg_id === "r1"));
  outbox.endCell();
  assert.equal(sent.length, 2, "nothing left to flush");
});

test("during a busy synchronous loop a write after the interval sends the batch itself (no timer needed)", () => {
  const { sent, send } = recorder();
  const outbox = new Outbox(send, { interval: 20, limit: 1000 });
  outbox.beginCell(request("r1"));
  outbox.stream("stdout", "0\n");
  assert.equal(sent.length, 0);
  const until = Date.now() + 25;
  while (Date.now() < until); // the event loop is blocked: no timer can fire
  outbox.stream("stdout", "1\n");
  assert.deepEqual(streams(sent), [["stdout", "0\n1\n"]]);
  outbox.endCell();
});

test("a batch leaves on its own after the interval (one timer, cleared by a flush)", async () => {
  const { sent, send } = recorder();
  const outbox = new Outbox(send, { interval: 20, limit: 1000 });
  outbox.beginCell(request("r1"));
  const before = timers();
  outbox.stream("stdout", "x");
  outbox.stream("stdout", "y");
  assert.equal(timers(), before + 1, "one timer for the batch");
  assert.equal(sent.length, 0);
  await sleep(60);
  assert.deepEqual(streams(sent), [["stdout", "xy"]]);
  assert.equal(timers(), before);
  outbox.endCell();
});

test("a batch that reaches the batch size is sent at once, without waiting for the interval", () => {
  const { sent, send } = recorder();
  const outbox = new Outbox(send, { interval: 60_000, batch: 8, limit: 1000 });
  outbox.beginCell(request("r1"));
  outbox.stream("stdout", "1234");
  assert.equal(sent.length, 0);
  outbox.stream("stdout", "5678");
  assert.deepEqual(streams(sent), [["stdout", "12345678"]]);
  outbox.stream("stderr", "abcdefghij");
  assert.deepEqual(streams(sent).at(-1), ["stderr", "abcdefghij"]);
  outbox.endCell();
});

test("publish sends pending stream text first, so output keeps the order the cell made it in", () => {
  const { sent, send } = recorder();
  const outbox = new Outbox(send, { interval: 60_000, limit: 1000 });
  outbox.beginCell(request("r1"));
  outbox.stream("stdout", "one\n");
  outbox.stream("stdout", "two\n");
  outbox.publish("display_data", { data: { "text/plain": "3" }, metadata: {}, transient: {} });
  outbox.stream("stdout", "four\n");
  outbox.publish("clear_output", { wait: false }, request("other"), { note: 1 });
  assert.deepEqual(
    sent.map((m) => [m.msgType, m.content.text ?? null, m.parent?.msg_id]),
    [
      ["stream", "one\ntwo\n", "r1"],
      ["display_data", null, "r1"],
      ["stream", "four\n", "r1"],
      ["clear_output", null, "other"],
    ],
  );
  assert.deepEqual(sent.at(-1)!.metadata, { note: 1 });
  outbox.endCell();
});

test("the truncation note follows setLocale, with and without dropped line breaks", () => {
  const { sent, send } = recorder();
  const outbox = new Outbox(send, { interval: 60_000, limit: 4 });
  setLocale("ru");
  try {
    outbox.beginCell(request("r1"));
    outbox.stream("stdout", "abcdefg"); // 3 characters over, no line break among them
    outbox.beginCell(request("r2")); // ends r1
    outbox.stream("stdout", "abcd\n\n");
    outbox.endCell();
  } finally {
    resetLocale();
  }
  const notes = streams(sent).map(([, text]) => text).filter((text) => text.includes("gradbook:"));
  assert.deepEqual(notes, [
    "\n[gradbook: вывод обрезан: не показано символов: 3; предел символов на ячейку: 4]\n",
    "\n[gradbook: вывод обрезан: не показано символов: 2 (строк: 2); предел символов на ячейку: 4]\n",
  ]);
});

test("stream text over the per-cell limit is dropped and counted, with one note when the cell ends", () => {
  const { sent, send } = recorder();
  const outbox = new Outbox(send, { interval: 60_000, limit: 10 });
  outbox.beginCell(request("r1"));
  outbox.stream("stdout", "hello\n");
  outbox.stream("stderr", "hello\n"); // 4 of these fit
  outbox.stream("stdout", "bye\n\n");
  outbox.endCell();
  const shown = streams(sent);
  assert.deepEqual(shown.slice(0, 2), [["stdout", "hello\n"], ["stderr", "hell"]]);
  assert.equal(shown.length, 3);
  const [name, note] = shown[2]!;
  assert.equal(name, "stdout");
  // Dropped: "o\n" and "bye\n\n": 7 characters, 3 line breaks.
  assert.equal(note, "\n[gradbook: output truncated: 7 more characters (3 lines) were not shown; the limit is 10 characters per cell]\n");
  assert.equal(sent.at(-1)!.parent?.msg_id, "r1");
  // The note is said once.
  outbox.endCell();
  assert.equal(sent.length, 3);
});

test("the limit is per cell: the next cell starts with a full budget, and the note goes to the cell that lost output", () => {
  const { sent, send } = recorder();
  const outbox = new Outbox(send, { interval: 60_000, limit: 1500 });
  outbox.beginCell(request("r1"));
  outbox.stream("stdout", "x".repeat(4000));
  outbox.beginCell(request("r2"));
  outbox.stream("stdout", "y".repeat(1500));
  outbox.endCell();
  assert.deepEqual(
    sent.map((m) => [m.parent?.msg_id, m.content.text.length]),
    [
      ["r1", 1500],
      ["r1", sent[1]!.content.text.length],
      ["r2", 1500],
    ],
  );
  assert.match(sent[1]!.content.text, /2,500 more characters were not shown; the limit is 1,500 characters per cell/);
  assert.doesNotMatch(sent[1]!.content.text, /lines\)/, "no line count when no line was dropped");
});

test("output after endCell still goes to the last cell; current names it", () => {
  const { sent, send } = recorder();
  const outbox = new Outbox(send, { interval: 60_000, limit: 100 });
  const current = () => outbox.current;
  assert.equal(current(), undefined);
  outbox.beginCell(request("r1"));
  outbox.endCell();
  assert.equal(current()?.msg_id, "r1");
  outbox.stream("stderr", "from a timer\n");
  outbox.flush();
  assert.deepEqual(sent.map((m) => [m.parent?.msg_id, m.content.text]), [["r1", "from a timer\n"]]);
});
