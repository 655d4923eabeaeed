import { defineOp } from "../op.js";
import { literal } from "../expression.js";
import { runOp } from "../engine.js";
import { ArgumentError } from "../errors.js";
import { installMethods, type Tensor } from "../tensor.js";
import { toTensor, type TensorLike } from "../convert.js";
import { zerosLike } from "../creation.js";
import { cast } from "./cast.js";
import { greaterEqual, lessEqual } from "./compare.js";
import { logicalAnd, where } from "./logical.js";
import { defineUnaryOp, unaryInput } from "./unary.js";

declare module "../tensor.js" {
  interface TensorMethods {
    floor(): Tensor;
    ceil(): Tensor;
    round(): Tensor;
    clip(min: number, max: number): Tensor;
    isNaN(): Tensor;
    isFinite(): Tensor;
  }
}

// Rounding is piecewise constant: its gradient is zero wherever it exists (as in JAX), so
// a model containing it still differentiates instead of failing.
const zeroGrad = ({ inputs: [x] }: { inputs: readonly Tensor[] }) => [zerosLike(x!)];
const floorRun = defineUnaryOp("floor", "numeric", zeroGrad, ([x]) => `floor(${x})`);
const ceilRun = defineUnaryOp("ceil", "numeric", zeroGrad, ([x]) => `ceil(${x})`);
// round() in the expression language rounds halves to even, as this op does.
const roundRun = defineUnaryOp("round", "numeric", zeroGrad, ([x]) => `round(${x})`);
// The gradient passes where min ≤ x ≤ max (bounds included, as in TF's clip_by_value).
const clipRun = defineUnaryOp<{ min: number; max: number }>(
  "clip",
  "numeric",
  ({ dys: [dy], inputs: [x], attrs: { min, max } }) => [where(logicalAnd(greaterEqual(x!, min), lessEqual(x!, max)), dy!, 0)],
  ([x], { min, max }) => `select(${x} < ${literal(min)}, ${literal(min)}, select(${x} > ${literal(max)}, ${literal(max)}, ${x}))`,
);

/**
 * Largest integer ≤ x, elementwise (int32 passes through). Gradient zero.
 * @example floor(tensor([1.5, -1.5])).arraySync() // [1, -2]
 */
export function floor(x: TensorLike): Tensor {
  return floorRun(x, {});
}

/**
 * Smallest integer ≥ x, elementwise. Gradient zero.
 * @example ceil(tensor([1.5, -1.5])).arraySync() // [2, -1]
 */
export function ceil(x: TensorLike): Tensor {
  return ceilRun(x, {});
}

/**
 * Nearest integer, halves to even like NumPy and TF (not JavaScript's Math.round). Gradient zero.
 * @example round(tensor([0.5, 1.5, 2.5, -2.5])).arraySync() // [0, 2, 2, -2]
 */
export function round(x: TensorLike): Tensor {
  return roundRun(x, {});
}

/**
 * Limits every element to [min, max]; the gradient passes where min ≤ x ≤ max and is 0 elsewhere.
 * int32 stays int32 when both bounds are integers (or infinite); otherwise it computes in float32.
 * @example clip(tensor([-2, 0.5, 3]), -1, 1).arraySync() // [-1, 0.5, 1]
 */
export function clip(x: TensorLike, min: number, max: number): Tensor {
  if (typeof min !== "number" || typeof max !== "number" || Number.isNaN(min) || Number.isNaN(max)) {
    throw new ArgumentError(`clip: min and max must be numbers, got ${String(min)} and ${String(max)}`);
  }
  if (min > max) throw new ArgumentError(`clip: min (${min}) is greater than max (${max})`);
  let t = unaryInput(x, "numeric");
  const fitsInt = (v: number) => Number.isInteger(v) || !Number.isFinite(v);
  if (t.dtype === "int32" && !(fitsInt(min) && fitsInt(max))) t = cast(t, "float32");
  return clipRun(t, { min, max });
}

const isNaNOp = defineOp<Record<string, never>>({ name: "isNaN", infer: ([x]) => [{ shape: x!.shape, dtype: "bool" }] });
const isFiniteOp = defineOp<Record<string, never>>({ name: "isFinite", infer: ([x]) => [{ shape: x!.shape, dtype: "bool" }] });

/**
 * Elementwise NaN test (bool). A plain number or string behaves like JavaScript's global
 * isNaN — the kernel preloads this function, so ordinary notebook code keeps working.
 * @example isNaN(tensor([1, NaN])).arraySync() // [false, true]
 */
export function isNaN(x: number | string): boolean;
export function isNaN(x: TensorLike): Tensor;
export function isNaN(x: TensorLike | string): Tensor | boolean {
  if (typeof x === "number" || typeof x === "string") return globalThis.isNaN(x as number);
  return runOp(isNaNOp, [toTensor(x)], {})[0]!;
}

/**
 * Elementwise finiteness test (bool). A plain number or string behaves like JavaScript's global isFinite.
 * @example isFinite(tensor([1, Infinity, NaN])).arraySync() // [true, false, false]
 */
export function isFinite(x: number | string): boolean;
export function isFinite(x: TensorLike): Tensor;
export function isFinite(x: TensorLike | string): Tensor | boolean {
  if (typeof x === "number" || typeof x === "string") return globalThis.isFinite(x as number);
  return runOp(isFiniteOp, [toTensor(x)], {})[0]!;
}

installMethods({
  floor() {
    return floor(this);
  },
  ceil() {
    return ceil(this);
  },
  round() {
    return round(this);
  },
  clip(min, max) {
    return clip(this, min, max);
  },
  isNaN() {
    return isNaN(this);
  },
  isFinite() {
    return isFinite(this);
  },
});
