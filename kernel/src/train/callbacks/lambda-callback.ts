import type { Logs } from "../compile.js";
import { Callback } from "./callback.js";
import { checkOptions, optionNames } from "../../tensor/options.js";
import { ArgumentError } from "../../tensor/errors.js";

export interface LambdaCallbackHooks {
  onTrainBegin?: (logs: Logs) => void | Promise<void>;
  onTrainEnd?: (logs: Logs) => void | Promise<void>;
  onEpochBegin?: (epoch: number, logs: Logs) => void | Promise<void>;
  onEpochEnd?: (epoch: number, logs: Logs) => void | Promise<void>;
  onBatchBegin?: (batch: number, logs: Logs) => void | Promise<void>;
  onBatchEnd?: (batch: number, logs: Logs) => void | Promise<void>;
}

const HOOKS = optionNames<LambdaCallbackHooks>({ onTrainBegin: true, onTrainEnd: true, onEpochBegin: true, onEpochEnd: true, onBatchBegin: true, onBatchEnd: true });

/**
 * A callback made of functions.
 * @example new LambdaCallback({ onEpochEnd: (epoch, logs) => console.log(epoch, logs.loss) })
 */
export class LambdaCallback extends Callback {
  constructor(readonly hooks: LambdaCallbackHooks) {
    super();
    // A misspelt hook (onEpochEnds) would otherwise never be called, silently.
    checkOptions("LambdaCallback", hooks, HOOKS);
    for (const [name, hook] of Object.entries(hooks ?? {})) {
      if (hook !== undefined && typeof hook !== "function") throw new ArgumentError(`LambdaCallback: ${name} must be a function, got ${String(hook)}`);
    }
  }

  override onTrainBegin(logs: Logs) {
    return this.hooks.onTrainBegin?.(logs);
  }
  override onTrainEnd(logs: Logs) {
    return this.hooks.onTrainEnd?.(logs);
  }
  override onEpochBegin(epoch: number, logs: Logs) {
    return this.hooks.onEpochBegin?.(epoch, logs);
  }
  override onEpochEnd(epoch: number, logs: Logs) {
    return this.hooks.onEpochEnd?.(epoch, logs);
  }
  override onBatchBegin(batch: number, logs: Logs) {
    return this.hooks.onBatchBegin?.(batch, logs);
  }
  override onBatchEnd(batch: number, logs: Logs) {
    return this.hooks.onBatchEnd?.(batch, logs);
  }
}
