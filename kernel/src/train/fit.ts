// fit / evaluate / predict / trainOnBatch with Keras 3 semantics (shared/reference/keras-semantics.md).
import { ArgumentError, GradbookError } from "../tensor/errors.js";
import { checkOptions, optionNames } from "../tensor/options.js";
import { dispose, tidy } from "../tensor/scope.js";
import { getBackend } from "../tensor/engine.js";
import { Tensor } from "../tensor/tensor.js";
import type { TensorLike } from "../tensor/convert.js";
import { concat } from "../tensor/ops/concat.js";
import { nextKey, type RandomKey } from "../tensor/random.js";
import { isDataset, type Dataset } from "../data/dataset.js";
import type { Model } from "../nn/model.js";
import { inputNamesFor, outputNamesFor, targetNamesFor, type CompiledModel, type Logs } from "./compile.js";
import {
  TensorData,
  batchFromElement,
  batchRanges,
  checkBatchSize,
  checkFinite,
  checkRows,
  combinedSampleWeight,
  passOrder,
  toTensorList,
  validationSplitRows,
  type Batch,
  type DataInput,
} from "./data.js";
import { compiledTrainStep, usesCompiledStep } from "./compiled-step.js";
import { callModel, stepContext, testStep, WeightedMeans, type StepLogs } from "./step.js";
import { Callback, CallbackList, type TrainingParams } from "./callbacks/callback.js";
import { History } from "./callbacks/history.js";
import { ProgressLogger } from "./callbacks/progress-logger.js";
import { watchInterrupts } from "./interrupt.js";
import { printLine } from "./print.js";
import { uninterruptible } from "../tensor/interrupt-check.js";
import { message } from "../locale/messages.js";

/** Validation data: `[x, y]`, `[x, y, sampleWeight]`, `{x, y, sampleWeight}` or a Dataset of batches. */
export type ValidationData = readonly [DataInput, DataInput] | readonly [DataInput, DataInput, TensorLike] | { x: DataInput; y: DataInput; sampleWeight?: TensorLike } | Dataset<unknown>;

export interface FitOptions {
  /** Train until this epoch index (exclusive), starting at initialEpoch. Default 1. */
  epochs?: number;
  /** Samples per batch (default 32); the last, partial batch is kept. Ignored for a Dataset (it batches itself). */
  batchSize?: number;
  /** Hold out the LAST fraction of the samples (taken before shuffling) for validation. */
  validationSplit?: number;
  /** Data to validate on at the end of each epoch (overrides validationSplit). */
  validationData?: ValidationData;
  /** Reshuffle the training samples every epoch (default true); the order comes from the global seed. */
  shuffle?: boolean;
  /** Class index → weight: multiplies each sample's loss by the weight of its class. */
  classWeight?: Readonly<Record<number, number>>;
  /** One weight per training sample (shape [samples]). */
  sampleWeight?: TensorLike;
  callbacks?: readonly Callback[];
  /** 0 silent, 1 a progress bar per epoch (default), 2 one line per epoch. */
  verbose?: 0 | 1 | 2;
  /** The epoch to start at (to resume training); epochs counts from 0, not from here. */
  initialEpoch?: number;
  /** Batches per epoch: for endless Datasets, or to make epochs shorter; data continues across epochs. */
  stepsPerEpoch?: number;
  /** Batch size for validation (default: batchSize). */
  validationBatchSize?: number;
}

export interface EvaluateOptions {
  batchSize?: number;
  sampleWeight?: TensorLike;
}

export interface PredictOptions {
  batchSize?: number;
}

const fitOptionNames = optionNames<FitOptions>({ epochs: true, batchSize: true, validationSplit: true, validationData: true, shuffle: true, classWeight: true, sampleWeight: true, callbacks: true, verbose: true, initialEpoch: true, stepsPerEpoch: true, validationBatchSize: true });

/** The compiled state, or an error saying to compile first. */
export function compiledOf(model: Model, where: string): CompiledModel {
  const compiled = model.compiled;
  if (!compiled) throw new GradbookError(`${where}: the model is not compiled; call model.compile({ optimizer: "adam", loss: "mse" }) first (pick the loss for your task)`);
  return compiled;
}

