import { ArgumentError } from "../../tensor/errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import { avgPool2d, maxPool2d, globalAvgPool2d, globalMaxPool2d } from "../../tensor/ops/pool.js";
import { max, mean } from "../../tensor/ops/reduce.js";
import { Layer, type LayerConfig, type Tensors } from "../layer.js";
import type { SymbolicShape } from "../symbolic.js";
import { registerLayer } from "../layer-registry.js";
import { checkSpatialRank } from "./spatial-rank.js";

/** Options of the windowed pooling layers (Keras names, camelCase). */
export interface PoolingConfig extends LayerConfig {
  /** Window size (default 2): a number (every spatial axis) or one number per spatial axis. */
  poolSize?: number | readonly number[];
  /** Step between windows; default (null/undefined) = poolSize: non-overlapping windows. */
  strides?: number | readonly number[] | null;
  /** "valid" (default): only whole windows; "same": output size ceil(in / stride); padded positions are ignored. */
  padding?: "valid" | "same";
}

/** Options of MaxPooling2D / AveragePooling2D: numbers apply to both axes, pairs are [height, width]. */
export interface Pooling2DConfig extends PoolingConfig {
  poolSize?: number | readonly [number, number];
  strides?: number | readonly [number, number] | null;
}

/** Options of MaxPooling1D / AveragePooling1D. */
export interface Pooling1DConfig extends PoolingConfig {
  poolSize?: number | readonly [number];
  strides?: number | readonly [number] | null;
}

/** Options of the global pooling layers. */
export interface GlobalPoolingConfig extends LayerConfig {
  /** Keep the pooled axes with size 1 (Keras `keepdims`, default false). */
  keepdims?: boolean;
}

const AXES = { 1: "[steps]", 2: "[height, width]" } as const;

function tuple(className: string, what: string, value: unknown, rank: 1 | 2): number[] {
  const list = typeof value === "number" ? new Array<number>(rank).fill(value) : value;
  if (!Array.isArray(list) || list.length !== rank || !list.every((v) => Number.isInteger(v) && v >= 1)) {
    throw new ArgumentError(`${className}: ${what} must be a positive integer or a list of ${rank} positive integers ${AXES[rank]}, got ${JSON.stringify(value)}`);
  }
  return [...(list as number[])];
}

function single(layer: Layer, inputs: Tensors): Tensor {
  if (Array.isArray(inputs)) throw new ArgumentError(`${layer.name}: expected one input tensor, got a list of ${inputs.length}`);
  return inputs;
}

/** Windowed pooling (Keras BasePooling), channels last; 1-D pools run as 2-D pools over height-1 images. */
abstract class Pooling extends Layer {
  readonly poolSize: number[];
  readonly strides: number[];
  readonly padding: "valid" | "same";

  constructor(
    readonly config: PoolingConfig,
    private readonly rank: 1 | 2,
  ) {
    super(config);
    const cls = new.target.name;
    this.poolSize = tuple(cls, "poolSize", config?.poolSize ?? 2, rank);
    this.strides = config?.strides === undefined || config.strides === null ? [...this.poolSize] : tuple(cls, "strides", config.strides, rank);
    const padding = config?.padding ?? "valid";
    if (padding !== "valid" && padding !== "same") throw new ArgumentError(`${cls}: padding must be "valid" or "same", got ${JSON.stringify(config.padding)}`);
    this.padding = padding;
  }

  private checkShape(shape: SymbolicShape): void {
    checkSpatialRank(this.name, shape, this.rank);
    if (this.padding === "valid") {
      for (let i = 0; i < this.rank; i++) {
        const size = shape[1 + i];
        if (typeof size === "number" && size < this.poolSize[i]!) {
          const what = this.rank === 1 ? "steps" : i === 0 ? "height" : "width";
          throw new ArgumentError(`${this.name}: the input's ${what} (${size}) is smaller than the pool size (${this.poolSize[i]}) with padding "valid", got shape [${shape.join(", ")}]; use padding "same" or a smaller poolSize`);
        }
      }
    }
  }

