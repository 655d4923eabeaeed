import { ArgumentError } from "../../tensor/errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { Variable } from "../../tensor/variable.js";
import { Layer, type LayerConfig, type Tensors } from "../layer.js";
import type { SymbolicShape } from "../symbolic.js";
import { getActivation, activationName, type ActivationName } from "../activations.js";
import { registerLayer } from "../layer-registry.js";
import { weightConfig, weightOptions, type KernelBiasOptions } from "../weight-config.js";

export interface DenseConfig extends LayerConfig, KernelBiasOptions {
  units: number;
  activation?: ActivationName | ((x: Tensor) => Tensor);
  useBias?: boolean;
}

/**
 * A fully connected layer: activation(x·kernel + bias) over the last axis.
 * Defaults as Keras: glorotUniform kernel, zero bias.
 * @example new Dense({ units: 10, activation: "softmax" })
 */
export class Dense extends Layer {
  readonly units: number;
  readonly useBias: boolean;
  kernel!: Variable;
  bias: Variable | undefined;
  private readonly activation: (x: Tensor) => Tensor;

  constructor(readonly config: DenseConfig) {
    super(config);
    if (!Number.isInteger(config?.units) || config.units <= 0) throw new ArgumentError(`Dense: units must be a positive integer, got ${config?.units}`);
    this.units = config.units;
    this.useBias = config.useBias ?? true;
    this.activation = getActivation(config.activation);
  }

  override build(inputShape: SymbolicShape): void {
    const inputDim = inputShape.at(-1);
    if (typeof inputDim !== "number") throw new ArgumentError(`${this.name}: the last axis of the input must be known, got shape [${inputShape.join(", ")}]`);
    const c = this.config;
    this.kernel = this.addWeight("kernel", [inputDim, this.units], weightOptions(c, "kernel", "glorotUniform"));
    if (this.useBias) {
      this.bias = this.addWeight("bias", [this.units], weightOptions(c, "bias", "zeros"));
    }
  }

  call(inputs: Tensors): Tensor {
    const x = inputs as Tensor;
    if (x.shape.at(-1) !== this.kernel.shape[0]) {
      throw new ArgumentError(`${this.name}: expected inputs with last axis ${this.kernel.shape[0]}, got shape [${x.shape.join(", ")}]`);
    }
    const flat = x.rank === 2 ? x : x.reshape([-1, x.shape.at(-1)!]);
    let y = flat.matmul(this.kernel.value);
    if (this.bias) y = y.add(this.bias.value);
    if (x.rank !== 2) y = y.reshape([...x.shape.slice(0, -1), this.units]);
    return this.activation(y);
  }

  override getConfig(): Record<string, unknown> {
    const c = this.config;
    return {
      ...super.getConfig(),
      units: this.units,
      activation: activationName(c.activation),
      useBias: this.useBias,
      ...weightConfig(c, "kernel", "glorotUniform"),
      ...weightConfig(c, "bias", "zeros"),
    };
  }
}

registerLayer(Dense, (config) => new Dense(config as unknown as DenseConfig));
