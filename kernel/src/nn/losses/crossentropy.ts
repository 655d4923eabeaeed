// Cross-entropies (Keras 3 formulas): binary, categorical and sparse categorical, each from
// probabilities (clipped to [ε, 1 − ε]) or from logits (the numerically stable forms).
import type { Tensor } from "../../tensor/tensor.js";
import { toTensor, type TensorLike } from "../../tensor/convert.js";
import { ArgumentError, ShapeError } from "../../tensor/errors.js";
import { checkRule } from "../../tensor/trace-state.js";
import { cast, clip, log, logSoftmax, mean, oneHot, softplus, squeeze, sum } from "../../tensor/ops/index.js";
import { EPSILON, LossBase, alignElementwise, checkBatch, coerce, normaliseAxis, showShape, type LossConfig } from "./base.js";

function checkSmoothing(who: string, labelSmoothing: number): void {
  if (!(typeof labelSmoothing === "number" && labelSmoothing >= 0 && labelSmoothing <= 1)) {
    throw new ArgumentError(`${who}: labelSmoothing must be a number in [0, 1], got ${labelSmoothing}`);
  }
}

/**
 * Binary labels must lie in [0, 1]; class indices here are the classic mistake. `labels` are
 * the labels as given (checkValues checks a compiled step's fed labels, not a cast of them).
 */
function checkBinaryLabels(labels: Tensor, p: Tensor): void {
  checkRule(labels, { low: 0, high: 1, highIncluded: true }, ({ value: v, at: i, largest }, t) => {
    // The batch size is the labels' (a compiled step's predictions have an unknown one).
    const shape = p.rank > 0 && t.rank > 0 ? [t.shape[0]!, ...p.shape.slice(1)] : p.shape;
    return new ArgumentError(
      Number.isInteger(v) && largest >= 2
        ? `binaryCrossentropy expects labels in [0, 1] but got ${v} (at flat index ${i}, predictions of shape ${showShape(shape)}): for integer class labels 0 … ${largest} use sparseCategoricalCrossentropy with a softmax output of ${largest + 1} units`
        : `binaryCrossentropy expects labels in [0, 1] but got ${v} (at flat index ${i}, predictions of shape ${showShape(shape)}): labels are probabilities of the positive class`,
    );
  });
}

export interface BinaryCrossentropyOptions {
  /** Predictions are logits (no sigmoid applied); default false. */
  fromLogits?: boolean;
  /** Labels become y(1 − s) + s/2; default 0. */
  labelSmoothing?: number;
}

/**
 * Binary cross-entropy −(y log ŷ + (1 − y) log(1 − ŷ)) averaged over the last axis; ŷ is clipped
 * to [1e-7, 1 − 1e-7]. With fromLogits it is softplus(x) − x·y (exact, no overflow).
 * @example binaryCrossentropy(tensor([[1]]), tensor([[0.5]])).arraySync() // [Math.LN2]
 */
export function binaryCrossentropy(yTrue: TensorLike, yPred: TensorLike, { fromLogits = false, labelSmoothing = 0 }: BinaryCrossentropyOptions = {}): Tensor {
  checkSmoothing("binaryCrossentropy", labelSmoothing);
  const labels = toTensor(yTrue);
  const [t0, p] = coerce(labels, yPred);
  let t = alignElementwise("binaryCrossentropy", t0, p);
  checkBinaryLabels(labels, p);
  if (labelSmoothing > 0) t = t.mul(1 - labelSmoothing).add(0.5 * labelSmoothing);
  if (fromLogits) return mean(softplus(p).sub(p.mul(t)), -1);
  const q = clip(p, EPSILON, 1 - EPSILON);
  return mean(t.mul(log(q)).add(t.neg().add(1).mul(log(q.neg().add(1)))).neg(), -1);
}

export interface CategoricalCrossentropyOptions extends BinaryCrossentropyOptions {
  /** The class axis (default −1). Label smoothing: y(1 − s) + s/C. */
  axis?: number;
}

function categoricalCore(t: Tensor, p: Tensor, fromLogits: boolean, axis: number): Tensor {
  if (fromLogits) return sum(t.mul(logSoftmax(p, axis)), axis).neg();
  // Probabilities are renormalised first, as Keras does, so slightly-off softmax outputs are fine.
  const q = clip(p.div(sum(p, axis, true)), EPSILON, 1 - EPSILON);
  return sum(t.mul(log(q)), axis).neg();
}

