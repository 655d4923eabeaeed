import { ArgumentError } from "../../tensor/errors.js";
import type { DType } from "../../tensor/dtype.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { Variable } from "../../tensor/variable.js";
import { zeros, ones } from "../../tensor/creation.js";
import { concat, split, stack, unstack } from "../../tensor/ops/concat.js";
import { broadcastTo } from "../../tensor/ops/shape-ops.js";
import { Layer, type LayerConfig, type Tensors } from "../layer.js";
import type { SymbolicShape } from "../symbolic.js";
import { getActivation, activationName, type ActivationName } from "../activations.js";
import { getInitializer } from "../initializers.js";
import type { Constraint, Initializer, Regularizer } from "../weight-options.js";
import { registerLayer } from "../layer-registry.js";
import { weightConfig, weightOptions, type KernelBiasOptions } from "../weight-config.js";

/** Options shared by SimpleRNN, LSTM and GRU (Keras names, camelCase; Keras 3 defaults). */
export interface RecurrentConfig extends LayerConfig, KernelBiasOptions {
  /** Size of the hidden state (and of each output step). */
  units: number;
  /** Applied to the candidate state and (LSTM) to the cell state on output (default "tanh"). */
  activation?: ActivationName | ((x: Tensor) => Tensor);
  useBias?: boolean;
  /** Hidden-to-hidden weights (default "orthogonal"; the kernel defaults to "glorotUniform", the bias to "zeros"). */
  recurrentInitializer?: string | Initializer;
  recurrentRegularizer?: string | Regularizer;
  recurrentConstraint?: string | Constraint;
  /** Return the output of every step [batch, steps, units] instead of the last [batch, units] (default false). */
  returnSequences?: boolean;
  /** Also return the final state(s): [output, h] (LSTM: [output, h, c]) (default false). */
  returnState?: boolean;
  /**
   * Process the sequence from the last step to the first (default false). As in Keras, the
   * returned sequence is in processing order (its first entry belongs to the last input step).
   */
  goBackwards?: boolean;
}

export type SimpleRNNConfig = RecurrentConfig;

export interface LSTMConfig extends RecurrentConfig {
  /** Applied to the gates i, f, o (default "sigmoid"). */
  recurrentActivation?: ActivationName | ((x: Tensor) => Tensor);
  /** Initialise the forget gate's bias to 1 (Jozefowicz et al. 2015) (default true). */
  unitForgetBias?: boolean;
}

export interface GRUConfig extends RecurrentConfig {
  /** Applied to the gates z, r (default "sigmoid"). */
  recurrentActivation?: ActivationName | ((x: Tensor) => Tensor);
  /**
   * Apply the reset gate after the recurrent matrix product (default true, Keras 3 and
   * cuDNN): bias [2, 3·units] (input bias row, recurrent bias row). false: the original
   * GRU (Cho et al. 2014), bias [3·units].
   */
  resetAfter?: boolean;
}

/** LSTM's bias initialiser with unitForgetBias: [init(units), ones(units), init(2·units)] (Keras). */
class UnitForgetBias implements Initializer {
  readonly className = "UnitForgetBias";
  constructor(
    private readonly base: Initializer,
    private readonly units: number,
  ) {}
  init(_shape: readonly number[], dtype: DType): Tensor {
    const u = this.units;
    const parts = [this.base.init([u], dtype), ones([u], dtype), this.base.init([2 * u], dtype)];
    const result = concat(parts, 0);
    parts.forEach((p) => p.dispose());
    return result;
  }
  getConfig(): Record<string, unknown> {
    return {};
  }
}

/** The state(s) after one step and that step's output. */
interface StepResult {
  output: Tensor;
  states: Tensor[];
}

/**
 * The recurrent layers' shared machinery: inputs [batch, steps, features], the input
 * projection x·kernel (+ bias) of every step computed in one matmul, then a loop over the
 * steps with ops (so autograd backpropagates through time; backprop is iterative, so long
 * sequences cannot overflow the stack). Initial states default to zeros; they can be given
 * as extra inputs: `layer.apply([x, h0])` (LSTM: `[x, h0, c0]`).
 */
abstract class Recurrent extends Layer {
  readonly units: number;
  readonly useBias: boolean;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly goBackwards: boolean;
  kernel!: Variable;
  recurrentKernel!: Variable;
  bias: Variable | undefined;
  protected readonly activation: (x: Tensor) => Tensor;

