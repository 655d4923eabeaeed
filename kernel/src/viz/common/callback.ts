/** What the view callbacks read from the model being trained. */
import type { Model } from "../../nn/model.js";

/**
 * The learning rate the model's optimizer will use next (from its schedule at the
 * current step), or undefined before compile().
 * @example learningRateOf(model) // 0.001
 */
export function learningRateOf(model: Model | undefined): number | undefined {
  const optimizer = model?.optimizer;
  if (!optimizer) return undefined;
  const rate = optimizer.currentLearningRate();
  return Number.isFinite(rate) ? rate : undefined;
}
