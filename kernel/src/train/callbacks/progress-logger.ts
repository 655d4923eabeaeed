import { progress, type Progress } from "../../jupyter/display/progress.js";
import type { Logs } from "../compile.js";
import { printLine } from "../print.js";
import { Callback } from "./callback.js";
import { message } from "../../locale/messages.js";

/**
 * "loss: 0.2134 - accuracy: 0.9375 - val_loss: 0.3012" (Keras's order and four digits).
 * @example formatLogs({ loss: 0.21341, accuracy: 0.9375 }) // "loss: 0.2134 - accuracy: 0.9375"
 */
export function formatLogs(logs: Logs): string {
  return Object.entries(logs)
    .filter(([key]) => key !== "batch" && key !== "size")
    .map(([key, value]) => `${key}: ${formatValue(value)}`)
    .join(" - ");
}

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  return magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e5) ? value.toExponential(4) : value.toFixed(4);
}

/**
 * The display fit adds when verbose ≥ 1: per epoch a live bar "Epoch 3/10" with steps,
 * elapsed time, ETA and the running metrics (verbose 1), or one line per epoch (verbose 2).
 * In the notebook every epoch's bar is drawn into ONE output, updated in place (throttled),
 * which ends showing the last epoch; in plain Node it prints a text line per epoch to stdout
 * (never stderr).
 * @example await model.fit(x, y, { epochs: 5, verbose: 2 }) // adds a ProgressLogger printing one line per epoch
 */
export class ProgressLogger extends Callback {
  private bar: Progress<number> | undefined;
  /** The display this fit draws into: each epoch's bar replaces the one before. */
  private shown: Progress<number> | undefined;
  private epochStart = 0;
  private epochLabel = "";
  private steps: number | undefined;
  private done = 0;

  constructor(readonly verbose?: 1 | 2) {
    super();
  }

  private get mode(): number {
    return this.verbose ?? this.params.verbose;
  }

  override onTrainBegin(): void {
    this.steps = this.params.steps;
    this.shown = undefined;
  }

  override onEpochBegin(epoch: number): void {
    this.epochStart = Date.now();
    this.epochLabel = message("epoch", { epoch: epoch + 1, epochs: this.params.epochs });
    this.steps = this.params.steps ?? this.steps;
    this.done = 0;
    if (this.mode !== 1) return;
    // With an unknown number of steps (a Dataset of unknown length) the bar counts without a total.
    const options = { label: this.epochLabel, unit: message("step"), replaces: this.shown };
    this.bar = this.steps === undefined ? progress<number>({ *[Symbol.iterator]() {} }, options) : progress(this.steps, options);
    this.shown = this.bar;
  }

  override onBatchEnd(batch: number, logs: Logs): void {
    if (!this.bar) return;
    this.bar.message = formatLogs(logs);
    // The bar completes at epoch end, with the validation values: one final line per epoch.
    if (this.bar.total === undefined || batch + 1 < this.bar.total) this.bar.set(batch + 1);
    this.done = batch + 1;
  }

  override onEpochEnd(_epoch: number, logs: Logs): void {
    if (this.bar) {
      this.bar.message = formatLogs(logs);
      this.bar.set(this.bar.total ?? this.done);
      this.bar.done();
      this.bar = undefined;
    } else if (this.mode === 2) {
      const seconds = (Date.now() - this.epochStart) / 1000;
      printLine(message("epochLine", { epoch: this.epochLabel, seconds: seconds < 10 ? seconds.toFixed(1) : Math.round(seconds), logs: formatLogs(logs) }));
    }
  }

  override onTrainEnd(): void {
    // An interrupted epoch leaves its bar where it stopped.
    this.bar?.done();
    this.bar = undefined;
  }
}
