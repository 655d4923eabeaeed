// Regression metrics: the weighted mean of a regression loss over every sample seen.
import type { Tensor } from "../../tensor/tensor.js";
import { expandDims } from "../../tensor/ops/index.js";
import { meanAbsoluteError, meanSquaredError } from "../losses/regression.js";
import { MeanMetricWrapper, computedInGraph, type MetricConfig } from "./base.js";

/** Rank-1 predictions are one value per sample. */
function perSample(fn: (t: Tensor, p: Tensor) => Tensor): (t: Tensor, p: Tensor) => Tensor {
  return (t, p) => (p.rank === 1 ? fn(t.rank === 1 ? expandDims(t, -1) : t, expandDims(p, -1)) : fn(t, p));
}

/** Mean of (y − ŷ)² per sample, weighted over all batches. @example new MeanSquaredError() */
export class MeanSquaredError extends MeanMetricWrapper {
  override readonly className = "MeanSquaredError";
  constructor(config: MetricConfig = {}) {
    super(perSample(meanSquaredError), config, "mean_squared_error");
  }
}

/** Mean of |y − ŷ| per sample, weighted over all batches. @example new MeanAbsoluteError() */
export class MeanAbsoluteError extends MeanMetricWrapper {
  override readonly className = "MeanAbsoluteError";
  constructor(config: MetricConfig = {}) {
    super(perSample(meanAbsoluteError), config, "mean_absolute_error");
  }
}

// Per-sample errors are ops: a compiled training step computes them in its graph.
for (const metricClass of [MeanSquaredError, MeanAbsoluteError]) computedInGraph(metricClass);
