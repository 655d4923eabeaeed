// compile(): the optimizer, one loss per output (weighted into the total), and the
// streaming metrics per output, with the Keras log names ("loss", "<output>_loss",
// "accuracy", "<output>_accuracy").
import { ArgumentError, GradbookError } from "../tensor/errors.js";
import { checkOptions, optionNames } from "../tensor/options.js";
import type { Tensor } from "../tensor/tensor.js";
import { getOptimizer } from "../optim/registry.js";
import type { Optimizer } from "../optim/optimizer.js";
import type { Loss, Metric } from "../nn/loss-types.js";
import { getLoss, type LossSpec } from "../nn/losses.js";
import { getMetric, type MetricSpec } from "../nn/metrics.js";
import { inGraph } from "../nn/metrics/base.js";
import { Sequential, type Model } from "../nn/model.js";

export interface CompileOptions {
  /** An optimizer name ("adam", "sgd", …) or instance. Default "rmsprop", as in Keras. */
  optimizer?: string | Optimizer;
  /** One loss (for every output), a list with one per output, or a record by output name. */
  loss: LossSpec | readonly LossSpec[] | Readonly<Record<string, LossSpec>>;
  /**
   * Metrics: a list (applied to every output), a list of lists (one per output) or a record
   * by output name. With several outputs the log keys are "<output>_<metric>".
   */
  metrics?: readonly MetricSpec[] | readonly (readonly MetricSpec[])[] | Readonly<Record<string, MetricSpec | readonly MetricSpec[]>>;
  /** Weights of the outputs' losses in the total loss: a list or a record by output name (default 1). */
  lossWeights?: readonly number[] | Readonly<Record<string, number>>;
  /**
   * Run each training step op by op (true) instead of as one compiled graph (default false,
   * as in Keras): easier to debug, since values can be read inside the step.
   */
  runEagerly?: boolean;
}

/** One model output with its loss, weight and metrics. */
export interface CompiledOutput {
  name: string;
  loss: Loss;
  weight: number;
  metrics: Metric[];
}

/** Logs: metric name → value ("loss", "val_loss", "accuracy", …). */
export type Logs = Record<string, number>;

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * The state compile() leaves on a model. Outputs are resolved when their number is known:
 * at once for functional and sequential models, at the first batch for subclassed ones.
 * @example model.compile({ optimizer: "adam", loss: "mse" }); model.compiled!.optimizer.className // "Adam"
 */
export class CompiledModel {
  readonly optimizer: Optimizer;
  private resolved: CompiledOutput[] | undefined;
  /** True once metrics were updated since the last reset (a custom step may not update them). */
  metricsUpdated = false;

  constructor(
    private readonly model: Model,
    readonly options: CompileOptions,
  ) {
    if (!isPlainRecord(options)) throw new ArgumentError(`compile: expected options like { optimizer: "adam", loss: "mse", metrics: ["mae"] }, got ${String(options)}`);
    checkOptions("compile", options, optionNames<CompileOptions>({ optimizer: true, loss: true, metrics: true, lossWeights: true, runEagerly: true }));
    if (options.loss === undefined || options.loss === null) {
      throw new ArgumentError(`compile: give a loss, e.g. model.compile({ optimizer: "adam", loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] })`);
    }
    this.optimizer = getOptimizer(options.optimizer ?? "rmsprop");
    const names = knownOutputNames(model);
    if (names) this.resolve(names);
  }

  /** The outputs with their losses and metrics (resolving them for `names` on first use). */
  outputs(names?: readonly string[]): CompiledOutput[] {
    if (!this.resolved) {
      if (!names) throw new GradbookError("compile: the model's outputs are not known yet");
      this.resolve(names);
    }
    return this.resolved!;
  }

  private resolve(names: readonly string[]): void {
    const { loss, metrics, lossWeights } = this.options;
    const many = names.length > 1;
    const losses = names.map((name, i) => getLoss(pickPerOutput("loss", loss, names, name, i, true) as LossSpec));
    const weights = names.map((name, i) => {
      if (lossWeights === undefined) return 1;
      const w = Array.isArray(lossWeights) ? (lossWeights as number[])[i] : (lossWeights as Record<string, number>)[name];
      if (Array.isArray(lossWeights) && lossWeights.length !== names.length) {
        throw new ArgumentError(`compile: lossWeights has ${lossWeights.length} entries but the model has ${names.length} output(s) (${names.join(", ")})`);
      }
      if (isPlainRecord(lossWeights)) {
        const unknown = Object.keys(lossWeights).filter((k) => !names.includes(k));
        if (unknown.length) throw new ArgumentError(`compile: lossWeights names unknown output(s) ${unknown.join(", ")}; the outputs are ${names.join(", ")}`);
      }
      if (w === undefined) return 1;
      if (typeof w !== "number" || !Number.isFinite(w)) throw new ArgumentError(`compile: the loss weight of output ${name} must be a finite number, got ${String(w)}`);
      return w;
    });
    const metricLists = names.map((name, i) => metricsFor(metrics, names, name, i));
    this.resolved = names.map((name, i) => {
      const outputShape = knownOutputShape(this.model, i);
      const outputMetrics = metricLists[i]!.map((spec) => getMetric(spec, { loss: losses[i]!, ...(outputShape ? { outputShape } : {}) }));
      const seen = new Set<string>();
      for (const m of outputMetrics) {
        if (seen.has(m.name)) throw new ArgumentError(`compile: two metrics of output ${name} are both named "${m.name}"; give one of them another name`);
        seen.add(m.name);
      }
      return { name, loss: losses[i]!, weight: weights[i]!, metrics: outputMetrics };
    });
    if (!many) return;
    const keys = new Set<string>();
    for (const key of this.logKeys()) {
      if (keys.has(key)) throw new ArgumentError(`compile: two log entries would both be named "${key}"; rename an output or a metric`);
      keys.add(key);
    }
  }

