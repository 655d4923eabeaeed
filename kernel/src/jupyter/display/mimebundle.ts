/**
 * How a value becomes a MIME bundle: its own hook if it has one, else text/plain from
 * util.inspect. The kernel's execute_result and display() both use mimeBundleOf, so a
 * value looks the same whichever way it is shown.
 */
import { inspect } from "node:util";
import { htmlToText } from "./html.js";
import type { MimeBundle } from "./sink.js";
import { ArgumentError } from "../../tensor/errors.js";

/**
 * The method key a value implements to choose its own display: it returns a MIME bundle
 * (MIME type → data). It is `Symbol.for("gradbook.mimebundle")`, so code that does not
 * import gradbook can implement it too.
 *
 * @example
 * class Point {
 *   constructor(readonly x: number, readonly y: number) {}
 *   [mimeBundleSymbol]() { return { "text/plain": `(${this.x}, ${this.y})`, "text/html": `<i>(${this.x}, ${this.y})</i>` }; }
 * }
 */
export const mimeBundleSymbol: unique symbol = Symbol.for("gradbook.mimebundle");

/** A value that chooses its own rich display. */
export interface Displayable {
  [mimeBundleSymbol](): MimeBundle;
}

const mimeType = /^[a-z]+\/[-+.\w]+$/i;

/**
 * True for a plain object with at least one key, all of them MIME types, e.g.
 * `{ "text/html": "<b>hi</b>", "text/plain": "hi" }`.
 */
export function isMimeBundle(value: unknown): value is MimeBundle {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => mimeType.test(key));
}

/** text/plain for any value, as the REPL would print it. */
export function plainText(value: unknown): string {
  return inspect(value, { depth: 4, maxArrayLength: 100, maxStringLength: 10_000, breakLength: 100 });
}

/**
 * The MIME bundle that shows `value`: `value[mimeBundleSymbol]()` when it has the hook,
 * else `{ text/html: value.toHTML(), text/plain }` when it has a toHTML() method, else
 * text/plain from util.inspect. The result always has a text/plain entry.
 *
 * @example mimeBundleOf(1 + 1) // { "text/plain": "2" }
 */
export function mimeBundleOf(value: unknown): MimeBundle {
  if (value !== null && (typeof value === "object" || typeof value === "function")) {
    const hook = (value as Partial<Displayable>)[mimeBundleSymbol];
    if (typeof hook === "function") {
      const bundle: unknown = hook.call(value);
      if (bundle === null || typeof bundle !== "object" || Array.isArray(bundle)) {
        throw new ArgumentError(`display: [Symbol.for("gradbook.mimebundle")]() must return an object of MIME type → data, got ${plainText(bundle)}`);
      }
      return withTextFallback({ ...(bundle as MimeBundle) }, value);
    }
    const toHTML = (value as { toHTML?: unknown }).toHTML;
    if (typeof toHTML === "function") {
      return { "text/html": String(toHTML.call(value)), "text/plain": plainText(value) };
    }
  }
  return { "text/plain": plainText(value) };
}

/**
 * Adds a text/plain entry to a bundle that lacks one (exported notebooks, nbgrader and
 * plain Node all read it): from the HTML or Markdown when there is some, else a short
 * note naming what the output holds.
 */
export function withTextFallback(bundle: MimeBundle, source?: unknown): MimeBundle {
  if (typeof bundle["text/plain"] === "string") return bundle;
  bundle["text/plain"] = fallbackText(bundle, source);
  return bundle;
}

function fallbackText(bundle: MimeBundle, source: unknown): string {
  const html = bundle["text/html"];
  if (typeof html === "string") return htmlToText(html);
  const markdown = bundle["text/markdown"];
  if (typeof markdown === "string") return markdown;
  const json = bundle["application/json"];
  if (json !== undefined) return JSON.stringify(json, null, 2) ?? String(json);
  if (source !== undefined) return plainText(source);
  const types = Object.keys(bundle);
  const size = (data: unknown): string => (typeof data === "string" ? `, ${formatBytes(data.length)}` : "");
  return types.length ? `[${types.map((type) => type + size(bundle[type])).join("; ")}]` : "[empty output]";
}

function formatBytes(length: number): string {
  return length < 1024 ? `${length} B` : `${(length / 1024).toFixed(1)} kB`;
}
