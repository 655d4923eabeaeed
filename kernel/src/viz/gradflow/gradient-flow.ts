/**
 * gradientFlow(): the fit callback of the gradient-flow view.
 *
 * How it sees gradients without help from the training loop: at each batch start it puts
 * an onGrad hook on the current value tensor of every trainable weight. The loop's
 * gradient call (gradient / variableGrads with respect to the weights) passes each
 * weight's gradient through those hooks, which record it; the hooks are removed at batch
 * end. The update-to-weight ratio compares the weights read before and after the batch.
 */
import { checkOptions, optionNames } from "../../tensor/options.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { Variable } from "../../tensor/variable.js";
import { Callback } from "../../train/callbacks/callback.js";
import type { Logs } from "../../train/compile.js";
import { GradientFlowPlot, layerOfVariable, type GradientFlowOptions } from "./gradient-flow-plot.js";

export interface GradientFlowCallbackOptions extends GradientFlowOptions {
  /** Draw into this view instead of a new one. */
  plot?: GradientFlowPlot;
}

/** The callback made by gradientFlow(); `plot` is its view. */
export class GradientFlow extends Callback {
  readonly plot: GradientFlowPlot;
  private hooks: { tensor: Tensor; hook: (g: Tensor) => void }[] = [];
  private captured = new Map<Variable, ArrayLike<number>>();
  private weights: Variable[] = [];
  private layerOf = new Map<Variable, string>();
  /** Its hooks read each gradient while the step computes it, which a compiled step does not allow. */
  override readonly needsEagerSteps = true;

  constructor(options: GradientFlowCallbackOptions = {}) {
    super();
    this.plot = options.plot ?? new GradientFlowPlot(options);
  }

  override onTrainBegin(_logs?: Logs): void {
    this.layerOf = new Map(this.model.layers.flatMap((l) => l.trainableWeights.map((w) => [w, l.name] as const)));
    this.weights = this.model.trainableWeights;
  }

  override onBatchBegin(_batch?: number, _logs?: Logs): void {
    this.removeHooks();
    if (!this.plot.recordsNextStep) return;
    this.plot.beforeStep(this.weights);
    for (const w of this.weights) {
      const tensor = w.value;
      // Read at once: the training loop may dispose the gradient right after the step.
      const hook = (g: Tensor) => void this.captured.set(w, g.dataSync() as ArrayLike<number>);
      tensor.gradHooks.push(hook);
      this.hooks.push({ tensor, hook });
    }
  }

  override onBatchEnd(_batch: number, _logs?: Logs): void {
    const recording = this.plot.recordsNextStep;
    this.removeHooks();
    if (!recording) {
      this.plot.skipStep();
      return;
    }
    const grads = this.weights.map((w) => this.captured.get(w));
    this.captured.clear();
    this.plot.afterStep(grads, this.weights, (v) => this.layerOf.get(v) ?? layerOfVariable(v.name));
  }

  override onTrainEnd(_logs?: Logs): void {
    this.removeHooks();
    this.plot.done();
  }

  private removeHooks(): void {
    for (const { tensor, hook } of this.hooks) {
      const i = tensor.gradHooks.indexOf(hook);
      if (i >= 0) tensor.gradHooks.splice(i, 1);
    }
    this.hooks = [];
  }
}

/**
 * A callback for fit that shows how gradients flow through the layers: per layer ‖g‖,
 * mean and max |g|, the update-to-weight ratio, vanishing/exploding flags, histograms.
 * @example await model.fit(x, y, { epochs: 5, callbacks: [gradientFlow({ histogramLayers: "dense_1" })] })
 */
export function gradientFlow(options: GradientFlowCallbackOptions = {}): GradientFlow {
  checkOptions("gradientFlow", options, optionNames<GradientFlowCallbackOptions>({ plot: true, title: true, locale: true, thresholds: true, histogramLayers: true, bins: true, every: true, maxColumns: true, display: true, updateInterval: true, now: true }));
  return new GradientFlow(options);
}