  /** The keys a training epoch logs, in order: loss, per-output losses, metrics. */
  logKeys(): string[] {
    const outs = this.resolved ?? [];
    const many = outs.length > 1;
    return ["loss", ...(many ? outs.map((o) => `${o.name}_loss`) : []), ...outs.flatMap((o) => o.metrics.map((m) => (many ? `${o.name}_${m.name}` : m.name)))];
  }

  /**
   * The weighted total loss over the outputs plus the weights' regularisation penalties,
   * and each output's loss. Σ(sampleWeight · perSample) / number of samples per output.
   */
  computeLoss(y: readonly Tensor[], yPred: readonly Tensor[], sampleWeight?: Tensor): { total: Tensor; perOutput: Tensor[] } {
    const outs = this.outputs(outputNamesFor(this.model, yPred.length));
    if (yPred.length !== outs.length) throw new GradbookError(`${this.model.name}: the model returned ${yPred.length} output(s) but was compiled for ${outs.length}`);
    if (y.length !== outs.length) {
      throw new ArgumentError(`${this.model.name}: the model has ${outs.length} output(s) (${outs.map((o) => o.name).join(", ")}) but y has ${y.length} tensor(s); give one target per output, as a list or a record by output name`);
    }
    const perOutput = outs.map((out, i) => {
      const perSample = out.loss.perSample(y[i]!, yPred[i]!);
      if (!sampleWeight) return perSample.mean();
      const sw = perSample.rank > 1 ? sampleWeight.reshape([sampleWeight.shape[0]!, ...perSample.shape.slice(1).map(() => 1)]) : sampleWeight;
      return perSample.mul(sw.cast(perSample.dtype)).sum().div(perSample.size);
    });
    let total = perOutput.reduce<Tensor | undefined>((sum, l, i) => {
      const weighted = outs[i]!.weight === 1 ? l : l.mul(outs[i]!.weight);
      return sum ? sum.add(weighted) : weighted;
    }, undefined)!;
    const penalty = this.model.regularizationLoss();
    if (penalty) total = total.add(penalty.cast(total.dtype));
    return { total, perOutput };
  }

  /** Updates every output's metrics with this batch. */
  updateMetrics(y: readonly Tensor[], yPred: readonly Tensor[], sampleWeight?: Tensor): void {
    this.updateMetricsFromStep(y, yPred, [], sampleWeight);
  }

  /**
   * The per-sample values of the metrics that a compiled training step computes in its graph
   * (nn/metrics/base.ts inGraph: the library's accuracies and errors), output by output;
   * called while the step is traced.
   * @example const values = compiled.graphMetricValues(y, yPred) // [per-sample accuracy]
   */
  graphMetricValues(y: readonly Tensor[], yPred: readonly Tensor[]): Tensor[] {
    return this.metricOutputs(y, yPred).flatMap((out, i) => out.metrics.filter(inGraph).map((m) => m.batchValues(y[i]!, yPred[i]!)));
  }

  /**
   * Updates every output's metrics after a step: those computed in its graph from `values`
   * (graphMetricValues' order; none for an eager step), the others from the predictions.
   * @example compiled.updateMetricsFromStep(batch.y, yPred, values, batch.sampleWeight)
   */
  updateMetricsFromStep(y: readonly Tensor[], yPred: readonly Tensor[], values: readonly Tensor[], sampleWeight?: Tensor): void {
    let next = 0;
    for (const [i, out] of this.metricOutputs(y, yPred).entries()) {
      for (const m of out.metrics) {
        if (values.length > 0 && inGraph(m)) m.updateFromValues(values[next++]!, sampleWeight);
        else m.update(y[i]!, yPred[i]!, sampleWeight);
      }
    }
    this.metricsUpdated = true;
  }

