import { ArgumentError, DTypeError } from "../../tensor/errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { Variable } from "../../tensor/variable.js";
import { gather } from "../../tensor/ops/index.js";
import { checkValues } from "../../tensor/trace-state.js";
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
    // Checked where the ids are data (eagerly, or on each batch fed to a compiled step); elsewhere gather checks the range.
    checkValues(x, (ids) => this.checkIndices(ids));
    return gather(this.embeddings.value, x.dtype === "int32" ? x : x.cast("int32"), 0);
  }

  /** Every index must be a whole number in [0, inputDim): say which one is not, and what to do. */
  private checkIndices(x: Tensor): void {
    const values = x.dataSync();
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (!Number.isInteger(v)) throw new DTypeError(`${this.name}: indices must be whole numbers, got ${v} at flat position ${i}`);
      if (v < 0 || v >= this.inputDim) {
        throw new ArgumentError(`${this.name}: index ${v} (at flat position ${i} of the input) is out of range: inputDim is ${this.inputDim}, so indices must be in 0 … ${this.inputDim - 1}; make inputDim larger than the largest index`);
      }
    }
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
