import { ArgumentError } from "../tensor/errors.js";
import type { DType } from "../tensor/dtype.js";
import type { Tensor } from "../tensor/tensor.js";
import { tensor } from "../tensor/convert.js";
import { eye, full } from "../tensor/creation.js";
import { randomNormal, randomUniform, truncatedNormal } from "../tensor/random.js";
import { ConfigRegistry } from "./config-registry.js";
import type { Initializer } from "./weight-options.js";

/**
 * Fan-in and fan-out of a weight shape (Keras: dense [in, out]; conv [...kernel, in, out]).
 * @example fans([3, 3, 16, 32]) // { fanIn: 144, fanOut: 288 }
 */
export function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0]!, fanOut: shape[0]! };
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return { fanIn: shape.at(-2)! * receptive, fanOut: shape.at(-1)! * receptive };
}

/**
 * The standard deviation of a standard normal truncated to ±2 (Keras's constant): dividing
 * by it makes a truncated normal's standard deviation the one asked for.
 */
export const TRUNCATED_NORMAL_STDDEV = 0.87962566103423978;

/** The seed option every random initialiser takes: with a seed, every init call gives the same values (Keras 3). */
export interface SeedConfig {
  seed?: number;
}

function seedOption(className: string, seed: number | undefined): { seed?: number } {
  if (seed === undefined) return {};
  if (!Number.isSafeInteger(seed) || seed < 0) throw new ArgumentError(`${className}: seed must be a non-negative integer, got ${String(seed)}`);
  return { seed };
}

function seedConfig(seed: number | undefined): Record<string, unknown> {
  return seed === undefined ? {} : { seed };
}

function finiteNumber(className: string, name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw new ArgumentError(`${className}: ${name} must be a finite number, got ${String(value)}`);
  return value;
}

function floatOnly(className: string, dtype: DType): void {
  if (dtype !== "float32" && dtype !== "float64") throw new ArgumentError(`${className}: can only initialise float weights (float32 or float64), got ${dtype}`);
}

/**
 * Every value equal to `value` (default 0).
 * @example new Constant({ value: 0.1 }).init([2], "float32") // [0.1, 0.1]
 */
export class Constant implements Initializer {
  readonly className: string = "Constant";
  constructor(readonly config: { value?: number } = {}) {
    finiteNumber("Constant", "value", config.value ?? 0);
  }
  init(shape: readonly number[], dtype: DType): Tensor {
    return full(shape, this.config.value ?? 0, dtype);
  }
  getConfig(): Record<string, unknown> {
    return { value: this.config.value ?? 0 };
  }
}

/** Every value 0 (Keras's default for biases). @example new Zeros().init([3], "float32") */
export class Zeros extends Constant {
  override readonly className: string = "Zeros";
  constructor() {
    super({ value: 0 });
  }
  override getConfig(): Record<string, unknown> {
    return {};
  }
}

/** Every value 1 (Keras's default for BatchNormalization's gamma). @example new Ones().init([3], "float32") */
export class Ones extends Constant {
  override readonly className: string = "Ones";
  constructor() {
    super({ value: 1 });
  }
  override getConfig(): Record<string, unknown> {
    return {};
  }
}

export interface RandomNormalConfig extends SeedConfig {
  /** Default 0. */
  mean?: number;
  /** Default 0.05 (Keras). */
  stddev?: number;
}

/**
 * Normal values, mean 0 and stddev 0.05 by default (Keras `RandomNormal`, alias "normal").
 * @example new RandomNormal({ stddev: 0.1, seed: 0 }).init([2, 2], "float32")
 */