function checkClassAxis(fn: string, p: Tensor, axis: number): void {
  if (p.rank === 0) throw new ShapeError(`${fn} expects predictions with a class axis, got a scalar`);
  if (p.shape[axis] === 1) {
    throw new ShapeError(
      `${fn} needs one output per class, but the predictions have shape ${showShape(p.shape)} (a single unit, so every sample gets probability 1 and the loss is 0): ` +
        `for two classes use binaryCrossentropy with a sigmoid output, or give the last layer one unit per class (softmax)`,
    );
  }
}

/**
 * Categorical cross-entropy −Σ y log ŷ over the class axis, for one-hot (or soft) labels.
 * Probabilities are renormalised to sum 1 and clipped; fromLogits uses log-softmax.
 * @example categoricalCrossentropy(tensor([[0, 1]]), tensor([[0.5, 0.5]])).arraySync() // [Math.LN2]
 */
export function categoricalCrossentropy(yTrue: TensorLike, yPred: TensorLike, { fromLogits = false, labelSmoothing = 0, axis = -1 }: CategoricalCrossentropyOptions = {}): Tensor {
  const fn = "categoricalCrossentropy";
  checkSmoothing(fn, labelSmoothing);
  let [t, p] = coerce(yTrue, yPred);
  const a = normaliseAxis(fn, axis, Math.max(p.rank, 1));
  checkBatch(fn, t, p);
  const classes = p.shape[a]!;
  const sameShape = t.rank === p.rank && t.shape.every((d, i) => d === p.shape[i]);
  if (!sameShape) {
    const batchShape = p.shape.filter((_, i) => i !== a);
    const labelsAreIndices =
      (t.rank === batchShape.length && t.shape.every((d, i) => d === batchShape[i])) ||
      (t.rank === p.rank && t.shape[a] === 1 && t.shape.every((d, i) => i === a || d === p.shape[i]));
    if (labelsAreIndices && classes > 1) {
      throw new ShapeError(
        `${fn} expects one-hot labels of shape ${showShape(p.shape)} but got integer class labels of shape ${showShape(t.shape)}: ` +
          `use sparseCategoricalCrossentropy, or pass oneHot(labels, ${classes})`,
      );
    }
    throw new ShapeError(`${fn} expects labels of the same shape as the predictions, ${showShape(p.shape)}, but got labels of shape ${showShape(t.shape)}`);
  }
  checkClassAxis(fn, p, a);
  if (labelSmoothing > 0) t = t.mul(1 - labelSmoothing).add(labelSmoothing / classes);
  return categoricalCore(t, p, fromLogits, a);
}

export interface SparseCategoricalCrossentropyOptions {
  /** Predictions are logits (no softmax applied); default false. */
  fromLogits?: boolean;
}

/** Class indices must be whole numbers in 0 … classes − 1 (checked as given: see checkBinaryLabels). */
function checkClassIndices(fn: string, labels: Tensor, classes: number): void {
  checkRule(labels, { low: 0, high: classes, integer: true }, ({ value: v, at: i }) => {
    if (!Number.isInteger(v)) {
      return new ArgumentError(`${fn} expects integer class labels but got ${v} (at index ${i}): labels must be class indices 0 … ${classes - 1}; for probabilities per class use categoricalCrossentropy`);
    }
    return new ArgumentError(
      v >= classes
        ? `${fn}: label ${v} (at index ${i}) is outside the valid range 0 … ${classes - 1} for predictions with ${classes} classes: give the last layer one unit per class (at least ${v + 1})`
        : `${fn}: label ${v} (at index ${i}) is outside the valid range 0 … ${classes - 1} for predictions with ${classes} classes: give the last layer one unit per class (labels start at 0)`,
    );
  });
}

/**
 * Cross-entropy for integer class labels of shape [batch] (or [batch, 1]): one-hot, then categorical.
 * @example sparseCategoricalCrossentropy(tensor([1]), tensor([[0.5, 0.5]])).arraySync() // [Math.LN2]
 */
