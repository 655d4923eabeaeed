import type { DType } from "../tensor/dtype.js";
import type { Tensor } from "../tensor/tensor.js";

/** Makes a layer's initial weight values (Keras initialisers). */
export interface Initializer {
  readonly className: string;
  init(shape: readonly number[], dtype: DType): Tensor;
  getConfig(): Record<string, unknown>;
}

/** A penalty added to the loss for a weight (L1, L2, L1L2). */
export interface Regularizer {
  readonly className: string;
  penalty(weight: Tensor): Tensor;
  getConfig(): Record<string, unknown>;
}

/** A projection applied to a weight after each optimizer step (MaxNorm, NonNeg). */
export interface Constraint {
  readonly className: string;
  apply(weight: Tensor): Tensor;
  getConfig(): Record<string, unknown>;
}