export class RandomNormal implements Initializer {
  readonly className: string = "RandomNormal";
  readonly mean: number;
  readonly stddev: number;
  readonly seed: number | undefined;
  constructor(config: RandomNormalConfig = {}) {
    this.mean = finiteNumber(this.className, "mean", config.mean ?? 0);
    this.stddev = finiteNumber(this.className, "stddev", config.stddev ?? 0.05);
    if (this.stddev < 0) throw new ArgumentError(`${this.className}: stddev must be ≥ 0, got ${this.stddev}`);
    this.seed = seedOption(this.className, config.seed).seed;
  }
  init(shape: readonly number[], dtype: DType): Tensor {
    floatOnly(this.className, dtype);
    return randomNormal(shape, { mean: this.mean, stddev: this.stddev, dtype, ...seedConfig(this.seed) });
  }
  getConfig(): Record<string, unknown> {
    return { mean: this.mean, stddev: this.stddev, ...seedConfig(this.seed) };
  }
}

/**
 * Normal values redrawn when more than 2 standard deviations from the mean; mean 0 and
 * stddev 0.05 by default (Keras `TruncatedNormal`). The stddev is that of the normal
 * before truncation, as in Keras (the values' own is ≈ 0.88 of it).
 * @example new TruncatedNormal({ seed: 0 }).init([3], "float32") // every |value| ≤ 0.1
 */
export class TruncatedNormal extends RandomNormal {
  override readonly className: string = "TruncatedNormal";
  override init(shape: readonly number[], dtype: DType): Tensor {
    floatOnly(this.className, dtype);
    return truncatedNormal(shape, { mean: this.mean, stddev: this.stddev, dtype, ...seedConfig(this.seed) });
  }
}

export interface RandomUniformConfig extends SeedConfig {
  /** Default −0.05 (Keras). */
  minval?: number;
  /** Default 0.05 (Keras). */
  maxval?: number;
}

/**
 * Uniform values in [minval, maxval), ±0.05 by default (Keras `RandomUniform`, alias
 * "uniform": Embedding's default).
 * @example new RandomUniform({ minval: -1, maxval: 1, seed: 0 }).init([4], "float32")
 */
export class RandomUniform implements Initializer {
  readonly className: string = "RandomUniform";
  readonly minval: number;
  readonly maxval: number;
  readonly seed: number | undefined;
  constructor(config: RandomUniformConfig = {}) {
    this.minval = finiteNumber(this.className, "minval", config.minval ?? -0.05);
    this.maxval = finiteNumber(this.className, "maxval", config.maxval ?? 0.05);
    if (!(this.minval < this.maxval)) throw new ArgumentError(`${this.className}: minval must be less than maxval, got minval ${this.minval} and maxval ${this.maxval}`);
    this.seed = seedOption(this.className, config.seed).seed;
  }
  init(shape: readonly number[], dtype: DType): Tensor {
    floatOnly(this.className, dtype);
    return randomUniform(shape, { min: this.minval, max: this.maxval, dtype, ...seedConfig(this.seed) });
  }
  getConfig(): Record<string, unknown> {
    return { minval: this.minval, maxval: this.maxval, ...seedConfig(this.seed) };
  }
}

/** Which fan VarianceScaling divides by: fanIn, fanOut or their mean. */
export type FanMode = "fanIn" | "fanOut" | "fanAvg";
/** The distribution VarianceScaling draws from. */
export type ScalingDistribution = "truncatedNormal" | "untruncatedNormal" | "uniform";

export interface VarianceScalingConfig extends SeedConfig {
  /** Default 1. */
  scale?: number;
  /** Default "fanIn" (Keras "fan_in"; snake_case names are accepted too). */
  mode?: FanMode | "fan_in" | "fan_out" | "fan_avg";
  /** Default "truncatedNormal" (Keras "truncated_normal"; "normal" means truncated too, as in Keras). */
  distribution?: ScalingDistribution | "truncated_normal" | "untruncated_normal" | "normal";
}

function normaliseMode(mode: string): FanMode {
  const m = mode.replace(/[_\s-]/g, "").toLowerCase();
  if (m === "fanin") return "fanIn";
  if (m === "fanout") return "fanOut";
  if (m === "fanavg") return "fanAvg";
  throw new ArgumentError(`VarianceScaling: mode must be "fanIn", "fanOut" or "fanAvg", got ${JSON.stringify(mode)}`);
}

