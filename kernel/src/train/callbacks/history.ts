import type { Logs } from "../compile.js";
import { Callback, type TrainingParams } from "./callback.js";

/**
 * Records every epoch's logs; fit returns it. `history.history.loss[i]` is the loss of
 * `history.epoch[i]`; validation values are under "val_" keys.
 * @example
 * const h = await model.fit(x, y, { epochs: 5, validationSplit: 0.2 });
 * h.history.loss; h.history.val_loss; h.epoch // [0, 1, 2, 3, 4]
 */
export class History extends Callback {
  /** Metric name → one value per epoch. */
  history: Record<string, number[]> = {};
  /** The epoch index of each entry. */
  epoch: number[] = [];

  override onTrainBegin(): void {
    this.epoch = [];
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    this.epoch.push(epoch);
    for (const [key, value] of Object.entries(logs)) {
      // A key that appears late (e.g. learning_rate) is padded so that entries line up with epochs.
      const list = (this.history[key] ??= new Array<number>(this.epoch.length - 1).fill(Number.NaN));
      list.push(value);
    }
  }

  /** Same as `this.params`: epochs, steps per epoch, verbose. */
  get trainingParams(): TrainingParams {
    return this.params;
  }
}
