import { ArgumentError, DTypeError } from "../../tensor/errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { Variable } from "../../tensor/variable.js";
import { gather } from "../../tensor/ops/index.js";
import { checkRule } from "../../tensor/trace-state.js";
import { Layer, type LayerConfig, type Tensors } from "../layer.js";
import type { Constraint, Initializer, Regularizer } from "../weight-options.js";
import { registerLayer } from "../layer-registry.js";
import { weightConfig, weightOptions } from "../weight-config.js";

export interface EmbeddingConfig extends LayerConfig {
  /** Vocabulary size: indices run from 0 to inputDim − 1. */
  inputDim: number;
  /** Length of each embedding vector. */
  outputDim: number;
  /** Default "uniform" (RandomUniform in ±0.05, as Keras). */
  embeddingsInitializer?: string | Initializer;
  embeddingsRegularizer?: string | Regularizer;
  embeddingsConstraint?: string | Constraint;
}

/**
 * A lookup table of trainable vectors: index i → row i of `embeddings` [inputDim, outputDim].
 * Inputs are integer indices of any shape (int32, or floats holding integers); the output
 * has shape [...input shape, outputDim]. Its gradient reaches only the rows that were looked
 * up (repeated indices add up), via gather.
 * @example new Embedding({ inputDim: 1000, outputDim: 16 }).apply(tensor([[4, 20]], "int32")).shape // [1, 2, 16]
 */
export class Embedding extends Layer {
  readonly inputDim: number;
  readonly outputDim: number;
  embeddings!: Variable;

  constructor(readonly config: EmbeddingConfig) {
    super(config);
    if (!Number.isInteger(config?.inputDim) || config.inputDim <= 0) throw new ArgumentError(`Embedding: inputDim must be a positive integer (the vocabulary size), got ${config?.inputDim}`);
    if (!Number.isInteger(config.outputDim) || config.outputDim <= 0) throw new ArgumentError(`Embedding: outputDim must be a positive integer (the embedding length), got ${config.outputDim}`);
    this.inputDim = config.inputDim;
    this.outputDim = config.outputDim;
  }

  override build(): void {
    const c = this.config;
    this.embeddings = this.addWeight("embeddings", [this.inputDim, this.outputDim], weightOptions(c, "embeddings", "uniform"));
  }

  call(inputs: Tensors): Tensor {
    const x = inputs as Tensor;
    if (x.dtype === "bool") throw new DTypeError(`${this.name}: expected integer indices (int32 or whole-number floats), got a bool tensor; cast() it to int32`);
    // Checked where the ids are data (eagerly, on each batch fed to a compiled step, or on the GPU when read).
    checkRule(x, { low: 0, high: this.inputDim, integer: true }, ({ value, at }) =>
      !Number.isInteger(value)
        ? new DTypeError(`${this.name}: indices must be whole numbers, got ${value} at flat position ${at}`)
        : new ArgumentError(`${this.name}: index ${value} (at flat position ${at} of the input) is out of range: inputDim is ${this.inputDim}, so indices must be in 0 … ${this.inputDim - 1}; make inputDim larger than the largest index`),
    );
    return gather(this.embeddings.value, x.dtype === "int32" ? x : x.cast("int32"), 0);
  }

  override getConfig(): Record<string, unknown> {
    const c = this.config;
    return {
      ...super.getConfig(),
      inputDim: this.inputDim,
      outputDim: this.outputDim,
      ...weightConfig(c, "embeddings", "uniform"),
    };
  }
}

registerLayer(Embedding, (config) => new Embedding(config as unknown as EmbeddingConfig));