function normaliseDistribution(distribution: string): ScalingDistribution {
  const d = distribution.replace(/[_\s-]/g, "").toLowerCase();
  if (d === "truncatednormal" || d === "normal") return "truncatedNormal";
  if (d === "untruncatednormal") return "untruncatedNormal";
  if (d === "uniform") return "uniform";
  throw new ArgumentError(`VarianceScaling: distribution must be "truncatedNormal", "untruncatedNormal" or "uniform", got ${JSON.stringify(distribution)}`);
}

/**
 * The family behind Glorot, He and LeCun (Keras `VarianceScaling`): with n = fanIn, fanOut
 * or (fanIn + fanOut)/2 (at least 1), values have variance scale/n: a truncated normal with
 * stddev sqrt(scale/n)/0.87962566, a normal with stddev sqrt(scale/n), or a uniform in
 * ±sqrt(3·scale/n).
 * @example new VarianceScaling({ scale: 2, mode: "fanIn", distribution: "truncatedNormal" }) // = heNormal
 */
export class VarianceScaling implements Initializer {
  readonly className: string = "VarianceScaling";
  readonly scale: number;
  readonly mode: FanMode;
  readonly distribution: ScalingDistribution;
  readonly seed: number | undefined;
  constructor(config: VarianceScalingConfig = {}) {
    this.scale = finiteNumber("VarianceScaling", "scale", config.scale ?? 1);
    if (!(this.scale > 0)) throw new ArgumentError(`VarianceScaling: scale must be positive, got ${this.scale}`);
    this.mode = normaliseMode(config.mode ?? "fanIn");
    this.distribution = normaliseDistribution(config.distribution ?? "truncatedNormal");
    this.seed = seedOption(this.className, config.seed).seed;
  }

  /** The variance scale/n for a weight shape. */
  variance(shape: readonly number[]): number {
    const { fanIn, fanOut } = fans(shape);
    const n = this.mode === "fanIn" ? fanIn : this.mode === "fanOut" ? fanOut : (fanIn + fanOut) / 2;
    return this.scale / Math.max(1, n);
  }

  init(shape: readonly number[], dtype: DType): Tensor {
    floatOnly(this.className, dtype);
    const variance = this.variance(shape);
    const seed = seedConfig(this.seed);
    if (this.distribution === "uniform") {
      const limit = Math.sqrt(3 * variance);
      return randomUniform(shape, { min: -limit, max: limit, dtype, ...seed });
    }
    if (this.distribution === "untruncatedNormal") return randomNormal(shape, { stddev: Math.sqrt(variance), dtype, ...seed });
    return truncatedNormal(shape, { stddev: Math.sqrt(variance) / TRUNCATED_NORMAL_STDDEV, dtype, ...seed });
  }

  getConfig(): Record<string, unknown> {
    return { scale: this.scale, mode: this.mode, distribution: this.distribution, ...seedConfig(this.seed) };
  }
}

/** A named VarianceScaling preset: its config is just the seed (as in Keras). */
abstract class VarianceScalingPreset extends VarianceScaling {
  constructor(preset: Omit<VarianceScalingConfig, "seed">, config: SeedConfig = {}) {
    super({ ...preset, ...seedOption(new.target.name, config.seed) });
  }
  override getConfig(): Record<string, unknown> {
    return seedConfig(this.seed);
  }
}

/** Uniform in ±sqrt(6/(fanIn + fanOut)): Keras's default for Dense and Conv kernels. @example new GlorotUniform({ seed: 0 }) */
export class GlorotUniform extends VarianceScalingPreset {
  override readonly className: string = "GlorotUniform";
  constructor(config: SeedConfig = {}) {
    super({ scale: 1, mode: "fanAvg", distribution: "uniform" }, config);
  }
}

/** Truncated normal with stddev sqrt(2/(fanIn + fanOut))/0.87962566 (Xavier normal). @example new GlorotNormal({ seed: 0 }) */
export class GlorotNormal extends VarianceScalingPreset {
  override readonly className: string = "GlorotNormal";
  constructor(config: SeedConfig = {}) {
    super({ scale: 1, mode: "fanAvg", distribution: "truncatedNormal" }, config);
  }
}

