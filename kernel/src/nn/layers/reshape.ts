import { ArgumentError } from "../../tensor/errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import { Layer, type LayerConfig, type Tensors } from "../layer.js";
import { registerLayer } from "../layer-registry.js";

export interface ReshapeConfig extends LayerConfig {
  /** The shape of one sample after the layer (the batch axis is kept); one entry may be −1 (inferred). */
  targetShape: readonly number[];
}

/**
 * Reshapes each sample: [batch, …] → [batch, ...targetShape], with at most one −1 standing for
 * whatever size makes the element counts match.
 * @example new Reshape({ targetShape: [2, -1] }).apply(zeros([5, 6])).shape // [5, 2, 3]
 */
export class Reshape extends Layer {
  readonly targetShape: number[];

  constructor(readonly config: ReshapeConfig) {
    super(config);
    const target = config?.targetShape;
    if (!Array.isArray(target) || target.some((d) => !Number.isInteger(d) || (d < 0 && d !== -1))) {
      throw new ArgumentError(`Reshape: targetShape must be a list of non-negative integers (one may be -1), the shape of one sample without the batch axis, got ${JSON.stringify(target)}`);
    }
    if (target.filter((d) => d === -1).length > 1) throw new ArgumentError(`Reshape: targetShape ${JSON.stringify(target)} has more than one -1; only one size can be inferred`);
    this.targetShape = [...target];
  }

  /** The per-sample output shape for a per-sample input size, with the −1 resolved. */
  private resolve(sampleShape: readonly number[]): number[] {
    const size = sampleShape.reduce((a, b) => a * b, 1);
    const known = this.targetShape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    const fail = (): never => {
      throw new ArgumentError(
        `${this.name}: cannot reshape samples of shape [${sampleShape.join(", ")}] (${size} values) to targetShape [${this.targetShape.join(", ")}]; the sizes must multiply to ${size}`,
      );
    };
    if (!this.targetShape.includes(-1)) return known === size ? [...this.targetShape] : fail();
    if (known === 0 || size % known !== 0) return fail();
    return this.targetShape.map((d) => (d === -1 ? size / known : d));
  }

  call(inputs: Tensors): Tensor {
    const x = inputs as Tensor;
    if (x.rank === 0) throw new ArgumentError(`${this.name}: expected inputs with a batch axis, got a scalar`);
    return x.reshape([x.shape[0]!, ...this.resolve(x.shape.slice(1))]);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), targetShape: [...this.targetShape] };
  }
}

registerLayer(Reshape, (config) => new Reshape(config as unknown as ReshapeConfig));
