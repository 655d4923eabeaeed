import { checkOptions, optionNames } from "../../tensor/options.js";
import { ArgumentError, GradbookError } from "../../tensor/errors.js";
import type { Logs } from "../compile.js";
import { printLine } from "../print.js";
import { Callback } from "./callback.js";
import { improvement, resolveMode, type MonitorMode } from "./monitor.js";
import { message } from "../../locale/messages.js";

export interface ReduceLROnPlateauConfig {
  monitor?: string;
  /** New lr = lr × factor (must be < 1). Default 0.1. */
  factor?: number;
  /** Epochs without improvement before reducing. Default 10. */
  patience?: number;
  verbose?: number;
  mode?: MonitorMode;
  /** Smaller changes do not count as improvements. Default 1e-4. */
  minDelta?: number;
  /** Epochs to wait after a reduction before counting again. Default 0. */
  cooldown?: number;
  /** The learning rate never goes below this. Default 0. */
  minLr?: number;
}

/**
 * Multiplies the learning rate by `factor` when the monitored value has not improved for
 * `patience` epochs (Keras 3's algorithm). Writes `logs.learning_rate` each epoch (the rate
 * used in that epoch). Needs a numeric learning rate, not a schedule.
 * @example new ReduceLROnPlateau({ factor: 0.5, patience: 3, minLr: 1e-5 })
 */
export class ReduceLROnPlateau extends Callback {
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly verbose: number;
  readonly mode: "min" | "max";
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
  wait = 0;
  cooldownCounter = 0;
  best: number | undefined;
  private warned = false;
  private readonly improved: (c: number, ref: number | undefined) => boolean;

  constructor(config: ReduceLROnPlateauConfig = {}) {
    super();
    checkOptions("ReduceLROnPlateau", config, optionNames<ReduceLROnPlateauConfig>({ monitor: true, factor: true, patience: true, verbose: true, mode: true, minDelta: true, cooldown: true, minLr: true }));
    this.monitor = config.monitor ?? "val_loss";
    this.factor = config.factor ?? 0.1;
    if (!(this.factor < 1) || !(this.factor >= 0)) throw new ArgumentError(`ReduceLROnPlateau: factor must be in [0, 1) (the new rate is lr × factor), got ${String(config.factor)}`);
    this.patience = config.patience ?? 10;
    this.verbose = config.verbose ?? 0;
    this.minDelta = config.minDelta ?? 1e-4;
    this.cooldown = config.cooldown ?? 0;
    this.minLr = config.minLr ?? 0;
    this.mode = resolveMode("ReduceLROnPlateau", this.monitor, config.mode ?? "auto");
    this.improved = improvement(this.mode, this.minDelta);
  }

  override onTrainBegin(): void {
    this.currentLr();
    this.wait = 0;
    this.cooldownCounter = 0;
    this.best = undefined;
  }

  private currentLr(): number {
    const lr = this.model.optimizer?.learningRate;
    if (lr === undefined) throw new GradbookError("ReduceLROnPlateau: the model has no optimizer; compile it first");
    if (typeof lr !== "number") {
      throw new GradbookError(`ReduceLROnPlateau: the optimizer's learning rate is a schedule (${lr.className}); ReduceLROnPlateau changes a constant learning rate. Compile with a number (learningRate: 0.01) or let the schedule alone set the rate`);
    }
    return lr;
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    const lr = this.currentLr();
    logs.learning_rate = lr;
    const current = logs[this.monitor];
    if (current === undefined) {
      if (!this.warned) printLine(message("plateauNoMonitor", { monitor: this.monitor, available: Object.keys(logs).join(", ") }));
      this.warned = true;
      return;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.wait = 0;
    }
    if (this.improved(current, this.best)) {
      this.best = current;
      this.wait = 0;
    } else if (!(this.cooldownCounter > 0)) {
      this.wait += 1;
      if (this.wait >= this.patience && lr > this.minLr) {
        const newLr = Math.max(lr * this.factor, this.minLr);
        this.model.optimizer!.learningRate = newLr;
        if (this.verbose > 0) printLine(message("plateauReducing", { epoch: epoch + 1, lr: newLr }));
        this.cooldownCounter = this.cooldown;
        this.wait = 0;
      }
    }
  }
}
