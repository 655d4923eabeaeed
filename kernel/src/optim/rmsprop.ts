import type { Tensor } from "../tensor/tensor.js";
import type { Variable } from "../tensor/variable.js";
import { Optimizer, type OptimizerConfig } from "./optimizer.js";

export interface RMSpropConfig extends OptimizerConfig {
  rho?: number;
  momentum?: number;
  epsilon?: number;
  centered?: boolean;
}

/**
 * RMSprop: v = ρv + (1−ρ)g²; step lr·g/√(v + ε) (centered: √(v − ḡ² + ε)), optionally with momentum.
 * @example new RMSprop({ learningRate: 0.001, centered: true })
 */
export class RMSprop extends Optimizer {
  readonly className = "RMSprop";
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;

  constructor(config: RMSpropConfig = {}) {
    super(config, 0.001);
    this.rho = config.rho ?? 0.9;
    this.momentum = config.momentum ?? 0;
    this.epsilon = config.epsilon ?? 1e-7;
    this.centered = config.centered ?? false;
  }

  protected updateVariable(v: Variable, g: Tensor, lr: number | Tensor): void {
    const { rho, epsilon } = this;
    const velocity = this.slot(v, "velocity");
    velocity.assign(velocity.value.mul(rho).add(g.square().mul(1 - rho)));
    let denominator = velocity.value;
    if (this.centered) {
      const average = this.slot(v, "averageGradient");
      average.assign(average.value.mul(rho).add(g.mul(1 - rho)));
      denominator = denominator.sub(average.value.square());
    }
    const increment = g.mul(lr).div(denominator.add(epsilon).sqrt());
    if (this.momentum > 0) {
      const m = this.slot(v, "momentum");
      m.assign(m.value.mul(this.momentum).add(increment));
      v.assign(v.value.sub(m.value));
    } else {
      v.assign(v.value.sub(increment));
    }
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rho: this.rho, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered };
  }
}