  override build(inputShape: SymbolicShape): void {
    this.checkShape(inputShape);
  }

  call(inputs: Tensors): Tensor {
    const x = single(this, inputs);
    this.checkShape(x.shape);
    if (this.rank === 2) return this.pool(x, [this.poolSize[0]!, this.poolSize[1]!], [this.strides[0]!, this.strides[1]!]);
    const [b, steps, c] = x.shape as [number, number, number];
    const y = this.pool(x.reshape([b, 1, steps, c]), [1, this.poolSize[0]!], [1, this.strides[0]!]);
    return y.reshape([b, y.shape[2]!, c]);
  }

  /** The 2-D pooling op (maxPool2d or avgPool2d). */
  protected abstract pool(x: Tensor, poolSize: [number, number], strides: [number, number]): Tensor;

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), poolSize: [...this.poolSize], strides: [...this.strides], padding: this.padding };
  }
}

/**
 * Max over each poolSize window of [batch, height, width, channels] (Keras MaxPooling2D).
 * Defaults: poolSize 2, strides = poolSize, padding "valid".
 * @example new MaxPooling2D().apply(zeros([1, 8, 8, 3])).shape // [1, 4, 4, 3]
 */
export class MaxPooling2D extends Pooling {
  constructor(config: Pooling2DConfig = {}) {
    super(config, 2);
  }
  protected pool(x: Tensor, poolSize: [number, number], strides: [number, number]): Tensor {
    return maxPool2d(x, poolSize, { strides, padding: this.padding });
  }
}

/**
 * Mean over each poolSize window of [batch, height, width, channels] (Keras AveragePooling2D);
 * with padding "same", windows that overlap the border average only the real positions.
 * Defaults: poolSize 2, strides = poolSize, padding "valid".
 * @example new AveragePooling2D({ poolSize: 2 }).apply(zeros([1, 8, 8, 3])).shape // [1, 4, 4, 3]
 */
export class AveragePooling2D extends Pooling {
  constructor(config: Pooling2DConfig = {}) {
    super(config, 2);
  }
  protected pool(x: Tensor, poolSize: [number, number], strides: [number, number]): Tensor {
    return avgPool2d(x, poolSize, { strides, padding: this.padding });
  }
}

/**
 * Max over each poolSize window of a sequence [batch, steps, channels] (Keras MaxPooling1D).
 * Defaults: poolSize 2, strides = poolSize, padding "valid".
 * @example new MaxPooling1D().apply(zeros([2, 10, 4])).shape // [2, 5, 4]
 */
export class MaxPooling1D extends Pooling {
  constructor(config: Pooling1DConfig = {}) {
    super(config, 1);
  }
  protected pool(x: Tensor, poolSize: [number, number], strides: [number, number]): Tensor {
    return maxPool2d(x, poolSize, { strides, padding: this.padding });
  }
}

/**
 * Mean over each poolSize window of a sequence [batch, steps, channels] (Keras AveragePooling1D).
 * @example new AveragePooling1D({ poolSize: 3 }).apply(zeros([2, 9, 4])).shape // [2, 3, 4]
 */
export class AveragePooling1D extends Pooling {
  constructor(config: Pooling1DConfig = {}) {
    super(config, 1);
  }
  protected pool(x: Tensor, poolSize: [number, number], strides: [number, number]): Tensor {
    return avgPool2d(x, poolSize, { strides, padding: this.padding });
  }
}

/** Pooling over every spatial axis at once (Keras GlobalPooling). */
abstract class GlobalPooling extends Layer {
  readonly keepdims: boolean;

  constructor(
    readonly config: GlobalPoolingConfig,
    private readonly rank: 1 | 2,
  ) {
    super(config);
    const keepdims = config?.keepdims ?? false;
    if (typeof keepdims !== "boolean") throw new ArgumentError(`${new.target.name}: keepdims must be true or false, got ${JSON.stringify(keepdims)}`);
    this.keepdims = keepdims;
  }

