// Accuracy metrics (Keras 3 semantics), the per-sample functions behind them, and the
// auto-picking "accuracy" of compile({ metrics: ["accuracy"] }).
import type { Tensor } from "../../tensor/tensor.js";
import { toTensor, type TensorLike } from "../../tensor/convert.js";
import { ArgumentError, ShapeError } from "../../tensor/errors.js";
import { isFloat } from "../../tensor/dtype.js";
import { argmax, cast, equal, expandDims, greater, less, mean, oneHot, squeeze, sum } from "../../tensor/ops/index.js";
import { alignElementwise, coerce } from "../losses/base.js";
import { MeanMetricWrapper, computedInGraph, showShape, type MetricConfig } from "./base.js";
import { optionNames } from "../../tensor/options.js";
import type { Loss, Metric } from "../loss-types.js";

function asFloat(x: Tensor, like: Tensor): Tensor {
  return cast(x, isFloat(like.dtype) ? like.dtype : "float32");
}

/**
 * 1 where (ŷ > threshold) equals the label, averaged over the last axis.
 * @example binaryAccuracy(tensor([[1], [0]]), tensor([[0.7], [0.6]])).arraySync() // [1, 0]
 */
export function binaryAccuracy(yTrue: TensorLike, yPred: TensorLike, threshold = 0.5): Tensor {
  const [t0, p] = coerce(yTrue, yPred);
  const t = alignElementwise("binaryAccuracy", t0, p);
  return mean(asFloat(equal(t, asFloat(greater(p, threshold), p)), p), -1);
}

/** Integer labels of shape batchShape (or batchShape + [1]) for predictions [...batchShape, classes]. */
function sparseLabels(fn: string, yTrue: Tensor, yPred: Tensor): Tensor {
  const batchShape = yPred.shape.slice(0, -1);
  const same = (s: readonly number[]) => s.length === batchShape.length && s.every((d, i) => d === batchShape[i]);
  if (same(yTrue.shape)) return yTrue;
  if (yTrue.shape.at(-1) === 1 && same(yTrue.shape.slice(0, -1))) return squeeze(yTrue, -1);
  const oneHotLike = yTrue.rank === yPred.rank && yTrue.shape.every((d, i) => d === yPred.shape[i]);
  const [expected, predicted, given] = [showShape(batchShape), showShape(yPred.shape), showShape(yTrue.shape)];
  throw new ShapeError(
    oneHotLike
      ? `${fn} expects integer class labels of shape ${expected} for predictions of shape ${predicted}, but got one-hot labels of shape ${given}: use ${fn.replace("sparseC", "c").replace("sparseTopKC", "topKC")}, or pass labels.argmax(-1)`
      : `${fn} expects integer class labels of shape ${expected} for predictions of shape ${predicted}, but got labels of shape ${given}`,
  );
}

function checkPredictions(fn: string, yPred: Tensor): void {
  if (yPred.rank === 0) throw new ShapeError(`${fn} expects predictions with a class axis, got a scalar`);
}

/**
 * 1 where argmax(ŷ) equals the integer label (labels [batch] or [batch, 1]).
 * @example sparseCategoricalAccuracy(tensor([1, 0]), tensor([[0.2, 0.8], [0.3, 0.7]])).arraySync() // [1, 0]
 */
export function sparseCategoricalAccuracy(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const p = toTensor(yPred);
  checkPredictions("sparseCategoricalAccuracy", p);
  const t = sparseLabels("sparseCategoricalAccuracy", toTensor(yTrue), p);
  const predicted = argmax(p, -1);
  const labels = isFloat(t.dtype) ? t : cast(t, "int32");
  return asFloat(equal(labels, cast(predicted, labels.dtype)), p);
}

/**
 * 1 where argmax(ŷ) equals argmax(y) (one-hot labels).
 * @example categoricalAccuracy(tensor([[0, 1]]), tensor([[0.2, 0.8]])).arraySync() // [1]
 */
export function categoricalAccuracy(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = coerce(yTrue, yPred);
  checkPredictions("categoricalAccuracy", p);
  checkOneHotShape("categoricalAccuracy", t, p);
  return asFloat(equal(argmax(t, -1), argmax(p, -1)), p);
}

function checkOneHotShape(fn: string, t: Tensor, p: Tensor): void {
  if (t.rank === p.rank && t.shape.every((d, i) => d === p.shape[i])) return;
  const batchShape = p.shape.slice(0, -1);
  const sparse = (t.rank === batchShape.length && t.shape.every((d, i) => d === batchShape[i])) || (t.rank === p.rank && t.shape.at(-1) === 1);
  throw new ShapeError(
    sparse
      ? `${fn} expects one-hot labels of shape ${showShape(p.shape)} but got integer class labels of shape ${showShape(t.shape)}: use sparse${fn[0]!.toUpperCase()}${fn.slice(1)}, or pass oneHot(labels, ${p.shape.at(-1)})`
      : `${fn} expects one-hot labels of shape ${showShape(p.shape)} but got labels of shape ${showShape(t.shape)}`,
  );
}

