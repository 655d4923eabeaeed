// Losses (Keras 3 semantics): classes with config, plain functions for notebooks, and the
// name → loss registry behind compile({ loss }). Implementations live in ./losses/.
import type { Tensor } from "../tensor/tensor.js";
import { ArgumentError } from "../tensor/errors.js";
import { ConfigRegistry, type SerializedObject } from "./config-registry.js";
import type { Loss } from "./loss-types.js";
import { LossFunctionWrapper } from "./losses/base.js";
import { CosineSimilarity, Huber, LogCosh, MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredError, MeanSquaredLogarithmicError } from "./losses/regression.js";
import { BinaryCrossentropy, CategoricalCrossentropy, SparseCategoricalCrossentropy } from "./losses/crossentropy.js";
import { Hinge, SquaredHinge } from "./losses/margin.js";
import { KLDivergence, Poisson } from "./losses/probabilistic.js";

export { EPSILON, LossBase, LossFunctionWrapper, reduceLoss, type LossConfig, type LossFunction } from "./losses/base.js";
export * from "./losses/regression.js";
export * from "./losses/crossentropy.js";
export * from "./losses/margin.js";
export * from "./losses/probabilistic.js";
export type { Loss } from "./loss-types.js";

/** Every built-in loss by class name, Keras function name and Keras alias (any case, _ or not). */
export const lossRegistry = new ConfigRegistry<Loss>("loss");
lossRegistry.register(["MeanSquaredError", "mse"], (c) => new MeanSquaredError(c));
lossRegistry.register(["MeanAbsoluteError", "mae"], (c) => new MeanAbsoluteError(c));
lossRegistry.register(["MeanAbsolutePercentageError", "mape"], (c) => new MeanAbsolutePercentageError(c));
lossRegistry.register(["MeanSquaredLogarithmicError", "msle"], (c) => new MeanSquaredLogarithmicError(c));
lossRegistry.register(["Huber", "huber_loss"], (c) => new Huber(c));
lossRegistry.register(["LogCosh", "logcosh", "log_cosh"], (c) => new LogCosh(c));
lossRegistry.register(["BinaryCrossentropy", "binary_crossentropy"], (c) => new BinaryCrossentropy(c));
lossRegistry.register(["CategoricalCrossentropy"], (c) => new CategoricalCrossentropy(c));
lossRegistry.register(["SparseCategoricalCrossentropy"], (c) => new SparseCategoricalCrossentropy(c));
lossRegistry.register(["Hinge"], (c) => new Hinge(c));
lossRegistry.register(["SquaredHinge"], (c) => new SquaredHinge(c));
lossRegistry.register(["KLDivergence", "kld", "kl_divergence", "kullback_leibler_divergence"], (c) => new KLDivergence(c));
lossRegistry.register(["Poisson"], (c) => new Poisson(c));
lossRegistry.register(["CosineSimilarity"], (c) => new CosineSimilarity(c));

/** What getLoss accepts: a name, a serialised `{ className, config }`, a Loss, or a plain function. */
export type LossSpec = string | Loss | SerializedObject | ((yTrue: Tensor, yPred: Tensor) => Tensor);

/**
 * Resolves compile's `loss`: "mse", "meanSquaredError", "mean_squared_error", a serialised loss,
 * a Loss object, or a function (yTrue, yPred) → loss per sample (wrapped, named after the function).
 * @example getLoss("sparse_categorical_crossentropy").className // "SparseCategoricalCrossentropy"
 */
export function getLoss(spec: LossSpec): Loss {
  if (typeof spec === "function") return new LossFunctionWrapper(spec);
  if (spec === undefined || spec === null) throw new ArgumentError(`getLoss: no loss given; use a name such as "mse" or "sparseCategoricalCrossentropy", a Loss object or a function`);
  return lossRegistry.get(spec);
}
