import { checkOptions, optionNames } from "../../tensor/options.js";
import { ArgumentError } from "../../tensor/errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { Logs } from "../compile.js";
import { printLine } from "../print.js";
import { Callback } from "./callback.js";
import { improvement, resolveMode, type MonitorMode } from "./monitor.js";
import { message } from "../../locale/messages.js";

export interface EarlyStoppingConfig {
  /** The logged value to watch. Default "val_loss". */
  monitor?: string;
  /** Smaller changes than this do not count as improvements. Default 0. */
  minDelta?: number;
  /** Epochs without improvement before stopping. Default 0. */
  patience?: number;
  /** 1 prints a line when training stops. Default 0. */
  verbose?: number;
  /** "min", "max", or "auto" (max for accuracy-like names, min for losses). */
  mode?: MonitorMode;
  /** Training keeps going (patience is not reset) until the value beats this. */
  baseline?: number;
  /** At the end of training, restore the weights of the best epoch. Default false. */
  restoreBestWeights?: boolean;
  /** Epochs before this one are not looked at (warm-up). Default 0. */
  startFromEpoch?: number;
}

/**
 * Stops training when the monitored value has stopped improving (Keras 3's algorithm, as
 * written in shared/reference/keras-semantics.md).
 * @example await model.fit(x, y, { epochs: 100, validationSplit: 0.2, callbacks: [new EarlyStopping({ patience: 5, restoreBestWeights: true })] })
 */
export class EarlyStopping extends Callback {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly verbose: number;
  readonly mode: "min" | "max";
  readonly baseline: number | undefined;
  readonly restoreBestWeights: boolean;
  readonly startFromEpoch: number;
  wait = 0;
  best: number | undefined;
  bestEpoch = 0;
  /** The epoch training stopped at (0 when it was not stopped). */
  stoppedEpoch = 0;
  private bestWeights: Tensor[] | undefined;
  private warned = false;
  private readonly improved: (c: number, ref: number | undefined) => boolean;

  constructor(config: EarlyStoppingConfig = {}) {
    super();
    checkOptions("EarlyStopping", config, optionNames<EarlyStoppingConfig>({ monitor: true, minDelta: true, patience: true, verbose: true, mode: true, baseline: true, restoreBestWeights: true, startFromEpoch: true }));
    this.monitor = config.monitor ?? "val_loss";
    this.minDelta = Math.abs(config.minDelta ?? 0);
    this.patience = config.patience ?? 0;
    this.verbose = config.verbose ?? 0;
    this.baseline = config.baseline ?? undefined;
    this.restoreBestWeights = config.restoreBestWeights ?? false;
    this.startFromEpoch = config.startFromEpoch ?? 0;
    if (!Number.isInteger(this.patience) || this.patience < 0) throw new ArgumentError(`EarlyStopping: patience must be a non-negative integer, got ${String(config.patience)}`);
    if (!Number.isFinite(this.minDelta)) throw new ArgumentError(`EarlyStopping: minDelta must be a finite number, got ${String(config.minDelta)}`);
    this.mode = resolveMode("EarlyStopping", this.monitor, config.mode ?? "auto");
    this.improved = improvement(this.mode, this.minDelta);
  }

  override onTrainBegin(): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = undefined;
    this.bestEpoch = 0;
    this.clearBestWeights();
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    const current = logs[this.monitor];
    if (current === undefined) {
      if (!this.warned) printLine(message("earlyStoppingNoMonitor", { monitor: this.monitor, available: Object.keys(logs).join(", ") }));
      this.warned = true;
      return;
    }
    if (epoch < this.startFromEpoch) return;
    if (this.restoreBestWeights && this.bestWeights === undefined) this.bestWeights = this.model.getWeights();
    this.wait += 1;
    if (this.improved(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) {
        this.clearBestWeights();
        this.bestWeights = this.model.getWeights();
      }
      // Only a value that also beats the baseline resets the patience.
      if (this.baseline === undefined || this.improved(current, this.baseline)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      this.model.stopTraining = true;
    }
  }

  override onTrainEnd(): void {
    if (this.stoppedEpoch > 0 && this.verbose > 0) printLine(message("earlyStopping", { epoch: this.stoppedEpoch + 1 }));
    if (this.restoreBestWeights && this.bestWeights) {
      if (this.verbose > 0) printLine(message("earlyStoppingRestoring", { epoch: this.bestEpoch + 1 }));
      this.model.setWeights(this.bestWeights);
      this.clearBestWeights();
    }
  }

  private clearBestWeights(): void {
    this.bestWeights?.forEach((t) => t.dispose());
    this.bestWeights = undefined;
  }
}
