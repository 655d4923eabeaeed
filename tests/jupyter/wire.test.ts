import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { decode, encode, newHeader, PROTOCOL_VERSION, serialize, sign, type Header } from "../../kernel/src/jupyter/wire.js";

const KEY = "a0436f6c-1916-498b-8eb9-e81ab9368e84";

/** What a ZeroMQ socket hands back: every frame as bytes. */
function asFrames(parts: Array<Uint8Array | string>): Uint8Array[] {
  return parts.map((part) => (typeof part === "string" ? Buffer.from(part, "utf8") : Buffer.from(part)));
}

function header(msgType: string, msgId = "id-1"): Header {
  return { msg_id: msgId, session: "session-1", username: "ada", date: "2024-01-02T03:04:05.000Z", msg_type: msgType, version: "5.3" };
}

const text = (frame: Uint8Array | string | undefined) => (typeof frame === "string" ? frame : Buffer.from(frame!).toString("utf8"));

test("serialize → encode → decode gives back identities, header, parent, metadata, content and buffers", () => {
  const identities = [Buffer.from([0, 1, 2, 255]), Buffer.from("client-2")];
  const parent = header("execute_request", "parent-1");
  const content = { status: "ok", execution_count: 3, text: "naïve 😀 <IDS|MSG>" };
  const buffers = [Buffer.from([9, 8, 7]), Buffer.alloc(0)];
  const sent = serialize(identities, header("execute_reply"), parent, content, { started: "now" }, buffers);
  const message = decode(asFrames(encode(KEY, sent)), KEY);
  assert.deepEqual(message.identities.map((id) => Buffer.from(id)), identities);
  assert.deepEqual(message.header, header("execute_reply"));
  assert.deepEqual(message.parent_header, parent);
  assert.deepEqual(message.metadata, { started: "now" });
  assert.deepEqual(message.content, content);
  assert.deepEqual(message.buffers.map((buffer) => Buffer.from(buffer)), buffers);
});

test("encode lays out identities, <IDS|MSG>, the signature, the four JSON frames, then buffers", () => {
  const sent = serialize([Buffer.from("peer")], header("status"), undefined, { execution_state: "idle" });
  const frames = encode(KEY, sent);
  assert.equal(frames.length, 7);
  assert.equal(text(frames[0]), "peer");
  assert.equal(text(frames[1]), "<IDS|MSG>");
  assert.deepEqual(frames.slice(3).map(text), [JSON.stringify(header("status")), "{}", "{}", '{"execution_state":"idle"}']);
  // Independent HMAC-SHA256 over header, parent, metadata, content, in that order.
  const hmac = createHmac("sha256", KEY);
  for (const frame of frames.slice(3)) hmac.update(text(frame));
  assert.equal(text(frames[2]), hmac.digest("hex"));
  assert.match(text(frames[2]), /^[0-9a-f]{64}$/);
});

test("sign matches node:crypto over the four frames, bytes or strings alike, and is empty without a key", () => {
  const json = ['{"msg_id":"1"}', "{}", "{}", '{"code":"1 + 1"}'];
  const expected = createHmac("sha256", KEY).update(json.join("")).digest("hex");
  assert.equal(sign(KEY, json), expected);
  assert.equal(sign(KEY, json.map((frame) => Buffer.from(frame))), expected);
  assert.notEqual(sign("another key", json), expected);
  assert.equal(sign("", json), "");
});

test("a message signed by a real client (independent HMAC) decodes", () => {
  const json = [JSON.stringify(header("kernel_info_request")), "{}", "{}", "{}"];
  const signature = createHmac("sha256", KEY).update(json.join("")).digest("hex");
  const message = decode(asFrames(["client", "<IDS|MSG>", signature, ...json]), KEY);
  assert.equal(message.header.msg_type, "kernel_info_request");
  assert.deepEqual(message.parent_header, {});
  assert.deepEqual(message.buffers, []);
});