  override build(inputShape: SymbolicShape): void {
    checkSpatialRank(this.name, inputShape, this.rank);
  }

  call(inputs: Tensors): Tensor {
    const x = single(this, inputs);
    checkSpatialRank(this.name, x.shape, this.rank);
    if (x.shape.slice(1, -1).some((d) => d === 0)) throw new ArgumentError(`${this.name}: the input has no positions to pool, got shape [${x.shape.join(", ")}]`);
    return this.pool(x);
  }

  protected abstract pool(x: Tensor): Tensor;

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), keepdims: this.keepdims };
  }
}

/**
 * Mean over height and width: [batch, height, width, channels] → [batch, channels]
 * ([batch, 1, 1, channels] with keepdims) (Keras GlobalAveragePooling2D).
 * @example new GlobalAveragePooling2D().apply(zeros([2, 4, 4, 8])).shape // [2, 8]
 */
export class GlobalAveragePooling2D extends GlobalPooling {
  constructor(config: GlobalPoolingConfig = {}) {
    super(config, 2);
  }
  protected pool(x: Tensor): Tensor {
    return globalAvgPool2d(x, this.keepdims);
  }
}

/**
 * Max over height and width: [batch, height, width, channels] → [batch, channels]
 * (Keras GlobalMaxPooling2D).
 * @example new GlobalMaxPooling2D().apply(zeros([2, 4, 4, 8])).shape // [2, 8]
 */
export class GlobalMaxPooling2D extends GlobalPooling {
  constructor(config: GlobalPoolingConfig = {}) {
    super(config, 2);
  }
  protected pool(x: Tensor): Tensor {
    return globalMaxPool2d(x, this.keepdims);
  }
}

/**
 * Mean over the steps: [batch, steps, channels] → [batch, channels] (Keras GlobalAveragePooling1D).
 * @example new GlobalAveragePooling1D().apply(zeros([2, 10, 8])).shape // [2, 8]
 */
export class GlobalAveragePooling1D extends GlobalPooling {
  constructor(config: GlobalPoolingConfig = {}) {
    super(config, 1);
  }
  protected pool(x: Tensor): Tensor {
    return mean(x.dtype === "float32" || x.dtype === "float64" ? x : x.cast("float32"), 1, this.keepdims);
  }
}

/**
 * Max over the steps: [batch, steps, channels] → [batch, channels] (Keras GlobalMaxPooling1D).
 * @example new GlobalMaxPooling1D().apply(zeros([2, 10, 8])).shape // [2, 8]
 */
export class GlobalMaxPooling1D extends GlobalPooling {
  constructor(config: GlobalPoolingConfig = {}) {
    super(config, 1);
  }
  protected pool(x: Tensor): Tensor {
    return max(x, 1, this.keepdims);
  }
}

registerLayer(MaxPooling2D, (config) => new MaxPooling2D(config as Pooling2DConfig));
registerLayer(AveragePooling2D, (config) => new AveragePooling2D(config as Pooling2DConfig));
registerLayer(MaxPooling1D, (config) => new MaxPooling1D(config as Pooling1DConfig));
registerLayer(AveragePooling1D, (config) => new AveragePooling1D(config as Pooling1DConfig));
registerLayer(GlobalAveragePooling2D, (config) => new GlobalAveragePooling2D(config as GlobalPoolingConfig));
registerLayer(GlobalMaxPooling2D, (config) => new GlobalMaxPooling2D(config as GlobalPoolingConfig));
registerLayer(GlobalAveragePooling1D, (config) => new GlobalAveragePooling1D(config as GlobalPoolingConfig));
registerLayer(GlobalMaxPooling1D, (config) => new GlobalMaxPooling1D(config as GlobalPoolingConfig));