  constructor(
    readonly config: RecurrentConfig,
    /** Number of gate blocks in the weights: SimpleRNN 1, LSTM 4, GRU 3. */
    protected readonly gates: number,
    /** Number of states: LSTM 2 (h, c), the others 1. */
    protected readonly stateCount: number,
  ) {
    super(config);
    const cls = new.target.name;
    if (!Number.isInteger(config?.units) || config.units <= 0) throw new ArgumentError(`${cls}: units must be a positive integer (the size of the hidden state), got ${config?.units}`);
    this.units = config.units;
    for (const flag of ["useBias", "returnSequences", "returnState", "goBackwards"] as const) {
      const v = config[flag];
      if (v !== undefined && typeof v !== "boolean") throw new ArgumentError(`${cls}: ${flag} must be true or false, got ${JSON.stringify(v)}`);
    }
    this.useBias = config.useBias ?? true;
    this.returnSequences = config.returnSequences ?? false;
    this.returnState = config.returnState ?? false;
    this.goBackwards = config.goBackwards ?? false;
    this.activation = getActivation(config.activation ?? "tanh");
  }

  /** The bias weight's shape and initialiser (GRU and LSTM adjust them). */
  protected biasSpec(): { shape: number[]; initializer: string | Initializer } {
    return { shape: [this.gates * this.units], initializer: this.config.biasInitializer ?? "zeros" };
  }

  private sequenceShape(shape: SymbolicShape): number {
    if (shape.length !== 3) {
      throw new ArgumentError(
        shape.length === 2
          ? `${this.name}: expected inputs of shape [batch, timesteps, features] (rank 3), got shape [${shape.join(", ")}]; for a single sequence add a batch axis (x.expandDims(0)), for one feature per step add a feature axis (x.expandDims(-1))`
          : `${this.name}: expected inputs of shape [batch, timesteps, features] (rank 3), got shape [${shape.join(", ")}]`,
      );
    }
    const features = shape[2];
    if (typeof features !== "number") throw new ArgumentError(`${this.name}: the feature axis (last) of the input must be known, got shape [${shape.join(", ")}]`);
    return features;
  }

  override build(inputShape: SymbolicShape | SymbolicShape[]): void {
    const shape = Array.isArray(inputShape[0]) ? (inputShape as SymbolicShape[])[0]! : (inputShape as SymbolicShape);
    const features = this.sequenceShape(shape);
    const c = this.config;
    const width = this.gates * this.units;
    this.kernel = this.addWeight("kernel", [features, width], weightOptions(c, "kernel", "glorotUniform"));
    this.recurrentKernel = this.addWeight("recurrent_kernel", [this.units, width], weightOptions(c, "recurrent", "orthogonal"));
    if (this.useBias) {
      const { shape: biasShape, initializer } = this.biasSpec();
      this.bias = this.addWeight("bias", biasShape, { ...weightOptions(c, "bias", "zeros"), initializer });
    }
  }

  call(inputs: Tensors): Tensors {
    const [given, ...initial] = Array.isArray(inputs) ? inputs : [inputs];
    if (!given) throw new ArgumentError(`${this.name}: expected an input tensor [batch, timesteps, features], got an empty list`);
    const features = this.sequenceShape(given.shape);
    const dtype = this.kernel.dtype;
    if (features !== this.kernel.shape[0]) throw new ArgumentError(`${this.name}: the layer was built for ${this.kernel.shape[0]} features per time step, got inputs of shape [${given.shape.join(", ")}]`);
    const [batch, steps] = given.shape as [number, number, number];
    if (steps === 0) throw new ArgumentError(`${this.name}: the input has no time steps (shape [${given.shape.join(", ")}])`);
    if (initial.length !== 0 && initial.length !== this.stateCount) {
      throw new ArgumentError(
        this.stateCount === 1
          ? `${this.name}: give one initial state [batch, units] after the input, got ${initial.length}`
          : `${this.name}: give ${this.stateCount} initial states [h, c], each [batch, units] after the input, got ${initial.length}`,
      );
    }
    initial.forEach((s, i) => {
      if (s.rank !== 2 || s.shape[0] !== batch || s.shape[1] !== this.units) {
        throw new ArgumentError(`${this.name}: initial state ${i} must have shape [${batch}, ${this.units}] ([batch, units]), got [${s.shape.join(", ")}]`);
      }
    });
    const x = given.dtype === dtype ? given : given.cast(dtype);
    // Every step's input projection in one product: [batch·steps, features]·[features, gates·units].
    let projected = x.reshape([batch * steps, features]).matmul(this.kernel.value);
    const inputBias = this.inputBias();
    if (inputBias) projected = projected.add(inputBias);
    const perStep = unstack(projected.reshape([batch, steps, this.gates * this.units]), 1);
    if (this.goBackwards) perStep.reverse();
    // Zero states broadcast to the batch (not zeros([batch, units])): a compiled step of unknown batch size can make them.
    let states = initial.length > 0 ? initial.map((s) => (s.dtype === dtype ? s : s.cast(dtype))) : Array.from({ length: this.stateCount }, () => broadcastTo(zeros([1, this.units], dtype), [batch, this.units]));
    const outputs: Tensor[] = [];
    this.prepare();
    for (const xt of perStep) {
      const result = this.step(xt, states);
      states = result.states;
      if (this.returnSequences) outputs.push(result.output);
      else outputs[0] = result.output;
    }
    const output = this.returnSequences ? stack(outputs, 1) : outputs[0]!;
    return this.returnState ? [output, ...states] : output;
  }

