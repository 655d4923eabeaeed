import { ArgumentError, GradbookError } from "../tensor/errors.js";
import type { Tensor } from "../tensor/tensor.js";
import { Layer, type CallOptions, type LayerConfig, type Tensors } from "./layer.js";
import { SymbolicTensor, type SymbolicShape } from "./symbolic.js";
import type { TensorLike } from "../tensor/convert.js";
import type { Optimizer } from "../optim/optimizer.js";
import type { Dataset } from "../data/dataset.js";
import { CompiledModel, type CompileOptions, type Logs } from "../train/compile.js";
import * as training from "../train/fit.js";
import { defaultTrainStep, type StepLogs, type TrainStepContext } from "../train/step.js";
import { builtInTrainSteps } from "../train/compiled-step.js";
import type { Batch, DataInput } from "../train/data.js";
import type { History } from "../train/callbacks/history.js";
import { modelSummary, type ModelSummary, type SummaryOptions } from "./summary.js";
import { saveModel, saveWeights, loadWeights, type SaveOptions } from "./persistence/save.js";

export interface ModelConfig extends LayerConfig {
  inputs?: SymbolicTensor | SymbolicTensor[];
  outputs?: SymbolicTensor | SymbolicTensor[];
}

/** One recorded layer call of a functional model. */
interface LayerCall {
  layer: Layer;
  inputs: readonly SymbolicTensor[];
  outputs: SymbolicTensor[];
  asList: boolean;
}

/** The layer calls that lead from `inputs` to `outputs`, in execution order. */
function traceCalls(inputs: readonly SymbolicTensor[], outputs: readonly SymbolicTensor[]): LayerCall[] {
  const inputSet = new Set(inputs);
  const calls = new Map<readonly SymbolicTensor[], LayerCall>();
  const order: LayerCall[] = [];
  const visiting = new Set<readonly SymbolicTensor[]>();
  const visit = (t: SymbolicTensor): void => {
    if (inputSet.has(t)) return;
    if (t.layer === null) throw new ArgumentError(`model: the output depends on the input "${t.name}", which is not among the model's inputs`);
    let call = calls.get(t.inputs);
    if (!call) {
      if (visiting.has(t.inputs)) throw new ArgumentError("model: the layer graph has a cycle");
      visiting.add(t.inputs);
      t.inputs.forEach(visit);
      call = { layer: t.layer, inputs: t.inputs, outputs: [], asList: t.calledWithList };
      calls.set(t.inputs, call);
      order.push(call);
    }
    call.outputs[t.outputIndex] = t;
  };
  outputs.forEach(visit);
  return order;
}

/**
 * A model: layers with training (compile/fit/evaluate/predict). Three ways to make one, as in Keras:
 * functional — `model({ inputs, outputs })` over symbolic tensors from `input()`;
 * sequential — `sequential([...layers])`;
 * subclass — `class MyModel extends Model { call(x) { ... } }` with layers as properties.
 * @example
 * class TwoLayer extends Model {
 *   hidden = new Dense({ units: 16, activation: "relu" });
 *   out = new Dense({ units: 1 });
 *   call(x: Tensors, options: CallOptions) { return this.out.apply(this.hidden.apply(x, options), options); }
 * }
 */
export class Model extends Layer {
  readonly inputs: SymbolicTensor[];
  readonly outputs: SymbolicTensor[];
  private readonly calls: LayerCall[];
  private readonly singleInput: boolean;
  private readonly singleOutput: boolean;
  /** Set by a callback (or a signal) to end fit() after the current batch. */
  stopTraining = false;
  /** The optimizer, losses and metrics from compile() (training: kernel/src/train). */
  compiled: CompiledModel | undefined = undefined;
  /** The History of the last fit(). */
  history: History | undefined = undefined;

  constructor(config: ModelConfig = {}) {
    super(config);
    const { inputs, outputs } = config;
    if ((inputs === undefined) !== (outputs === undefined)) throw new ArgumentError("model: give both inputs and outputs (functional API), or neither (subclass and override call)");
    this.singleInput = !Array.isArray(inputs);
    this.singleOutput = !Array.isArray(outputs);
    this.inputs = inputs === undefined ? [] : Array.isArray(inputs) ? inputs : [inputs];
    this.outputs = outputs === undefined ? [] : Array.isArray(outputs) ? outputs : [outputs];
    for (const t of [...this.inputs, ...this.outputs]) {
      if (!(t instanceof SymbolicTensor)) throw new ArgumentError(`model: inputs and outputs must be symbolic tensors from input() and layer calls, got ${String(t)}`);
    }
    this.calls = traceCalls(this.inputs, this.outputs);
    if (this.isFunctional) {
      this.built = true;
      this.builtInputShape = this.singleInput ? this.inputs[0]!.shape : this.inputs.map((i) => i.shape);
      this.outputShape = this.singleOutput ? this.outputs[0]!.shape : this.outputs.map((o) => o.shape);
    }
  }

  /** True for a model made from inputs and outputs. */
  get isFunctional(): boolean {
    return this.outputs.length > 0;
  }

