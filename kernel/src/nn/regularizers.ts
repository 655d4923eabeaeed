import { ArgumentError } from "../tensor/errors.js";
import type { Tensor } from "../tensor/tensor.js";
import { ConfigRegistry } from "./config-registry.js";
import type { Regularizer } from "./weight-options.js";

/**
 * l1·Σ|w| + l2·Σw² (Keras: no ½). L1 and L2 are this with one factor zero.
 * @example new L1L2({ l2: 0.01 }).penalty(tensor([1, 2])).item() // 0.05
 */
export class L1L2 implements Regularizer {
  readonly className: string = "L1L2";
  readonly l1: number;
  readonly l2: number;
  constructor(config: { l1?: number; l2?: number } = {}) {
    this.l1 = config.l1 ?? 0;
    this.l2 = config.l2 ?? 0;
    // new.target, not this.className: a subclass's field is not set yet while this runs.
    if (!(this.l1 >= 0 && this.l2 >= 0)) throw new ArgumentError(`${new.target.name}: l1 and l2 must be numbers ≥ 0, got l1 ${this.l1}, l2 ${this.l2}`);
  }
  penalty(w: Tensor): Tensor {
    let total = w.abs().sum().mul(this.l1);
    if (this.l2 > 0) total = total.add(w.square().sum().mul(this.l2));
    return total;
  }
  getConfig(): Record<string, unknown> {
    return { l1: this.l1, l2: this.l2 };
  }
}

/**
 * l1·Σ|w| (default 0.01): pushes weights to exactly zero (sparse weights).
 * @example new Dense({ units: 8, kernelRegularizer: new L1({ l1: 0.001 }) })
 */
export class L1 extends L1L2 {
  override readonly className = "L1";
  constructor(config: { l1?: number } = {}) {
    super({ l1: config.l1 ?? 0.01 });
  }
  override getConfig(): Record<string, unknown> {
    return { l1: this.l1 };
  }
}

/**
 * l2·Σw² (default 0.01; Keras has no ½): weight decay through the loss.
 * @example new Dense({ units: 8, kernelRegularizer: new L2({ l2: 1e-4 }) })
 */
export class L2 extends L1L2 {
  override readonly className = "L2";
  constructor(config: { l2?: number } = {}) {
    super({ l2: config.l2 ?? 0.01 });
  }
  override getConfig(): Record<string, unknown> {
    return { l2: this.l2 };
  }
}

/** Every built-in regulariser by Keras name (any case, _ or not). */
export const regularizers = new ConfigRegistry<Regularizer>("regularizer");
regularizers.register(["l1", "L1"], (c) => new L1(c));
regularizers.register(["l2", "L2"], (c) => new L2(c));
regularizers.register(["l1l2", "L1L2", "l1_l2"], (c) => new L1L2(c));

/**
 * Resolves a regulariser from a name ("l2"), a serialised object or an instance.
 * @example getRegularizer({ className: "L1L2", config: { l1: 0.01, l2: 0.01 } }).penalty(w)
 */
export function getRegularizer(spec: string | Regularizer | { className: string; config: Record<string, unknown> }): Regularizer {
  return regularizers.get(spec);
}