export function sparseCategoricalCrossentropy(yTrue: TensorLike, yPred: TensorLike, { fromLogits = false }: SparseCategoricalCrossentropyOptions = {}): Tensor {
  const fn = "sparseCategoricalCrossentropy";
  const p0 = toTensor(yPred);
  const p = p0.dtype === "float32" || p0.dtype === "float64" ? p0 : cast(p0, "float32");
  const labels = toTensor(yTrue);
  let t = labels;
  checkBatch(fn, t, p);
  if (p.rank === 0) throw new ShapeError(`${fn} expects predictions with a class axis, got a scalar`);
  const classes = p.shape.at(-1)!;
  const batchShape = p.shape.slice(0, -1);
  const matches = (shape: readonly number[]) => shape.length === batchShape.length && shape.every((d, i) => d === batchShape[i]);
  if (!matches(t.shape)) {
    if (t.rank === p.rank && t.shape.at(-1) === 1 && matches(t.shape.slice(0, -1))) {
      t = squeeze(t, -1);
    } else if (t.rank === p.rank && t.shape.every((d, i) => d === p.shape[i]) && classes > 1) {
      throw new ShapeError(
        `${fn} expects integer class labels of shape ${batchShape.length === 1 ? "[batch]" : showShape(batchShape)} but got one-hot labels of shape ${showShape(t.shape)}: ` +
          `use categoricalCrossentropy, or pass labels.argmax(-1)`,
      );
    } else {
      throw new ShapeError(
        `${fn} expects integer class labels of shape ${showShape(batchShape)} (or ${showShape([...batchShape, 1])}) for predictions of shape ${showShape(p.shape)}, ` +
          `but got labels of shape ${showShape(t.shape)}`,
      );
    }
  }
  checkClassAxis(fn, p, p.rank - 1);
  checkClassIndices(fn, labels, classes);
  const target = cast(oneHot(cast(t, "int32"), classes), p.dtype);
  return categoricalCore(target, p, fromLogits, -1);
}

/** Binary cross-entropy for 0/1 (or probability) labels and a sigmoid (or logit) output. @example new BinaryCrossentropy({ fromLogits: true }) */
export class BinaryCrossentropy extends LossBase {
  readonly className = "BinaryCrossentropy";
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  constructor(config: LossConfig & BinaryCrossentropyOptions = {}) {
    super(config, "binary_crossentropy");
    this.fromLogits = config.fromLogits ?? false;
    this.labelSmoothing = config.labelSmoothing ?? 0;
    checkSmoothing(this.className, this.labelSmoothing);
  }
  call(yTrue: TensorLike, yPred: TensorLike): Tensor {
    return binaryCrossentropy(yTrue, yPred, { fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing });
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing };
  }
}

/** Cross-entropy for one-hot labels and a softmax (or logit) output. @example new CategoricalCrossentropy({ labelSmoothing: 0.1 }) */
export class CategoricalCrossentropy extends LossBase {
  readonly className = "CategoricalCrossentropy";
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  readonly axis: number;
  constructor(config: LossConfig & CategoricalCrossentropyOptions = {}) {
    super(config, "categorical_crossentropy");
    this.fromLogits = config.fromLogits ?? false;
    this.labelSmoothing = config.labelSmoothing ?? 0;
    this.axis = config.axis ?? -1;
    checkSmoothing(this.className, this.labelSmoothing);
  }
  call(yTrue: TensorLike, yPred: TensorLike): Tensor {
    return categoricalCrossentropy(yTrue, yPred, { fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing, axis: this.axis });
  }
  protected override get elementwise(): boolean {
    return false;
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing, axis: this.axis };
  }
}

/** Cross-entropy for integer class labels and a softmax (or logit) output. @example new SparseCategoricalCrossentropy({ fromLogits: true }) */
export class SparseCategoricalCrossentropy extends LossBase {
  readonly className = "SparseCategoricalCrossentropy";
  readonly fromLogits: boolean;
  constructor(config: LossConfig & SparseCategoricalCrossentropyOptions = {}) {
    super(config, "sparse_categorical_crossentropy");
    this.fromLogits = config.fromLogits ?? false;
  }
  call(yTrue: TensorLike, yPred: TensorLike): Tensor {
    return sparseCategoricalCrossentropy(yTrue, yPred, { fromLogits: this.fromLogits });
  }
  protected override get elementwise(): boolean {
    return false;
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), fromLogits: this.fromLogits };
  }
}
