/**
 * Turns what went wrong in a cell into Jupyter's `{ ename, evalue, traceback }`, with
 * line numbers from the cell itself and a short excerpt of the offending line.
 *
 * Example:
 *   errorContent(new RangeError("bad shape"), cells)
 *   // { ename: "RangeError", evalue: "bad shape",
 *   //   traceback: ["RangeError: bad shape", "    at cell[4]:2:7", "", "cell[4] line 2:", "  2 | ...", "    |       ^"] }
 */
import { CELL_FRAME, type CellRegistry } from "./cells.js";
import { plainText } from "./display/mimebundle.js";
import type { Diagnostic } from "./tslab.js";

export interface ErrorContent {
  ename: string;
  evalue: string;
  traceback: string[];
}

/** Frames from Node's internals, tslab and this kernel say nothing about the user's code. */
const NOISE = /\((?:node:|.*[\\/]node_modules[\\/]tslab[\\/]|.*[\\/]kernel[\\/]dist[\\/]jupyter[\\/])|^\s+at (?:node:|new Promise \(<anonymous>\))/;

/** Folders of the preloaded library (set by the launcher): their frames are not the user's. */
let libraryRoots: string[] = [];

/**
 * Hides the frames of files under `roots` from tracebacks, as well as V8's frames of
 * built-ins (`at Array.forEach (<anonymous>)`): a student sees the frames of their own code.
 * Example: `hideLibraryFrames(["/opt/gradbook/kernel/dist/"])`.
 */
export function hideLibraryFrames(roots: string[]): void {
  libraryRoots = roots;
}

function isUserFrame(line: string): boolean {
  if (NOISE.test(line) || /\(<anonymous>\)$|\(native\)$/.test(line)) return false;
  return !libraryRoots.some((root) => line.includes(`(${root}`) || line.includes(`at ${root}`) || line.includes(`(file://${root}`) || line.includes(`at file://${root}`));
}

/** Source line `line` (1-based) of `source` with a caret under `column`. */
export function excerpt(source: string, line: number, column: number): string[] {
  const text = source.split("\n")[line - 1];
  if (text === undefined) return [];
  const gutter = String(line);
  return [`${gutter} | ${text}`, `${" ".repeat(gutter.length)} | ${" ".repeat(Math.max(0, column - 1))}^`];
}

/** A cell stopped by TypeScript: each diagnostic as `line:column - message`, with excerpts. */
export function diagnosticsError(diagnostics: Diagnostic[], source: string, cellName: string): ErrorContent {
  const located = diagnostics.map((diagnostic) => {
    const where = `${diagnostic.fileName ? diagnostic.fileName + " " : ""}${diagnostic.start.line + 1}:${diagnostic.start.character + 1}`;
    return { where, diagnostic, message: `${where} - ${diagnostic.messageText}` };
  });
  const traceback: string[] = [];
  for (const { diagnostic, message } of located) {
    traceback.push(`TypeScriptError: ${message}`);
    if (!diagnostic.fileName) traceback.push(...excerpt(source, diagnostic.start.line + 1, diagnostic.start.character + 1).map((l) => "  " + l));
  }
  traceback.push(`(${cellName} did not run: TypeScript found ${diagnostics.length === 1 ? "an error" : `${diagnostics.length} errors`})`);
  return { ename: "TypeScriptError", evalue: located.map((l) => l.message).join("\n"), traceback };
}

/** A thrown value (any value: `throw 5` and `throw null` included). `context` prefixes the traceback. */
export function errorContent(thrown: unknown, cells: CellRegistry, context?: string): ErrorContent {
  const traceback: string[] = context ? [context] : [];
  if (!(thrown instanceof Error)) {
    const evalue = plainText(thrown);
    traceback.push(`Uncaught ${evalue}`, "(a value that is not an Error was thrown, so there is no stack trace; `throw new Error(...)` gives one)");
    return { ename: "Uncaught", evalue, traceback };
  }
  const ename = safeString(() => thrown.name) || thrown.constructor?.name || "Error";
  const evalue = safeString(() => thrown.message);
  traceback.push(...stackLines(thrown, ename, evalue, cells));
  let cause = safeGet(() => thrown.cause);
  for (let depth = 0; cause !== undefined && depth < 5; depth++) {
    traceback.push("", "Caused by:");
    if (cause instanceof Error) {
      traceback.push(...stackLines(cause, cause.name, cause.message, cells));
      cause = safeGet(() => (cause as Error).cause);
    } else {
      traceback.push(`Uncaught ${plainText(cause)}`);
      break;
    }
  }
  return { ename, evalue, traceback };
}

function stackLines(error: Error, ename: string, evalue: string, cells: CellRegistry): string[] {
  const stack = safeString(() => error.stack);
  const header = `${ename}: ${evalue}`;
  if (!stack) return [header];
  const lines = stack.split("\n");
  const frameStart = lines.findIndex((line) => /^\s+at /.test(line));
  const frames = frameStart < 0 ? [] : lines.slice(frameStart);
  // The user's frames; when there are none (an error inside the library's own callbacks), the library's.
  const own = frames.filter(isUserFrame);
  const kept = own.length > 0 ? own : frames.filter((line) => !NOISE.test(line));
  const out = [header, ...kept];
  for (const frame of kept) {
    const match = CELL_FRAME.exec(frame);
    const source = match ? cells.source(match[1]!) : undefined;
    if (match && source !== undefined) {
      out.push("", `${match[1]} line ${match[2]}:`, ...excerpt(source, Number(match[2]), Number(match[3])).map((l) => "  " + l));
      break;
    }
  }
  return out;
}

function safeString(read: () => unknown): string {
  try {
    const value = read();
    return typeof value === "string" ? value : value === undefined ? "" : String(value);
  } catch {
    return "";
  }
}

function safeGet(read: () => unknown): unknown {
  try {
    return read();
  } catch {
    return undefined;
  }
}
