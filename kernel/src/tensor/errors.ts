import { fileURLToPath } from "node:url";
import { dirname, sep } from "node:path";
import { localizeError } from "../locale/error-messages.js";
import { showDim } from "./unknown-batch.js";

// Everything under kernel/src (or kernel/dist) is library code; the first stack frame outside
// it is the line of the user's code that called the op.
const libraryRoot = dirname(dirname(fileURLToPath(import.meta.url))) + sep;

export type LocationFormatter = (file: string, line: number, column: number) => string | undefined;

let formatLocation: LocationFormatter = (file, line) => `${file.replace(/^file:\/\//, "")}:${line}`;

/**
 * Lets the kernel show locations in its own terms ("cell 4, line 2") instead of file paths.
 * A formatter returning undefined hides the frame.
 * @example setLocationFormatter((file, line) => (file.includes("cell-") ? `cell ${cellOf(file)}, line ${line}` : undefined))
 */
export function setLocationFormatter(formatter: LocationFormatter): void {
  formatLocation = formatter;
}

/** The file, line and column a stack-trace line points at, if any. */
function parseFrame(line: string): { file: string; path: string; line: number; column: number } | undefined {
  const match = /\(?((?:file:\/\/)?[^()\s]+):(\d+):(\d+)\)?$/.exec(line.trim());
  if (!match) return undefined;
  const file = match[1]!;
  return { file, path: file.startsWith("file://") ? fileURLToPath(file) : file, line: Number(match[2]), column: Number(match[3]) };
}

function isLibraryFrame(line: string): boolean {
  return parseFrame(line)?.path.startsWith(libraryRoot) ?? false;
}

/** The user's line that led here, e.g. "cell 4, line 2", or undefined if there is none. */
export function userLocation(): string | undefined {
  // Library frames can be many (autograd, layers): look deeper than V8's default of 10.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 100;
  const stack = new Error().stack ?? "";
  Error.stackTraceLimit = limit;
  for (const line of stack.split("\n").slice(1)) {
    const frame = parseFrame(line);
    if (!frame) continue;
    const { path } = frame;
    if (path.startsWith(libraryRoot) || path.startsWith("node:") || path.includes(`${sep}node_modules${sep}`)) continue;
    const formatted = formatLocation(frame.file, frame.line, frame.column);
    if (formatted !== undefined) return formatted;
  }
  return undefined;
}

function withLocation(message: string): string {
  const where = userLocation();
  return where ? `${message} (${where})` : message;
}

/**
 * Base of every error the library throws on purpose: the message is meant for a student.
 * @example try { tensor([1, 2]).add(tensor([1, 2, 3])); } catch (e) { if (e instanceof ShapeError) console.log(e.message); }
 */
export class GradbookError extends Error {
  constructor(message: string) {
    super(withLocation(localizeError(message)));
    this.name = new.target.name;
    // The student's code is what matters: drop the library's own frames from the trace.
    if (this.stack) this.stack = this.stack.split("\n").filter((line) => !isLibraryFrame(line)).join("\n");
  }
}

/** Shapes that do not fit the op: `matmul: inner dimensions differ: a is [1, 3], b is [1, 2] (cell 4, line 2)`. */
export class ShapeError extends GradbookError {}

/** A dtype the op cannot take. */
export class DTypeError extends GradbookError {}

/** A bad argument value (negative size, axis out of range, unknown option). */
export class ArgumentError extends GradbookError {}

/** An op produced NaN or Infinity while `debug.checkNumerics(true)` is on. */
export class NumericsError extends GradbookError {}

/** Formats a shape the way messages show it: `[2, 3]`, and `[?, 784]` for an unknown batch (graph mode). */
export function showShape(shape: readonly number[]): string {
  return `[${shape.map(showDim).join(", ")}]`;
}
