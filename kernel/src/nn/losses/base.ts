// What every loss shares: dtype coercion, label-shape checks that name the fix, and the
// reduction to one value per sample that fit() weights and averages.
import { checkConfigOnce } from "../../tensor/options.js";
import { ArgumentError, ShapeError } from "../../tensor/errors.js";
import { Tensor } from "../../tensor/tensor.js";
import { toTensor, type TensorLike } from "../../tensor/convert.js";
import { isFloat } from "../../tensor/dtype.js";
import { cast, expandDims, mean, reshape, squeeze, sum } from "../../tensor/ops/index.js";
import type { Loss } from "../loss-types.js";

/** Keras's backend epsilon: the clipping margin of the probability losses. */
export const EPSILON = 1e-7;

/** A loss function as notebooks call it: labels and predictions in, Keras's unreduced loss out. */
export type LossFunction = (yTrue: TensorLike, yPred: TensorLike) => Tensor;

export const showShape = (shape: readonly number[]): string => `[${shape.join(", ")}]`;

/** Predictions as a float tensor (float32 unless already float) and labels in the same dtype. */
export function coerce(yTrue: TensorLike, yPred: TensorLike): [Tensor, Tensor] {
  let p = toTensor(yPred);
  if (!isFloat(p.dtype)) p = cast(p, "float32");
  return [cast(toTensor(yTrue), p.dtype), p];
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Fails if labels and predictions disagree on the number of samples. */
export function checkBatch(fn: string, yTrue: Tensor, yPred: Tensor): void {
  if (yTrue.rank > 0 && yPred.rank > 0 && yTrue.shape[0] !== yPred.shape[0]) {
    throw new ShapeError(
      `${fn}: the labels have ${yTrue.shape[0]} samples (shape ${showShape(yTrue.shape)}) but the predictions have ${yPred.shape[0]} ` +
        `(shape ${showShape(yPred.shape)}): pass one label per input sample`,
    );
  }
}

/**
 * Brings labels to the predictions' shape for elementwise losses, as Keras does: [batch] labels
 * against [batch, 1] predictions (and the reverse) are fine; anything else must match exactly.
 * A mismatch names the likely fix.
 */
export function alignElementwise(fn: string, yTrue: Tensor, yPred: Tensor): Tensor {
  checkBatch(fn, yTrue, yPred);
  if (sameShape(yTrue.shape, yPred.shape)) return yTrue;
  if (yTrue.rank === yPred.rank - 1 && yPred.shape.at(-1) === 1 && sameShape(yTrue.shape, yPred.shape.slice(0, -1))) return expandDims(yTrue, -1);
  if (yTrue.rank === yPred.rank + 1 && yTrue.shape.at(-1) === 1 && sameShape(yTrue.shape.slice(0, -1), yPred.shape)) return squeeze(yTrue, -1);
  const classes = yPred.shape.at(-1) ?? 1;
  const labelsLast = yTrue.shape.at(-1) ?? 1;
  const looksSparse = classes > 1 && (sameShape(yTrue.shape, yPred.shape.slice(0, -1)) || (labelsLast === 1 && sameShape(yTrue.shape.slice(0, -1), yPred.shape.slice(0, -1))));
  const looksOneHot = (classes === 1 || yPred.rank === yTrue.rank - 1) && labelsLast > 1;
  const [predicted, given] = [showShape(yPred.shape), showShape(yTrue.shape)];
  if (looksSparse) {
    throw new ShapeError(
      `${fn} expects labels of the same shape as the predictions, ${predicted}, but got labels of shape ${given}: ` +
        `if these are integer class labels, use sparseCategoricalCrossentropy (with a softmax output of ${classes} units) or pass oneHot(labels, ${classes}); ` +
        `if they are one target per sample, give the model's last layer 1 unit`,
    );
  }
  if (looksOneHot) {
    throw new ShapeError(
      `${fn} expects labels of the same shape as the predictions, ${predicted}, but got labels of shape ${given}: ` +
        `these look like one-hot labels over ${labelsLast} classes: give the model's last layer ${labelsLast} units (softmax) and use categoricalCrossentropy`,
    );
  }
  throw new ShapeError(
    `${fn} expects labels of the same shape as the predictions, ${predicted}, but got labels of shape ${given}: give the model's last layer ${labelsLast} units, or reshape the labels to ${predicted}`,
  );
}

/** Normalises a (possibly negative) axis of a tensor of rank `rank`, naming the loss on error. */
export function normaliseAxis(fn: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) throw new ArgumentError(`${fn}: axis ${axis} is out of range for predictions of rank ${rank}`);
  return axis < 0 ? axis + rank : axis;
}

