/**
 * Routes `process.stdout` / `process.stderr` writes (console.log included) into the
 * outbox as `stream` messages, and Node's process warnings to the cell's stderr, minus
 * ExperimentalWarning noise that would make nbgrader fail a correct cell.
 * The kernel's own diagnostics use log.ts, which writes to fd 2 directly.
 *
 * Example: `captureStdio(outbox)`; then `console.log("hi")` in a cell → stream stdout "hi\n".
 */
import { StringDecoder } from "node:string_decoder";
import type { Outbox, StreamName } from "./outbox.js";
import { debug } from "./log.js";

export interface Capture {
  /** While true, writes are the kernel's (TypeScript's compiler logs): they go to the debug log. */
  internal: boolean;
}

export function captureStdio(outbox: Outbox): Capture {
  const capture: Capture = { internal: false };
  for (const name of ["stdout", "stderr"] as StreamName[]) {
    const stream = process[name];
    const decoder = new StringDecoder("utf8");
    const write = (chunk: unknown, encoding?: unknown, callback?: unknown): boolean => {
      if (typeof encoding === "function") [callback, encoding] = [encoding, undefined];
      const text =
        typeof chunk === "string"
          ? chunk
          : chunk instanceof Uint8Array
            ? decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))
            : String(chunk);
      if (capture.internal) debug(`compiler output: ${text.trimEnd()}`);
      else outbox.stream(name, text);
      if (typeof callback === "function") process.nextTick(callback as () => void);
      return true;
    };
    stream.write = write as typeof stream.write;
  }
  process.removeAllListeners("warning");
  process.on("warning", (warning) => {
    if (warning.name === "ExperimentalWarning") return debug(`warning: ${warning.message}`);
    outbox.stream("stderr", `(node) ${warning.name}: ${warning.message}\n`);
  });
  return capture;
}
