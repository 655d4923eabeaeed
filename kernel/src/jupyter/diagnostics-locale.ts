/**
 * The language of a cell's type errors. TypeScript ships its diagnostics in Russian (and
 * other languages) next to the compiler; after `setLocale("ru")` a cell's type errors read
 * in Russian like the library's own errors.
 *
 * Example:
 *   const speak = diagnosticsLanguage(ts);
 *   speak("ru"); // the next check reports «Не удается найти имя "x".»
 */
import type { TypeScriptApi } from "./tslab.js";

/** The internal setter `validateLocaleAndSetLanguage` uses; "en" is the built-in table, not a file. */
interface LocalizableTypeScript {
  setLocalizedDiagnosticMessages(messages: unknown): void;
}

/**
 * A function that switches TypeScript's diagnostics to a locale ("en", "ru", ...) when it differs from the last one.
 * @example const speak = diagnosticsLanguage(ts); speak(getLocale());
 */
export function diagnosticsLanguage(ts: TypeScriptApi): (locale: string) => void {
  let current = "en";
  return (locale) => {
    if (locale === current) return;
    current = locale;
    if (locale === "en") (ts as unknown as LocalizableTypeScript).setLocalizedDiagnosticMessages(undefined);
    else ts.validateLocaleAndSetLanguage(locale, ts.sys);
  };
}