/**
 * Per-sample values from Keras's unreduced loss: the mean over every axis after the first, so a
 * [batch, time] loss becomes [batch] and fit's Σ(w·l)/batch equals Keras's sum_over_batch_size.
 */
export function toPerSample(loss: Tensor): Tensor {
  if (loss.rank === 1) return loss;
  if (loss.rank === 0) return reshape(loss, [1]);
  return mean(loss, Array.from({ length: loss.rank - 1 }, (_, i) => i + 1));
}

/** Sample weights as a [batch] tensor ([batch] and [batch, 1] are accepted). */
export function sampleWeightVector(who: string, sampleWeight: TensorLike, batch: number): Tensor {
  const w = toTensor(sampleWeight);
  if (w.rank === 0) return w;
  if (w.shape[0] !== batch || w.size !== batch) {
    throw new ShapeError(`${who}: sample weights must have shape [${batch}] (one weight per sample), got ${showShape(w.shape)}`);
  }
  return w.rank === 1 ? w : reshape(w, [batch]);
}

/**
 * Keras's default reduction: Σ(sampleWeight · perSample) / number of samples (not / Σ weights).
 * @example reduceLoss(tensor([1, 3]), tensor([1, 0])).item() // 0.5
 */
export function reduceLoss(perSample: Tensor, sampleWeight?: TensorLike): Tensor {
  const n = perSample.shape[0] ?? 1;
  if (sampleWeight === undefined) return perSample.mean();
  const w = cast(sampleWeightVector("loss", sampleWeight, n), perSample.dtype);
  return sum(perSample.mul(w)).div(Math.max(n, 1));
}

/** Common config of every loss. */
export interface LossConfig {
  /** The name in logs; defaults to Keras's snake_case name of the class. */
  name?: string;
}

/**
 * Base of the built-in losses: subclasses give Keras's unreduced loss (`call`), and this class
 * turns it into per-sample values and a scalar.
 */
export abstract class LossBase implements Loss {
  abstract readonly className: string;
  readonly name: string;
  /** The options the loss was made with, checked against getConfig at its first use. */
  private readonly givenConfig: LossConfig;

  constructor(config: LossConfig, defaultName: string) {
    this.name = config.name ?? defaultName;
    this.givenConfig = config;
  }

  /** Keras's unreduced loss (the plain function's value): the reduction over the class/last axis only. */
  abstract call(yTrue: TensorLike, yPred: TensorLike): Tensor;

  /**
   * Loss per sample, shape [batch]; rank-1 predictions are one value per sample.
   * @example new MeanSquaredError().perSample(tensor([[1, 2]]), tensor([[1, 4]])).arraySync() // [2]
   */
  perSample(yTrue: TensorLike, yPred: TensorLike): Tensor {
    checkConfigOnce(this, this.className, this.givenConfig, () => this.getConfig());
    let t = toTensor(yTrue);
    let p = toTensor(yPred);
    if (p.rank === 1 && this.elementwise) {
      p = expandDims(p, -1);
      if (t.rank === 1) t = expandDims(t, -1);
    }
    return toPerSample(this.call(t, p));
  }

  /**
   * The scalar loss Keras returns from `loss(yTrue, yPred, sampleWeight)`: Σ(w·perSample)/batch.
   * @example new MeanAbsoluteError().compute(tensor([[0], [2]]), tensor([[1], [1]])).item() // 1
   */
  compute(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike): Tensor {
    return reduceLoss(this.perSample(yTrue, yPred), sampleWeight);
  }

  /** True for losses applied elementwise and averaged over the last axis. */
  protected get elementwise(): boolean {
    return true;
  }

  getConfig(): Record<string, unknown> {
    return { name: this.name };
  }
}

/**
 * Wraps a plain function (yTrue, yPred) → unreduced loss as a Loss. Functions cannot be saved.
 * @example getLoss((t, p) => t.sub(p).abs().mean(-1))
 */
export class LossFunctionWrapper extends LossBase {
  readonly className = "LossFunctionWrapper";
  constructor(
    readonly fn: (yTrue: Tensor, yPred: Tensor) => Tensor,
    config: LossConfig = {},
  ) {
    super(config, fn.name || "custom_loss");
  }
  call(yTrue: TensorLike, yPred: TensorLike): Tensor {
    const [t, p] = coerce(yTrue, yPred);
    return this.fn(t, p);
  }
  override perSample(yTrue: TensorLike, yPred: TensorLike): Tensor {
    // No rank-1 rewriting: the function decides what its axes mean.
    return toPerSample(this.call(yTrue, yPred));
  }
}
