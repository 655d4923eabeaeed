/**
 * Everything a cell shows goes out through the outbox, which keeps the order the cell
 * produced it in (pending stream text is flushed before any display, clear or error)
 * and protects IOPub from floods: stream text is batched (at most one message per
 * stream every 50 ms, checked on every write so batches also leave during a busy
 * synchronous loop) and capped per cell, with a note saying how much was left out.
 *
 * Example:
 *   outbox.beginCell(request.header);
 *   outbox.stream("stdout", "hello\n");
 *   outbox.publish("display_data", { data, metadata: {}, transient: {} });
 *   outbox.endCell();
 */
import type { Header } from "./wire.js";
import { message } from "../locale/messages.js";

export type StreamName = "stdout" | "stderr";
export type Publish = (msgType: string, content: unknown, parent: Header | undefined, metadata?: Record<string, unknown>) => void;

export interface OutboxOptions {
  /** Stream characters one cell may send before the rest is dropped. */
  limit?: number;
  /** Milliseconds between stream messages. */
  interval?: number;
  /** A batch is sent early once it is this long. */
  batch?: number;
}

export class Outbox {
  private parent: Header | undefined;
  private readonly pending: Record<StreamName, string> = { stdout: "", stderr: "" };
  private lastFlush = 0;
  private timer: NodeJS.Timeout | undefined;
  private sent = 0;
  private droppedCharacters = 0;
  private droppedLines = 0;
  private readonly limit: number;
  private readonly interval: number;
  private readonly batch: number;

  constructor(private readonly send: Publish, options: OutboxOptions = {}) {
    this.limit = options.limit ?? Number(process.env.GRADBOOK_OUTPUT_LIMIT ?? 1_000_000);
    this.interval = options.interval ?? 50;
    this.batch = options.batch ?? 64 * 1024;
  }

  /** The request that output is attributed to (the running cell, or the last one). */
  get current(): Header | undefined {
    return this.parent;
  }

  /** Attributes output to a new request and resets the flood budget. */
  beginCell(parent: Header): void {
    this.endCell();
    this.parent = parent;
    this.sent = 0;
  }

  /** Flushes and, if output was dropped, says so. Output after this still goes to the same parent. */
  endCell(): void {
    this.flush();
    if (this.droppedCharacters > 0) {
      const counts = { characters: this.droppedCharacters.toLocaleString("en-US"), lines: this.droppedLines.toLocaleString("en-US"), limit: this.limit.toLocaleString("en-US") };
      const note = `\n${message(this.droppedLines > 0 ? "outputTruncatedLines" : "outputTruncated", counts)}\n`;
      this.droppedCharacters = 0;
      this.droppedLines = 0;
      this.send("stream", { name: "stdout", text: note }, this.parent);
    }
  }

  /** Queues stream text. Cheap when over budget: dropped text is only counted. */
  stream(name: StreamName, text: string): void {
    if (text.length === 0) return;
    const room = this.limit - this.sent;
    if (room <= 0) return this.drop(text);
    if (text.length > room) {
      this.drop(text.slice(room));
      text = text.slice(0, room);
    }
    this.sent += text.length;
    this.pending[name] += text;
    const now = Date.now();
    if (now - this.lastFlush >= this.interval || this.pending[name].length >= this.batch) {
      this.flush(now);
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.interval);
    }
  }

  /** Sends any IOPub message after the stream text that came before it. */
  publish(msgType: string, content: unknown, parent: Header | undefined = this.parent, metadata?: Record<string, unknown>): void {
    this.flush();
    this.send(msgType, content, parent, metadata);
  }

  /** Sends pending stream text now. */
  flush(now = Date.now()): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.lastFlush = now;
    // Text from before the first cell (start-up notices such as GRADBOOK_BACKEND's) waits for
    // that cell: a stream message without a parent request is shown nowhere.
    if (!this.parent) return;
    for (const name of ["stdout", "stderr"] as const) {
      const text = this.pending[name];
      if (text) {
        this.pending[name] = "";
        this.send("stream", { name, text }, this.parent);
      }
    }
  }

  private drop(text: string): void {
    this.droppedCharacters += text.length;
    for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) this.droppedLines++;
  }
}
