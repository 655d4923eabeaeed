import { ArgumentError } from "../../tensor/errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { Variable } from "../../tensor/variable.js";
import { conv1d, conv2d } from "../../tensor/ops/conv.js";
import { Layer, type LayerConfig, type Tensors } from "../layer.js";
import type { SymbolicShape } from "../symbolic.js";
import { getActivation, activationName, type ActivationName } from "../activations.js";
import { registerLayer } from "../layer-registry.js";
import { checkSpatialRank } from "./spatial-rank.js";
import { weightConfig, weightOptions, type KernelBiasOptions } from "../weight-config.js";

/** Options shared by Conv1D and Conv2D (Keras names, camelCase). */
export interface ConvConfig extends LayerConfig, KernelBiasOptions {
  /** Number of output channels (filters). */
  filters: number;
  /** Window size: a number (every spatial axis) or one number per spatial axis. */
  kernelSize: number | readonly number[];
  /** Step between windows (default 1). */
  strides?: number | readonly number[];
  /**
   * "valid" (default): only whole windows; "same": output size ceil(in / stride), zero
   * padding split as TF does; "causal" (Conv1D only): pads on the left only, so step t
   * sees inputs ≤ t.
   */
  padding?: "valid" | "same" | "causal";
  /** Spacing between kernel taps (default 1). */
  dilationRate?: number | readonly number[];
  /** Grouped convolution (default 1): input channels and filters are split into this many independent groups. */
  groups?: number;
  activation?: ActivationName | ((x: Tensor) => Tensor);
  useBias?: boolean;
}

/** Conv1D's options: sizes are single numbers (or one-element lists). */
export interface Conv1DConfig extends ConvConfig {
  kernelSize: number | readonly [number];
  strides?: number | readonly [number];
  dilationRate?: number | readonly [number];
}

/** Conv2D's options: numbers apply to both spatial axes, pairs are [height, width]. */
export interface Conv2DConfig extends ConvConfig {
  kernelSize: number | readonly [number, number];
  strides?: number | readonly [number, number];
  padding?: "valid" | "same";
  dilationRate?: number | readonly [number, number];
}

const AXES = { 1: "[width]", 2: "[height, width]" } as const;

/** A per-spatial-axis tuple of positive integers from a number or a list. */
function tuple(className: string, what: string, value: unknown, rank: 1 | 2): number[] {
  const list = typeof value === "number" ? new Array<number>(rank).fill(value) : value;
  if (!Array.isArray(list) || list.length !== rank || !list.every((v) => Number.isInteger(v) && v >= 1)) {
    throw new ArgumentError(`${className}: ${what} must be a positive integer or a list of ${rank} positive integers ${AXES[rank]}, got ${JSON.stringify(value)}`);
  }
  return [...(list as number[])];
}

/**
 * The convolution layers' shared machinery (Keras BaseConv): channels-last inputs
 * [batch, ...spatial, channels], kernel [...kernelSize, channels / groups, filters], bias [filters].
 */
abstract class Conv extends Layer {
  readonly filters: number;
  readonly kernelSize: number[];
  readonly strides: number[];
  readonly padding: "valid" | "same" | "causal";
  readonly dilationRate: number[];
  readonly groups: number;
  readonly useBias: boolean;
  kernel!: Variable;
  bias: Variable | undefined;
  private readonly activation: (x: Tensor) => Tensor;

  constructor(
    readonly config: ConvConfig,
    private readonly rank: 1 | 2,
  ) {
    super(config);
    const cls = new.target.name;
    if (!Number.isInteger(config?.filters) || config.filters <= 0) throw new ArgumentError(`${cls}: filters must be a positive integer (the number of output channels), got ${config?.filters}`);
    this.filters = config.filters;
    this.kernelSize = tuple(cls, "kernelSize", config.kernelSize, rank);
    this.strides = tuple(cls, "strides", config.strides ?? 1, rank);
    this.dilationRate = tuple(cls, "dilationRate", config.dilationRate ?? 1, rank);
    const padding = config.padding ?? "valid";
    const allowed = rank === 1 ? ["valid", "same", "causal"] : ["valid", "same"];
    if (!allowed.includes(padding)) {
      throw new ArgumentError(
        rank === 1
          ? `${cls}: padding must be "valid", "same" or "causal", got ${JSON.stringify(config.padding)}`
          : `${cls}: padding must be "valid" or "same", got ${JSON.stringify(config.padding)}`,
      );
    }
    this.padding = padding;
    this.groups = config.groups ?? 1;
    if (!Number.isInteger(this.groups) || this.groups < 1) throw new ArgumentError(`${cls}: groups must be a positive integer, got ${JSON.stringify(config.groups)}`);
    if (this.filters % this.groups !== 0) throw new ArgumentError(`${cls}: filters (${this.filters}) must be divisible by groups (${this.groups})`);
    this.useBias = config.useBias ?? true;
    this.activation = getActivation(config.activation);
  }

