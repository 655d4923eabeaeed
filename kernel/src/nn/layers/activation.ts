import type { Tensor } from "../../tensor/tensor.js";
import { ArgumentError } from "../../tensor/errors.js";
import { Layer, type LayerConfig, type Tensors } from "../layer.js";
import { getActivation, activationName, type ActivationName } from "../activations.js";
import { registerLayer } from "../layer-registry.js";

export interface ActivationConfig extends LayerConfig {
  /** An activation name ("relu", "softmax", …) or a function of a tensor (a function cannot be saved). */
  activation: ActivationName | ((x: Tensor) => Tensor);
}

/**
 * Applies an activation function elementwise (softmax over the last axis): a layer with no
 * weights, so a model can show its activations as separate steps.
 * @example new Activation({ activation: "relu" }).apply(tensor([[-1, 2]])) // [[0, 2]]
 */
export class Activation extends Layer {
  private readonly activation: (x: Tensor) => Tensor;

  constructor(readonly config: ActivationConfig) {
    super(config);
    if (config?.activation === undefined) throw new ArgumentError(`Activation: give an activation, e.g. new Activation({ activation: "relu" })`);
    this.activation = getActivation(config.activation);
  }

  call(inputs: Tensors): Tensor {
    return this.activation(inputs as Tensor);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), activation: activationName(this.config.activation) };
  }
}

registerLayer(Activation, (config) => new Activation(config as unknown as ActivationConfig));
