import { ArgumentError } from "../../tensor/errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { Variable } from "../../tensor/variable.js";
import { elu, greaterEqual, leakyRelu, logSumExp, prelu, relu, softmax, where } from "../../tensor/ops/index.js";
import { normalizeAxis } from "../../tensor/shape.js";
import { Layer, type LayerConfig, type Tensors } from "../layer.js";
import type { SymbolicShape } from "../symbolic.js";
import type { Constraint, Initializer, Regularizer } from "../weight-options.js";
import { registerLayer } from "../layer-registry.js";
import { weightConfig, weightOptions } from "../weight-config.js";

/** `value` when it is a finite number; the error names the option's Keras default, or says to leave out an option that has none. */
function finiteNumber(layer: string, name: string, value: unknown, kerasDefault: number | undefined): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new ArgumentError(
      kerasDefault === undefined
        ? `${layer}: ${name} must be a finite number, got ${String(value)}; leave it out for no upper bound`
        : `${layer}: ${name} must be a finite number, got ${String(value)}; the Keras default is ${kerasDefault}`,
    );
  }
  return value;
}

export interface ReLUConfig extends LayerConfig {
  /** Upper bound of the output (default none). Must be ≥ 0. */
  maxValue?: number | null;
  /** Slope below the threshold (default 0). Must be ≥ 0. */
  negativeSlope?: number;
  /** Where the linear part starts (default 0). Must be ≥ 0. */
  threshold?: number;
}

/**
 * Rectified linear unit with Keras's options: maxValue if x ≥ maxValue; x if
 * threshold ≤ x < maxValue; negativeSlope·(x − threshold) otherwise. Defaults (none, 0, 0)
 * give max(x, 0).
 * @example new ReLU({ maxValue: 6 }).apply(tensor([-1, 3, 8])) // [0, 3, 6]
 */
export class ReLU extends Layer {
  readonly maxValue: number | undefined;
  readonly negativeSlope: number;
  readonly threshold: number;

  constructor(readonly config: ReLUConfig = {}) {
    super(config);
    const c = config ?? {};
    this.maxValue = c.maxValue === undefined || c.maxValue === null ? undefined : finiteNumber("ReLU", "maxValue", c.maxValue, undefined);
    this.negativeSlope = finiteNumber("ReLU", "negativeSlope", c.negativeSlope ?? 0, 0);
    this.threshold = finiteNumber("ReLU", "threshold", c.threshold ?? 0, 0);
    if (this.maxValue !== undefined && this.maxValue < 0) throw new ArgumentError(`ReLU: maxValue must be ≥ 0, got ${this.maxValue}; leave it out for no upper bound`);
    if (this.negativeSlope < 0) throw new ArgumentError(`ReLU: negativeSlope must be ≥ 0, got ${this.negativeSlope}`);
    if (this.threshold < 0) throw new ArgumentError(`ReLU: threshold must be ≥ 0, got ${this.threshold}`);
  }

  call(inputs: Tensors): Tensor {
    const x = inputs as Tensor;
    let y = this.negativeSlope === 0 && this.threshold === 0 ? relu(x) : where(greaterEqual(x, this.threshold), x, x.sub(this.threshold).mul(this.negativeSlope));
    if (this.maxValue !== undefined) y = where(greaterEqual(x, this.maxValue), this.maxValue, y);
    return y;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), maxValue: this.maxValue ?? null, negativeSlope: this.negativeSlope, threshold: this.threshold };
  }
}

export interface LeakyReLUConfig extends LayerConfig {
  /** Slope for x < 0; Keras 3's default is 0.3 (the `leakyRelu` op's is 0.2). Must be ≥ 0. */
  negativeSlope?: number;
  /** Keras 2's name for negativeSlope (accepted, saved as negativeSlope). */
  alpha?: number;
}

/**
 * x for x ≥ 0, negativeSlope·x otherwise (default slope 0.3, as Keras 3).
 * @example new LeakyReLU().apply(tensor([-1, 2])) // [-0.3, 2]
 */
export class LeakyReLU extends Layer {
  readonly negativeSlope: number;

  constructor(readonly config: LeakyReLUConfig = {}) {
    super(config);
    this.negativeSlope = finiteNumber("LeakyReLU", "negativeSlope", config?.negativeSlope ?? config?.alpha ?? 0.3, 0.3);
    if (this.negativeSlope < 0) throw new ArgumentError(`LeakyReLU: negativeSlope must be ≥ 0, got ${this.negativeSlope}; the Keras default is 0.3`);
  }

  call(inputs: Tensors): Tensor {
    return leakyRelu(inputs as Tensor, this.negativeSlope);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), negativeSlope: this.negativeSlope };
  }
}

export interface PReLUConfig extends LayerConfig {
  /** Initial slopes (default zeros, as Keras: the layer starts as a ReLU). */
  alphaInitializer?: string | Initializer;
  alphaRegularizer?: string | Regularizer;
  alphaConstraint?: string | Constraint;
  /**
   * Axes (counting the batch axis as 0, as Keras) along which one slope is shared: for
   * images [batch, h, w, c], sharedAxes [1, 2] gives one slope per channel. Default: a slope
   * for every feature.
   */
  sharedAxes?: number | readonly number[] | null;
}

/**
 * Parametric ReLU: x for x > 0, alpha·x otherwise, where the slopes alpha are trainable
 * weights (He et al. 2015) — an activation with weights. alpha has the shape of one sample,
 * with size 1 along sharedAxes.
 * @example new PReLU({ sharedAxes: [1, 2] }) // one learned slope per channel of an image
 */
