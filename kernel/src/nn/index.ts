// Layers, models and their building blocks (Keras-style).
export { Layer, type LayerConfig, type CallOptions, type WeightOptions, type Tensors } from "./layer.js";
export { SymbolicTensor, input, type InputConfig, type SymbolicShape } from "./symbolic.js";
export { Model, Sequential, model, sequential, type ModelConfig } from "./model.js";
export { getActivation, type ActivationName } from "./activations.js";
export { Constant, GlorotUniform, getInitializer, initializers, fans } from "./initializers.js";
export { L1, L2, L1L2, getRegularizer } from "./regularizers.js";
export { MaxNorm, NonNeg, getConstraint } from "./constraints.js";
export { registerLayer, layerFromConfig } from "./layer-registry.js";
export type { Initializer, Regularizer, Constraint } from "./weight-options.js";
export type { Loss, Metric } from "./loss-types.js";
export * from "./layers/index.js";
