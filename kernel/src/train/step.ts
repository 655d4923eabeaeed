// The training step (overridable: model.trainStep) and the evaluation and prediction steps.
import { keep, tidy } from "../tensor/scope.js";
import { detach } from "../tensor/engine.js";
import { Tensor } from "../tensor/tensor.js";
import type { Optimizer } from "../optim/optimizer.js";
import type { Model } from "../nn/model.js";
import type { Tensors } from "../nn/layer.js";
import type { CompiledModel, Logs } from "./compile.js";
import type { Batch } from "./data.js";

/**
 * What a training step gets besides its batch. A custom step returns this batch's values
 * (e.g. `{ loss }`); fit averages each over the epoch, weighted by batch size, and adds
 * the compiled metrics' results when the step updated them with `updateMetrics`.
 */
export interface TrainStepContext {
  model: Model;
  optimizer: Optimizer;
  /** The compile() state: losses, metrics, optimizer. */
  compiled: CompiledModel;
  /** The epoch (0-based) and the batch index within it. */
  epoch: number;
  batch: number;
  /** The compiled losses for this batch: Σ weight · output loss + regularisation, as a scalar tensor. */
  computeLoss(y: readonly Tensor[], yPred: readonly Tensor[], sampleWeight?: Tensor): Tensor;
  /** Updates the compiled metrics (accuracy, …) with this batch. */
  updateMetrics(y: readonly Tensor[], yPred: readonly Tensor[], sampleWeight?: Tensor): void;
  /** The built-in step, for a custom step that only adds to it. */
  defaultStep(batch: Batch): StepLogs;
}

/** Calls the model on the batch's inputs (one tensor, or a list for several inputs). */
export function callModel(model: Model, x: readonly Tensor[], training: boolean): Tensor[] {
  const out: Tensors = model.apply((x.length === 1 ? x[0]! : [...x]) as Tensor, { training });
  return Array.isArray(out) ? out : [out];
}

export function stepContext(model: Model, compiled: CompiledModel, epoch: number, batch: number): TrainStepContext {
  return {
    model,
    optimizer: compiled.optimizer,
    compiled,
    epoch,
    batch,
    computeLoss: (y, yPred, sw) => compiled.computeLoss(y, yPred, sw).total,
    updateMetrics: (y, yPred, sw) => compiled.updateMetrics(y, yPred, sw),
    defaultStep: (b) => defaultTrainStep(model, compiled, b),
  };
}

/**
 * The built-in training step: forward pass in training mode, the compiled loss, one
 * `optimizer.minimize` over the trainable weights (so Newton gets the loss function),
 * the weights' constraints, then the metrics on this batch's predictions.
 * Returns this batch's loss (and each output's loss for several outputs).
 * @example model.trainStep = (batch, ctx) => { logBatch(batch); return defaultTrainStep(model, ctx.compiled, batch); };
 */
export function defaultTrainStep(model: Model, compiled: CompiledModel, batch: Batch): StepLogs {
  const variables = model.trainableWeights;
  let captured: Tensor[] = [];
  let count = 0;
  const release = () => captured.forEach((t) => t.dispose());
  const lossFn = (): Tensor => {
    const yPred = callModel(model, batch.x, true);
    const { total, perOutput } = compiled.computeLoss(batch.y, yPred, batch.sampleWeight);
    // The predictions and per-output losses of the (last) forward pass feed the metrics.
    release();
    captured = [...yPred, ...perOutput].map((t) => keep(t));
    count = yPred.length;
    return total;
  };
  try {
    // An alias: the loss may be one of the captured tensors released below.
    const loss = detach(variables.length > 0 ? compiled.optimizer.minimize(lossFn, variables) : lossFn());
    model.applyConstraints();
    const logs: StepLogs = { loss };
    const keys = compiled.outputLossKeys();
    // The per-output losses are logged as tensors too: fit reads them when it needs the numbers.
    keys.forEach((key, i) => (logs[key] = detach(captured[count + i]!)));
    tidy(() => compiled.updateMetrics(batch.y, captured.slice(0, count), batch.sampleWeight));
    return logs;
  } finally {
    release();
  }
}

/** Loss (incl. regularisation) and per-output losses of one batch in inference mode; updates the metrics. */
export function testStep(model: Model, compiled: CompiledModel, batch: Batch): StepLogs {
  return tidy(() => {
    const yPred = callModel(model, batch.x, false);
    const { total, perOutput } = compiled.computeLoss(batch.y, yPred, batch.sampleWeight);
    compiled.updateMetrics(batch.y, yPred, batch.sampleWeight);
    const logs: StepLogs = { loss: total };
    compiled.outputLossKeys().forEach((key, i) => (logs[key] = perOutput[i]!));
    return logs;
  });
}

/** A training step's values: numbers, or scalar tensors that stay on the device until read. */
export type StepLogs = Record<string, number | Tensor>;

/**
 * Batch-size-weighted running means of per-batch values. Tensor values are summed on their
 * device (no read per batch); `result()` reads the sums, once, when someone asks.
 */
export class WeightedMeans {
  private readonly sums = new Map<string, number>();
  private readonly tensorSums = new Map<string, Tensor>();
  private readonly weights = new Map<string, number>();

  add(values: StepLogs, weight: number): void {
    for (const [key, value] of Object.entries(values)) {
      if (value instanceof Tensor) {
        const previous = this.tensorSums.get(key);
        this.tensorSums.set(key, keep(tidy(() => (previous ? previous.add(value.mul(weight)) : value.mul(weight)))));
        previous?.dispose();
      } else if (typeof value === "number") {
        this.sums.set(key, (this.sums.get(key) ?? 0) + value * weight);
      } else continue;
      this.weights.set(key, (this.weights.get(key) ?? 0) + weight);
    }
  }

  /** The means, reading the device sums synchronously (CPU backends). */
  result(): Logs {
    return this.combine((t) => t.item());
  }

  /** The means on any backend (awaits the device sums). */
  async resultAsync(): Promise<Logs> {
    const read = new Map<Tensor, number>();
    for (const t of this.tensorSums.values()) read.set(t, (await t.data())[0]!);
    return this.combine((t) => read.get(t)!);
  }

  /** Each key's mean: its number sum and its device sum (a step may log either) over its weight. */
  private combine(read: (t: Tensor) => number): Logs {
    const out: Logs = {};
    for (const [key, weight] of this.weights) {
      const device = this.tensorSums.get(key);
      out[key] = ((this.sums.get(key) ?? 0) + (device ? read(device) : 0)) / weight;
    }
    return out;
  }

  /** Frees the device sums. */
  dispose(): void {
    for (const t of this.tensorSums.values()) t.dispose();
    this.tensorSums.clear();
  }
}
