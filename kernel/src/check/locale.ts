/**
 * The language of the checking API's messages. The library's own locale switch
 * (`setLocale`/`getLocale`) is not there yet: until it is, this one function reads the
 * environment (`GRADBOOK_LOCALE`, then `LC_ALL`, `LC_MESSAGES`, `LANG`), and it is the
 * only place to point at `getLocale()` when that lands.
 *
 * Example: `checkLocale()` → "ru" when the kernel was started with `LANG=ru_RU.UTF-8`.
 */
export type CheckLocale = "ru" | "en";

export function checkLocale(): CheckLocale {
  const env = process.env;
  const setting = env.GRADBOOK_LOCALE || env.LC_ALL || env.LC_MESSAGES || env.LANG || "";
  return setting.toLowerCase().startsWith("ru") ? "ru" : "en";
}
