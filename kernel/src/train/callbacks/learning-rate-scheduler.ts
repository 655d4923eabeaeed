import { ArgumentError, GradbookError } from "../../tensor/errors.js";
import type { Logs } from "../compile.js";
import { printLine } from "../print.js";
import { Callback } from "./callback.js";
import { checkOptions } from "../../tensor/options.js";
import { message } from "../../locale/messages.js";

/**
 * Sets the optimizer's learning rate at the start of every epoch to `schedule(epoch, lr)`
 * (lr = the current rate); logs it as `learning_rate`. For per-step schedules, compile
 * with a LearningRateSchedule instead.
 * @example new LearningRateScheduler((epoch, lr) => (epoch < 10 ? lr : lr * Math.exp(-0.1)))
 */
export class LearningRateScheduler extends Callback {
  readonly verbose: number;

  /** `verbose` as Keras's second argument (0 or 1), or as an option: `{ verbose: 1 }`. */
  constructor(
    readonly schedule: (epoch: number, learningRate: number) => number,
    verbose: number | { verbose?: number } = 0,
  ) {
    super();
    if (typeof schedule !== "function") throw new ArgumentError(`LearningRateScheduler: expected a function (epoch, lr) => newLr, got ${String(schedule)}`);
    if (typeof verbose === "object" && verbose !== null) {
      checkOptions("LearningRateScheduler", verbose, ["verbose"]);
      this.verbose = verbose.verbose ?? 0;
    } else {
      this.verbose = verbose;
    }
    if (typeof this.verbose !== "number") throw new ArgumentError(`LearningRateScheduler: verbose must be 0 or 1, got ${String(this.verbose)}`);
  }

  private optimizer() {
    const optimizer = this.model.optimizer;
    if (!optimizer) throw new GradbookError("LearningRateScheduler: the model has no optimizer; compile it first");
    if (typeof optimizer.learningRate !== "number") {
      throw new GradbookError(`LearningRateScheduler: the optimizer's learning rate is a schedule (${optimizer.learningRate.className}); use a number, or the schedule alone`);
    }
    return optimizer;
  }

  override onEpochBegin(epoch: number): void {
    const optimizer = this.optimizer();
    const lr = this.schedule(epoch, optimizer.learningRate as number);
    if (typeof lr !== "number" || !Number.isFinite(lr) || lr < 0) throw new GradbookError(`LearningRateScheduler: the schedule returned ${String(lr)} for epoch ${epoch}; it must return a finite number ≥ 0`);
    optimizer.learningRate = lr;
    if (this.verbose > 0) printLine(message("schedulerSetting", { epoch: epoch + 1, lr }));
  }

  override onEpochEnd(_epoch: number, logs: Logs): void {
    logs.learning_rate = this.optimizer().learningRate as number;
  }
}
