// Losses between distributions and for count data (Keras 3 formulas).
import type { Tensor } from "../../tensor/tensor.js";
import type { TensorLike } from "../../tensor/convert.js";
import { ShapeError } from "../../tensor/errors.js";
import { clip, log, mean, sum } from "../../tensor/ops/index.js";
import { EPSILON, LossBase, alignElementwise, checkBatch, coerce, showShape, type LossConfig } from "./base.js";

/**
 * Kullback–Leibler divergence Σ y log(y/ŷ) over the last axis, both clipped to [1e-7, 1].
 * @example klDivergence(tensor([[0.5, 0.5]]), tensor([[0.5, 0.5]])).arraySync() // [0]
 */
export function klDivergence(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t0, p0] = coerce(yTrue, yPred);
  checkBatch("klDivergence", t0, p0);
  if (t0.rank !== p0.rank || t0.shape.some((d, i) => d !== p0.shape[i])) {
    throw new ShapeError(`klDivergence expects labels that are distributions of the same shape as the predictions, ${showShape(p0.shape)}, but got labels of shape ${showShape(t0.shape)}`);
  }
  const t = clip(t0, EPSILON, 1);
  const p = clip(p0, EPSILON, 1);
  return sum(t.mul(log(t.div(p))), -1);
}

/**
 * Poisson negative log-likelihood (without the constant): mean(ŷ − y log(ŷ + 1e-7)) over the last axis.
 * @example poisson(tensor([[1]]), tensor([[1]])).arraySync() // ≈ [1]
 */
export function poisson(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t0, p] = coerce(yTrue, yPred);
  const t = alignElementwise("poisson", t0, p);
  return mean(p.sub(t.mul(log(p.add(EPSILON)))), -1);
}

/** KL divergence between label and predicted distributions. @example new KLDivergence() */
export class KLDivergence extends LossBase {
  readonly className = "KLDivergence";
  constructor(config: LossConfig = {}) {
    super(config, "kl_divergence");
  }
  call(yTrue: TensorLike, yPred: TensorLike): Tensor {
    return klDivergence(yTrue, yPred);
  }
  protected override get elementwise(): boolean {
    return false;
  }
}

/** Poisson loss for count targets (ŷ is a rate, e.g. an exponential output). @example new Poisson() */
export class Poisson extends LossBase {
  readonly className = "Poisson";
  constructor(config: LossConfig = {}) {
    super(config, "poisson");
  }
  call(yTrue: TensorLike, yPred: TensorLike): Tensor {
    return poisson(yTrue, yPred);
  }
}
