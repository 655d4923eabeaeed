import { ArgumentError } from "../tensor/errors.js";
import { checkConfigOnce } from "../tensor/options.js";
import { untraced } from "../tensor/trace-state.js";
import type { DType } from "../tensor/dtype.js";
import { nameScope } from "../tensor/engine.js";
import { tidy } from "../tensor/scope.js";
import { zeros } from "../tensor/creation.js";
import { Tensor } from "../tensor/tensor.js";
import { Variable } from "../tensor/variable.js";
import { tensor, toTensor, type TensorLike } from "../tensor/convert.js";
import { SymbolicTensor, type SymbolicShape } from "./symbolic.js";
import { getInitializer } from "./initializers.js";
import type { Constraint, Initializer, Regularizer } from "./weight-options.js";

/** Options every layer takes. */
export interface LayerConfig {
  name?: string;
  trainable?: boolean;
  /** Shape of one sample, for the first layer of a sequential model (Keras `input_shape`). */
  inputShape?: readonly number[];
  dtype?: DType;
}

/** Options of a call: `training` switches Dropout and BatchNormalization to training behaviour. */
export interface CallOptions {
  training?: boolean;
}

export interface WeightOptions {
  initializer?: string | Initializer;
  trainable?: boolean;
  regularizer?: Regularizer;
  constraint?: Constraint;
  dtype?: DType;
}

interface WeightEntry {
  variable: Variable;
  regularizer?: Regularizer;
  constraint?: Constraint;
}

const nameCounts = new Map<string, number>();

/** Keras-style unique names: dense, dense_1, dense_2, … */
export function uniqueLayerName(base: string): string {
  const count = nameCounts.get(base) ?? 0;
  nameCounts.set(base, count + 1);
  return count === 0 ? base : `${base}_${count}`;
}

/** Keras's to_snake_case: Dense → dense, Conv2D → conv2d, BatchNormalization → batch_normalization, SimpleRNN → simple_rnn. */
function snakeCase(name: string): string {
  return name.replace(/(.)([A-Z][a-z0-9]+)/g, "$1_$2").replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
}

/** One or several tensors, as layers take and return them. */
export type Tensors = Tensor | Tensor[];

/**
 * The base of every layer (Keras lifecycle): configured in the constructor, creates its
 * weights once in `build(inputShape)`, computes in `call(inputs, { training })`, and
 * round-trips through `getConfig()`. `apply` works on real tensors and on the symbolic
 * tensors of the functional API.
 * @example
 * class Scale extends Layer {
 *   scale!: Variable;
 *   build() { this.scale = this.addWeight("scale", [], { initializer: "ones" }); }
 *   call(x: Tensor) { return x.mul(this.scale); }
 * }
 */
export abstract class Layer {
  readonly name: string;
  trainable: boolean;
  built = false;
  /** Per-sample input shape from the config (first layer of a Sequential). */
  readonly inputShape: readonly number[] | undefined;
  readonly dtype: DType;
  /** Output shape(s) of the last call, batch axis null. */
  outputShape: SymbolicShape | SymbolicShape[] | undefined;
  /** Input shape(s) of the first call (build), batch axis null. */
  builtInputShape: SymbolicShape | SymbolicShape[] | undefined;
  private readonly ownWeights: WeightEntry[] = [];
  /** The options the layer was made with, checked against its config when it is first built. */
  private readonly givenConfig: object;

  constructor(config: LayerConfig = {}) {
    this.givenConfig = config;
    this.name = config.name ?? uniqueLayerName(snakeCase(this.className));
    this.trainable = config.trainable ?? true;
    this.inputShape = config.inputShape;
    this.dtype = config.dtype ?? "float32";
  }

  /** The class name saved with the config (the JavaScript class name by default). */
  get className(): string {
    return this.constructor.name;
  }

  /** Creates the weights, once, from the shape of the first input (batch axis may be null). */
  build(_inputShape: SymbolicShape | SymbolicShape[]): void {}

  /** The computation. */
  abstract call(inputs: Tensors, options: CallOptions): Tensors;