test("a tampered frame, a wrong key, a forged or missing signature are rejected", () => {
  const frames = asFrames(encode(KEY, serialize([], header("execute_request"), undefined, { code: "1 + 1" })));
  assert.doesNotThrow(() => decode(frames, KEY));
  for (let index = 2; index < 6; index++) {
    const tampered = frames.slice();
    tampered[index] = Buffer.from(text(frames[index]).replace("}", " }"));
    assert.throws(() => decode(tampered, KEY), /invalid message signature/, `frame ${index}`);
  }
  assert.throws(() => decode(frames, "wrong key"), /invalid message signature/);
  const forged = frames.slice();
  forged[1] = Buffer.from("0".repeat(64));
  assert.throws(() => decode(forged, KEY), /invalid message signature/);
  const short = frames.slice();
  short[1] = Buffer.from(text(frames[1]).slice(0, 10));
  assert.throws(() => decode(short, KEY), /invalid message signature/);
  const empty = frames.slice();
  empty[1] = Buffer.alloc(0);
  assert.throws(() => decode(empty, KEY), /invalid message signature/);
});

test("with an empty key nothing is signed and the signature is not checked", () => {
  const frames = asFrames(encode("", serialize([], header("status"), undefined, {})));
  assert.equal(text(frames[1]), "");
  assert.equal(decode(frames, "").header.msg_type, "status");
  frames[1] = Buffer.from("anything");
  assert.equal(decode(frames, "").header.msg_type, "status");
});

test("the delimiter separates identities from the message; without it or with missing frames decode throws", () => {
  const json = [JSON.stringify(header("status")), "{}", "{}", "{}"];
  const signature = sign(KEY, json);
  assert.deepEqual(decode(asFrames(["<IDS|MSG>", signature, ...json]), KEY).identities, []);
  const three = decode(asFrames(["a", "b", "c", "<IDS|MSG>", signature, ...json]), KEY);
  assert.deepEqual(three.identities.map(text), ["a", "b", "c"]);
  // A delimiter frame that is a view into a larger buffer is still recognised.
  const backing = Buffer.from("xx<IDS|MSG>yy");
  const view = new Uint8Array(backing.buffer, backing.byteOffset + 2, 9);
  assert.equal(decode([view, ...asFrames([signature, ...json])], KEY).header.msg_type, "status");
  assert.throws(() => decode(asFrames(["client", signature, ...json]), KEY), /malformed Jupyter message/);
  assert.throws(() => decode(asFrames(["<IDS|MSG", signature, ...json]), KEY), /malformed Jupyter message/);
  assert.throws(() => decode(asFrames(["<IDS|MSG>", signature, ...json.slice(0, 3)]), KEY), /malformed Jupyter message/);
  assert.throws(() => decode([], KEY), /malformed Jupyter message/);
});

test("serialize writes {} for a missing parent, drops undefined fields and omits empty buffers", () => {
  const sent = serialize([], header("display_data"), undefined, { data: { "text/plain": "x" }, skipped: undefined, fn: () => 1 });
  assert.equal(sent.parent, "{}");
  assert.equal(sent.metadata, "{}");
  assert.deepEqual(JSON.parse(sent.content), { data: { "text/plain": "x" } });
  assert.equal("buffers" in sent, false);
  assert.equal("buffers" in serialize([], header("x"), undefined, {}, {}, []), false);
  assert.equal(encode(KEY, sent).length, 6);
});

test("newHeader makes a protocol 5.3 header with a fresh id and an ISO date", () => {
  assert.equal(PROTOCOL_VERSION, "5.3");
  const first = newHeader("status", "session-9");
  const second = newHeader("status", "session-9");
  assert.equal(first.msg_type, "status");
  assert.equal(first.session, "session-9");
  assert.equal(first.version, "5.3");
  assert.equal(typeof first.username, "string");
  assert.equal(new Date(first.date).toISOString(), first.date);
  assert.notEqual(first.msg_id, second.msg_id);
  assert.ok(first.msg_id.length > 0);
});
