import type { Tensor } from "../tensor/tensor.js";
import type { Variable } from "../tensor/variable.js";
import { Optimizer, type OptimizerConfig } from "./optimizer.js";
import { hasKernel } from "../tensor/engine.js";
import { adamUpdate, adamUpdateOp } from "../tensor/ops/adam-update.js";

export interface AdamConfig extends OptimizerConfig {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  amsgrad?: boolean;
}

/**
 * Adam: bias-corrected first and second moment estimates;
 * α = lr·√(1−β2^k)/(1−β1^k); w −= α·m/(√v + ε) (amsgrad: v replaced by its running maximum).
 * @example new Adam({ learningRate: 0.001 })
 */
export class Adam extends Optimizer {
  readonly className: string = "Adam";
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly amsgrad: boolean;

  constructor(config: AdamConfig = {}) {
    super(config, 0.001);
    this.beta1 = config.beta1 ?? 0.9;
    this.beta2 = config.beta2 ?? 0.999;
    this.epsilon = config.epsilon ?? 1e-7;
    this.amsgrad = config.amsgrad ?? false;
  }

  protected updateVariable(v: Variable, g: Tensor): void {
    const { beta1, beta2, epsilon } = this;
    // Recomputed at every step, also when the step runs as a compiled graph.
    const alpha = this.perStepValue("alpha", v.dtype, () => {
      const k = this.iterations + 1;
      return (this.currentLearningRate() * Math.sqrt(1 - beta2 ** k)) / (1 - beta1 ** k);
    });
    const m = this.slot(v, "m");
    const velocity = this.slot(v, "v");
    if (!this.amsgrad && hasKernel(adamUpdateOp.name)) {
      // The same update as below in one op (one pass over memory), where the backend has its kernel.
      const [w2, m2, v2] = adamUpdate(v.value, g, m.value, velocity.value, alpha, { beta1, beta2, epsilon });
      m.assign(m2);
      velocity.assign(v2);
      v.assign(w2);
      return;
    }
    m.assign(m.value.add(g.sub(m.value).mul(1 - beta1)));
    velocity.assign(velocity.value.add(g.square().sub(velocity.value).mul(1 - beta2)));
    let second = velocity.value;
    if (this.amsgrad) {
      const vhat = this.slot(v, "vhat");
      vhat.assign(vhat.value.maximum(velocity.value));
      second = vhat.value;
    }
    v.assign(v.value.sub(m.value.mul(alpha).div(second.sqrt().add(epsilon))));
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, amsgrad: this.amsgrad };
  }
}

/**
 * Adam with decoupled weight decay (default 0.004): w −= w·weightDecay·lr, then Adam.
 * @example new AdamW({ learningRate: 0.001, weightDecay: 0.01 })
 */
export class AdamW extends Adam {
  override readonly className: string = "AdamW";
  constructor(config: AdamConfig = {}) {
    super({ ...config, weightDecay: config.weightDecay ?? 0.004 });
  }
}
