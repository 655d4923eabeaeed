// Checks of a tensor's values (index ranges, labels, debug.checkNumerics) as data, so that each
// backend runs them where the values live: the CPU scans them at once, the GPU in a kernel
// whose verdict the next read reports (Backend.checkOnRead).
import type { DType, TypedArray } from "../tensor/dtype.js";
import type { Backend, DataId } from "./backend.js";

/** Which values a check accepts; every rule also rejects NaN and ±Infinity. */
export interface ValueRule {
  /** Values must be at least `low`. */
  readonly low?: number;
  /** Values must be below `high` (at most `high` with `highIncluded`). */
  readonly high?: number;
  readonly highIncluded?: boolean;
  /** Values must be whole numbers. */
  readonly integer?: boolean;
}

/** The first value a check rejected, its flat position, and the largest value checked (NaN aside). */
export interface RejectedValue {
  readonly value: number;
  readonly at: number;
  readonly largest: number;
}

/** Turns the rejected value into the error the user sees (the same on every backend). */
export type RejectionError = (rejected: RejectedValue) => Error;

/** The finite check of `debug.checkNumerics`. */
export const FINITE: ValueRule = {};

/**
 * Whether the rule rejects `v`.
 * @example rejects(3, { low: 0, high: 3 }) // true
 */
export function rejects(v: number, { low, high, highIncluded, integer }: ValueRule): boolean {
  if (!Number.isFinite(v)) return true;
  if (low !== undefined && v < low) return true;
  if (high !== undefined && (highIncluded ? v > high : v >= high)) return true;
  return integer === true && !Number.isInteger(v);
}

/**
 * The first value `rule` rejects, or undefined when all pass.
 * @example firstRejected(Int32Array.of(0, 5, 1), { low: 0, high: 3 }) // { value: 5, at: 1, largest: 5 }
 */
export function firstRejected(values: TypedArray, rule: ValueRule): RejectedValue | undefined {
  for (let at = 0; at < values.length; at++) {
    const value = Number(values[at]!);
    if (!rejects(value, rule)) continue;
    let largest = -Infinity;
    for (const w of values) if (Number(w) > largest) largest = Number(w);
    return { value, at, largest };
  }
  return undefined;
}

/**
 * Checks values in a backend's memory against `rule`: a backend that reads synchronously
 * scans them at once and throws `error(first rejected)`; one that cannot (the GPU) records
 * the check, and its next read of any tensor throws ("checked on read").
 * @example checkMemory(t.sharedStorage(), t.dtype, FINITE, ({ value, at }) => new Error(`${value} at ${at}`))
 */
export function checkMemory({ backend, dataId }: { readonly backend: Backend; readonly dataId: DataId }, dtype: DType, rule: ValueRule, error: RejectionError): void {
  if (!backend.canReadSync) return backend.checkOnRead?.(dataId, dtype, rule, error);
  const rejected = firstRejected(backend.readSync(dataId), rule);
  if (rejected) throw error(rejected);
}
