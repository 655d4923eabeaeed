/**
 * How tensors print: `toString()` in NumPy's style (a `Tensor float32 [2, 3]` header,
 * aligned columns, the middle elided for big tensors), Node's util.inspect, and an HTML
 * table for notebooks through the `Symbol.for("gradbook.mimebundle")` display hook.
 */
import { inspect } from "node:util";
import type { DType } from "./dtype.js";
import { ArgumentError, showShape } from "./errors.js";
import { stridesOf, type Shape } from "./shape.js";
import { installMethods, Tensor } from "./tensor.js";
import { message } from "../locale/messages.js";

/** Controls how tensors print (NumPy's print options, same defaults). */
export interface PrintOptions {
  /** Most digits after the decimal point for floats. */
  precision: number;
  /** Tensors with more elements than this print summarised: `edgeItems` at each end of every axis. */
  threshold: number;
  edgeItems: number;
  /** Rows of the last axis wrap beyond this many characters. */
  lineWidth: number;
}

const defaults: PrintOptions = { precision: 8, threshold: 1000, edgeItems: 3, lineWidth: 75 };
let current: PrintOptions = { ...defaults };

/**
 * Changes how tensors print from now on; returns the previous options (pass them back to restore).
 * @example const previous = setPrintOptions({ precision: 3 }); ...; setPrintOptions(previous);
 */
export function setPrintOptions(options: Partial<PrintOptions>): PrintOptions {
  const previous = current;
  const next = { ...current, ...options };
  for (const [name, value] of Object.entries(next)) {
    const nonNegative = name === "precision" || name === "threshold";
    if (!Number.isInteger(value) || value < (nonNegative ? 0 : 1)) {
      throw new ArgumentError(
        nonNegative ? `setPrintOptions: ${name} must be a non-negative integer, got ${String(value)}` : `setPrintOptions: ${name} must be a positive integer, got ${String(value)}`,
      );
    }
  }
  current = next;
  return previous;
}

/** The print options in force. @example getPrintOptions().precision // 8 */
export function getPrintOptions(): PrintOptions {
  return { ...current };
}

/** The shortest decimal that reads back as `v` in its dtype (float32 values are not printed as their float64 expansion). */
function shortest(v: number, dtype: DType): number {
  if (dtype !== "float32") return v;
  for (let p = 1; p < 17; p++) {
    const d = Number(v.toPrecision(p));
    if (Math.fround(d) === v) return d;
  }
  return v;
}

/** Digits after the decimal point of a number's shortest decimal form, or undefined when it is exponential. */
function fractionDigits(v: number): number {
  const text = String(Math.abs(v));
  const e = text.indexOf("e");
  if (e >= 0) {
    // e.g. 1.5e-7: mantissa digits plus the exponent shift.
    const mantissa = text.slice(0, e);
    const exponent = Number(text.slice(e + 1));
    const dot = mantissa.indexOf(".");
    return Math.max(0, (dot >= 0 ? mantissa.length - dot - 1 : 0) - exponent);
  }
  const dot = text.indexOf(".");
  return dot >= 0 ? text.length - dot - 1 : 0;
}

/** Digits after the point of the mantissa in scientific notation. */
function mantissaDigits(v: number): number {
  const text = Math.abs(v).toExponential();
  const dot = text.indexOf(".");
  return dot >= 0 ? text.indexOf("e") - dot - 1 : 0;
}

function special(v: number): string {
  return Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
}

/**
 * A function that formats one element so every element shown gets the same width:
 * NumPy's rules (floats keep at most `precision` digits, `1.` marks a whole float,
 * scientific notation when magnitudes are very large, very small or far apart).
 * @example elementFormatter([0.5, 10], "float32")(0.5) // " 0.5"
 */
