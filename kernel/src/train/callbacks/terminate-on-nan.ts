import type { Logs } from "../compile.js";
import { printLine } from "../print.js";
import { Callback } from "./callback.js";
import { message } from "../../locale/messages.js";

/**
 * Stops training as soon as a batch's loss is NaN or infinite (usually a learning rate
 * that is too large, or unscaled inputs).
 * @example callbacks: [new TerminateOnNaN()]
 */
export class TerminateOnNaN extends Callback {
  override onBatchEnd(batch: number, logs: Logs): void {
    const loss = logs.loss;
    if (loss !== undefined && !Number.isFinite(loss)) {
      printLine(message("terminateOnNaN", { batch, loss }));
      this.model.stopTraining = true;
    }
  }
}
