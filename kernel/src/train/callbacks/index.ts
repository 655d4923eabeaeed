// Callbacks for fit(): hooks at train/epoch/batch begin and end.
export { Callback, CallbackList, type TrainingParams } from "./callback.js";
export { History } from "./history.js";
export { EarlyStopping, type EarlyStoppingConfig } from "./early-stopping.js";
export { ReduceLROnPlateau, type ReduceLROnPlateauConfig } from "./reduce-lr-on-plateau.js";
export { LearningRateScheduler } from "./learning-rate-scheduler.js";
export { TerminateOnNaN } from "./terminate-on-nan.js";
export { ModelCheckpoint, formatCheckpointPath, weightsToJson, weightsFromJson, type ModelCheckpointConfig } from "./model-checkpoint.js";
export { CSVLogger, type CSVLoggerOptions } from "./csv-logger.js";
export { LambdaCallback, type LambdaCallbackHooks } from "./lambda-callback.js";
export { ProgressLogger, formatLogs } from "./progress-logger.js";
export { resolveMode, type MonitorMode } from "./monitor.js";
