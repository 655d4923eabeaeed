import { chosenLocale, type Locale } from "../../locale/locale.js";

/**
 * The `locale` field of a view payload: the view's own option, else the notebook's
 * setLocale choice, else none (the view then follows JupyterLab's language).
 * @example const payload = { version: 1, ...localeField(options.locale), runs };
 */
export function localeField(locale?: Locale): { locale?: Locale } {
  const chosen = locale ?? chosenLocale();
  return chosen ? { locale: chosen } : {};
}
