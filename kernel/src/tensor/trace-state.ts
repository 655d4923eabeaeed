import type { Tensor } from "./tensor.js";
import { checkMemory, type RejectedValue, type ValueRule } from "../backend/value-rule.js";

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
  /**
   * Runs `check` on the value fed for `placeholder` before every execution of the graph;
   * false when `placeholder` is not an argument of the traced function (a value computed inside it).
   */
  checkFed(placeholder: Tensor, check: (value: Tensor) => void): boolean;
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

/**
 * Runs a check that reads `t`'s values (an index range, label values) where the values
 * exist: now in eager mode, or, while a function is traced and `t` is one of its arguments,
 * on every value fed to the graph before it runs, so a compiled training step rejects bad
 * data with the eager message and before any update. Skipped for values computed inside a
 * trace, and on backends that cannot read synchronously (checkRule checks there too).
 * @example checkValues(ids, (t) => { if (t.dataSync().some((v) => v < 0)) throw new ArgumentError("ids must be ≥ 0"); });
 */
export function checkValues(t: Tensor, check: (values: Tensor) => void, onDevice?: (values: Tensor) => void): void {
  const where = (values: Tensor) => (values.sharedStorage().backend.canReadSync ? check(values) : onDevice?.(values));
  if (!t.isSymbolic) where(t);
  else current?.checkFed(t, where);
}

/**
 * Checks `t`'s values against `rule` where checkValues would, throwing `error(first rejected, values)`:
 * at once on the CPU; on the GPU by a kernel whose verdict the next read of any tensor
 * throws ("checked on read"), so no synchronous read is added to a training step.
 * @example checkRule(labels, { low: 0, high: 10, integer: true }, ({ value, at }) => new ArgumentError(`label ${value} at ${at}`));
 */
export function checkRule(t: Tensor, rule: ValueRule, error: (rejected: RejectedValue, values: Tensor) => Error): void {
  const check = (values: Tensor) => checkMemory(values.sharedStorage(), values.dtype, rule, (rejected) => error(rejected, values));
  checkValues(t, check, check);
}
