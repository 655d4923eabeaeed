import { ArgumentError } from "../tensor/errors.js";
import { checkOptions, optionNames } from "../tensor/options.js";
import { lineChartSvg } from "../viz/line-chart.js";
import { svgImageHtml } from "../viz/common/svg-document.js";
import type { MimeBundle } from "../jupyter/display/sink.js";
import { message } from "../locale/messages.js";

/**
 * A learning rate that depends on the optimizer step t (iterations done so far, per batch).
 * Keras semantics, formulas in shared/reference/keras-semantics.md.
 * @example
 * const schedule = exponentialDecay(0.1, 100); // 0.1·e^(−t/100)
 * schedule.at(100) // ≈ 0.0368
 */
export abstract class LearningRateSchedule {
  abstract readonly className: string;
  /** The learning rate at step t (t = 0 for the first update). */
  abstract at(step: number): number;
  /** Plain config for save/load. */
  abstract getConfig(): Record<string, unknown>;

  /** The learning rate at steps 0 … steps-1. */
  values(steps: number): number[] {
    return Array.from({ length: steps }, (_, t) => this.at(t));
  }

  /**
   * A plot of the schedule over `steps` steps, displayable in a notebook (HTML image, SVG, text).
   * @example display(exponentialDecay(0.1, 100).plot(500))
   */
  plot(steps = 1000): { [key: symbol]: () => MimeBundle } {
    const ys = this.values(steps);
    const svg = lineChartSvg([{ label: this.className, ys }], { title: message("learningRatePerStep", { schedule: this.className }), xLabel: message("step"), yLabel: message("learningRate") });
    const text = message("scheduleOver", { schedule: this.className, steps, first: ys[0]!, last: ys.at(-1)! });
    // The HTML form is an <img>, which untrusted notebooks still show (they drop the SVG output).
    return { [Symbol.for("gradbook.mimebundle")]: () => ({ "text/html": svgImageHtml(svg, text), "image/svg+xml": svg, "text/plain": text }) };
  }
}

/** t/D, floored with staircase: how many decay periods have passed. */
function decayPeriods(step: number, decaySteps: number, staircase: boolean): number {
  return staircase ? Math.floor(step / decaySteps) : step / decaySteps;
}

function positive(schedule: string, name: string, value: number): number {
  if (!(typeof value === "number" && value > 0 && Number.isFinite(value))) throw new ArgumentError(`${schedule}: ${name} must be a positive number, got ${value}`);
  return value;
}

export interface ExponentialDecayConfig {
  initialLearningRate: number;
  decaySteps: number;
  decayRate: number;
  staircase?: boolean;
}

/** η0 · rate^(t/D) (t/D floored with staircase). @example new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 100, decayRate: 0.5 }).at(100) // 0.05 */
export class ExponentialDecay extends LearningRateSchedule {
  readonly className = "ExponentialDecay";
  constructor(readonly config: ExponentialDecayConfig) {
    super();
    checkOptions(this.className, config, optionNames<ExponentialDecayConfig>({ initialLearningRate: true, decaySteps: true, decayRate: true, staircase: true }));
    positive(this.className, "decaySteps", config.decaySteps);
  }
  at(step: number): number {
    const { initialLearningRate, decaySteps, decayRate, staircase = false } = this.config;
    return initialLearningRate * decayRate ** decayPeriods(step, decaySteps, staircase);
  }
  getConfig(): Record<string, unknown> {
    return { ...this.config };
  }
}

export interface PolynomialDecayConfig {
  initialLearningRate: number;
  decaySteps: number;
  endLearningRate?: number;
  power?: number;
  cycle?: boolean;
}

/** (η0 − end)·(1 − s/D)^power + end. @example new PolynomialDecay({ initialLearningRate: 1, decaySteps: 10, endLearningRate: 0 }).at(5) // 0.5 */
export class PolynomialDecay extends LearningRateSchedule {
  readonly className = "PolynomialDecay";
  constructor(readonly config: PolynomialDecayConfig) {
    super();
    checkOptions(this.className, config, optionNames<PolynomialDecayConfig>({ initialLearningRate: true, decaySteps: true, endLearningRate: true, power: true, cycle: true }));
    positive(this.className, "decaySteps", config.decaySteps);
  }
  at(step: number): number {
    const { initialLearningRate, endLearningRate = 1e-4, power = 1, cycle = false } = this.config;
    let { decaySteps } = this.config;
    let s = step;
    if (cycle) decaySteps *= step === 0 ? 1 : Math.ceil(step / decaySteps);
    else s = Math.min(step, decaySteps);
    return (initialLearningRate - endLearningRate) * (1 - s / decaySteps) ** power + endLearningRate;
  }
  getConfig(): Record<string, unknown> {
    return { ...this.config };
  }
}

export interface InverseTimeDecayConfig {
  initialLearningRate: number;
  decaySteps: number;
  decayRate: number;
  staircase?: boolean;
}

