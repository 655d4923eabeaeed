/**
 * The catalogue of the library's own words in each language: one table per locale, the
 * Russian one required (by the compiler) to have exactly the English keys. `{name}`
 * placeholders are filled by `message`.
 */
import { getLocale, type Locale } from "./locale.js";

const en = {
  tensor: "Tensor",
  epoch: "Epoch {epoch}/{epochs}",
  step: "step",
  interrupted: "interrupted",
  summaryModel: 'Model: "{name}"',
  summaryLayer: "Layer (type)",
  summaryOutputShape: "Output Shape",
  summaryParams: "Param #",
  summaryConnectedTo: "Connected to",
  summaryUnbuilt: "0 (unbuilt)",
  summaryTotal: "Total params",
  summaryTrainable: "Trainable params",
  summaryNonTrainable: "Non-trainable params",
  summaryOptimizer: "Optimizer params",
  learningRatePerStep: "{schedule}: learning rate per step",
  learningRate: "learning rate",
  scheduleOver: "{schedule} over {steps} steps: {first} → {last}",
};

export type MessageKey = keyof typeof en;

const ru: Record<MessageKey, string> = {
  tensor: "Тензор",
  epoch: "Эпоха {epoch}/{epochs}",
  step: "шаг",
  interrupted: "прервано",
  summaryModel: "Модель: «{name}»",
  summaryLayer: "Слой (тип)",
  summaryOutputShape: "Форма выхода",
  summaryParams: "Параметров",
  summaryConnectedTo: "Связан с",
  summaryUnbuilt: "0 (не построен)",
  summaryTotal: "Всего параметров",
  summaryTrainable: "Обучаемых параметров",
  summaryNonTrainable: "Необучаемых параметров",
  summaryOptimizer: "Параметров оптимизатора",
  learningRatePerStep: "{schedule}: скорость обучения по шагам",
  learningRate: "скорость обучения",
  scheduleOver: "{schedule} за {steps} шагов: {first} → {last}",
};

const catalogue: Record<Locale, Record<MessageKey, string>> = { en, ru };

/**
 * A message in the current locale (or `locale`), its `{name}` placeholders filled.
 * @example message("epoch", { epoch: 3, epochs: 10 }) // "Epoch 3/10", or "Эпоха 3/10" after setLocale("ru")
 */
export function message(key: MessageKey, values: Record<string, string | number> = {}, locale: Locale = getLocale()): string {
  return catalogue[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