export function elementFormatter(shown: ArrayLike<number>, dtype: DType, precision = current.precision): (v: number) => string {
  if (dtype === "bool") {
    const anyFalse = Array.prototype.some.call(shown, (v: number) => v === 0);
    return (v) => (v !== 0 ? "true" : "false").padStart(anyFalse ? 5 : 4);
  }
  if (dtype === "int32") {
    let width = 1;
    for (let i = 0; i < shown.length; i++) width = Math.max(width, String(shown[i]).length);
    return (v) => String(v).padStart(width);
  }
  const finite: number[] = [];
  let specialWidth = 0;
  for (let i = 0; i < shown.length; i++) {
    const v = shown[i]!;
    if (Number.isFinite(v)) finite.push(shortest(v, dtype));
    else specialWidth = Math.max(specialWidth, special(v).length);
  }
  let maxAbs = 0;
  let minAbs = Infinity;
  for (const v of finite) {
    const a = Math.abs(v);
    if (a === 0) continue;
    maxAbs = Math.max(maxAbs, a);
    minAbs = Math.min(minAbs, a);
  }
  const scientific = maxAbs >= 1e8 || (minAbs !== Infinity && (minAbs < 1e-4 || maxAbs / minAbs > 1e3));
  let body: (v: number) => string;
  if (scientific) {
    const digits = Math.min(precision, Math.max(0, ...finite.map(mantissaDigits)));
    body = (v) => {
      const [mantissa, exponent] = shortest(v, dtype).toExponential(digits).split("e") as [string, string];
      const sign = exponent[0] === "-" ? "-" : "+";
      const expDigits = exponent.replace(/^[+-]/, "").padStart(2, "0");
      return `${mantissa}${digits === 0 ? "." : ""}e${sign}${expDigits}`;
    };
    const width = Math.max(specialWidth, ...finite.map((v) => body(v).length));
    return (v) => (Number.isFinite(v) ? body(v) : special(v)).padStart(width);
  }
  // Fixed notation: each value with its own digits (at most `precision`), padded so the points align.
  const own = (v: number): [string, string] => {
    const s = shortest(v, dtype);
    const digits = Math.min(precision, fractionDigits(s));
    let text = Math.abs(s).toFixed(digits);
    if (text.includes(".")) text = text.replace(/0+$/, "");
    const [whole, fraction = ""] = text.split(".") as [string, string?];
    return [(s < 0 || Object.is(s, -0) ? "-" : "") + whole, fraction];
  };
  let wholeWidth = 0;
  let fractionWidth = 0;
  for (const v of finite) {
    const [whole, fraction] = own(v);
    wholeWidth = Math.max(wholeWidth, whole.length);
    fractionWidth = Math.max(fractionWidth, fraction.length);
  }
  const width = Math.max(specialWidth, finite.length ? wholeWidth + 1 + fractionWidth : 0);
  return (v) => {
    if (!Number.isFinite(v)) return special(v).padStart(width);
    const [whole, fraction] = own(v);
    return `${whole.padStart(wholeWidth)}.${fraction.padEnd(fractionWidth)}`.padStart(width);
  };
}

/** The indices shown along an axis of `size`: all, or the edges around an elision (-1). */
function shownIndices(size: number, summarize: boolean, edge: number): number[] {
  if (!summarize || size <= 2 * edge) return Array.from({ length: size }, (_, i) => i);
  return [...Array.from({ length: edge }, (_, i) => i), -1, ...Array.from({ length: edge }, (_, i) => size - edge + i)];
}

/**
 * The values of a tensor laid out as NumPy prints them (no header): nested brackets,
 * aligned columns, rows wrapped at the line width, `...` for elided parts.
 * @example formatValues(new Float32Array([1, 2.5]), [2], "float32") // "[1. , 2.5]"
 */
export function formatValues(values: ArrayLike<number>, shape: Shape, dtype: DType, options: Partial<PrintOptions> = {}): string {
  const { precision, threshold, edgeItems, lineWidth } = { ...current, ...options };
  const size = values.length;
  if (shape.length === 0) return elementFormatter([values[0]!], dtype, precision)(values[0]!).trim();
  if (size === 0) return "[]";
  const summarize = size > threshold;
  const axes = shape.map((d) => shownIndices(d, summarize, edgeItems));
  const strides = stridesOf(shape);
  // Widths come from the shown values only, as in NumPy.
  const shown: number[] = [];
  const collect = (axis: number, offset: number): void => {
    for (const i of axes[axis]!) {
      if (i < 0) continue;
      if (axis === shape.length - 1) shown.push(values[offset + i]!);
      else collect(axis + 1, offset + i * strides[axis]!);
    }
  };
  collect(0, 0);
  const format = elementFormatter(shown, dtype, precision);
  const rank = shape.length;
  // Each block's first line starts at column `depth` (after its opening brackets); later lines carry their own indent.
  const block = (axis: number, offset: number): string => {
    const indent = " ".repeat(axis + 1);
    if (axis === rank - 1) {
      const pieces = axes[axis]!.map((i) => (i < 0 ? "..." : format(values[offset + i]!)));
      const lines: string[] = [];
      let line = "[";
      let fresh = true;
      pieces.forEach((piece, k) => {
        const text = piece + (k === pieces.length - 1 ? "]" : ",");
        const column = lines.length === 0 ? axis : 0;
        if (!fresh && column + line.length + 1 + text.length > lineWidth) {
          lines.push(line);
          line = indent + text;
        } else {
          line += (fresh ? "" : " ") + text;
        }
        fresh = false;
      });
      lines.push(line);
      return lines.join("\n");
    }
    const separator = ",\n" + "\n".repeat(rank - axis - 2) + indent;
    return "[" + axes[axis]!.map((i) => (i < 0 ? "..." : block(axis + 1, offset + i * strides[axis]!))).join(separator) + "]";
  };
  return block(0, 0);
}

