import { ArgumentError, GradbookError, showShape } from "../tensor/errors.js";
import { checkConfigOnce, optionNames } from "../tensor/options.js";
import { Variable } from "../tensor/variable.js";
import { zerosLike, fullLike } from "../tensor/creation.js";
import { tidy } from "../tensor/scope.js";
import { afterStep, untraced } from "../tensor/trace-state.js";
import { perStep } from "../tensor/engine.js";
import type { Tensor } from "../tensor/tensor.js";
import type { DType } from "../tensor/dtype.js";
import { variableGrads } from "../autograd/api.js";
import { checkClippingConfig, clipGradients, type ClippingConfig } from "./clipping.js";
import { LearningRateSchedule, scheduleFromConfig } from "./schedules.js";
import { uninterruptible } from "../tensor/interrupt-check.js";

/** Options every optimizer takes. */
export interface OptimizerConfig extends ClippingConfig {
  learningRate?: number | LearningRateSchedule;
  /** Decoupled weight decay: w −= w · weightDecay · lr before each update. */
  weightDecay?: number;
}

const sharedOptionNames = optionNames<OptimizerConfig>({ learningRate: true, weightDecay: true, clipnorm: true, globalClipnorm: true, clipvalue: true });

/** An optimizer's saved state: its step count, its own scalars and every slot variable. */
export interface OptimizerState {
  iterations: number;
  scalars: Record<string, number>;
  slots: { variable: string; slot: string; value: Tensor }[];
}

/**
 * The shared step of every optimizer (Keras 3 order): learning rate from the schedule,
 * gradient clipping, decoupled weight decay, then the optimizer's own update; t += 1.
 * Subclasses implement `updateVariable` with ops; per-variable state lives in slot variables.
 * @example
 * const xy = variable(tensor([-1, 1]));
 * const opt = new SGD({ learningRate: 0.01, momentum: 0.9 });
 * for (let i = 0; i < 100; i++) opt.minimize(() => rosenbrock(xy), [xy]);
 */
export abstract class Optimizer {
  abstract readonly className: string;
  learningRate: number | LearningRateSchedule;
  /** Updates done so far (t); the first update sees t = 0. */
  iterations = 0;
  readonly config: OptimizerConfig;
  private readonly slotVariables = new Map<Variable, Map<string, Variable>>();
  /** The per-step values made during the update under way, by label and dtype (see perStepValue). */
  private stepValues: Map<string, number | Tensor> | undefined;

  constructor(config: OptimizerConfig, defaultLearningRate: number) {
    this.config = config;
    this.learningRate = config.learningRate ?? defaultLearningRate;
    if (typeof this.learningRate === "number" && !(this.learningRate >= 0)) {
      throw new ArgumentError(`${new.target.name}: learningRate must be a non-negative number or a schedule, got ${this.learningRate}`);
    }
    checkClippingConfig(config);
  }

  /**
   * A value computed on the host at every step (a learning rate, Adam's step size): a number
   * in eager mode, inside jit() a graph input recomputed at every run (perStep). Within one
   * update it is made once per label and dtype, however many variables read it, so a compiled
   * step has one such input, not one per variable.
   * @example const alpha = this.perStepValue("alpha", v.dtype, () => lr * Math.sqrt(1 - beta2 ** k) / (1 - beta1 ** k));
   */
  protected perStepValue(label: string, dtype: DType, value: () => number): number | Tensor {
    const key = `${label} ${dtype}`;
    const made = this.stepValues?.get(key);
    if (made !== undefined) return made;
    const fresh = perStep(value, label, dtype);
    this.stepValues?.set(key, fresh);
    return fresh;
  }

  /** The learning rate the next update will use. */
  currentLearningRate(): number {
    return typeof this.learningRate === "number" ? this.learningRate : this.learningRate.at(this.iterations);
  }