  /** The model's layers in call order (functional), in order (sequential) or as found in its properties (subclass). */
  get layers(): Layer[] {
    if (!this.isFunctional) return this.sublayers;
    return [...new Set(this.calls.map((c) => c.layer))];
  }

  override get sublayers(): Layer[] {
    return this.isFunctional ? this.layers : super.sublayers;
  }

  /** The layer with this name. */
  getLayer(name: string): Layer {
    const layer = this.layers.find((l) => l.name === name);
    if (!layer) throw new ArgumentError(`${this.name}: no layer named "${name}"; layers: ${this.layers.map((l) => l.name).join(", ")}`);
    return layer;
  }

  call(inputs: Tensors, options: CallOptions): Tensors {
    if (!this.isFunctional) throw new GradbookError(`${this.className}: a subclassed model must override call(inputs, options)`);
    const given = Array.isArray(inputs) ? inputs : [inputs];
    if (given.length !== this.inputs.length) throw new ArgumentError(`${this.name}: expects ${this.inputs.length} input(s), got ${given.length}`);
    const values = new Map<SymbolicTensor, Tensor>();
    this.inputs.forEach((symbolic, i) => {
      const actual = given[i]!;
      const expected = symbolic.shape;
      const fits = actual.rank === expected.length && expected.every((d, k) => d === null || d === actual.shape[k]);
      if (!fits) throw new ArgumentError(`${this.name}: input "${symbolic.name}" expects shape [${expected.map((d) => d ?? "batch").join(", ")}], got [${actual.shape.join(", ")}]`);
      values.set(symbolic, actual);
    });
    for (const call of this.calls) {
      const args = call.inputs.map((t) => values.get(t)!);
      const result = call.layer.apply(call.asList ? args : args[0]!, options);
      (Array.isArray(result) ? result : [result]).forEach((t, i) => call.outputs[i] && values.set(call.outputs[i]!, t));
    }
    const outputs = this.outputs.map((t) => values.get(t)!);
    return this.singleOutput ? outputs[0]! : outputs;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig() };
  }

  // Training: thin wrappers over kernel/src/train (see there for the semantics).

  /** The optimizer given to compile(). */
  get optimizer(): Optimizer | undefined {
    return this.compiled?.optimizer;
  }

  /**
   * Configures training: optimizer (name or instance), loss (one, or one per output), metrics, lossWeights.
   * @example model.compile({ optimizer: "adam", loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] })
   */
  compile(options: CompileOptions): void {
    this.compiled = new CompiledModel(this, options);
  }

  /**
   * Trains the model; resolves with the History (`history.history.loss`, `val_loss`, …).
   * @example const history = await model.fit(x, y, { epochs: 10, batchSize: 32, validationSplit: 0.2 })
   */
  fit(x: DataInput | Dataset<unknown>, y?: DataInput, options?: training.FitOptions): Promise<History> {
    return training.fit(this, x, y, options);
  }

  /**
   * Loss and metrics on data, in inference mode (a Promise for a Dataset).
   * @example model.evaluate(xTest, yTest) // { loss: 0.08, accuracy: 0.97 }
   */
  evaluate(x: DataInput, y: DataInput, options?: training.EvaluateOptions): Logs;
  evaluate(x: Dataset<unknown>, y?: undefined, options?: training.EvaluateOptions): Promise<Logs>;
  evaluate(x: DataInput | Dataset<unknown>, y?: DataInput, options?: training.EvaluateOptions): Logs | Promise<Logs> {
    return training.evaluate(this, x as DataInput, y as DataInput, options);
  }

  /**
   * The output for the inputs, computed batch by batch in inference mode (a Promise for a
   * Dataset): one tensor. A model with several outputs throws here; use predictAll.
   * @example model.predict(xTest).argmax(-1)
   */
  predict(x: DataInput, options?: training.PredictOptions): Tensor;
  predict(x: Dataset<unknown>, options?: training.PredictOptions): Promise<Tensor>;
  predict(x: DataInput | Dataset<unknown>, options?: training.PredictOptions): Tensor | Promise<Tensor> {
    return training.predict(this, x as DataInput, options);
  }

  /**
   * Every output for the inputs, as a list in output order (one element for a single-output
   * model); computed like predict.
   * @example const [price, extras] = model.predictAll(xTest)
   */
  predictAll(x: DataInput, options?: training.PredictOptions): Tensor[];
  predictAll(x: Dataset<unknown>, options?: training.PredictOptions): Promise<Tensor[]>;
  predictAll(x: DataInput | Dataset<unknown>, options?: training.PredictOptions): Tensor[] | Promise<Tensor[]> {
    return training.predictAll(this, x as DataInput, options);
  }

  /**
   * One training step on one batch; returns its loss and metrics.
   * @example model.trainOnBatch(xBatch, yBatch) // { loss: 0.41 }
   */
  trainOnBatch(x: DataInput, y: DataInput, options?: { sampleWeight?: TensorLike; classWeight?: Readonly<Record<number, number>> }): Logs {
    return training.trainOnBatch(this, x, y, options);
  }

  /**
   * The training step fit() runs for each batch; override it in a subclass or assign a
   * function to customise training. Return this batch's values (e.g. `{ loss }`): fit
   * averages them over the epoch weighted by batch size and adds the compiled metrics
   * when the step updated them (`context.updateMetrics`). Runs inside tidy().
   * @example
   * model.trainStep = (batch, ctx) => {
   *   const loss = ctx.optimizer.minimize(() => ctx.computeLoss(batch.y, [model.apply(batch.x[0]!, { training: true }) as Tensor]), model.trainableWeights);
   *   return { loss };
   * };
   */
  trainStep(batch: Batch, context: TrainStepContext): StepLogs {
    return defaultTrainStep(this, context.compiled, batch);
  }

  // Persistence: the logic lives in ./summary.ts and ./persistence/.

  /**
   * The table of layers, output shapes and parameter counts (printed outside a notebook;
   * as a cell's last expression it shows as HTML; `String(model.summary())` is the text).
   * @example model.summary()
   */
  summary(options?: SummaryOptions): ModelSummary {
    return modelSummary(this, options);
  }

  /**
   * Saves architecture, weights and (when compiled) the optimizer's state to a directory; `loadModel(dir)` restores it.
   * @example await model.save("models/mlp")
   */
  save(dir: string, options?: SaveOptions): Promise<void> {
    return saveModel(this, dir, options);
  }

  /**
   * Saves the weights (any model, subclassed ones too) to one safetensors file.
   * @example await model.saveWeights("mlp.weights.safetensors")
   */
  saveWeights(path: string): Promise<void> {
    return saveWeights(this, path);
  }

  /**
   * Loads weights saved by saveWeights (matched by name, else by position; shapes must agree).
   * @example await model.loadWeights("mlp.weights.safetensors")
   */
  loadWeights(path: string): Promise<void> {
    return loadWeights(this, path);
  }
}