export class PReLU extends Layer {
  readonly sharedAxes: number[];
  alpha!: Variable;

  constructor(readonly config: PReLUConfig = {}) {
    super(config);
    const shared = config?.sharedAxes;
    this.sharedAxes = shared === undefined || shared === null ? [] : typeof shared === "number" ? [shared] : [...shared];
    for (const axis of this.sharedAxes) {
      if (!Number.isInteger(axis) || axis < 1) throw new ArgumentError(`PReLU: sharedAxes are axes of the input counting the batch axis as 0, so each must be an integer ≥ 1, got ${JSON.stringify(shared)}`);
    }
  }

  override build(inputShape: SymbolicShape): void {
    const rank = inputShape.length;
    if (rank < 2) throw new ArgumentError(`${this.name}: expected inputs with a batch axis and at least one feature axis, got shape [${inputShape.join(", ")}]`);
    for (const axis of this.sharedAxes) {
      if (axis >= rank) throw new ArgumentError(`${this.name}: sharedAxes ${JSON.stringify(this.sharedAxes)} include axis ${axis}, but the input has rank ${rank} (shape [${inputShape.join(", ")}])`);
    }
    const shape = inputShape.slice(1).map((d, i) => {
      if (this.sharedAxes.includes(i + 1)) return 1;
      if (typeof d !== "number") throw new ArgumentError(`${this.name}: axis ${i + 1} of the input must be known (or listed in sharedAxes), got shape [${inputShape.join(", ")}]`);
      return d;
    });
    const c = this.config;
    this.alpha = this.addWeight("alpha", shape, weightOptions(c, "alpha", "zeros"));
  }

  call(inputs: Tensors): Tensor {
    const x = inputs as Tensor;
    const expected = this.alpha.shape;
    if (x.rank !== expected.length + 1 || expected.some((d, i) => d !== 1 && d !== x.shape[i + 1])) {
      throw new ArgumentError(`${this.name}: the layer was built for samples of shape [${this.builtSampleShape()}], got input shape [${x.shape.join(", ")}]`);
    }
    return prelu(x, this.alpha.value);
  }

  private builtSampleShape(): string {
    return this.alpha.shape.map((d, i) => (this.sharedAxes.includes(i + 1) ? "any" : d)).join(", ");
  }

  override getConfig(): Record<string, unknown> {
    const c = this.config;
    return {
      ...super.getConfig(),
      ...weightConfig(c, "alpha", "zeros"),
      sharedAxes: this.sharedAxes.length === 0 ? null : [...this.sharedAxes],
    };
  }
}

export interface ELUConfig extends LayerConfig {
  /** Scale of the negative part (default 1). */
  alpha?: number;
}

/**
 * Exponential linear unit: x for x > 0, alpha·(eˣ − 1) otherwise (default alpha 1).
 * @example new ELU().apply(tensor([-1, 2])) // [-0.632, 2]
 */
export class ELU extends Layer {
  readonly alpha: number;

  constructor(readonly config: ELUConfig = {}) {
    super(config);
    this.alpha = finiteNumber("ELU", "alpha", config?.alpha ?? 1, 1);
  }

  call(inputs: Tensors): Tensor {
    return elu(inputs as Tensor, this.alpha);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), alpha: this.alpha };
  }
}

export interface SoftmaxConfig extends LayerConfig {
  /** The axis (or axes) the probabilities sum to 1 over (default −1, the last). */
  axis?: number | readonly number[];
}

/**
 * Softmax over an axis (default the last), or jointly over several axes.
 * @example new Softmax().apply(tensor([[0, 0]])) // [[0.5, 0.5]]
 */
export class Softmax extends Layer {
  readonly axis: number | number[];

  constructor(readonly config: SoftmaxConfig = {}) {
    super(config);
    const axis = config?.axis ?? -1;
    const axes = typeof axis === "number" ? [axis] : [...axis];
    if (axes.length === 0 || axes.some((a) => !Number.isInteger(a))) throw new ArgumentError(`Softmax: axis must be an integer or a non-empty list of integers, got ${JSON.stringify(axis)}`);
    this.axis = typeof axis === "number" ? axis : axes;
  }

  call(inputs: Tensors): Tensor {
    const x = inputs as Tensor;
    const axes = typeof this.axis === "number" ? [this.axis] : this.axis;
    for (const a of axes) if (a < -x.rank || a >= x.rank) throw new ArgumentError(`${this.name}: axis ${a} is out of range for an input of rank ${x.rank} (shape [${x.shape.join(", ")}])`);
    if (axes.length === 1) return softmax(x, axes[0]!);
    // Jointly over several axes: exp(x − logΣexp(x)), stable because logSumExp is.
    return x.sub(logSumExp(x, axes.map((a) => normalizeAxis("Softmax", a, x.rank)), true)).exp();
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: typeof this.axis === "number" ? this.axis : [...this.axis] };
  }
}

registerLayer(ReLU, (config) => new ReLU(config as ReLUConfig));
registerLayer(LeakyReLU, (config) => new LeakyReLU(config as LeakyReLUConfig));
registerLayer(PReLU, (config) => new PReLU(config as PReLUConfig));
registerLayer(ELU, (config) => new ELU(config as ELUConfig));
registerLayer(Softmax, (config) => new Softmax(config as SoftmaxConfig));
