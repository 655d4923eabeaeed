import type { DType } from "../tensor/dtype.js";
import type { Tensor } from "../tensor/tensor.js";
import { full } from "../tensor/creation.js";
import { randomUniform } from "../tensor/random.js";
import { ConfigRegistry } from "./config-registry.js";
import type { Initializer } from "./weight-options.js";

/** Fan-in and fan-out of a weight shape (Keras: dense [in, out]; conv [...kernel, in, out]). */
export function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0]!, fanOut: shape[0]! };
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return { fanIn: shape.at(-2)! * receptive, fanOut: shape.at(-1)! * receptive };
}

/** Every value equal to `value`. @example new Constant({ value: 0.1 }) */
export class Constant implements Initializer {
  readonly className: string = "Constant";
  constructor(readonly config: { value?: number } = {}) {}
  init(shape: readonly number[], dtype: DType): Tensor {
    return full(shape, this.config.value ?? 0, dtype);
  }
  getConfig(): Record<string, unknown> {
    return { value: this.config.value ?? 0 };
  }
}

/** Uniform in ±sqrt(6/(fanIn + fanOut)): Keras's default for Dense and Conv kernels. */
export class GlorotUniform implements Initializer {
  readonly className = "GlorotUniform";
  constructor(readonly config: { seed?: number } = {}) {}
  init(shape: readonly number[], dtype: DType): Tensor {
    const { fanIn, fanOut } = fans(shape);
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    return randomUniform(shape, { min: -limit, max: limit, dtype, ...(this.config.seed === undefined ? {} : { seed: this.config.seed }) });
  }
  getConfig(): Record<string, unknown> {
    return { ...this.config };
  }
}

/** Initialisers by Keras name: `getInitializer("heNormal")`. */
export const initializers = new ConfigRegistry<Initializer>("initializer");
initializers.register(["zeros", "Zeros"], () => new Constant({ value: 0 }));
initializers.register(["ones", "Ones"], () => new Constant({ value: 1 }));
initializers.register(["constant", "Constant"], (c) => new Constant(c as { value?: number }));
initializers.register(["glorotUniform", "GlorotUniform", "xavierUniform"], (c) => new GlorotUniform(c as { seed?: number }));

/** Resolves an initialiser from a name, a serialised object or an instance. */
export function getInitializer(spec: string | Initializer | { className: string; config: Record<string, unknown> }): Initializer {
  return initializers.get(spec);
}