  /** The bias added to the input projection (all of it, or GRU's input row). */
  protected inputBias(): Tensor | undefined {
    return this.bias?.value;
  }

  /** Called once per call before the steps: slice weights that every step uses. */
  protected prepare(): void {}

  /** One time step: `xt` is this step's input projection [batch, gates·units]. */
  protected abstract step(xt: Tensor, states: Tensor[]): StepResult;

  override getConfig(): Record<string, unknown> {
    const c = this.config;
    return {
      ...super.getConfig(),
      units: this.units,
      activation: activationName(c.activation ?? "tanh"),
      useBias: this.useBias,
      ...weightConfig(c, "kernel", "glorotUniform"),
      ...weightConfig(c, "recurrent", "orthogonal"),
      ...weightConfig(c, "bias", "zeros"),
      returnSequences: this.returnSequences,
      returnState: this.returnState,
      goBackwards: this.goBackwards,
    };
  }
}

/**
 * The fully connected recurrent layer (Elman network; Keras SimpleRNN):
 * h_t = activation(x_t·kernel + h_{t−1}·recurrentKernel + bias), output h_t.
 * Weights (Keras order): kernel [features, units], recurrent_kernel [units, units], bias [units].
 * Defaults as Keras 3: activation tanh, glorotUniform kernel, orthogonal recurrent kernel, zero bias.
 * @example new SimpleRNN({ units: 8, returnSequences: true }).apply(zeros([2, 5, 3])).shape // [2, 5, 8]
 */
export class SimpleRNN extends Recurrent {
  constructor(config: SimpleRNNConfig) {
    super(config, 1, 1);
  }

  protected step(xt: Tensor, [h]: Tensor[]): StepResult {
    const next = this.activation(xt.add(h!.matmul(this.recurrentKernel.value)));
    return { output: next, states: [next] };
  }
}

/**
 * Long short-term memory (Hochreiter & Schmidhuber 1997; Keras LSTM). With gate blocks in
 * Keras order i, f, c, o along the last axis of kernel [features, 4·units],
 * recurrent_kernel [units, 4·units] and bias [4·units]:
 * z = x_t·kernel + h_{t−1}·recurrentKernel + bias; i = σ(z_i), f = σ(z_f), o = σ(z_o) (σ =
 * recurrentActivation); c_t = f·c_{t−1} + i·activation(z_c); h_t = o·activation(c_t). States [h, c].
 * Defaults as Keras 3: tanh, sigmoid, unitForgetBias true (forget bias starts at 1).
 * @example new LSTM({ units: 16, returnState: true }).apply(zeros([2, 5, 3])) // [output [2, 16], h [2, 16], c [2, 16]]
 */
export class LSTM extends Recurrent {
  readonly unitForgetBias: boolean;
  private readonly recurrentActivation: (x: Tensor) => Tensor;

  constructor(override readonly config: LSTMConfig) {
    super(config, 4, 2);
    this.recurrentActivation = getActivation(config.recurrentActivation ?? "sigmoid");
    if (config.unitForgetBias !== undefined && typeof config.unitForgetBias !== "boolean") throw new ArgumentError(`LSTM: unitForgetBias must be true or false, got ${JSON.stringify(config.unitForgetBias)}`);
    this.unitForgetBias = config.unitForgetBias ?? true;
  }

  protected override biasSpec(): { shape: number[]; initializer: string | Initializer } {
    const base = this.config.biasInitializer ?? "zeros";
    return { shape: [4 * this.units], initializer: this.unitForgetBias ? new UnitForgetBias(getInitializer(base), this.units) : base };
  }

