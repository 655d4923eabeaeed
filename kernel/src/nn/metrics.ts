// Metrics (Keras 3 semantics): streaming reset/update/result objects, per-sample functions for
// notebooks, and the name → metric registry behind compile({ metrics }). Implementations live in
// ./metrics/.
import type { Tensor } from "../tensor/tensor.js";
import { ArgumentError } from "../tensor/errors.js";
import { ConfigRegistry, type SerializedObject } from "./config-registry.js";
import type { Metric } from "./loss-types.js";
import { getLoss, lossRegistry } from "./losses.js";
import { LossMean, MeanMetricWrapper } from "./metrics/base.js";
import { Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy, SparseTopKCategoricalAccuracy, TopKCategoricalAccuracy, type MetricContext } from "./metrics/accuracy.js";
import { AUC, Precision, Recall } from "./metrics/confusion.js";
import { MeanAbsoluteError, MeanSquaredError } from "./metrics/regression.js";

export { Mean, MeanMetricWrapper, LossMean, type MetricConfig } from "./metrics/base.js";
export * from "./metrics/accuracy.js";
export * from "./metrics/confusion.js";
export * from "./metrics/regression.js";
export type { Metric } from "./loss-types.js";

/** Every built-in metric by class name and Keras name (any case, _ or not). */
export const metricRegistry = new ConfigRegistry<Metric>("metric");
metricRegistry.register(["Accuracy", "acc"], (c) => new Accuracy(c));
metricRegistry.register(["BinaryAccuracy"], (c) => new BinaryAccuracy(c));
metricRegistry.register(["CategoricalAccuracy"], (c) => new CategoricalAccuracy(c));
metricRegistry.register(["SparseCategoricalAccuracy"], (c) => new SparseCategoricalAccuracy(c));
metricRegistry.register(["TopKCategoricalAccuracy"], (c) => new TopKCategoricalAccuracy(c));
metricRegistry.register(["SparseTopKCategoricalAccuracy"], (c) => new SparseTopKCategoricalAccuracy(c));
metricRegistry.register(["Precision"], (c) => new Precision(c));
metricRegistry.register(["Recall"], (c) => new Recall(c));
metricRegistry.register(["AUC"], (c) => new AUC(c));
metricRegistry.register(["MeanSquaredError", "mse"], (c) => new MeanSquaredError(c));
metricRegistry.register(["MeanAbsoluteError", "mae"], (c) => new MeanAbsoluteError(c));

/** What getMetric accepts: a name, a serialised `{ className, config }`, a Metric, or a per-sample function. */
export type MetricSpec = string | Metric | SerializedObject | ((yTrue: Tensor, yPred: Tensor) => Tensor);

const normalise = (name: string) => name.replace(/[_\s-]/g, "").toLowerCase();

/**
 * Resolves one entry of compile's `metrics`. "accuracy"/"acc" is picked from the shapes and the
 * loss (see pickAccuracy); "loss" is the batch-size-weighted mean of the loss; other names are
 * metric classes ("precision", "auc", "mse", "sparse_top_k_categorical_accuracy"…) or, as in Keras,
 * loss names (their mean). A name given as a string is the metric's key in the logs, as in Keras 3.
 * A function (yTrue, yPred) → per-sample values becomes their weighted mean.
 * @example getMetric("accuracy", { lossName: "sparseCategoricalCrossentropy", outputShape: [null, 10] }).name // "accuracy"
 */
export function getMetric(spec: MetricSpec, context: MetricContext = {}): Metric {
  if (typeof spec === "function") return new MeanMetricWrapper(spec);
  if (spec === undefined || spec === null) throw new ArgumentError(`getMetric: no metric given; use a name such as "accuracy", a Metric object or a function`);
  if (typeof spec === "object" && "className" in spec && !("getConfig" in spec) && normalise(spec.className) === "accuracy") {
    return new Accuracy(spec.config ?? {}, context);
  }
  if (typeof spec !== "string") return metricRegistry.get(spec);
  const key = normalise(spec);
  if (key === "accuracy" || key === "acc") return new Accuracy({ name: spec }, context);
  if (key === "loss") {
    const loss = context.loss ?? (context.lossName !== undefined ? getLoss(context.lossName) : undefined);
    if (!loss) throw new ArgumentError(`getMetric: the "loss" metric needs the loss: pass { lossName } or { loss } in the context`);
    return new LossMean(loss);
  }
  if (metricRegistry.has(key)) return metricRegistry.get({ className: spec, config: { name: spec } });
  if (lossRegistry.has(key)) {
    const loss = getLoss(spec);
    return new MeanMetricWrapper((t, p) => loss.perSample(t, p), { name: spec });
  }
  throw new ArgumentError(`unknown metric "${spec}"; known: ${[...new Set(["accuracy", "loss", ...metricRegistry.names()])].join(", ")}, or a loss name (${lossRegistry.names().join(", ")})`);
}
