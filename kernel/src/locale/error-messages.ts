/**
 * The library's errors in the current locale. Errors are written in English where they are
 * thrown (each names the op and the values); GradbookError passes every message through
 * `localizeError`, which finds the English template the message was made from in the error
 * catalogue (locale/errors/) and fills its translation with the message's values, so no
 * throwing site has to change. An unknown message stays English.
 */
import { getLocale, type Locale } from "./locale.js";
import { errorCatalogues, type ErrorCatalogue } from "./errors/index.js";

/** A catalogue key made into a matcher. */
interface Template {
  /** Matches a whole message made from the key; group n is the value of `{n}`. */
  readonly pattern: RegExp;
  /** How much of the key is literal text: the more, the more specific. */
  readonly literal: number;
  readonly translation: string;
}

const placeholder = /\{(\d+)\}/g;

function compile(key: string, translation: string): Template {
  const literals = key.split(placeholder).filter((_, i) => i % 2 === 0);
  const escaped = literals.map((text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  // Groups are numbered in the key's order, which is {0}, {1}, … by construction.
  return { pattern: new RegExp(`^${escaped.join("([\\s\\S]*?)")}$`), literal: literals.join("").length, translation };
}

const compiled = new Map<Locale, Template[]>();

/** The locale's templates, compiled on first use, most specific first. */
function templatesFor(locale: Exclude<Locale, "en">): Template[] {
  let templates = compiled.get(locale);
  if (!templates) {
    const catalogue: ErrorCatalogue = errorCatalogues[locale];
    templates = Object.entries(catalogue).map(([key, translation]) => compile(key, translation));
    templates.sort((a, b) => b.literal - a.literal);
    compiled.set(locale, templates);
  }
  return templates;
}

/**
 * `message` in the current locale when the catalogue knows its template, else unchanged.
 * @example setLocale("ru"); localizeError("matmul: inner dimensions differ: a is [1, 3], b is [1, 2]") // "matmul: внутренние размерности не совпадают: …"
 */
export function localizeError(message: string): string {
  const locale = getLocale();
  if (locale === "en") return message;
  for (const { pattern, translation } of templatesFor(locale)) {
    const match = pattern.exec(message);
    if (match) return translation.replace(placeholder, (_, n: string) => match[Number(n) + 1] ?? "");
  }
  return message;
}