  /**
   * Calls the layer: on tensors it computes; on symbolic tensors it records the call for a
   * functional model and infers the output shape. A layer with several outputs (an RNN with
   * returnState) returns a list: `const [seq, h] = lstm.apply<SymbolicTensor[]>(x)`.
   * @example new Dense({ units: 3 }).apply(tensor([[1, 2]])).shape // [1, 3]
   */
  apply<Out extends SymbolicTensor | SymbolicTensor[] = SymbolicTensor>(inputs: SymbolicTensor | SymbolicTensor[], options?: CallOptions): Out;
  apply(inputs: TensorLike | Tensor[], options?: CallOptions): Tensors;
  apply(inputs: SymbolicTensor | SymbolicTensor[] | TensorLike | Tensor[], options: CallOptions = {}): Tensors | SymbolicTensor | SymbolicTensor[] {
    const items = Array.isArray(inputs) ? (inputs as unknown[]) : undefined;
    const list = items?.every((x) => x instanceof SymbolicTensor || x instanceof Tensor) ? (items as (Tensor | SymbolicTensor)[]) : undefined;
    if (inputs instanceof SymbolicTensor || list?.some((x) => x instanceof SymbolicTensor)) {
      const symbolic = (list ?? [inputs]) as SymbolicTensor[];
      if (!symbolic.every((x) => x instanceof SymbolicTensor)) throw new ArgumentError(`${this.name}: cannot mix symbolic tensors and real tensors in one call`);
      return this.applySymbolic(symbolic, !(inputs instanceof SymbolicTensor));
    }
    const tensors = list ? (list as Tensor[]) : toTensor(inputs as TensorLike);
    const shapes = Array.isArray(tensors) ? tensors.map((t) => t.shape) : tensors.shape;
    this.ensureBuilt(shapes);
    const result = nameScope(this.name, () => this.call(tensors, options));
    const batchFree = (t: Tensor): SymbolicShape => [null, ...t.shape.slice(1)];
    this.outputShape = Array.isArray(result) ? result.map(batchFree) : batchFree(result);
    return result;
  }

  /** @internal Builds the layer for an input shape if it is not built yet (apply() and fit call it). */
  ensureBuilt(shapes: SymbolicShape | SymbolicShape[]): void {
    if (this.built) return;
    // Built-in layers (their getConfig lists every option) refuse options they do not know, as Keras does.
    if (this.getConfig !== Layer.prototype.getConfig) checkConfigOnce(this, this.className, this.givenConfig, () => this.getConfig());
    const withNullBatch = (s: SymbolicShape): SymbolicShape => [null, ...s.slice(1)];
    this.builtInputShape = isShapeList(shapes) ? shapes.map(withNullBatch) : withNullBatch(shapes);
    nameScope(this.name, () => this.build(shapes));
    this.built = true;
  }

  private applySymbolic(inputs: SymbolicTensor[], asList: boolean): SymbolicTensor | SymbolicTensor[] {
    const shapes = inputs.map((s) => s.shape);
    this.ensureBuilt(asList ? shapes : shapes[0]!);
    // Shape inference by running the layer once on zeros with batch size 1.
    const outShapes = tidy(() => {
      const dummies = inputs.map((s) => zeros(s.shape.map((d) => d ?? 1), s.dtype));
      const out = this.call(asList ? dummies : dummies[0]!, { training: false });
      return (Array.isArray(out) ? out : [out]).map((t) => ({ shape: [null, ...t.shape.slice(1)] as SymbolicShape, dtype: t.dtype, many: Array.isArray(out) }));
    });
    const outputs = outShapes.map((o, i) => new SymbolicTensor(o.shape, o.dtype, this, inputs, i, outShapes.length > 1 ? `${this.name}/output_${i}` : this.name, asList));
    this.outputShape = outShapes[0]!.many ? outShapes.map((o) => o.shape) : outShapes[0]!.shape;
    return outShapes[0]!.many ? outputs : outputs[0]!;
  }

  /**
   * Creates a weight of this layer (call it from build). Its variable is named "<layer>/<name>".
   * @example this.kernel = this.addWeight("kernel", [inputDim, this.units], { initializer: "glorotUniform" });
   */
  addWeight(name: string, shape: readonly number[], options: WeightOptions = {}): Variable {
    const initializer = getInitializer(options.initializer ?? "glorotUniform");
    // Weights are made once, with values, even when the first call happens inside jit().
    const initial = untraced(() => initializer.init(shape, options.dtype ?? this.dtype));
    const variable = new Variable(initial, { name: `${this.name}/${name}`, trainable: options.trainable ?? true });
    initial.dispose();
    this.ownWeights.push({ variable, regularizer: options.regularizer, constraint: options.constraint });
    return variable;
  }

