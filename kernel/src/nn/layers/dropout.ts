import { ArgumentError } from "../../tensor/errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import { bernoulli, foldIn, nextKey, randomKey, type RandomKey } from "../../tensor/random.js";
import { Layer, type CallOptions, type LayerConfig, type Tensors } from "../layer.js";
import { registerLayer } from "../layer-registry.js";

export interface DropoutConfig extends LayerConfig {
  /** The fraction of units dropped in training, 0 ≤ rate < 1. */
  rate: number;
  /**
   * The shape of the keep/drop mask, one entry per input axis; it broadcasts over the input,
   * so a 1 shares one decision along that axis (e.g. [null, 1, features] drops the same
   * features at every time step). null means "the input's size". Default: the input's shape.
   */
  noiseShape?: readonly (number | null)[] | null;
  /**
   * Makes the masks reproducible for this layer alone: call n in training draws its mask with
   * foldIn(randomKey(seed), n). Without a seed each mask uses the global generator (so
   * `seed(n)` before training makes a run repeatable).
   */
  seed?: number | null;
}

/**
 * Inverted dropout (Srivastava et al. 2014): in training each unit is zeroed with
 * probability `rate` and the rest are scaled by 1/(1 − rate), so the expected output equals
 * the input and inference needs no change. Active only when called with `{ training: true }`
 * (fit does this); otherwise the identity.
 * @example new Dropout({ rate: 0.5, seed: 0 }).apply(ones([2, 4]), { training: true }) // zeros and 2s
 */
export class Dropout extends Layer {
  readonly rate: number;
  readonly noiseShape: (number | null)[] | undefined;
  readonly seed: number | undefined;
  private readonly key: RandomKey | undefined;
  /** How many training masks this layer has drawn (the next mask's fold-in index when seeded). */
  calls = 0;

  constructor(readonly config: DropoutConfig) {
    super(config);
    const rate = config?.rate;
    if (typeof rate !== "number" || !(rate >= 0 && rate < 1)) {
      throw new ArgumentError(`Dropout: rate must be a number in [0, 1) — the fraction of units to drop, e.g. 0.5 — got ${String(rate)}`);
    }
    this.rate = rate;
    const noise = config.noiseShape;
    if (noise !== undefined && noise !== null) {
      if (!Array.isArray(noise) || noise.some((d) => d !== null && (!Number.isInteger(d) || d < 0))) {
        throw new ArgumentError(`Dropout: noiseShape must be a list of non-negative integers or nulls, one per input axis, got ${JSON.stringify(noise)}`);
      }
      this.noiseShape = [...noise];
    }
    if (config.seed !== undefined && config.seed !== null) {
      if (!Number.isSafeInteger(config.seed) || config.seed < 0) throw new ArgumentError(`Dropout: seed must be a non-negative integer, got ${String(config.seed)}`);
      this.seed = config.seed;
      this.key = randomKey(config.seed);
    }
  }

  /** The mask shape for an input shape: noiseShape with nulls filled in, checked to broadcast. */
  private maskShape(shape: readonly number[]): number[] {
    if (this.noiseShape === undefined) return [...shape];
    if (this.noiseShape.length !== shape.length) {
      throw new ArgumentError(`${this.name}: noiseShape [${this.noiseShape.map(String).join(", ")}] has ${this.noiseShape.length} axes but the input has shape [${shape.join(", ")}]; give one entry per input axis`);
    }
    return this.noiseShape.map((d, i) => {
      const size = d ?? shape[i]!;
      if (size !== 1 && size !== shape[i]) {
        throw new ArgumentError(`${this.name}: noiseShape [${this.noiseShape!.map(String).join(", ")}] does not broadcast to the input shape [${shape.join(", ")}]: each entry must be 1, null or the input's size`);
      }
      return size;
    });
  }

  override randomState(): number | undefined {
    return this.key === undefined ? undefined : this.calls;
  }

  override restoreRandomState(state: number): void {
    if (!Number.isSafeInteger(state) || state < 0) throw new ArgumentError(`${this.name}: a saved random state must be a non-negative integer (masks drawn), got ${String(state)}`);
    this.calls = state;
  }

  call(inputs: Tensors, options: CallOptions = {}): Tensor {
    const x = inputs as Tensor;
    if (!options.training || this.rate === 0) return x;
    if (x.dtype !== "float32" && x.dtype !== "float64") throw new ArgumentError(`${this.name}: dropout needs float inputs, got ${x.dtype}; cast() them first`);
    // The key is chosen when the mask is drawn: at each step, also in a compiled training step.
    const key = () => {
      const drawn = this.key === undefined ? nextKey() : foldIn(this.key, this.calls);
      this.calls += 1;
      return drawn;
    };
    const keep = bernoulli(this.maskShape(x.shape), 1 - this.rate, { key, dtype: x.dtype });
    return x.mul(keep.mul(1 / (1 - this.rate)));
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rate: this.rate, noiseShape: this.noiseShape ? [...this.noiseShape] : null, seed: this.seed ?? null };
  }
}

registerLayer(Dropout, (config) => new Dropout(config as unknown as DropoutConfig));
