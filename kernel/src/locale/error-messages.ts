/**
 * The library's most common errors in Russian. Errors are written in English where they
 * are thrown (each names the op and the values); GradbookError passes every message
 * through `localizeError`, which rewrites the ones this catalogue knows into the current
 * locale, so no throwing site has to change. An unknown message stays English.
 */
import { getLocale } from "./locale.js";

interface Translation {
  /** Matches the whole English message (its location suffix is added later). */
  english: RegExp;
  /** The Russian message from the match's groups. */
  ru: (groups: string[]) => string;
}

const translations: Translation[] = [
  { english: /^(.+?): inner dimensions differ: a is (\[[^\]]*\]), b is (\[[^\]]*\])(.*)$/s, ru: ([op, a, b, rest]) => `${op}: внутренние размерности не совпадают: a имеет форму ${a}, b — ${b}${rest}` },
  { english: /^(.+?): shapes (\[[^\]]*\]) and (\[[^\]]*\]) cannot be broadcast together \(axis (\d+): (\d+) vs (\d+)\)$/s, ru: ([op, a, b, axis, da, db]) => `${op}: формы ${a} и ${b} нельзя согласовать (broadcast) (ось ${axis}: ${da} против ${db})` },
  { english: /^(.+?): shapes cannot be broadcast together: (.+) \(axis (\d+)\)$/s, ru: ([op, listed, axis]) => `${op}: формы нельзя согласовать (broadcast): ${listed} (ось ${axis})` },
  { english: /^(.+?): batch dimensions (\[[^\]]*\]) and (\[[^\]]*\]) cannot be broadcast together: a is (\[[^\]]*\]), b is (\[[^\]]*\])$/s, ru: ([op, a, b, sa, sb]) => `${op}: пакетные размерности ${a} и ${b} нельзя согласовать: a имеет форму ${sa}, b — ${sb}` },
  { english: /^(.+?): (.+?) must be a finite number, got (.+)$/s, ru: ([op, name, value]) => `${op}: ${name} должно быть конечным числом, получено ${value}` },
  { english: /^(.+?): (.+?) must have rank (\d+) (\[[^\]]*\]), got shape (\[[^\]]*\])$/s, ru: ([op, what, rank, axes, shape]) => `${op}: ${what} должен иметь ранг ${rank} ${axes}, получена форма ${shape}` },
  { english: /^(.+?) expects predictions with a class axis, got a scalar$/s, ru: ([fn]) => `${fn}: нужны предсказания с осью классов, получен скаляр` },
  { english: /^(.+?): expected inputs with a batch axis, got a scalar$/s, ru: ([layer]) => `${layer}: нужны входы с осью пакета (batch), получен скаляр` },
  { english: /^(.+?): x has (\d+) samples but (.+?) has (\d+)(.*); they must have one row per sample$/s, ru: ([where, n, name, rows, shape]) => `${where}: в x ${n} примеров, а в ${name} ${rows}${shape}; нужно по одной строке на пример` },
];

/**
 * `message` in the current locale when the catalogue knows it, else unchanged.
 * @example setLocale("ru"); localizeError("matmul: inner dimensions differ: a is [1, 3], b is [1, 2]") // "matmul: внутренние размерности не совпадают: …"
 */
export function localizeError(message: string): string {
  if (getLocale() === "en") return message;
  for (const { english, ru } of translations) {
    const match = english.exec(message);
    if (match) return ru(match.slice(1));
  }
  return message;
}