  /** The outputs whose metrics a batch updates, checking that y has one target per output. */
  private metricOutputs(y: readonly Tensor[], yPred: readonly Tensor[]): CompiledOutput[] {
    const outs = this.outputs(outputNamesFor(this.model, yPred.length));
    if (y.length !== outs.length) throw new ArgumentError(`${this.model.name}: the model has ${outs.length} output(s) but y has ${y.length} tensor(s)`);
    return outs;
  }

  resetMetrics(): void {
    for (const out of this.resolved ?? []) for (const m of out.metrics) m.reset();
    this.metricsUpdated = false;
  }

  /** The metrics' current results, keyed as in the logs (synchronous: CPU backends). */
  metricLogs(): Logs {
    const logs: Logs = {};
    for (const [key, m] of this.keyedMetrics()) logs[key] = m.result();
    return logs;
  }

  /** The metrics' current results on every backend (waits for sums kept on a GPU). */
  async metricLogsAsync(): Promise<Logs> {
    const logs: Logs = {};
    for (const [key, m] of this.keyedMetrics()) logs[key] = m.resultAsync ? await m.resultAsync() : m.result();
    return logs;
  }

  private keyedMetrics(): [string, Metric][] {
    const outs = this.resolved ?? [];
    const many = outs.length > 1;
    return outs.flatMap((out) => out.metrics.map((m) => [many ? `${out.name}_${m.name}` : m.name, m] as [string, Metric]));
  }

  /** The log keys of the per-output losses ("<output>_loss"), empty for one output. */
  outputLossKeys(): string[] {
    const outs = this.resolved ?? [];
    return outs.length > 1 ? outs.map((o) => `${o.name}_loss`) : [];
  }
}

/** Output names when they are known before any call (functional and sequential models). */
function knownOutputNames(model: Model): string[] | undefined {
  if (model.isFunctional) return model.outputs.map((o) => o.name);
  if (model instanceof Sequential) return [model.layers.at(-1)?.name ?? "output"];
  return undefined;
}

/** The shape of output `index` (batch axis null) when the model knows it before a call. */
function knownOutputShape(model: Model, index: number): (number | null)[] | undefined {
  if (model.isFunctional) return [...model.outputs[index]!.shape];
  const shape = model.outputShape;
  if (shape === undefined || !model.built) return undefined;
  return Array.isArray(shape[0]) ? [...((shape as (number | null)[][])[index] ?? [])] : [...(shape as (number | null)[])];
}

/** Output names for a model that returned `count` outputs. */
export function outputNamesFor(model: Model, count: number): string[] {
  const known = knownOutputNames(model);
  if (known && known.length === count) return known;
  return count === 1 ? [known?.[0] ?? "output"] : Array.from({ length: count }, (_, i) => `output_${i + 1}`);
}

/** The names used to match records of y: the output names when known. */
export function targetNamesFor(model: Model): string[] {
  return knownOutputNames(model) ?? ["output"];
}

/** The input names used to match records of x. */
export function inputNamesFor(model: Model): string[] {
  return model.isFunctional ? model.inputs.map((i) => i.name) : ["input"];
}

/** A saved loss or metric, `{ className, config }` (a single spec, not a record by output name). */
function isSerialized(value: unknown): boolean {
  return isPlainRecord(value) && typeof value.className === "string";
}

function pickPerOutput(what: string, spec: unknown, names: readonly string[], name: string, index: number, required: boolean): unknown {
  if (isSerialized(spec)) return spec;
  if (Array.isArray(spec)) {
    if (spec.length !== names.length) throw new ArgumentError(`compile: ${what} has ${spec.length} entries but the model has ${names.length} output(s) (${names.join(", ")}); give one per output`);
    return spec[index];
  }
  if (isPlainRecord(spec)) {
    const unknown = Object.keys(spec).filter((k) => !names.includes(k));
    if (unknown.length) throw new ArgumentError(`compile: ${what} names unknown output(s) ${unknown.map((k) => JSON.stringify(k)).join(", ")}; the model's outputs are ${names.join(", ")}`);
    if (required && spec[name] === undefined) throw new ArgumentError(`compile: ${what} has no entry for output "${name}"; give one for each of ${names.join(", ")}`);
    return spec[name];
  }
  return spec;
}

function metricsFor(metrics: CompileOptions["metrics"], names: readonly string[], name: string, index: number): MetricSpec[] {
  if (metrics === undefined || metrics === null) return [];
  if (isPlainRecord(metrics) && !isSerialized(metrics)) {
    const entry = pickPerOutput("metrics", metrics, names, name, index, false);
    return entry === undefined ? [] : Array.isArray(entry) ? [...entry] : [entry as MetricSpec];
  }
  if (!Array.isArray(metrics)) throw new ArgumentError(`compile: metrics must be a list like ["accuracy"] (or a record by output name), got ${String(metrics)}`);
  const nested = metrics.length > 0 && metrics.every((m) => Array.isArray(m));
  if (nested) return [...((pickPerOutput("metrics", metrics, names, name, index, false) as MetricSpec[] | undefined) ?? [])];
  return [...(metrics as MetricSpec[])];
}
