/**
 * Short representations for library objects: what a cell shows when its last expression is
 * a model, an optimizer or a History, and what console.log prints, instead of a dump of
 * every field (a History holds the model, which holds every weight).
 */
import { inspect } from "node:util";
import { escapeHtml } from "./html.js";
import { mimeBundleSymbol } from "./mimebundle.js";
import type { MimeBundle } from "./sink.js";

/** What an object shows: text, and HTML where a table or a block reads better. */
export interface Representation {
  text: string;
  html?: string;
}

/**
 * Gives every instance of `cls` (subclasses included, unless they get their own) a short
 * representation, as a cell value (the `Symbol.for("gradbook.mimebundle")` hook) and in
 * util.inspect / console.log.
 * @example represent(Optimizer, (opt) => configText(opt.className, opt.getConfig()))
 */
export function represent<T extends object>(cls: { readonly prototype: T }, describe: (value: T) => Representation | string): void {
  const of = (value: T): Representation => {
    const described = describe(value);
    return typeof described === "string" ? { text: described } : described;
  };
  Object.defineProperty(cls.prototype, mimeBundleSymbol, {
    value(this: T): MimeBundle {
      const { text, html } = of(this);
      return { "text/plain": text, "text/html": html ?? `<pre>${escapeHtml(text)}</pre>` };
    },
    writable: true,
    configurable: true,
  });
  Object.defineProperty(cls.prototype, inspect.custom, {
    value(this: T): string {
      return of(this).text;
    },
    writable: true,
    configurable: true,
  });
}

/** One config value, compactly: numbers and booleans as they are, strings quoted, `{ className }` objects by class. */
function configValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(configValue).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const named = value as { className?: unknown };
    if (typeof named.className === "string") return named.className;
    return `{ ${Object.entries(value).map(([k, v]) => `${k}: ${configValue(v)}`).join(", ")} }`;
  }
  return String(value);
}

/**
 * `ClassName(key: value, …)` from a config, leaving out undefined and null entries.
 * @example configText("Adam", { learningRate: 0.001, amsgrad: false }) // "Adam(learningRate: 0.001, amsgrad: false)"
 */
export function configText(className: string, config: Record<string, unknown>): string {
  const entries = Object.entries(config).filter(([, v]) => v !== undefined && v !== null);
  return `${className}(${entries.map(([k, v]) => `${k}: ${configValue(v)}`).join(", ")})`;
}
