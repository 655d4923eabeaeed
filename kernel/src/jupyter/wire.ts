/**
 * The Jupyter wire format: identities, `<IDS|MSG>`, HMAC signature, four JSON frames,
 * optional binary buffers. Pure functions so both threads (and tests) can use them.
 * Example: `decode(frames, key)` on receive, `encode(key, serialized)` on send.
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

export const PROTOCOL_VERSION = "5.3";
const DELIMITER = Buffer.from("<IDS|MSG>");

export interface Header {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
}

/** A decoded message. `parent_header` is `{}` when there is none. */
export interface Message<Content = Record<string, any>> {
  identities: Uint8Array[];
  header: Header;
  parent_header: Header | Record<string, never>;
  metadata: Record<string, unknown>;
  content: Content;
  buffers: Uint8Array[];
}

/** A message whose four JSON frames are already strings (what the main thread posts to the I/O thread). */
export interface SerializedMessage {
  identities: Uint8Array[];
  header: string;
  parent: string;
  metadata: string;
  content: string;
  buffers?: Uint8Array[];
}

/** HMAC-SHA256 of the four JSON frames; "" when the key is empty (signing disabled). */
export function sign(key: string, frames: ReadonlyArray<string | Uint8Array>): string {
  if (!key) return "";
  const hmac = createHmac("sha256", key);
  for (const frame of frames) hmac.update(frame);
  return hmac.digest("hex");
}

/** Multipart frames ready for `socket.send`. Example: `await shell.send(encode(key, reply))`. */
export function encode(key: string, message: SerializedMessage): Array<Uint8Array | string> {
  const json = [message.header, message.parent, message.metadata, message.content];
  return [...message.identities, DELIMITER, sign(key, json), ...json, ...(message.buffers ?? [])];
}

/**
 * Parses frames and verifies the signature (constant time). Throws on a bad signature or
 * a malformed message so the caller can drop it.
 * Example: `const message = decode(await socket.receive(), key)`.
 */
export function decode(frames: Uint8Array[], key: string): Message {
  const delimiter = frames.findIndex((frame) => Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength).equals(DELIMITER));
  if (delimiter < 0 || frames.length < delimiter + 6) throw new Error("malformed Jupyter message (no <IDS|MSG> delimiter or missing frames)");
  const signature = Buffer.from(frames[delimiter + 1]!).toString("ascii");
  const json = frames.slice(delimiter + 2, delimiter + 6);
  if (key) {
    const expected = Buffer.from(sign(key, json), "ascii");
    const actual = Buffer.from(signature, "ascii");
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) throw new Error("invalid message signature");
  }
  const [header, parent, metadata, content] = json.map((frame) => JSON.parse(Buffer.from(frame).toString("utf8")));
  return {
    identities: frames.slice(0, delimiter),
    header,
    parent_header: parent ?? {},
    metadata: metadata ?? {},
    content: content ?? {},
    buffers: frames.slice(delimiter + 6),
  };
}

/** A fresh header for a message this kernel sends. Example: `newHeader("status", session)`. */
export function newHeader(msgType: string, session: string): Header {
  return {
    msg_id: randomUUID(),
    session,
    username: "kernel",
    date: new Date().toISOString(),
    msg_type: msgType,
    version: PROTOCOL_VERSION,
  };
}

/** Serializes a message; JSON.stringify drops functions and undefined the way Jupyter expects. */
export function serialize(
  identities: Uint8Array[],
  header: Header,
  parent: Header | undefined,
  content: unknown,
  metadata: Record<string, unknown> = {},
  buffers?: Uint8Array[],
): SerializedMessage {
  return {
    identities,
    header: JSON.stringify(header),
    parent: JSON.stringify(parent ?? {}),
    metadata: JSON.stringify(metadata),
    content: JSON.stringify(content),
    ...(buffers && buffers.length > 0 ? { buffers } : {}),
  };
}
