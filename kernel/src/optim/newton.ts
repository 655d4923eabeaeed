import { ArgumentError, GradbookError } from "../tensor/errors.js";
import { tensor } from "../tensor/convert.js";
import { tidy } from "../tensor/scope.js";
import { activeTrace } from "../tensor/trace-state.js";
import type { Tensor } from "../tensor/tensor.js";
import type { Variable } from "../tensor/variable.js";
import { gradient } from "../autograd/api.js";
import { Optimizer, type OptimizerConfig } from "./optimizer.js";
import { solveLinear } from "./linear-solve.js";

/** Newton's method forms the full n×n Hessian (n backward passes): it refuses more parameters than this. */
export const NEWTON_MAX_PARAMETERS = 1000;

export interface NewtonConfig extends OptimizerConfig {
  /** λ in (H + λI)⁻¹g: makes the step well defined where H is singular and shorter where curvature is small. Default 0. */
  damping?: number;
}

/**
 * Damped Newton's method: w −= lr·(H + λI)⁻¹g, with the Hessian H of the loss from autograd.
 * Needs the loss function, so use `minimize(lossFn, variables)` (fit does); for small models only.
 * @example
 * const xy = variable(tensor([-1.5, 2]));
 * const newton = new Newton({ damping: 1e-3 });
 * for (let i = 0; i < 10; i++) newton.minimize(() => rosenbrock(xy), [xy]);
 */
export class Newton extends Optimizer {
  readonly className = "Newton";
  readonly damping: number;

  constructor(config: NewtonConfig = {}) {
    super(config, 1);
    this.damping = config.damping ?? 0;
    if (!(this.damping >= 0)) throw new ArgumentError(`Newton: damping must be ≥ 0, got ${config.damping}`);
  }

  override step(_grads?: readonly Tensor[], _variables?: readonly Variable[]): never {
    throw new GradbookError("Newton: the Hessian needs the loss function, not just gradients; call newton.minimize(() => loss, variables) (model.fit does this for you)");
  }

  protected updateVariable(): void {
    this.step();
  }

  /** Newton's method reads the gradient and Hessian to solve for the step: it runs eagerly only. */
  override get traceable(): boolean {
    return false;
  }

  override minimize(loss: () => Tensor, variables: readonly Variable[]): Tensor {
    if (activeTrace()) {
      throw new GradbookError("Newton: runs eagerly only: it reads the gradient and the Hessian to solve for the step, and jit traces without values; call newton.minimize outside jit (model.fit trains with Newton eagerly)");
    }
    const trainable = variables.filter((v) => v.trainable);
    const n = trainable.reduce((count, v) => count + v.value.size, 0);
    if (n > NEWTON_MAX_PARAMETERS) {
      throw new ArgumentError(`Newton: the model has ${n} trainable parameters; Newton's method builds the ${n}×${n} Hessian and is limited to ${NEWTON_MAX_PARAMETERS}. Use a first-order optimizer (SGD, Adam) or hvp() for Hessian-vector products`);
    }
    const lr = this.currentLearningRate();
    const value = tidy(() => {
      const lossValue = loss();
      const grads = gradient(lossValue, trainable);
      const g = new Float64Array(n);
      const hessian = new Float64Array(n * n);
      let offset = 0;
      grads.forEach((gj) => {
        g.set(gj.dataSync(), offset);
        for (let i = 0; i < gj.size; i++) {
          const basis = new Float64Array(gj.size);
          basis[i] = 1;
          // Row (offset + i) of H: the gradient of ∂L/∂w_i with respect to every parameter.
          const row = gradient(gj, trainable, tensor(basis, { shape: [...gj.shape], dtype: gj.dtype }));
          let col = 0;
          for (const r of row) {
            hessian.set(r.dataSync(), (offset + i) * n + col);
            col += r.size;
          }
        }
        offset += gj.size;
      });
      for (let i = 0; i < n; i++) hessian[i * n + i]! += this.damping;
      let direction: Float64Array;
      try {
        direction = solveLinear(hessian, g);
      } catch {
        throw new GradbookError("Newton: the Hessian is singular at this point; set damping > 0 (e.g. new Newton({ damping: 1e-3 }))");
      }
      offset = 0;
      for (const v of trainable) {
        const step = tensor(direction.subarray(offset, offset + v.value.size), { shape: [...v.shape], dtype: v.dtype });
        v.assign(v.value.sub(step.mul(lr)));
        offset += v.value.size;
      }
      return lossValue;
    });
    this.iterations++;
    return value;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), damping: this.damping };
  }
}