/** η0 / (1 + rate·t/D). @example new InverseTimeDecay({ initialLearningRate: 1, decaySteps: 1, decayRate: 1 }).at(1) // 0.5 */
export class InverseTimeDecay extends LearningRateSchedule {
  readonly className = "InverseTimeDecay";
  constructor(readonly config: InverseTimeDecayConfig) {
    super();
    checkOptions(this.className, config, optionNames<InverseTimeDecayConfig>({ initialLearningRate: true, decaySteps: true, decayRate: true, staircase: true }));
    positive(this.className, "decaySteps", config.decaySteps);
  }
  at(step: number): number {
    const { initialLearningRate, decaySteps, decayRate, staircase = false } = this.config;
    return initialLearningRate / (1 + decayRate * decayPeriods(step, decaySteps, staircase));
  }
  getConfig(): Record<string, unknown> {
    return { ...this.config };
  }
}

export interface CosineDecayConfig {
  initialLearningRate: number;
  decaySteps: number;
  alpha?: number;
  warmupTarget?: number;
  warmupSteps?: number;
}

/**
 * Cosine from η0 (or the warm-up target) down to α·η0 over D steps, after an optional linear warm-up.
 * @example new Adam({ learningRate: new CosineDecay({ initialLearningRate: 0, warmupTarget: 1e-3, warmupSteps: 100, decaySteps: 1000 }) })
 */
export class CosineDecay extends LearningRateSchedule {
  readonly className = "CosineDecay";
  constructor(readonly config: CosineDecayConfig) {
    super();
    checkOptions(this.className, config, optionNames<CosineDecayConfig>({ initialLearningRate: true, decaySteps: true, alpha: true, warmupTarget: true, warmupSteps: true }));
    positive(this.className, "decaySteps", config.decaySteps);
  }
  at(step: number): number {
    const { initialLearningRate, decaySteps, alpha = 0, warmupTarget, warmupSteps = 0 } = this.config;
    const peak = warmupTarget ?? initialLearningRate;
    if (warmupTarget !== undefined && step < warmupSteps) {
      return initialLearningRate + ((warmupTarget - initialLearningRate) * step) / warmupSteps;
    }
    const s = Math.min(step - (warmupTarget !== undefined ? warmupSteps : 0), decaySteps);
    return peak * ((1 - alpha) * 0.5 * (1 + Math.cos((Math.PI * s) / decaySteps)) + alpha);
  }
  getConfig(): Record<string, unknown> {
    return { ...this.config };
  }
}

export interface PiecewiseConstantDecayConfig {
  boundaries: number[];
  values: number[];
}

/**
 * values[0] up to boundaries[0], values[i] in (boundaries[i-1], boundaries[i]], the last value after.
 * @example new PiecewiseConstantDecay({ boundaries: [1000, 2000], values: [0.1, 0.01, 0.001] }).at(1500) // 0.01
 */
export class PiecewiseConstantDecay extends LearningRateSchedule {
  readonly className = "PiecewiseConstantDecay";
  constructor(readonly config: PiecewiseConstantDecayConfig) {
    super();
    if (!Array.isArray(config?.boundaries) || !Array.isArray(config?.values)) {
      throw new ArgumentError("PiecewiseConstantDecay: give boundaries and values, e.g. new PiecewiseConstantDecay({ boundaries: [1000], values: [0.1, 0.01] })");
    }
    checkOptions(this.className, config, optionNames<PiecewiseConstantDecayConfig>({ boundaries: true, values: true }));
    if (config.values.length !== config.boundaries.length + 1) {
      throw new ArgumentError(`PiecewiseConstantDecay: needs one more value than boundaries, got ${config.boundaries.length} boundaries and ${config.values.length} values`);
    }
  }
  at(step: number): number {
    const i = this.config.boundaries.findIndex((b) => step <= b);
    return this.config.values[i === -1 ? this.config.values.length - 1 : i]!;
  }
  getConfig(): Record<string, unknown> {
    return { ...this.config };
  }
}

/**
 * The lecture's linear decay η0·(1 − t/T), reaching 0 at step T (then staying there). t and T
 * count optimizer steps (batches), not epochs: with fit, T = epochs × batches per epoch.
 * @example linearDecay(0.1, 100).at(50) // 0.05
 * @example linearDecay(0.1, epochs * Math.ceil(samples / batchSize)) // reaches 0 at the end of fit
 */
export function linearDecay(initialLearningRate: number, totalSteps: number): PolynomialDecay {
  return new PolynomialDecay({ initialLearningRate, decaySteps: totalSteps, endLearningRate: 0, power: 1 });
}

/**
 * The lecture's exponential decay η0·e^(−t/T); t and T count optimizer steps (batches), not epochs.
 * @example exponentialDecay(0.1, 100).at(100) // 0.1 / e
 */
export function exponentialDecay(initialLearningRate: number, timeConstant: number): ExponentialDecay {
  return new ExponentialDecay({ initialLearningRate, decaySteps: timeConstant, decayRate: Math.exp(-1) });
}

const scheduleClasses = { ExponentialDecay, PolynomialDecay, InverseTimeDecay, CosineDecay, PiecewiseConstantDecay } as const;

/** Rebuilds a schedule from `{ className, config }` (model loading). */
export function scheduleFromConfig(saved: { className: string; config: Record<string, unknown> }): LearningRateSchedule {
  const cls = scheduleClasses[saved.className as keyof typeof scheduleClasses];
  if (!cls) throw new ArgumentError(`unknown learning-rate schedule "${saved.className}"; known: ${Object.keys(scheduleClasses).join(", ")}`);
  return new cls(saved.config as never);
}