  /** Checks an input shape: rank, known channels that divide into the groups. Returns the channel count. */
  private checkShape(shape: SymbolicShape): number {
    const rank = this.rank;
    checkSpatialRank(this.name, shape, rank);
    const channels = shape.at(-1);
    if (typeof channels !== "number") throw new ArgumentError(`${this.name}: the channel axis (last) of the input must be known, got shape [${shape.join(", ")}]`);
    if (channels % this.groups !== 0) throw new ArgumentError(`${this.name}: the input's ${channels} channels must be divisible by groups (${this.groups})`);
    if (this.padding === "valid") {
      for (let i = 0; i < rank; i++) {
        const size = shape[1 + i];
        const window = (this.kernelSize[i]! - 1) * this.dilationRate[i]! + 1;
        if (typeof size === "number" && size < window) {
          const what = rank === 1 ? "steps" : i === 0 ? "height" : "width";
          throw new ArgumentError(
            this.dilationRate[i]! > 1
              ? `${this.name}: the input's ${what} (${size}) is smaller than the dilated kernel (${window}) with padding "valid", got shape [${shape.join(", ")}]; use padding "same" or a smaller kernelSize`
              : `${this.name}: the input's ${what} (${size}) is smaller than the kernel (${window}) with padding "valid", got shape [${shape.join(", ")}]; use padding "same" or a smaller kernelSize`,
          );
        }
      }
    }
    return channels;
  }

  override build(inputShape: SymbolicShape): void {
    const channels = this.checkShape(inputShape);
    const c = this.config;
    this.kernel = this.addWeight("kernel", [...this.kernelSize, channels / this.groups, this.filters], weightOptions(c, "kernel", "glorotUniform"));
    if (this.useBias) {
      this.bias = this.addWeight("bias", [this.filters], weightOptions(c, "bias", "zeros"));
    }
  }

  call(inputs: Tensors): Tensor {
    if (Array.isArray(inputs)) throw new ArgumentError(`${this.name}: expected one input tensor, got a list of ${inputs.length}`);
    let x = inputs;
    const channels = this.checkShape(x.shape);
    const expected = this.kernel.shape.at(-2)! * this.groups;
    if (channels !== expected) throw new ArgumentError(`${this.name}: the layer was built for inputs with ${expected} channels, got shape [${x.shape.join(", ")}]`);
    if (x.dtype !== this.kernel.dtype) x = x.cast(this.kernel.dtype);
    let y = this.convolve(x, this.kernel.value);
    if (this.bias) y = y.add(this.bias.value);
    return this.activation(y);
  }

  /** The convolution itself (conv1d or conv2d). */
  protected abstract convolve(x: Tensor, kernel: Tensor): Tensor;

  override getConfig(): Record<string, unknown> {
    const c = this.config;
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: [...this.kernelSize],
      strides: [...this.strides],
      padding: this.padding,
      dilationRate: [...this.dilationRate],
      groups: this.groups,
      activation: activationName(c.activation),
      useBias: this.useBias,
      ...weightConfig(c, "kernel", "glorotUniform"),
      ...weightConfig(c, "bias", "zeros"),
    };
  }
}

/**
 * 1-D convolution over sequences (Keras Conv1D): inputs [batch, steps, channels], kernel
 * [kernelSize, channels / groups, filters], outputs [batch, outSteps, filters] =
 * activation(conv1d(x, kernel) + bias). Defaults as Keras: strides 1, padding "valid",
 * dilationRate 1, glorotUniform kernel, zero bias. padding "causal" pads
 * (kernelSize − 1)·dilationRate zeros on the left only (WaveNet-style).
 * @example new Conv1D({ filters: 8, kernelSize: 3, padding: "same" }).apply(zeros([2, 10, 4])).shape // [2, 10, 8]
 */
export class Conv1D extends Conv {
  constructor(config: Conv1DConfig) {
    super(config, 1);
  }

  protected convolve(x: Tensor, kernel: Tensor): Tensor {
    const [k, s, d] = [this.kernelSize[0]!, this.strides[0]!, this.dilationRate[0]!];
    const padding = this.padding === "causal" ? ([(k - 1) * d, 0] as const) : this.padding;
    return conv1d(x, kernel, { stride: s, dilation: d, padding, groups: this.groups });
  }
}

/**
 * 2-D convolution over images (Keras Conv2D), channels last: inputs NHWC
 * [batch, height, width, channels], kernel HWIO [kh, kw, channels / groups, filters], outputs
 * [batch, outHeight, outWidth, filters] = activation(conv2d(x, kernel) + bias). Defaults as
 * Keras: strides 1, padding "valid", dilationRate 1, glorotUniform kernel, zero bias.
 * @example new Conv2D({ filters: 16, kernelSize: 3, padding: "same", activation: "relu" }).apply(zeros([1, 8, 8, 1])).shape // [1, 8, 8, 16]
 */
export class Conv2D extends Conv {
  constructor(config: Conv2DConfig) {
    super(config, 2);
  }

  protected convolve(x: Tensor, kernel: Tensor): Tensor {
    return conv2d(x, kernel, {
      strides: this.strides as unknown as [number, number],
      dilations: this.dilationRate as unknown as [number, number],
      padding: this.padding as "valid" | "same",
      groups: this.groups,
    });
  }
}

registerLayer(Conv1D, (config) => new Conv1D(config as unknown as Conv1DConfig));
registerLayer(Conv2D, (config) => new Conv2D(config as unknown as Conv2DConfig));
