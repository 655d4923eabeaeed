import { ArgumentError } from "../tensor/errors.js";
import type { Tensor } from "../tensor/tensor.js";
import { ConfigRegistry } from "./config-registry.js";
import type { Constraint } from "./weight-options.js";

/**
 * Rescales each column (norms over `axis`, default 0: the input axis of a Dense kernel) to norm ≤ maxValue.
 * @example new Dense({ units: 4, kernelConstraint: new MaxNorm({ maxValue: 2 }) })
 */
export class MaxNorm implements Constraint {
  readonly className = "MaxNorm";
  readonly maxValue: number;
  readonly axis: number;
  constructor(config: { maxValue?: number; axis?: number } = {}) {
    this.maxValue = config.maxValue ?? 2;
    this.axis = config.axis ?? 0;
    if (!(this.maxValue > 0)) throw new ArgumentError(`MaxNorm: maxValue must be a positive number, got ${config.maxValue}`);
    if (!Number.isInteger(this.axis)) throw new ArgumentError(`MaxNorm: axis must be an integer (the axis the norms run over, 0 for a Dense kernel), got ${JSON.stringify(config.axis)}`);
  }
  apply(w: Tensor): Tensor {
    const norms = w.square().sum(this.axis, true).sqrt();
    // Keras: w · clip(norm, 0, max) / (ε + norm)
    return w.mul(norms.clip(0, this.maxValue).div(norms.add(1e-7)));
  }
  getConfig(): Record<string, unknown> {
    return { maxValue: this.maxValue, axis: this.axis };
  }
}

/**
 * Sets negative weights to zero (after each optimizer step).
 * @example new Dense({ units: 4, kernelConstraint: new NonNeg() })
 */
export class NonNeg implements Constraint {
  readonly className = "NonNeg";
  apply(w: Tensor): Tensor {
    return w.relu();
  }
  getConfig(): Record<string, unknown> {
    return {};
  }
}

/** Every built-in constraint by Keras name (any case, _ or not). */
export const constraints = new ConfigRegistry<Constraint>("constraint");
constraints.register(["maxNorm", "MaxNorm", "max_norm"], (c) => new MaxNorm(c));
constraints.register(["nonNeg", "NonNeg", "non_neg"], () => new NonNeg());

/**
 * Resolves a constraint from a name ("nonNeg"), a serialised object or an instance.
 * @example getConstraint({ className: "MaxNorm", config: { maxValue: 3 } }).apply(w)
 */
export function getConstraint(spec: string | Constraint | { className: string; config: Record<string, unknown> }): Constraint {
  return constraints.get(spec);
}
