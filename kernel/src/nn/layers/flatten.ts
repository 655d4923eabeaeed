import { ArgumentError } from "../../tensor/errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import { Layer, type LayerConfig, type Tensors } from "../layer.js";
import { registerLayer } from "../layer-registry.js";

export interface FlattenConfig extends LayerConfig {
  /**
   * "channelsLast" (default, [batch, ..., channels]) or "channelsFirst" ([batch, channels, ...]):
   * with channelsFirst the channel axis is moved last before flattening, as Keras does, so
   * the feature order matches a channels-last model.
   */
  dataFormat?: "channelsLast" | "channelsFirst";
}

/**
 * Flattens each sample into a vector: [batch, d1, d2, …] → [batch, d1·d2·…]; the batch axis is
 * kept (a rank-1 input becomes [batch, 1]).
 * @example new Flatten().apply(zeros([2, 3, 4])).shape // [2, 12]
 */
export class Flatten extends Layer {
  readonly dataFormat: "channelsLast" | "channelsFirst";

  constructor(readonly config: FlattenConfig = {}) {
    super(config);
    const format = config?.dataFormat ?? "channelsLast";
    if (format !== "channelsLast" && format !== "channelsFirst") throw new ArgumentError(`Flatten: dataFormat must be "channelsLast" or "channelsFirst", got ${JSON.stringify(format)}`);
    this.dataFormat = format;
  }

  call(inputs: Tensors): Tensor {
    let x = inputs as Tensor;
    if (x.rank === 0) throw new ArgumentError(`${this.name}: expected inputs with a batch axis, got a scalar`);
    if (this.dataFormat === "channelsFirst" && x.rank > 2) x = x.transpose([0, ...Array.from({ length: x.rank - 2 }, (_, i) => i + 2), 1]);
    const features = x.shape.slice(1).reduce((a, b) => a * b, 1);
    return x.reshape([x.shape[0]!, features]);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), dataFormat: this.dataFormat };
  }
}

registerLayer(Flatten, (config) => new Flatten(config as FlattenConfig));
