import { ArgumentError } from "../tensor/errors.js";
import type { Tensor } from "../tensor/tensor.js";
import { ConfigRegistry } from "./config-registry.js";
import type { Constraint } from "./weight-options.js";

/**
 * Rescales each column (norms over `axis`, default 0: the input axis of a Dense kernel) to norm ≤ maxValue.
 * @example new MaxNorm({ maxValue: 2 })
 */
export class MaxNorm implements Constraint {
  readonly className = "MaxNorm";
  readonly maxValue: number;
  readonly axis: number;
  constructor(config: { maxValue?: number; axis?: number } = {}) {
    this.maxValue = config.maxValue ?? 2;
    this.axis = config.axis ?? 0;
    if (!(this.maxValue > 0)) throw new ArgumentError(`MaxNorm: maxValue must be positive, got ${config.maxValue}`);
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

/** Sets negative weights to zero. */
export class NonNeg implements Constraint {
  readonly className = "NonNeg";
  apply(w: Tensor): Tensor {
    return w.relu();
  }
  getConfig(): Record<string, unknown> {
    return {};
  }
}

export const constraints = new ConfigRegistry<Constraint>("constraint");
constraints.register(["maxNorm", "MaxNorm", "max_norm"], (c) => new MaxNorm(c));
constraints.register(["nonNeg", "NonNeg", "non_neg"], () => new NonNeg());

/** Resolves a constraint from a name ("nonNeg"), a serialised object or an instance. */
export function getConstraint(spec: string | Constraint | { className: string; config: Record<string, unknown> }): Constraint {
  return constraints.get(spec);
}
