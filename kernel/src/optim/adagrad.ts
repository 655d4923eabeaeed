import type { Tensor } from "../tensor/tensor.js";
import type { Variable } from "../tensor/variable.js";
import { Optimizer, type OptimizerConfig } from "./optimizer.js";

export interface AdagradConfig extends OptimizerConfig {
  initialAccumulatorValue?: number;
  epsilon?: number;
}

/**
 * Adagrad: a += g²; w −= lr·g/√(a + ε) — each weight's step shrinks with its gradient history.
 * @example new Adagrad({ learningRate: 0.1 })
 */
export class Adagrad extends Optimizer {
  readonly className = "Adagrad";
  readonly initialAccumulatorValue: number;
  readonly epsilon: number;

  constructor(config: AdagradConfig = {}) {
    super(config, 0.001);
    this.initialAccumulatorValue = config.initialAccumulatorValue ?? 0.1;
    this.epsilon = config.epsilon ?? 1e-7;
  }

  protected updateVariable(v: Variable, g: Tensor, lr: number | Tensor): void {
    const a = this.slot(v, "accumulator", this.initialAccumulatorValue);
    a.assign(a.value.add(g.square()));
    v.assign(v.value.sub(g.mul(lr).div(a.value.add(this.epsilon).sqrt())));
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), initialAccumulatorValue: this.initialAccumulatorValue, epsilon: this.epsilon };
  }
}