/** What a tensor shows instead of values when they cannot be read now. */
function unreadable(t: Tensor): string | undefined {
  if (t.isDisposed) return "(disposed)";
  if (t.isSymbolic) return `(symbolic${t.node ? `, made by ${t.node.op.name}` : ""}: values exist when the graph runs)`;
  const backend = t.sharedStorage().backend;
  if (!backend.canReadSync) return `(on the ${backend.name} backend: read the values with \`await t.data()\`)`;
  return undefined;
}

/** The first line of a tensor's text form. @example tensorHeader(zeros([2, 3])) // "Tensor float32 [2, 3]" */
export function tensorHeader(t: Tensor): string {
  return `${message("tensor")} ${t.dtype} ${showShape(t.shape)}`;
}

/**
 * A tensor as text, NumPy style: a header with dtype and shape, then the values.
 * @example
 * formatTensor(tensor([[1, 2], [3, 4]]))
 * // Tensor float32 [2, 2]
 * // [[1., 2.],
 * //  [3., 4.]]
 */
export function formatTensor(t: Tensor, options: Partial<PrintOptions> = {}): string {
  const note = unreadable(t);
  if (note) return `${tensorHeader(t)} ${note}`;
  return `${tensorHeader(t)}\n${formatValues(t.dataSync(), t.shape, t.dtype, options)}`;
}

const htmlEscapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for HTML content and quoted attributes. */
function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => htmlEscapes[c]!);
}

/**
 * A 0-D, 1-D or 2-D tensor as an HTML table (row and column indices as headers, the
 * middle elided like the text form), or undefined for other ranks. Everything is escaped.
 * @example tensorToHTML(eye(2)) // "<table ...><caption>Tensor float32 [2, 2]</caption>..."
 */
export function tensorToHTML(t: Tensor, options: Partial<PrintOptions> = {}): string | undefined {
  if (t.rank > 2) return undefined;
  const { precision, threshold, edgeItems } = { ...current, ...options };
  // nowrap: a small tensor's table is narrower than its caption, which must not wrap over three lines.
  const caption = `<caption style="text-align: left; white-space: nowrap">${escape((t.name ? `"${t.name}" ` : "") + tensorHeader(t))}</caption>`;
  const open = `<table class="gradbook-tensor" style="font-family: monospace; text-align: right">`;
  const note = unreadable(t);
  if (note) return `${open}${caption}<tbody><tr><td>${escape(note)}</td></tr></tbody></table>`;
  const values = t.dataSync();
  const summarize = t.size > threshold;
  const [rows, cols] = t.rank === 2 ? [t.shape[0]!, t.shape[1]!] : [1, t.rank === 1 ? t.shape[0]! : 1];
  const rowIndices = t.rank === 2 ? shownIndices(rows, summarize, edgeItems) : [0];
  const colIndices = shownIndices(cols, summarize, edgeItems);
  const shown: number[] = [];
  for (const r of rowIndices) for (const c of colIndices) if (r >= 0 && c >= 0) shown.push(values[r * cols + c]!);
  const format = elementFormatter(shown, t.dtype, precision);
  const cell = (text: string, tag = "td") => `<${tag}>${escape(text)}</${tag}>`;
  const head =
    t.rank === 0 ? "" : `<thead><tr>${t.rank === 2 ? "<th></th>" : ""}${colIndices.map((c) => cell(c < 0 ? "…" : String(c), "th")).join("")}</tr></thead>`;
  const body = rowIndices
    .map((r) => {
      const label = t.rank === 2 ? cell(r < 0 ? "⋮" : String(r), "th") : "";
      const cells = colIndices.map((c) => cell(r < 0 ? (c < 0 ? "⋱" : "⋮") : c < 0 ? "…" : format(values[r * cols + c]!).trim()));
      return `<tr>${label}${cells.join("")}</tr>`;
    })
    .join("");
  return `${open}${caption}${head}<tbody>${body}</tbody></table>`;
}

/** The display hook key the kernel's display() and execute_result look for. @example tensor([1])[mimeBundleKey]()["text/plain"] */
export const mimeBundleKey: unique symbol = Symbol.for("gradbook.mimebundle");

/** A tensor's MIME bundle: text/plain always, text/html for ranks 0–2. */
export interface TensorMimeBundle {
  "text/plain": string;
  "text/html"?: string;
}

declare module "./tensor.js" {
  interface TensorMethods {
    /** The kernel's display hook: text/plain and, for ranks 0–2, an HTML table. */
    [mimeBundleKey](): TensorMimeBundle;
  }
}

Tensor.prototype.toString = function (this: Tensor): string {
  return formatTensor(this);
};

installMethods({
  [mimeBundleKey](this: Tensor): TensorMimeBundle {
    const html = tensorToHTML(this);
    return html === undefined ? { "text/plain": this.toString() } : { "text/plain": this.toString(), "text/html": html };
  },
});

// util.inspect (and so console.log and the REPL) print the same text as toString().
Object.defineProperty(Tensor.prototype, inspect.custom, {
  value(this: Tensor): string {
    return this.toString();
  },
  writable: true,
  configurable: true,
});

