/**
 * liveMetrics(): a fit callback that draws the training curves live (loss and every metric,
 * per batch and per epoch, the learning rate, best values, the early-stop epoch).
 */
import { checkOptions, optionNames } from "../../tensor/options.js";
import { Callback } from "../../train/callbacks/callback.js";
import { EarlyStopping } from "../../train/callbacks/early-stopping.js";
import type { Logs } from "../../train/compile.js";
import { learningRateOf } from "../common/callback.js";
import { MetricsPlot, type MetricsPlotOptions, type MetricsRun } from "./metrics-plot.js";

export interface LiveMetricsOptions extends MetricsPlotOptions {
  /** Draw into this shared chart (several fits overlaid) instead of a new one. */
  plot?: MetricsPlot;
  /** The run's name in the legend (default "run N"). */
  label?: string;
  /** Record per-batch values too (default true). */
  perBatch?: boolean;
  /**
   * Whose `stoppedEpoch` marks the chart. Not needed for an EarlyStopping among the same
   * fit's callbacks: liveMetrics finds that one itself.
   */
  earlyStopping?: { stoppedEpoch?: number };
}

/** The callback made by liveMetrics(); `plot` is the chart it draws into. */
export class LiveMetrics extends Callback {
  readonly plot: MetricsPlot;
  private run: MetricsRun | undefined;
  private epoch = 0;
  private lastEpochDone = -1;
  private readonly label: string | undefined;
  private readonly perBatch: boolean;
  private readonly earlyStopping: { stoppedEpoch?: number } | undefined;

  constructor(options: LiveMetricsOptions = {}) {
    super();
    this.plot = options.plot ?? new MetricsPlot(options);
    this.label = options.label;
    this.perBatch = options.perBatch ?? true;
    this.earlyStopping = options.earlyStopping;
  }

  override onTrainBegin(_logs?: Logs): void {
    // A second fit with the same callback continues as a new run.
    this.run = this.plot.run(this.label);
    this.run.setEpochs(typeof this.params.epochs === "number" ? this.params.epochs : null);
    this.lastEpochDone = -1;
  }

  override onEpochBegin(epoch: number, _logs?: Logs): void {
    this.epoch = epoch;
  }

  override onBatchEnd(batch: number, logs: Logs = {}): void {
    if (!this.perBatch) return;
    const run = this.ensureRun();
    const batches = typeof this.params.steps === "number" ? this.params.steps : undefined;
    const rate = learningRateOf(this.model);
    if (rate !== undefined) run.learningRate(rate, { epoch: this.epoch, batch, batches });
    run.log(logs, { epoch: this.epoch, batch, batches });
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    const run = this.ensureRun();
    const rate = learningRateOf(this.model);
    if (rate !== undefined) run.learningRate(rate, { epoch });
    this.lastEpochDone = epoch;
    run.log(logs, { epoch });
  }

  override onTrainEnd(_logs?: Logs): void {
    const run = this.ensureRun();
    // The EarlyStopping that ended this fit, when it is one of its callbacks (stoppedEpoch > 0 once it stopped).
    const found = this.callbacks.filter((c): c is EarlyStopping => c instanceof EarlyStopping);
    const stopped = (this.earlyStopping ?? found.find((c) => c.stoppedEpoch > 0) ?? found[0])?.stoppedEpoch;
    // EarlyStopping never stops after epoch 0, so 0 means it did not stop.
    if (typeof stopped === "number" && stopped > 0) run.markEarlyStop(stopped);
    // Early stopping ends a fit between epochs; stopping inside one is an interrupt (Ctrl-C).
    else if (this.model?.stopTraining && this.epoch > this.lastEpochDone) run.markInterrupted();
    else if (this.model?.stopTraining && this.lastEpochDone >= 0) run.markEarlyStop(this.lastEpochDone);
    run.done();
  }

  private ensureRun(): MetricsRun {
    return (this.run ??= this.plot.run(this.label));
  }
}

/**
 * A callback for fit that shows the training curves live in the cell output.
 * @example await model.fit(x, y, { epochs: 20, validationSplit: 0.2, callbacks: [liveMetrics()] })
 * @example
 * const shared = metricsPlot({ title: "learning rates" });
 * for (const lr of [0.1, 0.01]) await build(lr).fit(x, y, { epochs: 10, callbacks: [liveMetrics({ plot: shared, label: `lr ${lr}` })] });
 */
export function liveMetrics(options: LiveMetricsOptions = {}): LiveMetrics {
  checkOptions("liveMetrics", options, optionNames<LiveMetricsOptions>({ plot: true, label: true, perBatch: true, earlyStopping: true, title: true, locale: true, display: true, updateInterval: true, maxPoints: true, goals: true, now: true }));
  return new LiveMetrics(options);
}