// fit runs this step as a compiled graph unless a subclass or assignment replaces it.
builtInTrainSteps.add(Model.prototype.trainStep);

/**
 * A functional model from symbolic inputs and outputs.
 * @example
 * const x = input({ shape: [4] });
 * const m = model({ inputs: x, outputs: new Dense({ units: 1 }).apply(x) });
 */
export function model(config: ModelConfig & { inputs: SymbolicTensor | SymbolicTensor[]; outputs: SymbolicTensor | SymbolicTensor[] }): Model {
  return new Model(config);
}

/**
 * A plain stack of layers, each feeding the next (`sequential([...])` makes one).
 * @example
 * const m = new Sequential([new Dense({ units: 8, activation: "relu", inputShape: [4] })]);
 * m.add(new Dense({ units: 3, activation: "softmax" }));
 */
export class Sequential extends Model {
  private readonly stack: Layer[] = [];

  constructor(layers: readonly Layer[] = [], config: LayerConfig = {}) {
    super(config);
    if (!Array.isArray(layers)) {
      if (typeof layers === "object" && layers !== null) throw new ArgumentError("Sequential: expected an array of layers, got an object; TensorFlow.js's sequential({ layers: [...] }) is written new Sequential([...], { name }) here");
      throw new ArgumentError(`Sequential: expected an array of layers, e.g. new Sequential([new Dense({ units: 8 })], { name: "mlp" }), got ${String(layers)}`);
    }
    layers.forEach((layer) => this.add(layer));
  }

  override get layers(): Layer[] {
    return [...this.stack];
  }

  override get sublayers(): Layer[] {
    return this.layers;
  }

  /**
   * Appends a layer. When the first layer declares `inputShape`, the model is built at once,
   * so `summary()` works before training.
   */
  add(layer: Layer): void {
    if (!(layer instanceof Layer)) throw new ArgumentError(`${this.name}.add: expected a layer, got ${String(layer)}`);
    this.stack.push(layer);
    this.built = false;
    const first = this.stack[0]!;
    if (first.inputShape) this.ensureBuilt([null, ...first.inputShape]);
  }

  override build(inputShape: SymbolicShape | SymbolicShape[]): void {
    if (Array.isArray(inputShape[0])) throw new ArgumentError(`${this.name}: a sequential model has one input`);
    let current: SymbolicTensor = new SymbolicTensor(inputShape as SymbolicShape, this.dtype, null, [], 0, `${this.name}_input`);
    for (const layer of this.stack) current = layer.apply(current) as SymbolicTensor;
    this.outputShape = current.shape;
  }

  override call(inputs: Tensors, options: CallOptions): Tensors {
    if (this.stack.length === 0) throw new GradbookError(`${this.name}: the model has no layers; add some first`);
    return this.stack.reduce<Tensors>((x, layer) => layer.apply(x, options), inputs);
  }
}

/**
 * A sequential model.
 * @example const m = sequential([new Dense({ units: 32, activation: "relu", inputShape: [4] }), new Dense({ units: 3 })]);
 */
export function sequential(layers: readonly Layer[] = [], config: LayerConfig = {}): Sequential {
  return new Sequential(layers, config);
}
