import { ArgumentError } from "../tensor/errors.js";
import { Optimizer } from "./optimizer.js";
import { SGD } from "./sgd.js";
import { Adagrad } from "./adagrad.js";
import { Adadelta } from "./adadelta.js";
import { RMSprop } from "./rmsprop.js";
import { Adam, AdamW } from "./adam.js";
import { Nadam } from "./nadam.js";
import { Newton } from "./newton.js";

const byName: Record<string, new (config?: any) => Optimizer> = { sgd: SGD, adagrad: Adagrad, adadelta: Adadelta, rmsprop: RMSprop, adam: Adam, adamw: AdamW, nadam: Nadam, newton: Newton };

/**
 * An optimizer from a name (Keras names, any case) or an instance; a config object restores saved hyperparameters.
 * @example getOptimizer("adam").className // "Adam"
 */
export function getOptimizer(spec: string | Optimizer, config: Record<string, unknown> = {}): Optimizer {
  if (spec instanceof Optimizer) return spec;
  const cls = typeof spec === "string" ? byName[spec.toLowerCase()] : undefined;
  if (!cls) throw new ArgumentError(`unknown optimizer ${JSON.stringify(spec)}; use one of ${Object.keys(byName).join(", ")} or an Optimizer instance (new Adam({ learningRate: 0.01 }))`);
  const learningRate = Optimizer.learningRateFromConfig(config.learningRate);
  return new cls({ ...config, ...(learningRate === undefined ? {} : { learningRate }) });
}
