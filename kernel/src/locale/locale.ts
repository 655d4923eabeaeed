/**
 * The language of the library's printed messages, view captions and errors: English by
 * default, Russian after `setLocale("ru")` (the Russian notebooks' first cell). Views in
 * JupyterLab follow this setting when a notebook makes it, else JupyterLab's language.
 */
/** The languages gradbook speaks. */
export type Locale = "en" | "ru";

export const LOCALES: readonly Locale[] = ["en", "ru"];

let chosen: Locale | undefined;

/**
 * Switches the library's messages (progress, fit logs, summaries, tensor captions, common
 * errors) and the notebook views it emits to `locale`.
 * @example setLocale("ru"); tensor([1, 2]) // Тензор float32 [2]
 */
export function setLocale(locale: Locale): void {
  // A plain Error: tensor/errors translates messages through this module, so it cannot be imported here.
  if (!LOCALES.includes(locale)) throw new Error(`setLocale: unknown locale ${JSON.stringify(locale)}; gradbook speaks ${LOCALES.map((l) => `"${l}"`).join(" and ")}`);
  chosen = locale;
}

/**
 * The language messages are printed in ("en" until setLocale is called).
 * @example getLocale() // "en"
 */
export function getLocale(): Locale {
  return chosen ?? "en";
}

/**
 * The locale a notebook chose with setLocale, or undefined when it never did: views then
 * follow JupyterLab's own language.
 * @example const payload = { version: 1, ...(chosenLocale() ? { locale: chosenLocale() } : {}) };
 */
export function chosenLocale(): Locale | undefined {
  return chosen;
}

/** Forgets the choice (tests). */
export function resetLocale(): void {
  chosen = undefined;
}
