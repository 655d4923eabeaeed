import { ArgumentError } from "../tensor/errors.js";
import type { Tensor } from "../tensor/tensor.js";
import { elu, exp, gelu, leakyRelu, relu, relu6, selu, sigmoid, softplus, softsign, swish, tanh } from "../tensor/ops/index.js";
import { softmax } from "../tensor/ops/index.js";

/** An activation function by Keras name. */
export type ActivationName = "linear" | "relu" | "relu6" | "leakyRelu" | "elu" | "selu" | "gelu" | "sigmoid" | "tanh" | "softmax" | "softplus" | "softsign" | "swish" | "silu" | "exponential";

const activations: Record<string, (x: Tensor) => Tensor> = {
  linear: (x) => x,
  relu: (x) => relu(x),
  relu6: (x) => relu6(x),
  leakyrelu: (x) => leakyRelu(x),
  elu: (x) => elu(x),
  selu: (x) => selu(x),
  gelu: (x) => gelu(x),
  sigmoid: (x) => sigmoid(x),
  tanh: (x) => tanh(x),
  softmax: (x) => softmax(x),
  softplus: (x) => softplus(x),
  softsign: (x) => softsign(x),
  swish: (x) => swish(x),
  silu: (x) => swish(x),
  exponential: (x) => exp(x),
};

/**
 * The function for an activation name (or the function itself); undefined and "linear" give identity.
 * @example getActivation("relu")(tensor([-1, 2])) // [0, 2]
 */
export function getActivation(spec: ActivationName | string | ((x: Tensor) => Tensor) | undefined): (x: Tensor) => Tensor {
  if (spec === undefined) return activations.linear!;
  if (typeof spec === "function") return spec;
  const fn = activations[spec.replace(/_/g, "").toLowerCase()];
  if (!fn) throw new ArgumentError(`unknown activation "${spec}"; known: ${Object.keys(activations).join(", ")}`);
  return fn;
}

/** The name saved in a layer config for an activation (functions cannot be saved). */
export function activationName(spec: ActivationName | string | ((x: Tensor) => Tensor) | undefined): string {
  if (spec === undefined) return "linear";
  if (typeof spec === "function") throw new ArgumentError("a layer with a custom activation function cannot be saved; use an activation name or an Activation layer subclass");
  return spec;
}
