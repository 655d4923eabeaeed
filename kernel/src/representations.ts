// Short representations of the library's objects, so a cell ending in `await model.fit(...)`
// shows one line (not a dump of the History, its model and every weight) and a model shows
// its summary. One place for all of them: the classes stay free of display code.
import { configText, represent } from "./jupyter/display/represent.js";
import { escapeHtml } from "./jupyter/display/html.js";
import { tensorToHTML } from "./tensor/format.js";
import { Variable } from "./tensor/variable.js";
import { Layer } from "./nn/layer.js";
import { Model } from "./nn/model.js";
import { formatShape, modelSummary } from "./nn/summary.js";
import { SymbolicTensor } from "./nn/symbolic.js";
import { LossBase } from "./nn/losses/base.js";
import { LossMean, Mean, MeanMetricWrapper } from "./nn/metrics/base.js";
import { AUC, Precision, Recall } from "./nn/metrics/confusion.js";
import { Constant, Identity, Orthogonal, RandomNormal, RandomUniform, VarianceScaling } from "./nn/initializers.js";
import { L1L2 } from "./nn/regularizers.js";
import { MaxNorm, NonNeg } from "./nn/constraints.js";
import { Optimizer } from "./optim/optimizer.js";
import { LearningRateSchedule } from "./optim/schedules.js";
import { Callback } from "./train/callbacks/callback.js";
import { History } from "./train/callbacks/history.js";
import { Dataset } from "./data/dataset.js";
import { message } from "./locale/messages.js";

/** Objects that round-trip through a config show as `ClassName(key: value, …)`. */
interface Configured {
  readonly className: string;
  getConfig(): Record<string, unknown>;
}
const configured: { readonly prototype: Configured }[] = [
  LossBase, Mean, MeanMetricWrapper, LossMean, Precision, Recall, AUC,
  Constant, RandomNormal, RandomUniform, VarianceScaling, Orthogonal, Identity, L1L2, MaxNorm, NonNeg, LearningRateSchedule,
];
for (const cls of configured) represent(cls, (object) => configText(object.className, object.getConfig()));

represent(Optimizer, (optimizer) => {
  const config = configText(optimizer.className, optimizer.getConfig());
  return message(optimizer.iterations === 1 ? "reprOptimizerOne" : "reprOptimizer", { config, steps: optimizer.iterations });
});

represent(Variable, (v) => {
  const table = tensorToHTML(v.value);
  const head = message(v.trainable ? "reprVariable" : "reprVariableFrozen", { name: v.name });
  return { text: v.toString(), ...(table ? { html: `<div>${escapeHtml(head)}</div>${table}` } : {}) };
});

represent(SymbolicTensor, (t) => t.toString());

represent(Layer, (layer) => {
  const { className, name } = layer;
  if (!layer.built) return message("reprLayerUnbuilt", { className, name });
  return message("reprLayer", { className, name, shape: formatShape(layer.outputShape), params: layer.countParams().toLocaleString("en") });
});

represent(Model, (model) => {
  if (!model.built) return message("reprModelUnbuilt", { className: model.className, name: model.name, layers: model.layers.length });
  const summary = modelSummary(model, { print: false });
  return { text: summary.text, html: summary.html };
});

// Callbacks hold their model (and so every weight): show their settings, the plain values only.
const plain = (value: unknown): boolean => ["number", "string", "boolean"].includes(typeof value) || (Array.isArray(value) && value.every(plain));
represent(Callback, (callback) => {
  const settings = Object.entries(callback).filter(([key, value]) => !["model", "params", "callbacks", "needsEagerSteps"].includes(key) && plain(value));
  return configText(callback.constructor.name, Object.fromEntries(settings));
});

const fourDigits = (value: number | undefined): string => (value === undefined || !Number.isFinite(value) ? String(value) : Number(value.toPrecision(4)).toString());
represent(History, (history) => {
  const epochs = history.epoch.length;
  const series = Object.entries(history.history).map(([key, values]) => `${key} ${fourDigits(values[0])} → ${fourDigits(values.at(-1))}`);
  return message(epochs === 1 ? "reprHistoryOne" : "reprHistory", { epochs, series: series.length ? ` (${series.join(", ")})` : "" });
});

represent(Dataset, (dataset) => {
  const { size } = dataset;
  if (size === undefined) return message("reprDatasetUnknown");
  if (size === Number.POSITIVE_INFINITY) return message("reprDatasetEndless");
  return message(size === 1 ? "reprDatasetOne" : "reprDataset", { size });
});
