import { serialize, type SerializedObject } from "./config-registry.js";
import { getConstraint } from "./constraints.js";
import { getInitializer } from "./initializers.js";
import { getRegularizer } from "./regularizers.js";
import type { WeightOptions } from "./layer.js";
import type { Constraint, Initializer, Regularizer } from "./weight-options.js";

/** The kernel and bias options of Dense, Conv1D/Conv2D and the recurrent layers (Keras names). */
export interface KernelBiasOptions {
  kernelInitializer?: string | Initializer;
  biasInitializer?: string | Initializer;
  kernelRegularizer?: string | Regularizer;
  biasRegularizer?: string | Regularizer;
  kernelConstraint?: string | Constraint;
  biasConstraint?: string | Constraint;
}

/** How a config names the options of one weight: `kernelInitializer`, `kernelRegularizer`, `kernelConstraint`. */
type Spec<T> = string | T | SerializedObject | undefined;

function field<T>(config: object, name: string): Spec<T> {
  return (config as Record<string, Spec<T>>)[name];
}

/**
 * The addWeight options for weight `weight` ("kernel", "bias", "gamma", …) read from a Keras-style
 * layer config, with the layer's default initialiser.
 * @example this.addWeight("kernel", shape, weightOptions(config, "kernel", "glorotUniform"))
 */
export function weightOptions(config: object, weight: string, defaultInitializer: string): WeightOptions {
  const regularizer = field<Regularizer>(config, `${weight}Regularizer`);
  const constraint = field<Constraint>(config, `${weight}Constraint`);
  return {
    initializer: getInitializer(field<Initializer>(config, `${weight}Initializer`) ?? defaultInitializer),
    regularizer: regularizer === undefined ? undefined : getRegularizer(regularizer),
    constraint: constraint === undefined ? undefined : getConstraint(constraint),
  };
}

/**
 * The same three options serialised for getConfig (absent regulariser/constraint stay undefined).
 * @example return { ...super.getConfig(), ...weightConfig(config, "kernel", "glorotUniform") };
 */
export function weightConfig(config: object, weight: string, defaultInitializer: string): Record<string, SerializedObject | undefined> {
  const { initializer, regularizer, constraint } = weightOptions(config, weight, defaultInitializer);
  return {
    [`${weight}Initializer`]: serialize(initializer as Initializer),
    [`${weight}Regularizer`]: regularizer && serialize(regularizer),
    [`${weight}Constraint`]: constraint && serialize(constraint),
  };
}