function checkK(fn: string, k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new ArgumentError(`${fn}: k must be a positive integer, got ${k}`);
}

/**
 * 1 where the integer label is among the k highest predictions (ties with the k-th count as in, as
 * TensorFlow's in_top_k).
 * @example sparseTopKCategoricalAccuracy(tensor([2]), tensor([[0.5, 0.3, 0.2]]), 2).arraySync() // [0]
 */
export function sparseTopKCategoricalAccuracy(yTrue: TensorLike, yPred: TensorLike, k = 5): Tensor {
  const fn = "sparseTopKCategoricalAccuracy";
  checkK(fn, k);
  const p = toTensor(yPred);
  checkPredictions(fn, p);
  const t = sparseLabels(fn, toTensor(yTrue), p);
  const classes = p.shape.at(-1)!;
  const target = cast(oneHot(cast(t, "int32"), classes), p.dtype);
  const targetScore = sum(target.mul(p), -1, true);
  const higher = sum(cast(greater(p, targetScore), "float32"), -1);
  return asFloat(less(higher, k), p);
}

/**
 * 1 where argmax(y) is among the k highest predictions (one-hot labels).
 * @example topKCategoricalAccuracy(tensor([[0, 1, 0]]), tensor([[0.5, 0.3, 0.2]]), 2).arraySync() // [1]
 */
export function topKCategoricalAccuracy(yTrue: TensorLike, yPred: TensorLike, k = 5): Tensor {
  const [t, p] = coerce(yTrue, yPred);
  checkK("topKCategoricalAccuracy", k);
  checkPredictions("topKCategoricalAccuracy", p);
  checkOneHotShape("topKCategoricalAccuracy", t, p);
  return sparseTopKCategoricalAccuracy(argmax(t, -1), p, k);
}

/** Rank-1 predictions are one value per sample: make both [batch, 1] for the binary metrics. */
function asColumn(yTrue: Tensor, yPred: Tensor): [Tensor, Tensor] {
  if (yPred.rank !== 1) return [yTrue, yPred];
  return [yTrue.rank === 1 ? expandDims(yTrue, -1) : yTrue, expandDims(yPred, -1)];
}

export interface ThresholdConfig extends MetricConfig {
  /** Predictions above it count as 1 (default 0.5). */
  threshold?: number;
}

function checkThreshold(who: string, threshold: number): void {
  if (typeof threshold !== "number" || Number.isNaN(threshold)) throw new ArgumentError(`${who}: threshold must be a number, got ${threshold}`);
}

/** Fraction of predictions where (ŷ > threshold) equals the 0/1 label. @example new BinaryAccuracy({ threshold: 0.7 }) */
export class BinaryAccuracy extends MeanMetricWrapper {
  override readonly className = "BinaryAccuracy";
  readonly threshold: number;
  constructor(config: ThresholdConfig = {}) {
    const threshold = config.threshold ?? 0.5;
    super((t, p) => binaryAccuracy(...asColumn(t, p), threshold), config, "binary_accuracy", optionNames<ThresholdConfig>({ name: true, threshold: true }));
    checkThreshold(this.className, threshold);
    this.threshold = threshold;
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), threshold: this.threshold };
  }
}

/** Fraction of samples whose argmax matches the one-hot label's. @example new CategoricalAccuracy() */
export class CategoricalAccuracy extends MeanMetricWrapper {
  override readonly className = "CategoricalAccuracy";
  constructor(config: MetricConfig = {}) {
    super(categoricalAccuracy, config, "categorical_accuracy");
  }
}

/** Fraction of samples whose argmax equals the integer label. @example new SparseCategoricalAccuracy() */
export class SparseCategoricalAccuracy extends MeanMetricWrapper {
  override readonly className = "SparseCategoricalAccuracy";
  constructor(config: MetricConfig = {}) {
    super(sparseCategoricalAccuracy, config, "sparse_categorical_accuracy");
  }
}

export interface TopKConfig extends MetricConfig {
  /** How many of the highest predictions count (default 5). */
  k?: number;
}

const TOP_K_OPTIONS = optionNames<TopKConfig>({ name: true, k: true });

/** Fraction of samples whose one-hot label is among the k highest predictions. @example new TopKCategoricalAccuracy({ k: 3 }) */
export class TopKCategoricalAccuracy extends MeanMetricWrapper {
  override readonly className = "TopKCategoricalAccuracy";
  readonly k: number;
  constructor(config: TopKConfig = {}) {
    const k = config.k ?? 5;
    checkK("TopKCategoricalAccuracy", k);
    super((t, p) => topKCategoricalAccuracy(t, p, k), config, "top_k_categorical_accuracy", TOP_K_OPTIONS);
    this.k = k;
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), k: this.k };
  }
}

