import { ArgumentError } from "../../tensor/errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { Variable } from "../../tensor/variable.js";
import { tidy } from "../../tensor/scope.js";
import { stopGradient } from "../../autograd/stop-gradient.js";
import { Layer, type CallOptions, type LayerConfig, type Tensors } from "../layer.js";
import type { SymbolicShape } from "../symbolic.js";
import { getInitializer } from "../initializers.js";
import type { Constraint, Initializer, Regularizer } from "../weight-options.js";
import { serialize } from "../config-registry.js";
import { registerLayer } from "../layer-registry.js";
import { weightConfig, weightOptions } from "../weight-config.js";

export interface BatchNormalizationConfig extends LayerConfig {
  /** The feature (channel) axis that keeps its own statistics (default −1: the last). */
  axis?: number;
  /** Weight of the old value in the moving averages (default 0.99). */
  momentum?: number;
  /** Added to the variance before the square root (default 1e-3). */
  epsilon?: number;
  /** Learn an offset beta (default true). */
  center?: boolean;
  /** Learn a scale gamma (default true). */
  scale?: boolean;
  betaInitializer?: string | Initializer;
  gammaInitializer?: string | Initializer;
  movingMeanInitializer?: string | Initializer;
  movingVarianceInitializer?: string | Initializer;
  betaRegularizer?: string | Regularizer;
  gammaRegularizer?: string | Regularizer;
  betaConstraint?: string | Constraint;
  gammaConstraint?: string | Constraint;
}

/**
 * Batch normalisation (Ioffe & Szegedy 2015), Keras semantics:
 * y = gamma·(x − mean)/sqrt(variance + epsilon) + beta per feature along `axis`.
 * In training (`{ training: true }`) mean and variance are the batch's (biased variance,
 * over every axis but `axis`), and the moving statistics are updated as
 * moving = moving·momentum + batch·(1 − momentum); in inference the moving statistics are
 * used. movingMean/movingVariance are non-trainable weights. As in Keras 3, a layer with
 * trainable = false always runs in inference mode.
 * Defaults: axis −1, momentum 0.99, epsilon 1e-3, center and scale on, beta zeros, gamma ones,
 * moving mean zeros, moving variance ones.
 * @example sequential([new Dense({ units: 64, inputShape: [10] }), new BatchNormalization(), new Activation({ activation: "relu" })])
 */
export class BatchNormalization extends Layer {
  readonly axis: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  gamma: Variable | undefined;
  beta: Variable | undefined;
  movingMean!: Variable;
  movingVariance!: Variable;

  constructor(readonly config: BatchNormalizationConfig = {}) {
    super(config);
    const c = config ?? {};
    this.axis = c.axis ?? -1;
    if (!Number.isInteger(this.axis)) throw new ArgumentError(`BatchNormalization: axis must be an integer (the feature axis, e.g. -1), got ${JSON.stringify(c.axis)}`);
    this.momentum = c.momentum ?? 0.99;
    if (typeof this.momentum !== "number" || !(this.momentum >= 0 && this.momentum <= 1)) throw new ArgumentError(`BatchNormalization: momentum must be in [0, 1] (Keras default 0.99), got ${String(c.momentum)}`);
    this.epsilon = c.epsilon ?? 1e-3;
    if (typeof this.epsilon !== "number" || !(this.epsilon > 0) || !Number.isFinite(this.epsilon)) throw new ArgumentError(`BatchNormalization: epsilon must be a positive number (Keras default 1e-3), got ${String(c.epsilon)}`);
    this.center = c.center ?? true;
    this.scale = c.scale ?? true;
  }

  override build(inputShape: SymbolicShape): void {
    const rank = inputShape.length;
    if (this.axis < -rank || this.axis >= rank || rank < 2) {
      throw new ArgumentError(`${this.name}: axis ${this.axis} is out of range for inputs of shape [${inputShape.join(", ")}]; use the feature axis (e.g. -1), and give inputs with a batch axis`);
    }
    const axis = this.axis < 0 ? this.axis + rank : this.axis;
    if (axis === 0) throw new ArgumentError(`${this.name}: axis ${this.axis} is the batch axis; normalise over a feature axis (e.g. -1)`);
    const size = inputShape[axis];
    if (typeof size !== "number") throw new ArgumentError(`${this.name}: axis ${this.axis} of the input must be known, got shape [${inputShape.join(", ")}]`);
    const c = this.config;
    if (this.scale) this.gamma = this.addWeight("gamma", [size], weightOptions(c, "gamma", "ones"));
    if (this.center) this.beta = this.addWeight("beta", [size], weightOptions(c, "beta", "zeros"));
    this.movingMean = this.addWeight("moving_mean", [size], { initializer: c.movingMeanInitializer ?? "zeros", trainable: false });
    this.movingVariance = this.addWeight("moving_variance", [size], { initializer: c.movingVarianceInitializer ?? "ones", trainable: false });
  }

  call(inputs: Tensors, options: CallOptions = {}): Tensor {
    const x = inputs as Tensor;
    const size = this.movingMean.shape[0]!;
    const rank = (this.builtInputShape as SymbolicShape).length;
    const axis = this.axis < 0 ? this.axis + rank : this.axis;
    if (x.rank !== rank || x.shape[axis] !== size) {
      throw new ArgumentError(`${this.name}: the layer was built for inputs of rank ${rank} with ${size} features on axis ${this.axis}, got shape [${x.shape.join(", ")}]`);
    }
    const reduceAxes = Array.from({ length: rank }, (_, i) => i).filter((i) => i !== axis);
    const broadcast = x.shape.map((d, i) => (i === axis ? d : 1));
    let mean: Tensor;
    let variance: Tensor;
    if (options.training && this.trainable) {
      mean = x.mean(reduceAxes, true);
      variance = x.sub(mean).square().mean(reduceAxes, true);
      this.updateMovingStatistics(mean, variance);
    } else {
      mean = this.movingMean.value.reshape(broadcast);
      variance = this.movingVariance.value.reshape(broadcast);
    }
    let y = x.sub(mean).mul(variance.add(this.epsilon).rsqrt());
    if (this.gamma) y = y.mul(this.gamma.value.reshape(broadcast));
    if (this.beta) y = y.add(this.beta.value.reshape(broadcast));
    return y;
  }

  /**
   * moving = moving·momentum + batch·(1 − momentum). The batch statistics enter as constants
   * (stopGradient), so an update made while a loss is differentiated adds nothing to its
   * gradient, and the variables get detached values.
   */
  private updateMovingStatistics(mean: Tensor, variance: Tensor): void {
    tidy(() => {
      for (const [moving, batch] of [[this.movingMean, mean], [this.movingVariance, variance]] as const) {
        const value = stopGradient(batch).reshape(moving.shape).cast(moving.dtype);
        moving.assign(moving.value.mul(this.momentum).add(value.mul(1 - this.momentum)));
      }
    });
  }

  override getConfig(): Record<string, unknown> {
    const c = this.config;
    return {
      ...super.getConfig(),
      axis: this.axis,
      momentum: this.momentum,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      ...weightConfig(c, "beta", "zeros"),
      ...weightConfig(c, "gamma", "ones"),
      movingMeanInitializer: serialize(getInitializer(c.movingMeanInitializer ?? "zeros")),
      movingVarianceInitializer: serialize(getInitializer(c.movingVarianceInitializer ?? "ones")),
    };
  }
}

registerLayer(BatchNormalization, (config) => new BatchNormalization(config as BatchNormalizationConfig));
