// The callback base class and the list fit() drives (Keras order of hooks).
import type { Model } from "../../nn/model.js";
import type { Logs } from "../compile.js";

/** What fit tells its callbacks before training: epochs, steps per epoch (if known), verbosity. */
export interface TrainingParams {
  epochs: number;
  /** Batches per epoch; undefined for a Dataset of unknown length. */
  steps: number | undefined;
  verbose: number;
  initialEpoch: number;
  batchSize?: number;
  samples?: number;
}

/**
 * A hook into training. Override any of the methods (each may be async: fit awaits it).
 * `this.model`, `this.params` and `this.callbacks` (every callback of the fit, this one
 * included, so one can find another) are set by fit before `onTrainBegin`. Logs hold the
 * current values ("loss", "accuracy", "val_loss", …): per batch the running means of the
 * epoch so far, per epoch the epoch's values. Setting `this.model.stopTraining = true`
 * ends fit after the current batch.
 * @example
 * class PrintLoss extends Callback {
 *   onEpochEnd(epoch: number, logs: Logs) { console.log(epoch, logs.loss); }
 * }
 */
export class Callback {
  model!: Model;
  params: TrainingParams = { epochs: 0, steps: undefined, verbose: 0, initialEpoch: 0 };
  /** The callbacks of the current fit, in the order fit calls them (empty outside fit). */
  callbacks: readonly Callback[] = [];
  /**
   * True for a callback that looks at tensors inside each step (gradient hooks): fit then
   * runs its steps op by op instead of as a compiled graph.
   */
  readonly needsEagerSteps: boolean = false;

  setModel(model: Model): void {
    this.model = model;
  }

  setParams(params: TrainingParams): void {
    this.params = params;
  }

  setCallbacks(callbacks: readonly Callback[]): void {
    this.callbacks = callbacks;
  }

  onTrainBegin(_logs: Logs): void | Promise<void> {}
  onTrainEnd(_logs: Logs): void | Promise<void> {}
  onEpochBegin(_epoch: number, _logs: Logs): void | Promise<void> {}
  onEpochEnd(_epoch: number, _logs: Logs): void | Promise<void> {}
  onBatchBegin(_batch: number, _logs: Logs): void | Promise<void> {}
  onBatchEnd(_batch: number, _logs: Logs): void | Promise<void> {}
}

type Hook = "onTrainBegin" | "onTrainEnd" | "onEpochBegin" | "onEpochEnd" | "onBatchBegin" | "onBatchEnd";

/**
 * Calls each callback's hook in turn, awaiting async ones; every callback sees the same logs object.
 * @example await new CallbackList([history, new EarlyStopping()]).call("onEpochEnd", epoch, logs)
 */
export class CallbackList {
  constructor(readonly callbacks: Callback[]) {}

  setup(model: Model, params: TrainingParams): void {
    for (const cb of this.callbacks) {
      cb.setModel(model);
      cb.setParams(params);
      cb.setCallbacks(this.callbacks);
    }
  }

  async call(hook: Hook, ...args: [Logs] | [number, Logs]): Promise<void> {
    for (const cb of this.callbacks) {
      const fn = cb[hook] as (...a: unknown[]) => void | Promise<void>;
      const result = fn.apply(cb, args);
      if (result && typeof (result as Promise<void>).then === "function") await result;
    }
  }
}