/** Fraction of samples whose integer label is among the k highest predictions. @example new SparseTopKCategoricalAccuracy({ k: 3 }) */
export class SparseTopKCategoricalAccuracy extends MeanMetricWrapper {
  override readonly className = "SparseTopKCategoricalAccuracy";
  readonly k: number;
  constructor(config: TopKConfig = {}) {
    const k = config.k ?? 5;
    checkK("SparseTopKCategoricalAccuracy", k);
    super((t, p) => sparseTopKCategoricalAccuracy(t, p, k), config, "sparse_top_k_categorical_accuracy", TOP_K_OPTIONS);
    this.k = k;
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), k: this.k };
  }
}

/** Which accuracy "accuracy" stands for. */
export type AccuracyKind = "binary" | "categorical" | "sparseCategorical";

/** What getMetric knows about the model when resolving "accuracy" and "loss". */
export interface MetricContext {
  /** The compiled loss's name or class name ("sparse_categorical_crossentropy", "BinaryCrossentropy"…). */
  lossName?: string;
  /** The model output's shape (null for unknown dimensions, e.g. the batch). */
  outputShape?: readonly (number | null)[];
  /** The compiled loss itself (for the "loss" entry; else it is looked up from lossName). */
  loss?: Loss;
}

const normalise = (name: string) => name.replace(/[_\s-]/g, "").toLowerCase();

function lossKind(context: MetricContext): "binary" | "sparse" | undefined {
  const name = normalise(context.lossName ?? context.loss?.className ?? "");
  if (name === "binarycrossentropy" || name === "bce") return "binary";
  if (name === "sparsecategoricalcrossentropy") return "sparse";
  return undefined;
}

/**
 * Keras's choice for "accuracy": binary (ŷ > threshold) for one output unit or a binary
 * cross-entropy loss; sparse categorical when the labels have one axis fewer than the predictions,
 * a last axis of 1 against several classes, or the loss is sparse categorical cross-entropy;
 * categorical (argmax) otherwise.
 * @example pickAccuracy([32], [32, 10]) // "sparseCategorical"
 */
export function pickAccuracy(labelShape: readonly number[], predictionShape: readonly number[], context: MetricContext = {}): AccuracyKind {
  const last = predictionShape.at(-1);
  const kind = lossKind(context);
  if (predictionShape.length <= 1 || last === 1 || kind === "binary") return "binary";
  if (kind === "sparse" || labelShape.length < predictionShape.length || (labelShape.at(-1) === 1 && last! > 1)) return "sparseCategorical";
  return "categorical";
}

export interface AccuracyConfig extends ThresholdConfig {
  /** Fix the kind instead of picking it from the shapes and the loss. */
  kind?: AccuracyKind;
}

/**
 * "accuracy": binary, sparse categorical or categorical accuracy, picked from the label and
 * prediction shapes (and the loss) as Keras does. (Keras's own Accuracy class, exact equality,
 * is not this.)
 * @example getMetric("accuracy", { lossName: "sparseCategoricalCrossentropy", outputShape: [null, 10] })
 */
export class Accuracy extends MeanMetricWrapper {
  override readonly className = "Accuracy";
  readonly threshold: number;
  private picked: AccuracyKind | undefined;

  constructor(
    readonly config: AccuracyConfig = {},
    readonly context: MetricContext = {},
  ) {
    // values() below picks the per-sample function for each batch (categorical is the fallback).
    super(categoricalAccuracy, config, "accuracy", optionNames<AccuracyConfig>({ name: true, threshold: true, kind: true }));
    this.threshold = config.threshold ?? 0.5;
    checkThreshold(this.className, this.threshold);
    if (config.kind !== undefined && !["binary", "categorical", "sparseCategorical"].includes(config.kind)) {
      throw new ArgumentError(`Accuracy: kind must be "binary", "categorical" or "sparseCategorical", got ${JSON.stringify(config.kind)}`);
    }
    const shape = context.outputShape;
    const kind = lossKind(context);
    if (shape && (shape.length <= 1 || shape.at(-1) === 1)) this.picked = "binary";
    else if (kind === "binary") this.picked = "binary";
    else if (kind === "sparse") this.picked = "sparseCategorical";
  }

  /** The accuracy in use: fixed, known from the context, or picked at the last update (else undefined). */
  get kind(): AccuracyKind | undefined {
    return this.config.kind ?? this.picked;
  }

  /** Per-sample accuracy for one batch. */
  protected override values(yTrue: Tensor, yPred: Tensor): Tensor {
    const kind = this.config.kind ?? pickAccuracy(yTrue.shape, yPred.shape, this.context);
    this.picked = kind;
    if (kind === "binary") return binaryAccuracy(...asColumn(yTrue, yPred), this.threshold);
    if (kind === "sparseCategorical") return sparseCategoricalAccuracy(yTrue, yPred);
    return categoricalAccuracy(yTrue, yPred);
  }

  override getConfig(): Record<string, unknown> {
    return { name: this.name, threshold: this.threshold, ...(this.config.kind ? { kind: this.config.kind } : {}) };
  }
}

// Every accuracy is argmax, comparisons and casts: a compiled training step computes it in its graph.
for (const metricClass of [BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy, TopKCategoricalAccuracy, SparseTopKCategoricalAccuracy, Accuracy]) computedInGraph(metricClass);
