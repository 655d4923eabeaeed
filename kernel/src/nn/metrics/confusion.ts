// Metrics from confusion counts (Keras 3 semantics): precision, recall and ROC AUC. Every
// element of the labels is one binary decision; weights are per sample.
import type { TensorLike } from "../../tensor/convert.js";
import { ArgumentError } from "../../tensor/errors.js";
import { tidy } from "../../tensor/scope.js";
import { expandDims } from "../../tensor/ops/index.js";
import { alignElementwise, coerce } from "../losses/base.js";
import { elementWeights, values64, type MetricConfig } from "./base.js";
import { checkOptions, optionNames } from "../../tensor/options.js";
import type { Metric } from "../loss-types.js";

/** Labels (as 0/1: nonzero is positive), predictions and per-element weights of one batch. */
function decisions(who: string, yTrue: TensorLike, yPred: TensorLike, sampleWeight: TensorLike | undefined): { labels: Float64Array; scores: Float64Array; weight: (i: number) => number } {
  const [labels, scores, shape] = tidy(() => {
    const [t0, p0] = coerce(yTrue, yPred);
    const p = p0.rank === 1 ? expandDims(p0, -1) : p0;
    const t = alignElementwise(who, t0.rank === 1 && p0.rank === 1 ? expandDims(t0, -1) : t0, p);
    return [values64(t), values64(p), [...p.shape]] as [Float64Array, Float64Array, number[]];
  });
  return { labels, scores, weight: elementWeights(who, sampleWeight, shape) };
}

export interface PrecisionRecallConfig extends MetricConfig {
  /** Predictions above it count as positive (default 0.5). */
  thresholds?: number;
}

/** Shared state of Precision and Recall: weighted true positives, false positives, false negatives. */
abstract class ConfusionMetric implements Metric {
  abstract readonly className: string;
  readonly name: string;
  readonly thresholds: number;
  truePositives = 0;
  falsePositives = 0;
  falseNegatives = 0;

  constructor(config: PrecisionRecallConfig, defaultName: string) {
    checkOptions(new.target.name, config, optionNames<PrecisionRecallConfig>({ name: true, thresholds: true }));
    this.name = config.name ?? defaultName;
    this.thresholds = config.thresholds ?? 0.5;
    if (typeof this.thresholds !== "number" || Number.isNaN(this.thresholds)) {
      throw new ArgumentError(`${defaultName}: thresholds must be a number, got ${JSON.stringify(config.thresholds)}`);
    }
  }

  update(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike): void {
    const { labels, scores, weight } = decisions(this.name, yTrue, yPred, sampleWeight);
    for (let i = 0; i < scores.length; i++) {
      const predicted = scores[i]! > this.thresholds;
      const actual = labels[i]! !== 0;
      if (predicted && actual) this.truePositives += weight(i);
      else if (predicted) this.falsePositives += weight(i);
      else if (actual) this.falseNegatives += weight(i);
    }
  }

  reset(): void {
    this.truePositives = 0;
    this.falsePositives = 0;
    this.falseNegatives = 0;
  }

  abstract result(): number;

  getConfig(): Record<string, unknown> {
    return { name: this.name, thresholds: this.thresholds };
  }
}

/** 0/0 is 0, as Keras's divide_no_nan. */
const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

/**
 * TP / (TP + FP): of the predicted positives (ŷ > 0.5), the fraction that are positive; 0 when none.
 * @example const m = new Precision(); m.update(tensor([1, 0]), tensor([0.9, 0.8])); m.result() // 0.5
 */
export class Precision extends ConfusionMetric {
  readonly className = "Precision";
  constructor(config: PrecisionRecallConfig = {}) {
    super(config, "precision");
  }
  result(): number {
    return ratio(this.truePositives, this.truePositives + this.falsePositives);
  }
}

/**
 * TP / (TP + FN): of the positives, the fraction predicted positive (ŷ > 0.5); 0 when none.
 * @example const m = new Recall(); m.update(tensor([1, 1]), tensor([0.9, 0.2])); m.result() // 0.5
 */
export class Recall extends ConfusionMetric {
  readonly className = "Recall";
  constructor(config: PrecisionRecallConfig = {}) {
    super(config, "recall");
  }
  result(): number {
    return ratio(this.truePositives, this.truePositives + this.falseNegatives);
  }
}

export interface AUCConfig extends MetricConfig {
  /** Number of thresholds (default 200): −ε, 1/(n−1), …, (n−2)/(n−1), 1 + ε. */
  numThresholds?: number;
  /** Only "ROC" is implemented. */
  curve?: "ROC";
  /** Predictions are logits (a sigmoid is applied first); default false. */
  fromLogits?: boolean;
}

