import type { Tensor } from "./tensor.js";

/**
 * What graph mode's tracer (graph/trace.ts) lets the tensor core tell it while a function
 * is being traced: tensor/ calls these hooks and never imports graph/.
 */
export interface Trace {
  /** The value a variable has at this point of the trace: its last assignment in the trace, if any. */
  assignedValue(variable: object): Tensor | undefined;
  /** Records `variable.assign(value)` as an effect of the graph. */
  assign(variable: object, value: Tensor): void;
  /** A concrete tensor that a traced op uses: the graph keeps it as a constant. */
  capture(constant: Tensor): void;
  /** Host code (counters, schedules) that runs after every execution of the graph instead of now. */
  afterRun(effect: () => void): void;
}

let current: Trace | null = null;

/** The trace being recorded, if any. */
export function activeTrace(): Trace | null {
  return current;
}

/** Runs `fn` with `trace` recording (nested traces restore the outer one). */
export function withTrace<T>(trace: Trace, fn: () => T): T {
  const outer = current;
  current = trace;
  try {
    return fn();
  } finally {
    current = outer;
  }
}

/**
 * Runs host code now in eager mode, or after every run of the graph being traced: for
 * state kept in JavaScript, such as an optimizer's step count.
 * @example afterStep(() => optimizer.iterations++);
 */
export function afterStep(effect: () => void): void {
  if (current) current.afterRun(effect);
  else effect();
}

/**
 * Runs `fn` eagerly even while a function is being traced: for values made once, such as
 * a layer's initial weights or an optimizer's slots.
 * @example const initial = untraced(() => randomNormal([3, 3]));
 */
export function untraced<T>(fn: () => T): T {
  const outer = current;
  current = null;
  try {
    return fn();
  } finally {
    current = outer;
  }
}
