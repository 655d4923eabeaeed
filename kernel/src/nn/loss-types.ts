import type { Tensor } from "../tensor/tensor.js";

/**
 * A loss: per-sample values (Keras: the mean over the last axis), reduced by fit as
 * Σ(sampleWeight · perSample) / number of samples.
 */
export interface Loss {
  readonly className: string;
  /** The name used in logs ("loss" for the main loss of a single-output model). */
  readonly name: string;
  /** Per-sample losses, shape [batch]. Checks the label shape against the prediction, naming the fix. */
  perSample(yTrue: Tensor, yPred: Tensor): Tensor;
  getConfig(): Record<string, unknown>;
}

/** A streaming metric: updated batch by batch, read at the end of an epoch. */
export interface Metric {
  readonly className: string;
  /** The key in logs and History ("accuracy", "precision", …); validation adds "val_". */
  readonly name: string;
  reset(): void;
  update(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): void;
  result(): number;
  /** The result on every backend (metrics that sum on a GPU wait for the sum); default: result(). */
  resultAsync?(): Promise<number>;
  getConfig(): Record<string, unknown>;
}
