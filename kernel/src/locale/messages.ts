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
  epochLine: "{epoch} - {seconds}s - {logs}",
  fitInterrupted: "{where}: interrupted after batch {batch} of epoch {epoch}; the model keeps the weights of that batch and is ready to use",
  terminateOnNaN: "Batch {batch}: invalid loss ({loss}), terminating training",
  earlyStopping: "Epoch {epoch}: early stopping",
  earlyStoppingRestoring: "Restoring model weights from the end of the best epoch: {epoch}.",
  earlyStoppingNoMonitor: 'EarlyStopping: "{monitor}" is not in the logs (available: {available}); nothing is monitored',
  checkpointNoMonitor: 'ModelCheckpoint: "{monitor}" is not in the logs; cannot save the best model (available: {available})',
  checkpointFirst: "Epoch {epoch}: {monitor} improved from none to {current}, saving model to {path}",
  checkpointImproved: "Epoch {epoch}: {monitor} improved from {best} to {current}, saving model to {path}",
  checkpointSaving: "Epoch {epoch}: saving model to {path}",
  schedulerSetting: "Epoch {epoch}: LearningRateScheduler setting learning rate to {lr}.",
  plateauReducing: "Epoch {epoch}: ReduceLROnPlateau reducing learning rate to {lr}.",
  plateauNoMonitor: 'ReduceLROnPlateau: "{monitor}" is not in the logs (available: {available}); the learning rate is left alone',
  webgpuOn: "webgpu backend on {adapter}",
  webgpuOnSubgroups: "webgpu backend on {adapter} (subgroups)",
  webgpuFellBack: "webgpu: {reason}; new tensors are computed on the {backend} backend from now on",
  webgpuUnavailable: "webgpu: {reason}; using the {backend} backend",
  backendSettingUnknown: "GRADBOOK_BACKEND={value} is not a backend setting (valid: {valid}); using the {backend} backend",
  outputTruncated: "[gradbook: output truncated: {characters} more characters were not shown; the limit is {limit} characters per cell]",
  outputTruncatedLines: "[gradbook: output truncated: {characters} more characters ({lines} lines) were not shown; the limit is {limit} characters per cell]",
  reprOptimizer: "{config}, {steps} steps taken",
  reprOptimizerOne: "{config}, 1 step taken",
  reprVariable: 'Variable "{name}"',
  reprVariableFrozen: 'Variable "{name}" (not trainable)',
  reprLayer: '{className} "{name}": output {shape}, {params} parameters',
  reprLayerUnbuilt: '{className} "{name}" (not built yet)',
  reprModelUnbuilt: '{className} "{name}" with {layers} layer(s), not built yet: give the first layer an inputShape or call the model on data',
  reprHistory: "History: {epochs} epochs{series}; the values are in .history",
  reprHistoryOne: "History: 1 epoch{series}; the values are in .history",
  reprDatasetUnknown: "Dataset (size unknown)",
  reprDatasetEndless: "Dataset (endless)",
  reprDataset: "Dataset ({size} elements per pass)",
  reprDatasetOne: "Dataset (1 element per pass)",
};

export type MessageKey = keyof typeof en;

const ru: Record<MessageKey, string> = {
  tensor: "Тензор",
  epoch: "Эпоха {epoch}/{epochs}",
  step: "шаг",
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
  epochLine: "{epoch} - {seconds} с - {logs}",
  fitInterrupted: "{where}: прервано после пакета {batch} эпохи {epoch}; у модели остаются веса после этого пакета, и она готова к использованию",
  terminateOnNaN: "Пакет {batch}: недопустимое значение функции потерь ({loss}), обучение прекращается",
  earlyStopping: "Эпоха {epoch}: ранняя остановка",
  earlyStoppingRestoring: "Восстанавливаются веса модели на конец лучшей эпохи: {epoch}.",
  earlyStoppingNoMonitor: "EarlyStopping: \"{monitor}\" нет в логах (есть: {available}); ничего не отслеживается",
  checkpointNoMonitor: "ModelCheckpoint: \"{monitor}\" нет в логах; сохранить лучшую модель нельзя (есть: {available})",
  checkpointFirst: "Эпоха {epoch}: первое значение {monitor} — {current}, модель сохраняется в {path}",
  checkpointImproved: "Эпоха {epoch}: {monitor} улучшилось с {best} до {current}, модель сохраняется в {path}",
  checkpointSaving: "Эпоха {epoch}: модель сохраняется в {path}",
  schedulerSetting: "Эпоха {epoch}: LearningRateScheduler устанавливает скорость обучения {lr}.",
  plateauReducing: "Эпоха {epoch}: ReduceLROnPlateau снижает скорость обучения до {lr}.",
  plateauNoMonitor: "ReduceLROnPlateau: \"{monitor}\" нет в логах (есть: {available}); скорость обучения не меняется",
  webgpuOn: "бэкенд webgpu на {adapter}",
  webgpuOnSubgroups: "бэкенд webgpu на {adapter} (subgroups)",
  webgpuFellBack: "webgpu: {reason}; новые тензоры с этого момента вычисляются на бэкенде {backend}",
  webgpuUnavailable: "webgpu: {reason}; используется бэкенд {backend}",
  backendSettingUnknown: "GRADBOOK_BACKEND={value} — не настройка бэкенда (допустимые: {valid}); используется бэкенд {backend}",
  outputTruncated: "[gradbook: вывод обрезан: не показано символов: {characters}; предел символов на ячейку: {limit}]",
  outputTruncatedLines: "[gradbook: вывод обрезан: не показано символов: {characters} (строк: {lines}); предел символов на ячейку: {limit}]",
  reprOptimizer: "{config}, сделано шагов: {steps}",
  reprOptimizerOne: "{config}, сделан 1 шаг",
  reprVariable: 'Переменная "{name}"',
  reprVariableFrozen: 'Переменная "{name}" (не обучается)',
  reprLayer: '{className} "{name}": выход {shape}, параметров: {params}',
  reprLayerUnbuilt: '{className} "{name}" (ещё не построен)',
  reprModelUnbuilt: '{className} "{name}", слоёв: {layers}, ещё не построена: задайте первому слою inputShape или вызовите модель на данных',
  reprHistory: "History: эпох: {epochs}{series}; значения — в .history",
  reprHistoryOne: "History: 1 эпоха{series}; значения — в .history",
  reprDatasetUnknown: "Dataset (размер неизвестен)",
  reprDatasetEndless: "Dataset (бесконечный)",
  reprDataset: "Dataset (элементов за проход: {size})",
  reprDatasetOne: "Dataset (1 элемент за проход)",
};

const catalogue: Record<Locale, Record<MessageKey, string>> = { en, ru };

/**
 * A message in the current locale (or `locale`), its `{name}` placeholders filled.
 * @example message("epoch", { epoch: 3, epochs: 10 }) // "Epoch 3/10", or "Эпоха 3/10" after setLocale("ru")
 */
export function message(key: MessageKey, values: Record<string, string | number> = {}, locale: Locale = getLocale()): string {
  return catalogue[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
