// Regression losses: elementwise errors averaged over the last axis (Keras 3 formulas).
import type { Tensor } from "../../tensor/tensor.js";
import type { TensorLike } from "../../tensor/convert.js";
import { ArgumentError } from "../../tensor/errors.js";
import { abs, log, maximum, mean, rsqrt, softplus, square, sum, where, lessEqual } from "../../tensor/ops/index.js";
import { EPSILON, LossBase, alignElementwise, coerce, normaliseAxis, checkBatch, showShape, type LossConfig } from "./base.js";
import { ShapeError } from "../../tensor/errors.js";

function prepare(fn: string, yTrue: TensorLike, yPred: TensorLike): [Tensor, Tensor] {
  const [t, p] = coerce(yTrue, yPred);
  return [alignElementwise(fn, t, p), p];
}

/**
 * mean((y − ŷ)²) over the last axis.
 * @example meanSquaredError(tensor([[0, 1]]), tensor([[1, 1]])).arraySync() // [0.5]
 */
export function meanSquaredError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = prepare("meanSquaredError", yTrue, yPred);
  return mean(square(p.sub(t)), -1);
}

/**
 * mean|y − ŷ| over the last axis.
 * @example meanAbsoluteError(tensor([[0, 1]]), tensor([[2, 1]])).arraySync() // [1]
 */
export function meanAbsoluteError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = prepare("meanAbsoluteError", yTrue, yPred);
  return mean(abs(p.sub(t)), -1);
}

/**
 * 100 · mean|(y − ŷ) / max(|y|, 1e-7)| over the last axis.
 * @example meanAbsolutePercentageError(tensor([[2, 4]]), tensor([[1, 4]])).arraySync() // [25]
 */
export function meanAbsolutePercentageError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = prepare("meanAbsolutePercentageError", yTrue, yPred);
  return mean(abs(t.sub(p).div(maximum(abs(t), EPSILON))), -1).mul(100);
}

/**
 * mean((log(max(ŷ, ε) + 1) − log(max(y, ε) + 1))²) over the last axis.
 * @example meanSquaredLogarithmicError(tensor([[0]]), tensor([[Math.E - 1]])).arraySync() // ≈ [1]
 */
export function meanSquaredLogarithmicError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = prepare("meanSquaredLogarithmicError", yTrue, yPred);
  return mean(square(log(maximum(p, EPSILON).add(1)).sub(log(maximum(t, EPSILON).add(1)))), -1);
}

/**
 * Huber loss: ½e² where |e| ≤ δ, δ|e| − ½δ² beyond, averaged over the last axis (e = ŷ − y).
 * @example huber(tensor([[0, 0]]), tensor([[0.5, 3]])).arraySync() // [(0.125 + 2.5) / 2]
 */
export function huber(yTrue: TensorLike, yPred: TensorLike, delta = 1): Tensor {
  if (!(typeof delta === "number" && delta > 0)) throw new ArgumentError(`huber: delta must be a positive number, got ${delta}`);
  const [t, p] = prepare("huber", yTrue, yPred);
  const error = p.sub(t);
  const absError = abs(error);
  return mean(where(lessEqual(absError, delta), square(error).mul(0.5), absError.mul(delta).sub(0.5 * delta * delta)), -1);
}

/**
 * mean(log cosh(ŷ − y)) over the last axis, computed as x + softplus(−2x) − log 2 (no overflow).
 * @example logCosh(tensor([[0]]), tensor([[1]])).arraySync() // [Math.log(Math.cosh(1))]
 */
export function logCosh(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = prepare("logCosh", yTrue, yPred);
  const x = p.sub(t);
  return mean(x.add(softplus(x.mul(-2))).sub(Math.LN2), -1);
}

/** x / max(‖x‖, 1e-7) along `axis`, written as x·rsqrt(max(Σx², ε²)) so the gradient at 0 is finite. */
function l2Normalize(x: Tensor, axis: number): Tensor {
  return x.mul(rsqrt(maximum(sum(square(x), axis, true), EPSILON * EPSILON)));
}

/**
 * −cos(y, ŷ) along `axis` (−1 for parallel vectors, 0 for orthogonal ones, 0 for a zero vector).
 * @example cosineSimilarity(tensor([[1, 0]]), tensor([[2, 0]])).arraySync() // [-1]
 */
