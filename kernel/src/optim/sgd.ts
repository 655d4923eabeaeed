import type { Tensor } from "../tensor/tensor.js";
import type { Variable } from "../tensor/variable.js";
import { Optimizer, type OptimizerConfig } from "./optimizer.js";

export interface SGDConfig extends OptimizerConfig {
  momentum?: number;
  nesterov?: boolean;
}

/**
 * Stochastic gradient descent, with optional momentum and Nesterov momentum (Keras form):
 * m = μm − lr·g; w += m (plain) or w += μm − lr·g (Nesterov, with the new m).
 * @example const opt = new SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true });
 */
export class SGD extends Optimizer {
  readonly className = "SGD";
  readonly momentum: number;
  readonly nesterov: boolean;

  constructor(config: SGDConfig = {}) {
    super(config, 0.01);
    this.momentum = config.momentum ?? 0;
    this.nesterov = config.nesterov ?? false;
  }

  protected updateVariable(v: Variable, g: Tensor, lr: number | Tensor): void {
    if (this.momentum === 0) {
      v.assign(v.value.sub(g.mul(lr)));
      return;
    }
    const m = this.slot(v, "momentum");
    const next = m.value.mul(this.momentum).sub(g.mul(lr));
    m.assign(next);
    v.assign(v.value.add(this.nesterov ? next.mul(this.momentum).sub(g.mul(lr)) : next));
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), momentum: this.momentum, nesterov: this.nesterov };
  }
}
