// Layers, models and their building blocks (Keras-style).
export { Layer, type LayerConfig, type CallOptions, type WeightOptions, type Tensors } from "./layer.js";
export { SymbolicTensor, input, type InputConfig, type SymbolicShape } from "./symbolic.js";
export { Model, Sequential, model, sequential, type ModelConfig } from "./model.js";
export { getActivation, type ActivationName } from "./activations.js";
export { Constant, Zeros, Ones, RandomNormal, RandomUniform, TruncatedNormal, VarianceScaling, GlorotUniform, GlorotNormal, HeUniform, HeNormal, LecunUniform, LecunNormal, Orthogonal, Identity, getInitializer, initializers, fans, TRUNCATED_NORMAL_STDDEV, type SeedConfig, type RandomNormalConfig, type RandomUniformConfig, type VarianceScalingConfig, type OrthogonalConfig, type FanMode, type ScalingDistribution } from "./initializers.js";
export { L1, L2, L1L2, getRegularizer } from "./regularizers.js";
export { MaxNorm, NonNeg, getConstraint } from "./constraints.js";
export { registerLayer, layerFromConfig } from "./layer-registry.js";
export type { Initializer, Regularizer, Constraint } from "./weight-options.js";
export type { Loss, Metric } from "./loss-types.js";
export * as losses from "./losses.js";
export * as metrics from "./metrics.js";
// The loss classes take options (fromLogits, labelSmoothing, delta, …): top-level, as in Keras's keras.losses.
export {
  MeanSquaredError, MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredLogarithmicError, Huber, LogCosh, CosineSimilarity,
  BinaryCrossentropy, CategoricalCrossentropy, SparseCategoricalCrossentropy, Hinge, SquaredHinge, KLDivergence, Poisson, LossBase, type LossConfig,
} from "./losses.js";
export { getLoss, reduceLoss, meanSquaredError, meanAbsoluteError, meanAbsolutePercentageError, meanSquaredLogarithmicError, huber, logCosh, binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy, hinge, squaredHinge, klDivergence, poisson, cosineSimilarity, type LossSpec } from "./losses.js";
export { getMetric, pickAccuracy, binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy, topKCategoricalAccuracy, sparseTopKCategoricalAccuracy, type MetricContext, type MetricSpec, type AccuracyKind } from "./metrics.js";
export * from "./layers/index.js";
export { ModelSummary, modelSummary, type SummaryRow, type SummaryTotals, type SummaryOptions } from "./summary.js";
export * from "./persistence/index.js";
