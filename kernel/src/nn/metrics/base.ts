// Streaming building blocks: a weighted running mean, a metric from a per-sample function,
// and the "loss" entry of fit's logs. Totals are kept as JavaScript numbers (float64).
import { Tensor } from "../../tensor/tensor.js";
import { tensor, toTensor, type TensorLike } from "../../tensor/convert.js";
import { ShapeError } from "../../tensor/errors.js";
import { keep, tidy } from "../../tensor/scope.js";
import { checkOptions, optionNames } from "../../tensor/options.js";
import type { Loss, Metric } from "../loss-types.js";

export const showShape = (shape: readonly number[]): string => `[${shape.join(", ")}]`;

/** Common config of every metric. */
export interface MetricConfig {
  /** The key in logs and History; defaults to Keras's snake_case name of the class. */
  name?: string;
}

/** The options every metric takes. */
const METRIC_OPTIONS = optionNames<MetricConfig>({ name: true });

/** Values of a tensor (or number) as float64. */
export function values64(x: TensorLike): Float64Array {
  if (typeof x === "number") return Float64Array.of(x);
  return Float64Array.from(toTensor(x).dataSync() as ArrayLike<number>);
}

/**
 * Weight of each element of a [batch, …] tensor of `size` elements: none (1 each), one number,
 * one weight per sample ([batch] or [batch, 1], shared by that sample's elements) or one per element.
 */
export function elementWeights(who: string, sampleWeight: TensorLike | undefined, shape: readonly number[]): (i: number) => number {
  if (sampleWeight === undefined) return () => 1;
  const w = values64(sampleWeight);
  const size = shape.reduce((a, b) => a * b, 1);
  if (w.length === 1 && (typeof sampleWeight === "number" || toTensor(sampleWeight).rank === 0)) return () => w[0]!;
  const batch = shape.length === 0 ? 1 : shape[0]!;
  if (w.length === size) return (i) => w[i]!;
  if (w.length === batch) {
    const inner = batch === 0 ? 1 : size / batch;
    return (i) => w[Math.floor(i / inner)]!;
  }
  const given = typeof sampleWeight === "number" ? [] : [...toTensor(sampleWeight).shape];
  throw new ShapeError(`${who}: sample weights must have one weight per sample, shape [${batch}], but got shape ${showShape(given)} for values of shape ${showShape(shape)}`);
}

/**
 * A weighted running mean Σ(w·v)/Σw (0 before any weight): the state behind every averaging metric.
 * @example const m = new Mean(); m.updateState(tensor([1, 3])); m.updateState(5, 2); m.result() // (1 + 3 + 10) / 4
 */
export class Mean {
  readonly className: string = "Mean";
  readonly name: string;
  total = 0;
  count = 0;
  /** Σ(w·v) of values that live on a backend without synchronous reads (a GPU): summed there. */
  private deviceTotal: Tensor | undefined;

  constructor(config: MetricConfig = {}) {
    checkOptions(new.target.name, config, METRIC_OPTIONS);
    this.name = config.name ?? "mean";
  }

  /** Adds values (a tensor of any shape or a number) with optional weights, broadcast per sample. */
  updateState(values: TensorLike, sampleWeight?: TensorLike): void {
    const shape = typeof values === "number" ? [] : toTensor(values).shape;
    const weight = elementWeights(this.name, sampleWeight, shape);
    if (values instanceof Tensor && values.backend && !values.backend.canReadSync) {
      this.addOnDevice(values, weight);
      return;
    }
    const v = values64(values);
    let total = 0;
    let count = 0;
    for (let i = 0; i < v.length; i++) {
      const w = weight(i);
      total += v[i]! * w;
      count += w;
    }
    this.total += total;
    this.count += count;
  }

  /** Sums w·v where the values are, so a training step never waits for a read; the weights are host data. */
  private addOnDevice(values: Tensor, weight: (i: number) => number): void {
    const w = new Float32Array(values.size);
    let count = 0;
    for (let i = 0; i < w.length; i++) count += w[i] = weight(i);
    const previous = this.deviceTotal;
    this.deviceTotal = keep(tidy(() => {
      const sum = values.cast("float32").mul(tensor(w, { shape: [...values.shape] })).sum();
      return previous ? previous.add(sum) : sum;
    }));
    previous?.dispose();
    this.count += count;
  }

  reset(): void {
    this.total = 0;
    this.count = 0;
    this.deviceTotal?.dispose();
    this.deviceTotal = undefined;
  }

  /** The mean; values summed on a GPU are read here (use resultAsync() there). */
  result(): number {
    return this.count === 0 ? 0 : (this.total + (this.deviceTotal?.item() ?? 0)) / this.count;
  }

  /** The mean on every backend: waits for the device sum. */
  async resultAsync(): Promise<number> {
    const device = this.deviceTotal ? (await this.deviceTotal.data())[0]! : 0;
    return this.count === 0 ? 0 : (this.total + device) / this.count;
  }

  getConfig(): Record<string, unknown> {
    return { name: this.name };
  }
}