/** A forward pass in inference mode, to create the weights of a model that is not built yet. */
function ensureModelBuilt(model: Model, batch: Batch): void {
  if (model.built) return;
  tidy(() => void callModel(model, batch.x, false));
}

function disposeBatch(batch: Batch): void {
  for (const t of [...batch.x, ...batch.y, ...(batch.sampleWeight ? [batch.sampleWeight] : [])]) if (!t.kept && !t.isDisposed) t.dispose();
}

async function yieldToEventLoop(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Arrays or a record given for x/y as tensors, checked (rows, NaN); conversions go to `owned`. */
function tensorData(where: string, model: Model, x: DataInput, y: DataInput | undefined, sampleWeight: TensorLike | undefined, classWeight: FitOptions["classWeight"], owned: Tensor[], needY: boolean, what = ""): TensorData {
  if (isDataset(y)) throw new ArgumentError(`${where}: y is a Dataset; pass the Dataset of {x, y} batches as x and leave y out`);
  const xs = toTensorList(where, `${what}x`, x, inputNamesFor(model), owned);
  if (needY && (y === undefined || y === null)) throw new ArgumentError(`${where}: give the targets y (one row per sample of x), or a Dataset of {x, y} batches as x`);
  const ys = y === undefined || y === null ? [] : toTensorList(where, `${what}y`, y, targetNamesFor(model), owned);
  const n = checkRows(where, xs, ys);
  const sw = combinedSampleWeight(where, n, ys, sampleWeight, classWeight, owned);
  return new TensorData(xs, ys, sw);
}

/** A source of batches for one or more passes. */
interface BatchSource {
  /** Batches per epoch when known. */
  steps: number | undefined;
  /** The batches of an epoch; each batch's tensors are disposed by the caller. */
  epoch(epoch: number): AsyncGenerator<Batch> | Generator<Batch>;
  close(): Promise<void>;
}

function tensorSource(data: TensorData, batchSize: number, shuffle: boolean, key: RandomKey | undefined, stepsPerEpoch: number | undefined): BatchSource {
  const n = data.size;
  const ranges = batchRanges(n, batchSize);
  // A continuing stream of passes (pass p shuffled with foldIn(key, p)); without stepsPerEpoch epoch e is pass e.
  let pass = -1;
  let order: Int32Array | undefined;
  let position = ranges.length;
  const next = (): Batch => {
    if (position >= ranges.length) {
      pass++;
      order = key ? passOrder(n, shuffle, key, pass) : undefined;
      position = 0;
    }
    const range = ranges[position++]!;
    return data.batch(order ? order.subarray(range.start, range.end) : range);
  };
  return {
    steps: stepsPerEpoch ?? ranges.length,
    *epoch(epoch: number) {
      if (stepsPerEpoch === undefined) {
        pass = epoch - 1;
        position = ranges.length;
      }
      const steps = stepsPerEpoch ?? ranges.length;
      for (let i = 0; i < steps; i++) yield next();
    },
    async close() {},
  };
}

function datasetSource(where: string, model: Model, dataset: Dataset<unknown>, stepsPerEpoch: number | undefined, classWeight: FitOptions["classWeight"], needY: boolean): BatchSource {
  let iterator: AsyncIterator<unknown> | undefined;
  const toBatch = (element: unknown): Batch => {
    const owned: Tensor[] = [];
    const batch = batchFromElement(where, element, inputNamesFor(model), targetNamesFor(model), owned, needY);
    if (classWeight) {
      const sw = combinedSampleWeight(where, batch.size, batch.y, batch.sampleWeight, classWeight, owned);
      return { ...batch, sampleWeight: sw };
    }
    return batch;
  };
  const size = dataset.size;
  return {
    steps: stepsPerEpoch ?? (size === undefined || size === Infinity ? undefined : size),
    async *epoch() {
      if (stepsPerEpoch === undefined) {
        if (size === Infinity) throw new ArgumentError(`${where}: the Dataset is endless (repeat() without a count); give stepsPerEpoch`);
        for await (const element of dataset) yield toBatch(element);
        return;
      }
      for (let i = 0; i < stepsPerEpoch; i++) {
        iterator ??= dataset[Symbol.asyncIterator]();
        let next = await iterator.next();
        if (next.done) {
          // The data ran out within the epoch: start a new pass over it.
          iterator = dataset[Symbol.asyncIterator]();
          next = await iterator.next();
          if (next.done) throw new GradbookError(`${where}: the Dataset yielded no batches`);
        }
        yield toBatch(next.value);
      }
    },
    async close() {
      await iterator?.return?.();
    },
  };
}

/**
 * Trains the model (Keras semantics): see FitOptions. Resolves with the History.
 * @example
 * model.compile({ optimizer: "adam", loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });
 * const history = await model.fit(xTrain, yTrain, { epochs: 10, validationSplit: 0.2 });
 */
export async function fit(model: Model, x: DataInput | Dataset<unknown>, y?: DataInput, options: FitOptions = {}): Promise<History> {
  const where = `${model.name}.fit`;
  checkOptions(where, options, fitOptionNames);
  const compiled = compiledOf(model, where);
  const epochs = options.epochs ?? 1;
  const initialEpoch = options.initialEpoch ?? 0;
  if (!Number.isInteger(epochs) || epochs < 0) throw new ArgumentError(`${where}: epochs must be a non-negative integer, got ${String(epochs)}`);
  if (!Number.isInteger(initialEpoch) || initialEpoch < 0) throw new ArgumentError(`${where}: initialEpoch must be a non-negative integer, got ${String(initialEpoch)}`);
  const batchSize = checkBatchSize(where, options.batchSize ?? 32);
  const verbose = options.verbose ?? 1;
  const shuffle = options.shuffle ?? true;
  const stepsPerEpoch = options.stepsPerEpoch;
  if (stepsPerEpoch !== undefined && (!Number.isInteger(stepsPerEpoch) || stepsPerEpoch < 1)) throw new ArgumentError(`${where}: stepsPerEpoch must be a positive integer, got ${String(stepsPerEpoch)}`);

  const owned: Tensor[] = [];
  const parts: TensorData[] = [];
  let source: BatchSource;
  let validation: TensorData | Dataset<unknown> | undefined;
  let samples: number | undefined;
  try {
    if (isDataset(x)) {
      if (y !== undefined) throw new ArgumentError(`${where}: with a Dataset as x the targets come from its {x, y} batches; leave y out (pass undefined)`);
      if (options.validationSplit !== undefined) throw new ArgumentError(`${where}: validationSplit needs tensors; with a Dataset pass validationData (e.g. another Dataset) instead`);
      if (options.sampleWeight !== undefined) throw new ArgumentError(`${where}: with a Dataset, put the sample weights in its batches ({x, y, sampleWeight})`);
      source = datasetSource(where, model, x, stepsPerEpoch, options.classWeight, true);
    } else {
      const all = tensorData(where, model, x, y, options.sampleWeight, options.classWeight, owned, true);
      all.x.forEach((t, i) => checkFinite(where, all.x.length > 1 ? `x[${i}]` : "x", t));
      all.y.forEach((t, i) => checkFinite(where, all.y.length > 1 ? `y[${i}]` : "y", t));
      let train = all;
      if (options.validationSplit !== undefined && options.validationData === undefined) {
        const split = validationSplitRows(where, all.size, options.validationSplit);
        train = all.rows(0, split);
        const held = all.rows(split, all.size);
        parts.push(train, held);
        validation = held;
      }
      samples = train.size;
      source = tensorSource(train, batchSize, shuffle, shuffle ? nextKey() : undefined, stepsPerEpoch);
    }
    if (options.validationData !== undefined) validation = validationSet(where, model, options.validationData, owned);

    const history = options.callbacks?.find((c): c is History => c instanceof History) ?? new History();
    const userCallbacks = (options.callbacks ?? []).filter((c) => c !== history);
    for (const cb of userCallbacks) if (!(cb instanceof Callback)) throw new ArgumentError(`${where}: callbacks must be Callback instances (e.g. new EarlyStopping({ patience: 3 })), got ${String(cb)}`);
    const hasProgress = userCallbacks.some((c) => c instanceof ProgressLogger);
    const callbacks = new CallbackList([...(verbose > 0 && !hasProgress ? [new ProgressLogger()] : []), ...userCallbacks, history]);
    const params: TrainingParams = { epochs, steps: source.steps, verbose, initialEpoch, batchSize: isDataset(x) ? undefined : batchSize, samples };
    callbacks.setup(model, params);
    model.history = history;
    model.stopTraining = false;

    const eagerCallbacks = userCallbacks.some((c) => c.needsEagerSteps);
    const watch = watchInterrupts(model);
    let lastLogs: Logs = {};
    try {
      await callbacks.call("onTrainBegin", {});
      let lastYield = Date.now();
      for (let epoch = initialEpoch; epoch < epochs; epoch++) {
        compiled.resetMetrics();
        const means = new WeightedMeans();
        await callbacks.call("onEpochBegin", epoch, {});
        let step = 0;
        let interrupted = false;
        for await (const batch of source.epoch(epoch)) {
          let stepLogs: StepLogs;
          try {
            ensureModelBuilt(model, batch);
            await callbacks.call("onBatchBegin", step, { batch: step, size: batch.size });
            const context = stepContext(model, compiled, epoch, step);
            // The first step runs eagerly, so mistakes in the data fail with the library's checks;
            // asked per step: a model built by its first batch has weights only after it.
            const graphStep = !eagerCallbacks && (epoch > initialEpoch || step > 0) && usesCompiledStep(model, compiled);
            // Interrupts stop fit between batches (model.stopTraining), never inside a step.
            stepLogs = uninterruptible(() => tidy(() => (graphStep ? compiledTrainStep(model, compiled, batch) : model.trainStep(batch, context))));
          } finally {
            disposeBatch(batch);
          }
          checkStepLogs(where, stepLogs);
          means.add(stepLogs, batch.size);
          dispose(stepLogs);
          // Read from the device only if a callback looks at this batch's values; a GPU is never
          // read per batch (its batch logs are empty; the epoch's logs have every value).
          const readable = getBackend().canReadSync;
          await callbacks.call("onBatchEnd", step, lazyLogs(() => (readable ? { ...means.result(), ...(compiled.metricsUpdated ? compiled.metricLogs() : {}) } : {})));
          step++;
          // Let interrupts, display updates and heartbeats through, about every 20 ms.
          if (Date.now() - lastYield > 20) {
            await yieldToEventLoop();
            lastYield = Date.now();
          }
          if (model.stopTraining) {
            interrupted = watch.interrupted();
            break;
          }
        }
        if (params.steps === undefined) params.steps = step;
        if (interrupted) {
          printLine(message("fitInterrupted", { where, batch: step, epoch: epoch + 1 }));
          break;
        }
        const epochLogs: Logs = { ...(await means.resultAsync()), ...(compiled.metricsUpdated ? await compiled.metricLogsAsync() : {}) };
        means.dispose();
        if (validation !== undefined) {
          const valLogs = isDataset(validation)
            ? await evaluateDataset(model, compiled, validation, `${where} (validation)`)
            : await evaluateTensorsAsync(model, compiled, validation, options.validationBatchSize ?? batchSize);
          for (const [key, value] of Object.entries(valLogs)) epochLogs[`val_${key}`] = value;
        }
        await callbacks.call("onEpochEnd", epoch, epochLogs);
        lastLogs = epochLogs;
        await yieldToEventLoop();
        lastYield = Date.now();
        if (model.stopTraining) break;
      }
      await callbacks.call("onTrainEnd", lastLogs);
    } finally {
      watch.stop();
      await source.close();
    }
    return history;
  } finally {
    for (const part of parts) part.dispose();
    for (const t of owned) if (!t.isDisposed) t.dispose();
  }
}

function checkStepLogs(where: string, logs: unknown): asserts logs is StepLogs {
  if (logs === null || typeof logs !== "object" || Array.isArray(logs)) throw new GradbookError(`${where}: trainStep must return logs like { loss: 0.25 }, got ${String(logs)}`);
  for (const [key, value] of Object.entries(logs)) {
    const scalar = typeof value === "number" || (value instanceof Tensor && value.size === 1);
    if (!scalar) throw new GradbookError(`${where}: trainStep returned ${key} = ${value instanceof Tensor ? `a tensor of shape [${value.shape.join(", ")}]` : String(value)}; log values must be numbers or one-element tensors`);
  }
}

/** Logs whose values are computed on first access (so nobody reads the device unless a callback looks). */
function lazyLogs(compute: () => Logs): Logs {
  let values: Logs | undefined;
  const get = () => (values ??= compute());
  return new Proxy({} as Logs, {
    get: (_target, key) => get()[key as string],
    has: (_target, key) => key in get(),
    ownKeys: () => Reflect.ownKeys(get()),
    getOwnPropertyDescriptor: (_target, key) => ({ value: get()[key as string], enumerable: true, configurable: true, writable: false }),
  });
}

function validationSet(where: string, model: Model, data: ValidationData, owned: Tensor[]): TensorData | Dataset<unknown> {
  if (isDataset(data)) return data;
  let x: DataInput;
  let y: DataInput;
  let sw: TensorLike | undefined;
  if (Array.isArray(data) && (data.length === 2 || data.length === 3)) [x, y, sw] = data as [DataInput, DataInput, TensorLike?];
  else if (data !== null && typeof data === "object" && "x" in data && "y" in data) ({ x, y, sampleWeight: sw } = data as { x: DataInput; y: DataInput; sampleWeight?: TensorLike });
  else throw new ArgumentError(`${where}: validationData must be [xVal, yVal], [xVal, yVal, sampleWeight], { x, y } or a Dataset`);
  const val = tensorData(`${where} (validationData)`, model, x, y, sw, undefined, owned, true, "validation ");
  val.x.forEach((t) => checkFinite(`${where} (validationData)`, "x", t));
  val.y.forEach((t) => checkFinite(`${where} (validationData)`, "y", t));
  return val;
}

/** Runs the test step over every batch: the loss sums stay on the device until read. */
function accumulateTensors(model: Model, compiled: CompiledModel, data: TensorData, batchSize: number): WeightedMeans {
  compiled.resetMetrics();
  const means = new WeightedMeans();
  for (const range of batchRanges(data.size, batchSize)) {
    const logs = tidy(() => {
      const batch = data.batch(range);
      ensureModelBuilt(model, batch);
      return testStep(model, compiled, batch);
    });
    means.add(logs, range.end - range.start);
    dispose(logs);
  }
  return means;
}

/** Loss and metrics over tensors, read synchronously (CPU backends). */
function evaluateTensors(model: Model, compiled: CompiledModel, data: TensorData, batchSize: number): Logs {
  const means = accumulateTensors(model, compiled, data, batchSize);
  try {
    return { ...means.result(), ...compiled.metricLogs() };
  } finally {
    means.dispose();
    compiled.resetMetrics();
  }
}

/** Loss and metrics over tensors on every backend (fit's validation: nothing is read before the end). */
async function evaluateTensorsAsync(model: Model, compiled: CompiledModel, data: TensorData, batchSize: number): Promise<Logs> {
  const means = accumulateTensors(model, compiled, data, batchSize);
  try {
    return { ...(await means.resultAsync()), ...(await compiled.metricLogsAsync()) };
  } finally {
    means.dispose();
    compiled.resetMetrics();
  }
}

async function evaluateDataset(model: Model, compiled: CompiledModel, dataset: Dataset<unknown>, where: string): Promise<Logs> {
  compiled.resetMetrics();
  const means = new WeightedMeans();
  if (dataset.size === Infinity) throw new ArgumentError(`${where}: the Dataset is endless (repeat() without a count); take(n) batches of it to evaluate`);
  for await (const element of dataset) {
    const owned: Tensor[] = [];
    const batch = batchFromElement(where, element, inputNamesFor(model), targetNamesFor(model), owned, true);
    try {
      ensureModelBuilt(model, batch);
      const logs = testStep(model, compiled, batch);
      means.add(logs, batch.size);
      dispose(logs);
    } finally {
      disposeBatch(batch);
    }
  }
  try {
    return { ...(await means.resultAsync()), ...(await compiled.metricLogsAsync()) };
  } finally {
    means.dispose();
    compiled.resetMetrics();
  }
}

/**
 * The loss (batch-size-weighted mean over the batches, regularisation included) and the
 * metrics on the given data, in inference mode. Synchronous for tensors; a Promise for a Dataset
 * (the only form on a backend that reads asynchronously, such as "webgpu").
 * @example model.evaluate(xTest, yTest) // { loss: 0.12, accuracy: 0.97 }
 */
export function evaluate(model: Model, x: DataInput, y: DataInput, options?: EvaluateOptions): Logs;
export function evaluate(model: Model, x: Dataset<unknown>, y?: undefined, options?: EvaluateOptions): Promise<Logs>;
export function evaluate(model: Model, x: DataInput | Dataset<unknown>, y?: DataInput, options: EvaluateOptions = {}): Logs | Promise<Logs> {
  const where = `${model.name}.evaluate`;
  checkOptions(where, options, optionNames<EvaluateOptions>({ batchSize: true, sampleWeight: true }));
  const compiled = compiledOf(model, where);
  if (isDataset(x)) {
    if (y !== undefined) throw new ArgumentError(`${where}: with a Dataset as x the targets come from its batches; leave y out`);
    return evaluateDataset(model, compiled, x, where);
  }
  // The logs are returned at once, so they are read synchronously: a GPU cannot give them.
  const backend = getBackend();
  if (!backend.canReadSync) throw new GradbookError(`${where}: the ${backend.name} backend reads asynchronously, so evaluate on tensors cannot return its logs at once; evaluate a Dataset: await model.evaluate(Dataset.fromTensors(x, y).batch(32))`);
  const batchSize = checkBatchSize(where, options.batchSize ?? 32);
  const owned: Tensor[] = [];
  try {
    const data = tensorData(where, model, x, y, options.sampleWeight, undefined, owned, true);
    return evaluateTensors(model, compiled, data, batchSize);
  } finally {
    for (const t of owned) t.dispose();
  }
}

/**
 * The model's output for the inputs, batch by batch, in inference mode: one tensor.
 * Synchronous for tensors; a Promise for a Dataset. A model with several outputs throws
 * here (TypeScript cannot tell from a model how many it has): use predictAll for the list.
 * @example model.predict(xTest).argmax(-1)
 */
export function predict(model: Model, x: DataInput, options?: PredictOptions): Tensor;
export function predict(model: Model, x: Dataset<unknown>, options?: PredictOptions): Promise<Tensor>;
export function predict(model: Model, x: DataInput | Dataset<unknown>, options: PredictOptions = {}): Tensor | Promise<Tensor> {
  const where = `${model.name}.predict`;
  const severalOutputs = (count: number) =>
    new ArgumentError(`${where}: the model has ${count} outputs (${outputNamesFor(model, count).join(", ")}) and predict returns one tensor; use predictAll(x), which returns them as a list in output order`);
  // Known before running for a functional model; a subclassed one shows it by what call returns.
  if (model.isFunctional && model.outputs.length > 1) throw severalOutputs(model.outputs.length);
  const single = (outputs: Tensor[]): Tensor => {
    if (outputs.length === 1) return outputs[0]!;
    for (const t of outputs) t.dispose();
    throw severalOutputs(outputs.length);
  };
  const outputs = predictOutputs(model, x, options, where);
  return outputs instanceof Promise ? outputs.then(single) : single(outputs);
}

/**
 * Every output of the model for the inputs, as a list in output order (one element for a
 * single-output model), batch by batch in inference mode; a Promise for a Dataset.
 * @example const [price, extras] = model.predictAll(xTest)
 */
export function predictAll(model: Model, x: DataInput, options?: PredictOptions): Tensor[];
export function predictAll(model: Model, x: Dataset<unknown>, options?: PredictOptions): Promise<Tensor[]>;
export function predictAll(model: Model, x: DataInput | Dataset<unknown>, options: PredictOptions = {}): Tensor[] | Promise<Tensor[]> {
  return predictOutputs(model, x, options, `${model.name}.predictAll`);
}

function predictOutputs(model: Model, x: DataInput | Dataset<unknown>, options: PredictOptions, where: string): Tensor[] | Promise<Tensor[]> {
  checkOptions(where, options, optionNames<PredictOptions>({ batchSize: true }));
  const batchSize = checkBatchSize(where, options.batchSize ?? 32);
  const pieces: Tensor[][] = [];
  const finish = (): Tensor[] => {
    if (pieces.length === 0) throw new ArgumentError(`${where}: no samples to predict`);
    const outputs = pieces[0]!.map((_, k) => (pieces.length === 1 ? pieces[0]![k]! : concat(pieces.map((p) => p[k]!), 0)));
    if (pieces.length > 1) for (const p of pieces) for (const t of p) t.dispose();
    return outputs;
  };
  /** Predicts one batch, then frees it. */
  const run = (batch: Batch): void => {
    try {
      ensureModelBuilt(model, batch);
      pieces.push(tidy(() => callModel(model, batch.x, false)));
    } finally {
      disposeBatch(batch);
    }
  };
  const release = () => pieces.forEach((p) => p.forEach((t) => t.dispose()));
  if (isDataset(x)) {
    return (async () => {
      try {
        for await (const element of x) {
          const owned: Tensor[] = [];
          run(batchFromElement(where, element, inputNamesFor(model), [], owned, false));
        }
        return finish();
      } catch (error) {
        release();
        throw error;
      }
    })();
  }
  const owned: Tensor[] = [];
  try {
    const xs = toTensorList(where, "x", x, inputNamesFor(model), owned);
    const n = checkRows(where, xs, []);
    const data = new TensorData(xs, [], undefined);
    for (const range of batchRanges(n, batchSize)) run(data.batch(range));
    return finish();
  } catch (error) {
    release();
    throw error;
  } finally {
    for (const t of owned) t.dispose();
  }
}

/**
 * One training step on one batch (the model's trainStep), with fresh metrics: this batch's loss and metrics.
 * Read at once, so not on a backend that reads asynchronously ("webgpu": use fit).
 * @example model.trainOnBatch(xBatch, yBatch) // { loss: 0.41, accuracy: 0.88 }
 */
export function trainOnBatch(model: Model, x: DataInput, y: DataInput, options: { sampleWeight?: TensorLike; classWeight?: Readonly<Record<number, number>> } = {}): Logs {
  const where = `${model.name}.trainOnBatch`;
  checkOptions(where, options, ["sampleWeight", "classWeight"]);
  const compiled = compiledOf(model, where);
  const backend = getBackend();
  if (!backend.canReadSync) throw new GradbookError(`${where}: the ${backend.name} backend reads asynchronously, so trainOnBatch cannot return its logs at once; train one step with await model.fit(x, y, { epochs: 1, batchSize: x.shape[0] })`);
  const owned: Tensor[] = [];
  try {
    const data = tensorData(where, model, x, y, options.sampleWeight, options.classWeight, owned, true);
    const batch: Batch = { x: data.x, y: data.y, sampleWeight: data.sampleWeight, size: data.size };
    ensureModelBuilt(model, batch);
    compiled.resetMetrics();
    const logs = tidy(() => model.trainStep(batch, stepContext(model, compiled, 0, 0)));
    checkStepLogs(where, logs);
    const means = new WeightedMeans();
    means.add(logs, 1);
    dispose(logs);
    try {
      return { ...means.result(), ...(compiled.metricsUpdated ? compiled.metricLogs() : {}) };
    } finally {
      means.dispose();
    }
  } finally {
    for (const t of owned) t.dispose();
  }
}
