import { checkOptions, optionNames } from "../tensor/options.js";
import { ArgumentError } from "../tensor/errors.js";
import type { DType } from "../tensor/dtype.js";
import type { Layer } from "./layer.js";

/** A shape whose batch axis (first) may be unknown (null). */
export type SymbolicShape = readonly (number | null)[];

/**
 * A placeholder in the functional API: it has a shape (batch axis null) and a dtype but no
 * values, and remembers the layer call that produced it, so `model({ inputs, outputs })`
 * can replay the calls on real tensors.
 * @example new Dense({ units: 3 }).apply(input({ shape: [4] })).shape // [null, 3]
 */
export class SymbolicTensor {
  constructor(
    readonly shape: SymbolicShape,
    readonly dtype: DType,
    /** The layer whose call produced it; null for an input(). */
    readonly layer: Layer | null,
    /** The symbolic inputs of that call. */
    readonly inputs: readonly SymbolicTensor[],
    /** Which output of the call this is. */
    readonly outputIndex: number,
    readonly name: string,
    /** Whether the layer was called with a list of inputs (even a list of one). */
    readonly calledWithList = false,
  ) {}

  get rank(): number {
    return this.shape.length;
  }

  toString(): string {
    return `SymbolicTensor "${this.name}" shape [${this.shape.map((d) => d ?? "None").join(", ")}] ${this.dtype}`;
  }
}

let nextInputId = 0;

export interface InputConfig {
  /** The shape of one sample (without the batch axis). */
  shape: readonly number[];
  /** A fixed batch size (default: any). */
  batchSize?: number;
  dtype?: DType;
  name?: string;
}

/**
 * The entry point of a functional model.
 * @example
 * const x = input({ shape: [784] });
 * const y = new Dense({ units: 10 }).apply(x);
 * const m = model({ inputs: x, outputs: y });
 */
export function input(config: InputConfig): SymbolicTensor {
  checkOptions("input", config, optionNames<InputConfig>({ shape: true, batchSize: true, dtype: true, name: true }));
  if (!Array.isArray(config?.shape) || config.shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new ArgumentError(`input: shape must be the shape of one sample, a list of non-negative integers, got ${JSON.stringify(config?.shape)}`);
  }
  if (config.batchSize !== undefined && !(Number.isInteger(config.batchSize) && config.batchSize > 0)) {
    throw new ArgumentError(`input: batchSize must be a positive integer (or left out for any batch size), got ${JSON.stringify(config.batchSize)}`);
  }
  return new SymbolicTensor([config.batchSize ?? null, ...config.shape], config.dtype ?? "float32", null, [], 0, config.name ?? `input_${nextInputId++}`);
}
