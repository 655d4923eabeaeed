import { defineOp } from "../op.js";
import { runOp } from "../engine.js";
import { ArgumentError, DTypeError, ShapeError, showShape } from "../errors.js";
import { normalizeAxis, shapesEqual } from "../shape.js";
import { installMethods, type Tensor } from "../tensor.js";
import { toTensor, type TensorLike } from "../convert.js";
import { mul } from "./arithmetic.js";

declare module "../tensor.js" {
  interface TensorMethods {
    cumsum(axis?: number, options?: CumsumOptions): Tensor;
  }
}

export interface CumsumOptions {
  /** Leave each element out of its own sum (the first result is 0). Default false. */
  exclusive?: boolean;
  /** Sum from the end of the axis towards the start. Default false. */
  reverse?: boolean;
}

/** Attributes of the scans along one axis. */
export interface ScanAttrs {
  axis: number;
  exclusive: boolean;
  reverse: boolean;
}

function checkAxis(op: string, x: Tensor, axis: number): number {
  if (x.rank === 0) throw new ArgumentError(`${op}: needs a tensor of rank ≥ 1 to run along an axis, got a scalar`);
  return normalizeAxis(op, axis, x.rank);
}

const cumsumOp = defineOp<ScanAttrs>({
  name: "cumsum",
  infer: ([x]) => [{ shape: x!.shape, dtype: x!.dtype === "bool" ? "int32" : x!.dtype }],
  // Each input element feeds every later sum, so its gradient sums the later gradients:
  // the same scan run the other way.
  grad: ({ dys: [dy], attrs: { axis, exclusive, reverse } }) => [cumsum(dy!, axis, { exclusive, reverse: !reverse })],
});

/**
 * Running sum along `axis` (default 0, as in TensorFlow); bool gives int32.
 * @example
 * cumsum(tensor([1, 2, 3])).arraySync()                       // [1, 3, 6]
 * cumsum(tensor([1, 2, 3]), 0, { exclusive: true }).arraySync() // [0, 1, 3]
 * cumsum(tensor([1, 2, 3]), 0, { reverse: true }).arraySync()   // [6, 5, 3]
 */
export function cumsum(x: TensorLike, axis = 0, { exclusive = false, reverse = false }: CumsumOptions = {}): Tensor {
  const t = toTensor(x);
  return runOp(cumsumOp, [t], { axis: checkAxis("cumsum", t, axis), exclusive: Boolean(exclusive), reverse: Boolean(reverse) })[0]!;
}

// The two building blocks below are internal: prod's gradient is made of them, so that it
// never divides by x and can be differentiated again.

const shiftOp = defineOp<{ axis: number; offset: 1 | -1 }>({
  name: "shiftAlongAxis",
  infer: ([x]) => [{ shape: x!.shape, dtype: x!.dtype }],
  // Shifting with zero fill is linear; its adjoint shifts back the other way.
  grad: ({ dys: [dy], attrs: { axis, offset } }) => [shiftAlongAxis(dy!, axis, offset === 1 ? -1 : 1)],
});

/**
 * Moves every element one step along `axis` (offset 1: towards the end), filling with 0:
 * `out[k] = x[k - offset]`.
 * @example shiftAlongAxis(tensor([1, 2, 3]), 0, 1).arraySync() // [0, 1, 2]
 */
export function shiftAlongAxis(x: Tensor, axis: number, offset: 1 | -1): Tensor {
  return runOp(shiftOp, [x], { axis: checkAxis("shiftAlongAxis", x, axis), offset })[0]!;
}

const recurrenceOp = defineOp<{ axis: number; reverse: boolean }>({
  name: "linearRecurrence",
  infer: ([a, b]) => {
    if (!shapesEqual(a!.shape, b!.shape)) throw new ShapeError(`linearRecurrence: a and b must have one shape, got ${showShape(a!.shape)} and ${showShape(b!.shape)}`);
    if (a!.dtype !== b!.dtype) throw new DTypeError(`linearRecurrence: a and b must have one dtype, got ${a!.dtype} and ${b!.dtype}`);
    return [{ shape: b!.shape, dtype: b!.dtype }];
  },
  // With h[k] = a[k]·h[k−1] + b[k], the adjoint λ obeys λ[k] = dy[k] + a[k+1]·λ[k+1]: the same
  // recurrence run backwards over a shifted a. Then db = λ and da[k] = λ[k]·h[k−1].
  grad: ({ dys: [dy], inputs: [a], outputs: [h], attrs: { axis, reverse } }) => {
    const toNext = reverse ? 1 : -1;
    const lambda = linearRecurrence(shiftAlongAxis(a!, axis, toNext), dy!, axis, !reverse);
    return [mul(lambda, shiftAlongAxis(h!, axis, toNext === 1 ? -1 : 1)), lambda];
  },
});

/**
 * The first-order linear recurrence h[k] = a[k]·h[k−1] + b[k] along `axis` with h[−1] = 0
 * (reverse: h[k] = a[k]·h[k+1] + b[k] from the end). Running sums and products are special cases.
 * @example linearRecurrence(tensor([0, 2, 3]), tensor([1, 0, 0]), 0, false).arraySync() // [1, 2, 6]
 */
export function linearRecurrence(a: Tensor, b: Tensor, axis: number, reverse: boolean): Tensor {
  return runOp(recurrenceOp, [a, b], { axis: checkAxis("linearRecurrence", b, axis), reverse })[0]!;
}

installMethods({
  cumsum(axis, options) {
    return cumsum(this, axis, options);
  },
});
