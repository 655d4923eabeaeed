/**
 * complete_request, inspect_request and is_complete_request, answered with tslab's
 * TypeScript language service (so completion sees the preloaded library's types).
 * Jupyter counts `cursor_pos` in Unicode code points; JavaScript strings in UTF-16
 * units, so positions are converted both ways.
 *
 * Example: `complete(engine, "Math.fl", 7)` → `{ matches: ["floor"], cursor_start: 5, cursor_end: 7, ... }`.
 */
import type { Engine, Tslab } from "./tslab.js";

/** UTF-16 offset of the `points`-th code point. */
export function toUtf16(text: string, points: number): number {
  let offset = 0;
  for (let seen = 0; seen < points && offset < text.length; seen++) {
    const code = text.charCodeAt(offset);
    offset += code >= 0xd800 && code <= 0xdbff && offset + 1 < text.length ? 2 : 1;
  }
  return offset;
}

/** Code points in the first `offset` UTF-16 units. */
export function toCodePoints(text: string, offset: number): number {
  let points = 0;
  for (let i = 0; i < offset && i < text.length; points++) {
    const code = text.charCodeAt(i);
    i += code >= 0xd800 && code <= 0xdbff && i + 1 < text.length ? 2 : 1;
  }
  return points;
}

/** TypeScript's completion kinds in the words JupyterLab's completer shows (it knows IPython's). */
const JUPYTER_TYPES: Record<string, string> = {
  method: "function",
  function: "function",
  "local function": "function",
  constructor: "function",
  property: "property",
  getter: "property",
  setter: "property",
  var: "instance",
  let: "instance",
  const: "instance",
  "local var": "instance",
  parameter: "param",
  class: "class",
  interface: "class",
  type: "class",
  enum: "class",
  module: "module",
  "external module name": "module",
  keyword: "keyword",
  alias: "class",
};

/**
 * complete_reply: the matches (without the names in `hidden`: the library's internal
 * members), and their types in `metadata._jupyter_types_experimental`, where JupyterLab
 * shows them next to each match.
 */
export function complete(engine: Engine, code: string, cursor: number | undefined, hidden: ReadonlySet<string> = new Set()): Record<string, unknown> {
  const offset = toUtf16(code, cursor ?? [...code].length);
  const info = engine.complete(code, offset);
  const start = toCodePoints(code, info.start);
  const end = toCodePoints(code, info.end);
  const kept = info.candidates.map((name, i) => ({ name, kind: info.kinds?.[i] ?? "" })).filter(({ name }) => !hidden.has(name));
  return {
    status: "ok",
    matches: kept.map(({ name }) => name),
    cursor_start: start,
    cursor_end: end,
    metadata: {
      _jupyter_types_experimental: kept.map(({ name, kind }) => ({ start, end, text: name, type: JUPYTER_TYPES[kind] ?? (kind || "<unknown>") })),
    },
  };
}

export function inspect(engine: Engine, code: string, cursor: number | undefined): Record<string, unknown> {
  const offset = toUtf16(code, cursor ?? [...code].length);
  // A cursor just after an identifier (the usual case for Shift+Tab) still means that identifier.
  const text = engine.inspect(code, offset) ?? (offset > 0 ? engine.inspect(code, offset - 1) : undefined);
  if (!text) return { status: "ok", found: false, data: {}, metadata: {} };
  return { status: "ok", found: true, data: { "text/plain": text }, metadata: {} };
}

/**
 * IPython-style help: a cell that is just `name?` (or `name??`, or `obj.member?`) shows the
 * name's type and doc comment in the pager instead of running. Returns the text for the
 * page, or undefined when the cell is not a help request.
 * @example pageHelp(engine, "tensor?") // "function tensor(values: TensorLike, …): Tensor\n\nMakes a tensor …"
 */
export function pageHelp(engine: Engine, code: string): string | undefined {
  const match = /^\s*([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*\?{1,2}\s*$/.exec(code);
  if (!match) return undefined;
  const name = match[1]!;
  // Inspect inside the last identifier; an unknown name comes back as a bare "any".
  const text = engine.inspect(name, name.length - 1);
  return text && text !== "any" ? text : `No documentation found for ${name}.`;
}

/** TypeScript's diagnostic code for "Unterminated template literal." */
const UNTERMINATED_TEMPLATE = 1160;

/** complete / incomplete (with the indent for the next line) / invalid. */
export function isComplete(tslab: Pick<Tslab, "ts" | "isCompleteCode">, code: string): Record<string, unknown> {
  let result = tslab.isCompleteCode(code);
  // tslab looks for a parse error exactly at the end, so "let y = " (trailing space)
  // would count as complete; two trailing blank lines still force "complete", as in tslab.
  if (result.completed && code !== code.trimEnd() && !/(^|\n)\s*\n\s*$/.test(code)) result = tslab.isCompleteCode(code.trimEnd());
  if (!result.completed) return { status: "incomplete", indent: result.indent ?? "" };
  const file = tslab.ts.createSourceFile("cell.ts", code, tslab.ts.ScriptTarget.Latest, false, tslab.ts.ScriptKind.TS);
  const syntaxErrors = (file as unknown as { parseDiagnostics?: { code: number }[] }).parseDiagnostics ?? [];
  // An open template literal (TS1160) continues on the next line, as in Node's REPL.
  if (syntaxErrors.some((d) => d.code === UNTERMINATED_TEMPLATE)) return { status: "incomplete", indent: "" };
  return { status: syntaxErrors.length > 0 ? "invalid" : "complete" };
}
