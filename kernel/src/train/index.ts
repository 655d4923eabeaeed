// Training: compile, fit, evaluate, predict, trainOnBatch, the custom training step and callbacks.
export { CompiledModel, type CompileOptions, type CompiledOutput, type Logs } from "./compile.js";
export { fit, evaluate, predict, predictAll, trainOnBatch, type FitOptions, type EvaluateOptions, type PredictOptions, type ValidationData } from "./fit.js";
export { defaultTrainStep, type TrainStepContext } from "./step.js";
export type { Batch, DataInput } from "./data.js";
export { interruptTraining } from "./interrupt.js";
export { eagerStepReason } from "./compiled-step.js";
export * from "./callbacks/index.js";
