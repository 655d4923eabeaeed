// Margin losses for classifiers with ±1 (or 0/1) labels (Keras 3 formulas).
import type { Tensor } from "../../tensor/tensor.js";
import type { TensorLike } from "../../tensor/convert.js";
import { all, equal, logicalOr, maximum, mean, square, where } from "../../tensor/ops/index.js";
import { LossBase, alignElementwise, coerce, type LossConfig } from "./base.js";

/** Keras maps labels to {−1, 1} when every label is 0 or 1; other labels are used as given. */
function hingeLabels(fn: string, yTrue: TensorLike, yPred: TensorLike): [Tensor, Tensor] {
  const [t0, p] = coerce(yTrue, yPred);
  const t = alignElementwise(fn, t0, p);
  const zeroOne = all(logicalOr(equal(t, 0), equal(t, 1)));
  return [where(zeroOne, t.mul(2).sub(1), t), p];
}

/**
 * mean(max(1 − y·ŷ, 0)) over the last axis, labels in {−1, 1} (0/1 labels are mapped).
 * @example hinge(tensor([[1, 0]]), tensor([[0.5, 0.5]])).arraySync() // [(0.5 + 1.5) / 2]
 */
export function hinge(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = hingeLabels("hinge", yTrue, yPred);
  return mean(maximum(t.mul(p).neg().add(1), 0), -1);
}

/**
 * mean(max(1 − y·ŷ, 0)²) over the last axis, labels in {−1, 1} (0/1 labels are mapped).
 * @example squaredHinge(tensor([[1]]), tensor([[0.5]])).arraySync() // [0.25]
 */
export function squaredHinge(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = hingeLabels("squaredHinge", yTrue, yPred);
  return mean(square(maximum(t.mul(p).neg().add(1), 0)), -1);
}

/** Hinge loss (the SVM loss). @example new Hinge() */
export class Hinge extends LossBase {
  readonly className = "Hinge";
  constructor(config: LossConfig = {}) {
    super(config, "hinge");
  }
  call(yTrue: TensorLike, yPred: TensorLike): Tensor {
    return hinge(yTrue, yPred);
  }
}

/** Squared hinge loss. @example new SquaredHinge() */
export class SquaredHinge extends LossBase {
  readonly className = "SquaredHinge";
  constructor(config: LossConfig = {}) {
    super(config, "squared_hinge");
  }
  call(yTrue: TensorLike, yPred: TensorLike): Tensor {
    return squaredHinge(yTrue, yPred);
  }
}
