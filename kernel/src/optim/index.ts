export { Optimizer, type OptimizerConfig, type OptimizerState } from "./optimizer.js";
export { SGD, type SGDConfig } from "./sgd.js";
export { Adagrad, type AdagradConfig } from "./adagrad.js";
export { Adadelta, type AdadeltaConfig } from "./adadelta.js";
export { RMSprop, type RMSpropConfig } from "./rmsprop.js";
export { Adam, AdamW, type AdamConfig } from "./adam.js";
export { Nadam, type NadamConfig } from "./nadam.js";
export { Newton, NEWTON_MAX_PARAMETERS, type NewtonConfig } from "./newton.js";
export { getOptimizer } from "./registry.js";
export { clipByNorm, clipByGlobalNorm, globalNorm, type ClippingConfig } from "./clipping.js";
export {
  LearningRateSchedule,
  ExponentialDecay,
  PolynomialDecay,
  InverseTimeDecay,
  CosineDecay,
  PiecewiseConstantDecay,
  linearDecay,
  exponentialDecay,
} from "./schedules.js";