  /**
   * Layers held by this one: found in its properties (a layer, or an array of layers),
   * so subclass-style layers and models need no registration (as in Keras).
   */
  get sublayers(): Layer[] {
    const found = new Set<Layer>();
    for (const value of Object.values(this)) {
      for (const item of Array.isArray(value) ? value : [value]) if (item instanceof Layer && item !== this) found.add(item);
    }
    return [...found];
  }

  private weightEntries(): WeightEntry[] {
    const entries = [...this.ownWeights];
    const seen = new Set(entries.map((e) => e.variable));
    for (const layer of this.sublayers) {
      for (const entry of layer.weightEntries()) {
        if (seen.has(entry.variable)) continue;
        seen.add(entry.variable);
        entries.push(entry);
      }
    }
    return entries;
  }

  /** Every weight variable of this layer and its sublayers. */
  get weights(): Variable[] {
    return this.weightEntries().map((e) => e.variable);
  }

  /** The weights an optimizer updates (none when the layer is frozen with trainable = false). */
  get trainableWeights(): Variable[] {
    if (!this.trainable) return [];
    // A Set keeps the first occurrence of a shared weight in linear time.
    return [...new Set([...this.ownWeights.filter((e) => e.variable.trainable).map((e) => e.variable), ...this.sublayers.flatMap((l) => l.trainableWeights)])];
  }

  /** Weights that are not trained (BatchNormalization's moving statistics, frozen layers). */
  get nonTrainableWeights(): Variable[] {
    const trainable = new Set(this.trainableWeights);
    return this.weights.filter((w) => !trainable.has(w));
  }

  /** Current weight values (copies), in the order of `weights`. */
  getWeights(): Tensor[] {
    return this.weights.map((w) => tensor(w.value.dataSync(), { shape: w.shape, dtype: w.dtype }));
  }

  /**
   * Sets every weight, in the order of `weights`; shapes must match. Values are cast to each
   * weight's dtype, as Keras does: plain arrays are read straight in it (no float32 rounding
   * on a float64 model), tensors of another dtype are cast.
   * @example layer.setWeights([[[0.1], [0.2]], [0]]) // kernel [2, 1] and bias [1]
   */
  setWeights(values: readonly TensorLike[]): void {
    const weights = this.weights;
    if (values.length !== weights.length) throw new ArgumentError(`${this.name}.setWeights: the layer has ${weights.length} weight(s), got ${values.length} value(s)`);
    weights.forEach((w, i) => {
      const given = values[i]!;
      const value = given instanceof Tensor || given instanceof Variable ? toTensor(given).cast(w.dtype) : tensor(given, { dtype: w.dtype });
      w.assign(value);
    });
  }

  /** The sum of the weight regularisers' penalties (undefined when there are none). */
  regularizationLoss(): Tensor | undefined {
    const penalties = this.weightEntries().flatMap((e) => (e.regularizer ? [e.regularizer.penalty(e.variable.value)] : []));
    return penalties.length === 0 ? undefined : penalties.reduce((a, b) => a.add(b));
  }

  /** Projects constrained weights back into their sets (called after each optimizer step). */
  applyConstraints(): void {
    for (const { variable, constraint } of this.weightEntries()) if (constraint) tidy(() => void variable.assign(constraint.apply(variable.value)));
  }

  /** The number of scalar parameters. */
  countParams(): number {
    return this.weights.reduce((n, w) => n + w.value.size, 0);
  }

  /**
   * How far the layer's own random stream has gone (a seeded Dropout: the masks it drew), so
   * model.save can store it and training resumes identically; undefined for layers without one.
   */
  randomState(): number | undefined {
    return undefined;
  }

  /** Puts the layer's own random stream back where randomState() found it. */
  restoreRandomState(_state: number): void {}

  /** The constructor config, as plain data (save/load uses it with the layer registry). */
  getConfig(): Record<string, unknown> {
    return { name: this.name, trainable: this.trainable, ...(this.inputShape ? { inputShape: [...this.inputShape] } : {}), dtype: this.dtype };
  }

  toString(): string {
    return `${this.className} "${this.name}"`;
  }
}

function isShapeList(shapes: SymbolicShape | SymbolicShape[]): shapes is SymbolicShape[] {
  return Array.isArray(shapes[0]);
}
