/**
 * The assertions a check is made of. Each throws a CheckError that says what was expected
 * and what came (in the current locale) and returns nothing when the answer is right.
 *
 * Example: `check("softmax", () => { expectShape(p, [2, 3]); expectClose(p.sum(-1), [1, 1]); })`.
 */
import type { DType } from "../tensor/dtype.js";
import { CheckError } from "./error.js";
import { say } from "./messages.js";
import { describe, numbers, showIndex, showNumber, showShape, tensorOf, type Numbers } from "./values.js";

export interface Tolerance {
  /** Absolute tolerance (default 1e-6). */
  atol?: number;
  /** Relative tolerance, a fraction of the expected value (default 1e-5). */
  rtol?: number;
}

function sameShape(got: Numbers, expected: Numbers): void {
  if (got.shape.join() !== expected.shape.join()) throw new CheckError(say().shape(showShape(expected.shape), showShape(got.shape)));
}

/**
 * `got` has the shape `shape` (a Tensor, a Variable, or nested arrays).
 * @example expectShape(x.matmul(w), [4, 3])
 */
export function expectShape(got: unknown, shape: readonly number[]): void {
  const actual = tensorOf(got)?.shape ?? numbers(got).shape;
  if (actual.join() !== shape.join()) throw new CheckError(say().shape(showShape(shape), showShape(actual)));
}

/**
 * `got` is a Tensor (or Variable) of dtype `dtype`.
 * @example expectDType(arange(3), "int32")
 */
export function expectDType(got: unknown, dtype: DType): void {
  const actual = tensorOf(got)?.dtype ?? describe(got);
  if (actual !== dtype) throw new CheckError(say().dtype(dtype, actual));
}

/**
 * Same shape, and every value within `atol + rtol·|expected|` of the expected one (NumPy's `allclose`).
 * @example expectClose(grad(f)(x), [1, -2, 1], { atol: 1e-4 })
 */
export function expectClose(got: unknown, expected: unknown, tolerance: Tolerance = {}): void {
  const { atol = 1e-6, rtol = 1e-5 } = tolerance;
  const g = numbers(got);
  const e = numbers(expected);
  sameShape(g, e);
  e.values.forEach((want, i) => {
    const have = g.values[i]!;
    if (Object.is(have, want) || (Number.isNaN(have) && Number.isNaN(want))) return;
    if (!Number.isFinite(have)) throw new CheckError(say().notFinite(showIndex(e.shape, i), String(have)));
    const difference = Math.abs(have - want);
    const allowed = atol + rtol * Math.abs(want);
    if (!(difference <= allowed)) {
      throw new CheckError(say().close(showIndex(e.shape, i), showNumber(want), showNumber(have), showNumber(difference), showNumber(allowed)));
    }
  });
}

/**
 * Exactly equal: numbers (same shape, same values) or, for anything else, the same JSON.
 * @example expectEqual(t.argmax(-1), [2, 0, 1])
 */
export function expectEqual(got: unknown, expected: unknown): void {
  let e: Numbers;
  try {
    e = numbers(expected);
  } catch {
    if (JSON.stringify(got) !== JSON.stringify(expected)) throw new CheckError(say().different(describe(expected), describe(got)));
    return;
  }
  const g = numbers(got);
  sameShape(g, e);
  e.values.forEach((want, i) => {
    const have = g.values[i]!;
    if (!(have === want || (Number.isNaN(have) && Number.isNaN(want)))) {
      throw new CheckError(say().equal(showIndex(e.shape, i), showNumber(want), showNumber(have)));
    }
  });
}

/**
 * The values (a loss history, a tensor) never go up by more than `tolerance` from one to the next.
 * @example expectDecreasing(history.history.loss)
 */
export function expectDecreasing(got: unknown, options: { tolerance?: number } = {}): void {
  const { tolerance = 0 } = options;
  const { values } = numbers(got);
  if (values.length < 2) throw new CheckError(say().tooShort(values.length));
  for (let i = 1; i < values.length; i++) {
    if (!(values[i]! <= values[i - 1]! + tolerance)) throw new CheckError(say().decreasing(i, showNumber(values[i - 1]!), showNumber(values[i]!)));
  }
}

function scalarOf(got: unknown): number {
  const { values } = numbers(got);
  if (values.length !== 1) throw new CheckError(say().size(1, values.length));
  return values[0]!;
}

/**
 * A number (or one-element tensor) is at least `bound`.
 * @example expectAtLeast(model.evaluate(xTest, yTest).accuracy, 0.9)
 */
export function expectAtLeast(got: unknown, bound: number): void {
  const value = scalarOf(got);
  if (!(value >= bound)) throw new CheckError(say().atLeast(showNumber(bound), showNumber(value)));
}

/**
 * A number (or one-element tensor) is at most `bound`.
 * @example expectAtMost(finalLoss, 0.05)
 */
export function expectAtMost(got: unknown, bound: number): void {
  const value = scalarOf(got);
  if (!(value <= bound)) throw new CheckError(say().atMost(showNumber(bound), showNumber(value)));
}

/**
 * `condition` holds; `what` says in words what should be true.
 * @example expectTrue(w instanceof Variable, "w is a Variable")
 */
export function expectTrue(condition: boolean, what: string): void {
  if (condition !== true) throw new CheckError(say().truth(what));
}
