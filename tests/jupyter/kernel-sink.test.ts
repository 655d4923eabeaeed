import { test } from "node:test";
import assert from "node:assert/strict";
import { createKernelSink } from "../../kernel/src/jupyter/kernel-sink.js";
import { Outbox } from "../../kernel/src/jupyter/outbox.js";
import type { StdinBroker } from "../../kernel/src/jupyter/stdin.js";
import type { Header } from "../../kernel/src/jupyter/wire.js";

interface Sent {
  msgType: string;
  content: any;
  parent: string | undefined;
}

const parent: Header = { msg_id: "r1", session: "s", username: "u", date: "2024-01-01T00:00:00.000Z", msg_type: "execute_request", version: "5.3" };

/** A real Outbox over a recording send, and a fake stdin broker that records what it is asked. */
function setup() {
  const sent: Sent[] = [];
  const outbox = new Outbox((msgType, content, header) => sent.push({ msgType, content, parent: header?.msg_id }), { interval: 60_000, limit: 1000 });
  outbox.beginCell(parent);
  const asked: Array<[string, boolean]> = [];
  const stdin = {
    ask(prompt: string, password: boolean) {
      asked.push([prompt, password]);
      return Promise.resolve(`answer to ${prompt}`);
    },
  } as unknown as StdinBroker;
  return { sent, outbox, asked, sink: createKernelSink(outbox, stdin) };
}

test("display without an id is display_data with empty transient, attributed to the running cell", () => {
  const { sent, sink } = setup();
  sink.display({ "text/plain": "3", "text/html": "<b>3</b>" }, { "text/html": { isolated: true } }, undefined, false);
  assert.deepEqual(sent, [
    {
      msgType: "display_data",
      content: { data: { "text/plain": "3", "text/html": "<b>3</b>" }, metadata: { "text/html": { isolated: true } }, transient: {} },
      parent: "r1",
    },
  ]);
});

test("display with an id carries transient.display_id; update sends update_display_data for it", () => {
  const { sent, sink } = setup();
  sink.display({ "text/plain": "0%" }, {}, "progress-1", false);
  sink.display({ "text/plain": "50%" }, {}, "progress-1", true);
  assert.deepEqual(
    sent.map((m) => [m.msgType, m.content.data["text/plain"], m.content.transient]),
    [
      ["display_data", "0%", { display_id: "progress-1" }],
      ["update_display_data", "50%", { display_id: "progress-1" }],
    ],
  );
});

test("an update without a display id is refused with an explanation, and nothing is sent", () => {
  const { sent, sink } = setup();
  assert.throws(() => sink.display({ "text/plain": "x" }, {}, undefined, true), /display update needs a display id/);
  assert.throws(() => sink.display({ "text/plain": "x" }, {}, "", true), /display update needs a display id/);
  assert.deepEqual(sent, []);
});

test("missing metadata is sent as {}", () => {
  const { sent, sink } = setup();
  sink.display({ "text/plain": "x" }, undefined as unknown as Record<string, unknown>, undefined, false);
  assert.deepEqual(sent[0]!.content.metadata, {});
});

test("clearOutput is clear_output with wait as a boolean", () => {
  const { sent, sink } = setup();
  sink.clearOutput(true);
  sink.clearOutput(false);
  sink.clearOutput(undefined as unknown as boolean);
  assert.deepEqual(sent.map((m) => [m.msgType, m.content]), [
    ["clear_output", { wait: true }],
    ["clear_output", { wait: false }],
    ["clear_output", { wait: false }],
  ]);
});

test("displays and clears come after the stream text printed before them", () => {
  const { sent, outbox, sink } = setup();
  outbox.stream("stdout", "before\n");
  sink.display({ "text/plain": "x" }, {}, undefined, false);
  outbox.stream("stdout", "between\n");
  sink.clearOutput(false);
  assert.deepEqual(sent.map((m) => m.msgType), ["stream", "display_data", "stream", "clear_output"]);
});

test("input asks the stdin broker with the prompt and the password flag and returns its answer", async () => {
  const { asked, sent, sink } = setup();
  assert.equal(await sink.input("Name? ", false), "answer to Name? ");
  assert.equal(await sink.input("Secret? ", true), "answer to Secret? ");
  assert.deepEqual(asked, [["Name? ", false], ["Secret? ", true]]);
  assert.deepEqual(sent, [], "nothing goes to IOPub");
});