/** The library's MeanMetricWrapper subclasses whose per-sample values are ops only (see inGraph). */
const valuesAreOps = new WeakSet<object>();

/**
 * Marks a library metric class whose per-sample values are computed by ops alone (no reads of
 * values): a compiled training step computes them in its graph.
 * @example computedInGraph(SparseCategoricalAccuracy)
 */
export function computedInGraph(metricClass: abstract new (...args: never[]) => MeanMetricWrapper): void {
  valuesAreOps.add(metricClass);
}

/**
 * Whether a compiled training step computes `metric`'s per-sample values in its graph (then
 * passes them to updateFromValues): one of the library's classes marked by computedInGraph,
 * neither subclassed nor with update() replaced. A metric made from a function, or a user's
 * subclass, may read values, which a graph cannot: it is updated from the step's predictions.
 * @example inGraph(new SparseCategoricalAccuracy()) // true; inGraph(new MeanMetricWrapper(myFn)) // false
 */
export function inGraph(metric: Metric): metric is MeanMetricWrapper {
  return metric instanceof MeanMetricWrapper && valuesAreOps.has(metric.constructor) && metric.update === MeanMetricWrapper.prototype.update;
}

/**
 * A metric from a per-sample function (yTrue, yPred) → values: their weighted mean over all batches.
 * @example new MeanMetricWrapper((t, p) => t.sub(p).abs().mean(-1), { name: "mae" })
 */
export class MeanMetricWrapper implements Metric {
  readonly className: string = "MeanMetricWrapper";
  readonly name: string;
  protected readonly state: Mean;

  constructor(
    readonly fn: (yTrue: Tensor, yPred: Tensor) => Tensor,
    config: MetricConfig = {},
    defaultName = fn.name || "custom_metric",
    /** The options the (sub)class takes; an unknown one is refused by name. */
    options: readonly string[] = METRIC_OPTIONS,
  ) {
    checkOptions(new.target.name, config, options);
    this.name = config.name ?? defaultName;
    this.state = new Mean({ name: this.name });
  }

  /** Per-sample values for one batch (rank-1 predictions count one value per sample). */
  protected values(yTrue: Tensor, yPred: Tensor): Tensor {
    return this.fn(yTrue, yPred);
  }

  /**
   * This batch's per-sample values, for a compiled training step to compute in its graph (see inGraph).
   * @example const v = metric.batchValues(y, yPred); metric.updateFromValues(v)
   */
  batchValues(yTrue: Tensor, yPred: Tensor): Tensor {
    return this.values(yTrue, yPred);
  }

  /**
   * Adds per-sample values that batchValues computed (in a compiled step's graph), as update() adds its own.
   * @example metric.updateFromValues(values, sampleWeight)
   */
  updateFromValues(values: Tensor, sampleWeight?: TensorLike): void {
    this.state.updateState(values, sampleWeight);
  }

  update(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike): void {
    const values = tidy(() => this.values(toTensor(yTrue), toTensor(yPred)));
    try {
      this.updateFromValues(values, sampleWeight);
    } finally {
      values.dispose();
    }
  }

  reset(): void {
    this.state.reset();
  }

  result(): number {
    return this.state.result();
  }

  resultAsync(): Promise<number> {
    return this.state.resultAsync();
  }

  getConfig(): Record<string, unknown> {
    return { name: this.name };
  }
}

/**
 * The "loss" entry of fit's logs: the batch-size-weighted mean of batch losses, each
 * Σ(w·perSample)/batch as fit computes it. `update` computes the loss; `updateState(loss, batchSize)`
 * records one fit already computed (regularisation included).
 * @example const m = new LossMean(getLoss("mse")); m.updateState(0.5, 32); m.result() // 0.5
 */
export class LossMean implements Metric {
  readonly className = "LossMean";
  readonly name: string;
  private readonly state = new Mean();

  constructor(
    readonly loss: Loss,
    config: MetricConfig = {},
  ) {
    checkOptions("LossMean", config, METRIC_OPTIONS);
    this.name = config.name ?? "loss";
  }

  update(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike): void {
    const perSample = tidy(() => this.loss.perSample(toTensor(yTrue), toTensor(yPred)));
    try {
      const batch = perSample.shape[0] ?? 1;
      const weight = elementWeights(this.name, sampleWeight, perSample.shape);
      const v = values64(perSample);
      let total = 0;
      for (let i = 0; i < v.length; i++) total += v[i]! * weight(i);
      this.state.total += total;
      this.state.count += batch;
    } finally {
      perSample.dispose();
    }
  }

  /** Records a batch loss already computed (a number or scalar tensor) for `batchSize` samples. */
  updateState(loss: TensorLike, batchSize = 1): void {
    this.state.updateState(loss, batchSize);
  }

  reset(): void {
    this.state.reset();
  }

  result(): number {
    return this.state.result();
  }

  getConfig(): Record<string, unknown> {
    return { name: this.name, loss: { className: this.loss.className, config: this.loss.getConfig() } };
  }
}
