/**
 * UI strings in English and Russian. Each view keeps one small table of its own:
 * `const strings = defineStrings({ en: {...}, ru: {...} })`, with the Russian table
 * required to have the same keys as the English one (the compiler checks it).
 */
import type { Locale } from "gradbook/payloads";
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";

export type { Locale };

export type StringTable<Keys extends string> = Record<Keys, string>;

/** A view's strings for both locales. */
export type Strings<Keys extends string> = { en: StringTable<Keys>; ru: StringTable<Keys> };

/**
 * Declares a view's strings; the Russian table must name exactly the English keys.
 * @example const strings = defineStrings({ en: { best: "best" }, ru: { best: "лучшее" } });
 */
export function defineStrings<Keys extends string>(tables: { en: StringTable<Keys>; ru: StringTable<NoInfer<Keys>> }): Strings<Keys> {
  return tables;
}

/**
 * The locale a view speaks: the payload's `locale` when it names one we have, else
 * JupyterLab's display language (from its translator), else English.
 * @example pickLocale("ru", undefined) // "ru"
 */
export function pickLocale(payloadLocale: unknown, translator?: IRenderMime.ITranslator): Locale {
  if (payloadLocale === "en" || payloadLocale === "ru") return payloadLocale;
  const code = translator?.languageCode ?? "";
  return /^ru([-_]|$)/i.test(code) ? "ru" : "en";
}

/**
 * Fills `{name}` placeholders from `values` (values are text, never markup).
 * @example format("best {value} at epoch {epoch}", { value: 0.1, epoch: 3 }) // "best 0.1 at epoch 3"
 */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** The shared strings of the machinery itself (error box, export buttons). */
export const commonStrings = defineStrings({
  en: {
    errorTitle: "gradbook cannot show this view",
    renderFailed: "drawing the {kind} view failed: {message}",
    loading: "Loading the chart library…",
    exportPng: "PNG",
    exportSvg: "SVG",
    exportCsv: "CSV",
    exportTitle: "Download as {format}",
  },
  ru: {
    errorTitle: "gradbook не может показать это представление",
    renderFailed: "не удалось нарисовать представление {kind}: {message}",
    loading: "Загружается библиотека графиков…",
    exportPng: "PNG",
    exportSvg: "SVG",
    exportCsv: "CSV",
    exportTitle: "Скачать в формате {format}",
  },
});
