/**
 * The language of the checking API's messages: the one the notebook chose with
 * `setLocale`, else the environment's (`GRADBOOK_LOCALE`, then `LC_ALL`, `LC_MESSAGES`,
 * `LANG`), so a grader started with `LANG=ru_RU.UTF-8` speaks Russian too.
 *
 * Example: `setLocale("ru"); checkLocale()` → "ru".
 */
import { chosenLocale, type Locale } from "../locale/locale.js";

export type CheckLocale = Locale;

export function checkLocale(): CheckLocale {
  const chosen = chosenLocale();
  if (chosen) return chosen;
  const env = process.env;
  const setting = env.GRADBOOK_LOCALE || env.LC_ALL || env.LC_MESSAGES || env.LANG || "";
  return setting.toLowerCase().startsWith("ru") ? "ru" : "en";
}