/** Uniform in ±sqrt(6/fanIn) (He et al. 2015, for ReLU networks). @example new HeUniform({ seed: 0 }) */
export class HeUniform extends VarianceScalingPreset {
  override readonly className: string = "HeUniform";
  constructor(config: SeedConfig = {}) {
    super({ scale: 2, mode: "fanIn", distribution: "uniform" }, config);
  }
}

/** Truncated normal with stddev sqrt(2/fanIn)/0.87962566 (He et al. 2015). @example new HeNormal({ seed: 0 }) */
export class HeNormal extends VarianceScalingPreset {
  override readonly className: string = "HeNormal";
  constructor(config: SeedConfig = {}) {
    super({ scale: 2, mode: "fanIn", distribution: "truncatedNormal" }, config);
  }
}

/** Uniform in ±sqrt(3/fanIn) (LeCun; for SELU networks). @example new LecunUniform({ seed: 0 }) */
export class LecunUniform extends VarianceScalingPreset {
  override readonly className: string = "LecunUniform";
  constructor(config: SeedConfig = {}) {
    super({ scale: 1, mode: "fanIn", distribution: "uniform" }, config);
  }
}

/** Truncated normal with stddev sqrt(1/fanIn)/0.87962566 (LeCun). @example new LecunNormal({ seed: 0 }) */
export class LecunNormal extends VarianceScalingPreset {
  override readonly className: string = "LecunNormal";
  constructor(config: SeedConfig = {}) {
    super({ scale: 1, mode: "fanIn", distribution: "truncatedNormal" }, config);
  }
}

/**
 * Q of the QR factorisation of a rows × cols matrix (rows ≥ cols, row-major), with R's diagonal
 * made positive (the unique such Q). Modified Gram-Schmidt run twice over each column
 * ("twice is enough", Giraud et al. 2005) keeps QᵀQ = I to rounding in float64.
 */
export function orthonormalColumns(a: Float64Array, rows: number, cols: number): Float64Array {
  const q = Float64Array.from(a);
  for (let j = 0; j < cols; j++) {
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < j; i++) {
        let dot = 0;
        for (let r = 0; r < rows; r++) dot += q[r * cols + i]! * q[r * cols + j]!;
        for (let r = 0; r < rows; r++) q[r * cols + j]! -= dot * q[r * cols + i]!;
      }
    }
    let norm = 0;
    for (let r = 0; r < rows; r++) norm += q[r * cols + j]! ** 2;
    norm = Math.sqrt(norm);
    // A Gaussian matrix is rank-deficient with probability 0; guard anyway.
    if (!(norm > 0)) throw new ArgumentError("Orthogonal: the random matrix was rank-deficient; use another seed");
    for (let r = 0; r < rows; r++) q[r * cols + j]! /= norm;
  }
  return q;
}

export interface OrthogonalConfig extends SeedConfig {
  /** Multiplies the orthogonal matrix (default 1). */
  gain?: number;
}

/**
 * A random orthogonal matrix (Saxe et al. 2014; Keras `Orthogonal`): the weight is seen as a
 * matrix of prod(shape[:-1]) rows and shape[-1] columns; Q of the QR factorisation of a
 * normal matrix (R's diagonal positive) gives orthonormal columns, or rows when there are
 * fewer rows than columns; times `gain`. Computed in float64 on the host.
 * @example const w = new Orthogonal({ seed: 0 }).init([3, 3], "float64"); // wᵀw ≈ I
 */