/**
 * Keras's AUC thresholds: evenly spaced inside (0, 1), plus −ε and 1 + ε so 0 and 1 are covered.
 * @example aucThresholds(3) // [−1e-7, 0.5, 1 + 1e-7]
 */
export function aucThresholds(numThresholds: number): number[] {
  const inner = Array.from({ length: numThresholds - 2 }, (_, i) => (i + 1) / (numThresholds - 1));
  return [-1e-7, ...inner, 1 + 1e-7];
}

/**
 * Area under the ROC curve, from confusion counts at fixed thresholds (prediction > threshold is
 * positive) summed by the trapezoid rule over (false positive rate, recall) points, as Keras does.
 * @example const m = new AUC(); m.update(tensor([0, 1]), tensor([0.2, 0.8])); m.result() // 1
 */
export class AUC implements Metric {
  readonly className = "AUC";
  readonly name: string;
  readonly numThresholds: number;
  readonly fromLogits: boolean;
  readonly thresholds: readonly number[];
  /** Weight of positives / negatives whose prediction exceeds exactly `m` thresholds, at index m. */
  private positives: Float64Array;
  private negatives: Float64Array;

  constructor(config: AUCConfig = {}) {
    checkOptions("AUC", config, optionNames<AUCConfig>({ name: true, numThresholds: true, curve: true, fromLogits: true }));
    this.name = config.name ?? "auc";
    this.numThresholds = config.numThresholds ?? 200;
    this.fromLogits = config.fromLogits ?? false;
    if (!Number.isInteger(this.numThresholds) || this.numThresholds < 2) throw new ArgumentError(`AUC: numThresholds must be an integer ≥ 2, got ${config.numThresholds}`);
    if ((config.curve ?? "ROC") !== "ROC") throw new ArgumentError(`AUC: curve ${JSON.stringify(config.curve)} is not supported; only "ROC" is`);
    this.thresholds = aucThresholds(this.numThresholds);
    this.positives = new Float64Array(this.numThresholds + 1);
    this.negatives = new Float64Array(this.numThresholds + 1);
  }

  /** How many thresholds lie strictly below a score (binary search over the sorted thresholds). */
  private exceeded(score: number): number {
    let lo = 0;
    let hi = this.thresholds.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.thresholds[mid]! < score) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  update(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike): void {
    const { labels, scores, weight } = decisions(this.name, yTrue, yPred, sampleWeight);
    for (let i = 0; i < scores.length; i++) {
      const s = this.fromLogits ? 1 / (1 + Math.exp(-scores[i]!)) : scores[i]!;
      if (Number.isNaN(s)) continue;
      (labels[i]! !== 0 ? this.positives : this.negatives)[this.exceeded(s)]! += weight(i);
    }
  }

  /** Weighted confusion counts at each threshold. */
  confusion(): { truePositives: number[]; falsePositives: number[]; trueNegatives: number[]; falseNegatives: number[] } {
    const n = this.numThresholds;
    const tp = new Array<number>(n).fill(0);
    const fp = new Array<number>(n).fill(0);
    // A score exceeding m thresholds is positive at thresholds 0 … m − 1.
    let pos = 0;
    let neg = 0;
    for (let i = n - 1; i >= 0; i--) {
      pos += this.positives[i + 1]!;
      neg += this.negatives[i + 1]!;
      tp[i] = pos;
      fp[i] = neg;
    }
    const totalPos = this.positives.reduce((a, b) => a + b, 0);
    const totalNeg = this.negatives.reduce((a, b) => a + b, 0);
    return { truePositives: tp, falsePositives: fp, trueNegatives: fp.map((f) => totalNeg - f), falseNegatives: tp.map((t) => totalPos - t) };
  }

  result(): number {
    const { truePositives: tp, falsePositives: fp, trueNegatives: tn, falseNegatives: fn } = this.confusion();
    const recall = tp.map((t, i) => ratio(t, t + fn[i]!));
    const fpRate = fp.map((f, i) => ratio(f, f + tn[i]!));
    let area = 0;
    for (let i = 0; i < this.numThresholds - 1; i++) area += (fpRate[i]! - fpRate[i + 1]!) * ((recall[i]! + recall[i + 1]!) / 2);
    return area;
  }

  reset(): void {
    this.positives.fill(0);
    this.negatives.fill(0);
  }

  getConfig(): Record<string, unknown> {
    return { name: this.name, numThresholds: this.numThresholds, curve: "ROC", fromLogits: this.fromLogits };
  }
}

