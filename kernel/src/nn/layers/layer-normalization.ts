import { ArgumentError } from "../../tensor/errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { Variable } from "../../tensor/variable.js";
import { Layer, type LayerConfig, type Tensors } from "../layer.js";
import type { SymbolicShape } from "../symbolic.js";
import type { Constraint, Initializer, Regularizer } from "../weight-options.js";
import { registerLayer } from "../layer-registry.js";
import { weightConfig, weightOptions } from "../weight-config.js";

export interface LayerNormalizationConfig extends LayerConfig {
  /** The axis or axes normalised over, per sample (default −1: the last). */
  axis?: number | readonly number[];
  /** Added to the variance before the square root (default 1e-3). */
  epsilon?: number;
  /** Learn an offset beta (default true). */
  center?: boolean;
  /** Learn a scale gamma (default true). */
  scale?: boolean;
  betaInitializer?: string | Initializer;
  gammaInitializer?: string | Initializer;
  betaRegularizer?: string | Regularizer;
  gammaRegularizer?: string | Regularizer;
  betaConstraint?: string | Constraint;
  gammaConstraint?: string | Constraint;
}

/**
 * Layer normalisation (Ba et al. 2016): each sample is normalised over `axis` with its own
 * mean and (biased) variance, y = gamma·(x − mean)/sqrt(variance + epsilon) + beta; gamma and
 * beta have the sizes of the normalised axes. Same in training and inference.
 * Defaults as Keras: axis −1, epsilon 1e-3, center and scale on, beta zeros, gamma ones.
 * @example new LayerNormalization().apply(tensor([[1, 2, 3]])) // ≈ [[-1.22, 0, 1.22]]
 */
export class LayerNormalization extends Layer {
  readonly axis: number | number[];
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  gamma: Variable | undefined;
  beta: Variable | undefined;
  /** The normalised axes, non-negative (set in build). */
  private axes: number[] = [];

  constructor(readonly config: LayerNormalizationConfig = {}) {
    super(config);
    const c = config ?? {};
    const axis = c.axis ?? -1;
    const list = typeof axis === "number" ? [axis] : Array.isArray(axis) ? [...axis] : [];
    if (list.length === 0 || list.some((a) => !Number.isInteger(a))) throw new ArgumentError(`LayerNormalization: axis must be an integer or a non-empty list of integers (e.g. -1), got ${JSON.stringify(c.axis)}`);
    this.axis = typeof axis === "number" ? axis : list;
    this.epsilon = c.epsilon ?? 1e-3;
    if (typeof this.epsilon !== "number" || !(this.epsilon > 0) || !Number.isFinite(this.epsilon)) throw new ArgumentError(`LayerNormalization: epsilon must be a positive number (Keras default 1e-3), got ${String(c.epsilon)}`);
    this.center = c.center ?? true;
    this.scale = c.scale ?? true;
  }

  override build(inputShape: SymbolicShape): void {
    const rank = inputShape.length;
    const list = typeof this.axis === "number" ? [this.axis] : this.axis;
    const axes = list.map((a) => {
      if (a < -rank || a >= rank) throw new ArgumentError(`${this.name}: axis ${a} is out of range for inputs of shape [${inputShape.join(", ")}]`);
      const n = a < 0 ? a + rank : a;
      if (n === 0) throw new ArgumentError(`${this.name}: axis ${a} is the batch axis; layer normalisation is per sample, use feature axes (e.g. -1)`);
      if (typeof inputShape[n] !== "number") throw new ArgumentError(`${this.name}: axis ${a} of the input must be known, got shape [${inputShape.join(", ")}]`);
      return n;
    });
    if (new Set(axes).size !== axes.length) throw new ArgumentError(`${this.name}: axis ${JSON.stringify(this.axis)} names an axis twice`);
    this.axes = axes.sort((a, b) => a - b);
    const shape = this.axes.map((a) => inputShape[a] as number);
    const c = this.config;
    if (this.scale) this.gamma = this.addWeight("gamma", shape, weightOptions(c, "gamma", "ones"));
    if (this.center) this.beta = this.addWeight("beta", shape, weightOptions(c, "beta", "zeros"));
  }

  call(inputs: Tensors): Tensor {
    const x = inputs as Tensor;
    const built = this.builtInputShape as SymbolicShape;
    if (x.rank !== built.length || this.axes.some((a) => x.shape[a] !== built[a])) {
      throw new ArgumentError(`${this.name}: the layer was built for inputs of shape [${built.map((d) => d ?? "batch").join(", ")}], got [${x.shape.join(", ")}]`);
    }
    const broadcast = x.shape.map((d, i) => (this.axes.includes(i) ? d : 1));
    const mean = x.mean(this.axes, true);
    const centred = x.sub(mean);
    const variance = centred.square().mean(this.axes, true);
    let y = centred.mul(variance.add(this.epsilon).rsqrt());
    if (this.gamma) y = y.mul(this.gamma.value.reshape(broadcast));
    if (this.beta) y = y.add(this.beta.value.reshape(broadcast));
    return y;
  }

  override getConfig(): Record<string, unknown> {
    const c = this.config;
    return {
      ...super.getConfig(),
      axis: typeof this.axis === "number" ? this.axis : [...this.axis],
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      ...weightConfig(c, "beta", "zeros"),
      ...weightConfig(c, "gamma", "ones"),
    };
  }
}

registerLayer(LayerNormalization, (config) => new LayerNormalization(config as LayerNormalizationConfig));