export class Orthogonal implements Initializer {
  readonly className: string = "Orthogonal";
  readonly gain: number;
  readonly seed: number | undefined;
  constructor(config: OrthogonalConfig = {}) {
    this.gain = finiteNumber("Orthogonal", "gain", config.gain ?? 1);
    this.seed = seedOption(this.className, config.seed).seed;
  }
  init(shape: readonly number[], dtype: DType): Tensor {
    floatOnly(this.className, dtype);
    if (shape.length < 2) throw new ArgumentError(`Orthogonal: the weight must have rank ≥ 2 (a matrix), got shape [${shape.join(", ")}]; use another initializer for biases`);
    const cols = shape.at(-1)!;
    const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const [tall, wide] = [Math.max(rows, cols), Math.min(rows, cols)];
    const normal = randomNormal([tall, wide], { dtype: "float64", ...seedConfig(this.seed) });
    const q = orthonormalColumns(normal.dataSync() as Float64Array, tall, wide);
    normal.dispose();
    const out = new Float64Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) out[r * cols + c] = this.gain * (rows >= cols ? q[r * wide + c]! : q[c * wide + r]!);
    }
    return tensor(out, { shape: [...shape], dtype });
  }
  getConfig(): Record<string, unknown> {
    return { gain: this.gain, ...seedConfig(this.seed) };
  }
}

/**
 * The identity matrix times `gain` (Keras `Identity`; a 2-D weight only, may be non-square).
 * @example new Identity().init([2, 2], "float32") // [[1, 0], [0, 1]]
 */
export class Identity implements Initializer {
  readonly className: string = "Identity";
  readonly gain: number;
  constructor(config: { gain?: number } = {}) {
    this.gain = finiteNumber("Identity", "gain", config.gain ?? 1);
  }
  init(shape: readonly number[], dtype: DType): Tensor {
    if (shape.length !== 2) throw new ArgumentError(`Identity: the weight must be a matrix (rank 2), got shape [${shape.join(", ")}]`);
    const identity = eye(shape[0]!, shape[1]!, dtype);
    if (this.gain === 1) return identity;
    const scaled = identity.mul(this.gain);
    identity.dispose();
    return scaled;
  }
  getConfig(): Record<string, unknown> {
    return { gain: this.gain };
  }
}

/** Initialisers by Keras name: `getInitializer("heNormal")` (camelCase, snake_case or class name). */
export const initializers = new ConfigRegistry<Initializer>("initializer");
initializers.register(["zeros", "Zeros"], () => new Zeros());
initializers.register(["ones", "Ones"], () => new Ones());
initializers.register(["constant", "Constant"], (c) => new Constant(c as { value?: number }));
initializers.register(["glorotUniform", "GlorotUniform", "xavierUniform"], (c) => new GlorotUniform(c as SeedConfig));
initializers.register(["glorotNormal", "GlorotNormal", "xavierNormal"], (c) => new GlorotNormal(c as SeedConfig));
initializers.register(["heUniform", "HeUniform"], (c) => new HeUniform(c as SeedConfig));
initializers.register(["heNormal", "HeNormal"], (c) => new HeNormal(c as SeedConfig));
initializers.register(["lecunUniform", "LecunUniform"], (c) => new LecunUniform(c as SeedConfig));
initializers.register(["lecunNormal", "LecunNormal"], (c) => new LecunNormal(c as SeedConfig));
initializers.register(["randomNormal", "RandomNormal", "normal"], (c) => new RandomNormal(c as RandomNormalConfig));
initializers.register(["randomUniform", "RandomUniform", "uniform"], (c) => new RandomUniform(c as RandomUniformConfig));
initializers.register(["truncatedNormal", "TruncatedNormal"], (c) => new TruncatedNormal(c as RandomNormalConfig));
initializers.register(["varianceScaling", "VarianceScaling"], (c) => new VarianceScaling(c as VarianceScalingConfig));
initializers.register(["orthogonal", "Orthogonal"], (c) => new Orthogonal(c as OrthogonalConfig));
initializers.register(["identity", "Identity"], (c) => new Identity(c as { gain?: number }));

/**
 * Resolves an initialiser from a name, a serialised object or an instance.
 * @example getInitializer("heNormal").init([784, 128], "float32")
 */
export function getInitializer(spec: string | Initializer | { className: string; config: Record<string, unknown> }): Initializer {
  return initializers.get(spec);
}