export function cosineSimilarity(yTrue: TensorLike, yPred: TensorLike, axis = -1): Tensor {
  const [t, p] = coerce(yTrue, yPred);
  checkBatch("cosineSimilarity", t, p);
  if (t.rank !== p.rank || t.shape.some((d, i) => d !== p.shape[i])) {
    throw new ShapeError(`cosineSimilarity expects labels of the same shape as the predictions, ${showShape(p.shape)}, but got labels of shape ${showShape(t.shape)}`);
  }
  const a = normaliseAxis("cosineSimilarity", axis, p.rank);
  return sum(l2Normalize(t, a).mul(l2Normalize(p, a)), a).neg();
}

/** Mean squared error, `mse`. @example new MeanSquaredError().perSample(tensor([[0, 1]]), tensor([[1, 1]])) // [0.5] */
export class MeanSquaredError extends LossBase {
  readonly className = "MeanSquaredError";
  constructor(config: LossConfig = {}) {
    super(config, "mean_squared_error");
  }
  call(yTrue: TensorLike, yPred: TensorLike): Tensor {
    return meanSquaredError(yTrue, yPred);
  }
}

/** Mean absolute error, `mae`. @example new MeanAbsoluteError().perSample(tensor([[0, 1]]), tensor([[2, 1]])) // [1] */
export class MeanAbsoluteError extends LossBase {
  readonly className = "MeanAbsoluteError";
  constructor(config: LossConfig = {}) {
    super(config, "mean_absolute_error");
  }
  call(yTrue: TensorLike, yPred: TensorLike): Tensor {
    return meanAbsoluteError(yTrue, yPred);
  }
}

/** Mean absolute percentage error, `mape` (in percent). @example new MeanAbsolutePercentageError() */
export class MeanAbsolutePercentageError extends LossBase {
  readonly className = "MeanAbsolutePercentageError";
  constructor(config: LossConfig = {}) {
    super(config, "mean_absolute_percentage_error");
  }
  call(yTrue: TensorLike, yPred: TensorLike): Tensor {
    return meanAbsolutePercentageError(yTrue, yPred);
  }
}

/** Mean squared logarithmic error, `msle`. @example new MeanSquaredLogarithmicError() */
export class MeanSquaredLogarithmicError extends LossBase {
  readonly className = "MeanSquaredLogarithmicError";
  constructor(config: LossConfig = {}) {
    super(config, "mean_squared_logarithmic_error");
  }
  call(yTrue: TensorLike, yPred: TensorLike): Tensor {
    return meanSquaredLogarithmicError(yTrue, yPred);
  }
}

export interface HuberConfig extends LossConfig {
  /** Where the loss turns from quadratic to linear (default 1). */
  delta?: number;
}

/** Huber loss (quadratic near 0, linear beyond δ). @example new Huber({ delta: 2 }) */
export class Huber extends LossBase {
  readonly className = "Huber";
  readonly delta: number;
  constructor(config: HuberConfig = {}) {
    super(config, "huber_loss");
    this.delta = config.delta ?? 1;
    if (!(typeof this.delta === "number" && this.delta > 0)) throw new ArgumentError(`Huber: delta must be a positive number, got ${config.delta}`);
  }
  call(yTrue: TensorLike, yPred: TensorLike): Tensor {
    return huber(yTrue, yPred, this.delta);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), delta: this.delta };
  }
}

/** log cosh of the error. @example new LogCosh() */
export class LogCosh extends LossBase {
  readonly className = "LogCosh";
  constructor(config: LossConfig = {}) {
    super(config, "log_cosh");
  }
  call(yTrue: TensorLike, yPred: TensorLike): Tensor {
    return logCosh(yTrue, yPred);
  }
}

export interface CosineSimilarityConfig extends LossConfig {
  /** The axis the vectors lie along (default −1). */
  axis?: number;
}

/** Negative cosine similarity along an axis (minimising it aligns ŷ with y). @example new CosineSimilarity() */
export class CosineSimilarity extends LossBase {
  readonly className = "CosineSimilarity";
  readonly axis: number;
  constructor(config: CosineSimilarityConfig = {}) {
    super(config, "cosine_similarity");
    this.axis = config.axis ?? -1;
  }
  call(yTrue: TensorLike, yPred: TensorLike): Tensor {
    return cosineSimilarity(yTrue, yPred, this.axis);
  }
  protected override get elementwise(): boolean {
    return false;
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: this.axis };
  }
}
