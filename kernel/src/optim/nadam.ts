import type { Tensor } from "../tensor/tensor.js";
import type { Variable } from "../tensor/variable.js";
import { Optimizer, type OptimizerConfig } from "./optimizer.js";

export interface NadamConfig extends OptimizerConfig {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/**
 * Nadam: Adam with Nesterov momentum and the momentum schedule u_k = β1(1 − ½·0.96^k).
 * @example new Nadam({ learningRate: 0.002 })
 */
export class Nadam extends Optimizer {
  readonly className = "Nadam";
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** Π u_1 … u_k, updated once per step (shared by all variables). */
  private momentumProduct = 1;

  constructor(config: NadamConfig = {}) {
    super(config, 0.001);
    this.beta1 = config.beta1 ?? 0.9;
    this.beta2 = config.beta2 ?? 0.999;
    this.epsilon = config.epsilon ?? 1e-7;
  }

  private u(k: number): number {
    return this.beta1 * (1 - 0.5 * 0.96 ** k);
  }

  protected override endStep(): void {
    this.momentumProduct *= this.u(this.iterations + 1);
  }

  protected updateVariable(v: Variable, g: Tensor, lr: number | Tensor): void {
    const { beta1, beta2, epsilon } = this;
    // Each factor depends on the step k, so it is recomputed per step (also in a compiled graph).
    const k = () => this.iterations + 1;
    const product = () => this.momentumProduct * this.u(k());
    const mFactor = this.perStepValue("nadamMomentum", v.dtype, () => this.u(k() + 1) / (1 - product() * this.u(k() + 1)));
    const gFactor = this.perStepValue("nadamGradient", v.dtype, () => (1 - this.u(k())) / (1 - product()));
    const vFactor = this.perStepValue("nadamBiasCorrection", v.dtype, () => 1 - beta2 ** k());
    const m = this.slot(v, "m");
    const velocity = this.slot(v, "v");
    m.assign(m.value.add(g.sub(m.value).mul(1 - beta1)));
    velocity.assign(velocity.value.add(g.square().sub(velocity.value).mul(1 - beta2)));
    const mHat = m.value.mul(mFactor).add(g.mul(gFactor));
    const vHat = velocity.value.div(vFactor);
    v.assign(v.value.sub(mHat.mul(lr).div(vHat.sqrt().add(epsilon))));
  }

  protected override scalarState(): Record<string, number> {
    return { momentumProduct: this.momentumProduct };
  }

  protected override restoreScalars(scalars: Record<string, number>): void {
    this.momentumProduct = scalars.momentumProduct ?? 1;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}