  /**
   * Applies one update from gradients (one per variable, same shapes).
   * @example opt.step(grads, [w, b]);
   */
  step(grads: readonly Tensor[], variables: readonly Variable[]): void {
    if (grads.length !== variables.length) {
      throw new ArgumentError(`${this.className}.step: got ${grads.length} gradient(s) for ${variables.length} variable(s)`);
    }
    grads.forEach((g, i) => {
      const v = variables[i]!;
      if (!(v instanceof Variable)) throw new ArgumentError(`${this.className}.step: item ${i} is not a Variable; optimizers update variables (variable(tensor))`);
      if (g.shape.join() !== v.shape.join()) throw new ArgumentError(`${this.className}.step: the gradient for "${v.name}" has shape ${showShape(g.shape)}, the variable has ${showShape(v.shape)}`);
    });
    checkConfigOnce(this, this.className, this.config, () => this.getConfig());
    // An interrupt never leaves some variables updated and others not.
    uninterruptible(() => tidy(() => {
      this.stepValues = new Map();
      try {
        const clipped = clipGradients(grads, this.config);
        variables.forEach((v, i) => {
          if (!v.trainable) return;
          const rate = this.perStepValue("learningRate", v.dtype, () => this.currentLearningRate());
          const decay = this.config.weightDecay;
          if (decay) v.assign(v.value.sub(v.value.mul(typeof rate === "number" ? decay * rate : rate.mul(decay))));
          this.updateVariable(v, clipped[i]!.cast(v.dtype), rate);
        });
      } finally {
        this.stepValues = undefined;
      }
    }));
    afterStep(() => {
      this.endStep();
      this.iterations++;
    });
  }

  /**
   * Computes the loss and its gradients for `variables`, applies one update and returns the
   * loss as a scalar tensor (nothing is read from the device: `.item()` it when you need the
   * number). Works inside jit(), so a whole training step compiles into one graph.
   * @example for (let i = 0; i < 100; i++) tidy(() => opt.minimize(() => rosenbrock(xy), [xy]));
   */
  minimize(loss: () => Tensor, variables: readonly Variable[]): Tensor {
    if (variables.length === 0) throw new ArgumentError(`${this.className}.minimize: no variables to update`);
    return tidy(() => {
      const { value, grads } = variableGrads(loss, variables);
      this.step(grads, variables);
      return value;
    });
  }

  /** Whether a step can be traced into a graph by jit() (Newton's method reads values, so it cannot). */
  get traceable(): boolean {
    return true;
  }

  /** Host-side bookkeeping at the end of each step, before the step count advances (Nadam's momentum product). */
  protected endStep(): void {}

  /**
   * The optimizer's own update of one variable with its (clipped) gradient. `learningRate`
   * is a number in eager mode and a scalar tensor inside jit(); ops take either.
   */
  protected abstract updateVariable(variable: Variable, grad: Tensor, learningRate: number | Tensor): void;

  /** A per-variable state variable, created on first use (zeros, or `initial`). */
  protected slot(variable: Variable, name: string, initial = 0): Variable {
    let slots = this.slotVariables.get(variable);
    if (!slots) this.slotVariables.set(variable, (slots = new Map()));
    let slot = slots.get(name);
    if (!slot) {
      slot = untraced(() => {
        const value = initial === 0 ? zerosLike(variable.value) : fullLike(variable.value, initial);
        const made = new Variable(value, { name: `${variable.name}/${name}`, trainable: false });
        value.dispose();
        return made;
      });
      slots.set(name, slot);
    }
    return slot;
  }

  /** Scalars of the optimizer's own state (saved with the model). */
  protected scalarState(): Record<string, number> {
    return {};
  }

  protected restoreScalars(_scalars: Record<string, number>): void {}

  /** Everything needed to resume training identically. */
  getState(): OptimizerState {
    const slots = [...this.slotVariables].flatMap(([v, map]) => [...map].map(([slot, s]) => ({ variable: v.name, slot, value: s.value })));
    return { iterations: this.iterations, scalars: this.scalarState(), slots };
  }

  /** Restores state saved by getState(); `variables` are the ones being optimized (matched by name). */
  setState(state: OptimizerState, variables: readonly Variable[]): void {
    const byName = new Map(variables.map((v) => [v.name, v]));
    for (const { variable, slot, value } of state.slots) {
      const v = byName.get(variable);
      if (!v) throw new GradbookError(`${this.className}.setState: no variable named "${variable}" to restore the "${slot}" slot for`);
      this.slot(v, slot).assign(value);
    }
    this.iterations = state.iterations;
    this.restoreScalars(state.scalars);
  }

  /** Hyperparameters as plain data (save/load, summaries). */
  getConfig(): Record<string, unknown> {
    const lr = this.learningRate;
    const shared = Object.fromEntries(Object.entries(this.config).filter(([key]) => sharedOptionNames.includes(key)));
    return { ...shared, learningRate: typeof lr === "number" ? lr : { className: lr.className, config: lr.getConfig() } };
  }

  /** Turns a saved learningRate back into a number or schedule. */
  static learningRateFromConfig(saved: unknown): number | LearningRateSchedule | undefined {
    if (saved === undefined || typeof saved === "number") return saved;
    return scheduleFromConfig(saved as { className: string; config: Record<string, unknown> });
  }
}
