import type { Tensor } from "../tensor/tensor.js";
import type { Variable } from "../tensor/variable.js";
import { Optimizer, type OptimizerConfig } from "./optimizer.js";

export interface AdadeltaConfig extends OptimizerConfig {
  rho?: number;
  epsilon?: number;
}

/**
 * Adadelta: step sizes from running averages of squared gradients and squared updates.
 * Eg = ρEg + (1−ρ)g²; Δ = −√(Ex + ε)/√(Eg + ε)·g; Ex = ρEx + (1−ρ)Δ²; w += lr·Δ.
 * @example new Adadelta({ learningRate: 1.0, rho: 0.95 })
 */
export class Adadelta extends Optimizer {
  readonly className = "Adadelta";
  readonly rho: number;
  readonly epsilon: number;

  constructor(config: AdadeltaConfig = {}) {
    super(config, 0.001);
    this.rho = config.rho ?? 0.95;
    this.epsilon = config.epsilon ?? 1e-7;
  }

  protected updateVariable(v: Variable, g: Tensor, lr: number | Tensor): void {
    const { rho, epsilon } = this;
    const eg = this.slot(v, "accumulatedGrad");
    const ex = this.slot(v, "accumulatedDelta");
    eg.assign(eg.value.mul(rho).add(g.square().mul(1 - rho)));
    const delta = ex.value.add(epsilon).sqrt().div(eg.value.add(epsilon).sqrt()).mul(g).neg();
    ex.assign(ex.value.mul(rho).add(delta.square().mul(1 - rho)));
    v.assign(v.value.add(delta.mul(lr)));
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rho: this.rho, epsilon: this.epsilon };
  }
}