  protected step(xt: Tensor, [h, c]: Tensor[]): StepResult {
    const z = xt.add(h!.matmul(this.recurrentKernel.value));
    const [zi, zf, zc, zo] = split(z, 4, -1) as [Tensor, Tensor, Tensor, Tensor];
    const i = this.recurrentActivation(zi);
    const f = this.recurrentActivation(zf);
    const o = this.recurrentActivation(zo);
    const cNext = f.mul(c!).add(i.mul(this.activation(zc)));
    const hNext = o.mul(this.activation(cNext));
    return { output: hNext, states: [hNext, cNext] };
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), recurrentActivation: activationName(this.config.recurrentActivation ?? "sigmoid"), unitForgetBias: this.unitForgetBias };
  }
}

/**
 * Gated recurrent unit (Cho et al. 2014; Keras GRU). Gate blocks in Keras order z, r, h
 * along the last axis of kernel [features, 3·units] and recurrent_kernel [units, 3·units]:
 * z = σ(x·W_z + h·U_z + b), r = σ(x·W_r + h·U_r + b), h_t = z·h_{t−1} + (1 − z)·h̃ with
 * resetAfter true (Keras 3 default): h̃ = activation(x·W_h + b_in,h + r·(h·U_h + b_rec,h)),
 * bias [2, 3·units] = [input bias; recurrent bias];
 * resetAfter false: h̃ = activation(x·W_h + (r·h)·U_h + b_h), bias [3·units].
 * Defaults as Keras 3: tanh, sigmoid, resetAfter true.
 * @example new GRU({ units: 8 }).apply(zeros([2, 5, 3])).shape // [2, 8]
 */
export class GRU extends Recurrent {
  readonly resetAfter: boolean;
  private readonly recurrentActivation: (x: Tensor) => Tensor;

  constructor(override readonly config: GRUConfig) {
    super(config, 3, 1);
    this.recurrentActivation = getActivation(config.recurrentActivation ?? "sigmoid");
    if (config.resetAfter !== undefined && typeof config.resetAfter !== "boolean") throw new ArgumentError(`GRU: resetAfter must be true or false, got ${JSON.stringify(config.resetAfter)}`);
    this.resetAfter = config.resetAfter ?? true;
  }

  protected override biasSpec(): { shape: number[]; initializer: string | Initializer } {
    const spec = super.biasSpec();
    return this.resetAfter ? { ...spec, shape: [2, 3 * this.units] } : spec;
  }

  protected override inputBias(): Tensor | undefined {
    if (!this.bias) return undefined;
    return this.resetAfter ? split(this.bias.value, 2, 0)[0]!.reshape([3 * this.units]) : this.bias.value;
  }

  /** Per call: the recurrent bias row (resetAfter) or the split recurrent kernel (not resetAfter). */
  private recurrentBias: Tensor | undefined;
  private recurrentZR: Tensor | undefined;
  private recurrentH: Tensor | undefined;

  protected override prepare(): void {
    const u = this.units;
    if (this.resetAfter) {
      this.recurrentBias = this.bias ? split(this.bias.value, 2, 0)[1]!.reshape([3 * u]) : undefined;
    } else {
      [this.recurrentZR, this.recurrentH] = split(this.recurrentKernel.value, [2 * u, u], 1) as [Tensor, Tensor];
    }
  }

  protected step(xt: Tensor, [h]: Tensor[]): StepResult {
    const [xz, xr, xh] = split(xt, 3, -1) as [Tensor, Tensor, Tensor];
    let hh: Tensor;
    let z: Tensor;
    if (this.resetAfter) {
      let inner = h!.matmul(this.recurrentKernel.value);
      if (this.recurrentBias) inner = inner.add(this.recurrentBias);
      const [rz, rr, rh] = split(inner, 3, -1) as [Tensor, Tensor, Tensor];
      z = this.recurrentActivation(xz.add(rz));
      const r = this.recurrentActivation(xr.add(rr));
      hh = this.activation(xh.add(r.mul(rh)));
    } else {
      const uh = this.recurrentH!;
      const [rz, rr] = split(h!.matmul(this.recurrentZR!), 2, -1) as [Tensor, Tensor];
      z = this.recurrentActivation(xz.add(rz));
      const r = this.recurrentActivation(xr.add(rr));
      hh = this.activation(xh.add(r.mul(h!).matmul(uh)));
    }
    const next = z.mul(h!).add(z.neg().add(1).mul(hh));
    return { output: next, states: [next] };
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), recurrentActivation: activationName(this.config.recurrentActivation ?? "sigmoid"), resetAfter: this.resetAfter };
  }
}

registerLayer(SimpleRNN, (config) => new SimpleRNN(config as unknown as SimpleRNNConfig));
registerLayer(LSTM, (config) => new LSTM(config as unknown as LSTMConfig));
registerLayer(GRU, (config) => new GRU(config as unknown as GRUConfig));
