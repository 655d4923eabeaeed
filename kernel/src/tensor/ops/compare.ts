import { applyBinary, defineBinaryOp } from "./arithmetic.js";
import { installMethods, type Tensor } from "../tensor.js";
import type { TensorLike } from "../convert.js";

declare module "../tensor.js" {
  interface TensorMethods {
    equal(b: TensorLike): Tensor;
    notEqual(b: TensorLike): Tensor;
    less(b: TensorLike): Tensor;
    lessEqual(b: TensorLike): Tensor;
    greater(b: TensorLike): Tensor;
    greaterEqual(b: TensorLike): Tensor;
  }
}

// Comparisons promote their operands like arithmetic does, give bool and have no gradient
// (they are piecewise constant); backprop never asks, since bool tensors carry no gradient.
const toBool = () => "bool" as const;
const equalOp = defineBinaryOp("equal", { outDType: toBool, expression: ([a, b]) => `(${a} == ${b})` });
const notEqualOp = defineBinaryOp("notEqual", { outDType: toBool, expression: ([a, b]) => `(${a} != ${b})` });
const lessOp = defineBinaryOp("less", { outDType: toBool, expression: ([a, b]) => `(${a} < ${b})` });
const lessEqualOp = defineBinaryOp("lessEqual", { outDType: toBool, expression: ([a, b]) => `(${a} <= ${b})` });
const greaterOp = defineBinaryOp("greater", { outDType: toBool, expression: ([a, b]) => `(${a} > ${b})` });
const greaterEqualOp = defineBinaryOp("greaterEqual", { outDType: toBool, expression: ([a, b]) => `(${a} >= ${b})` });

/**
 * Elementwise a == b as a bool tensor (NaN equals nothing, not even NaN).
 * @example equal(tensor([1, 2, 3]), 2).arraySync() // [false, true, false]
 */
export function equal(a: TensorLike, b: TensorLike): Tensor {
  return applyBinary(equalOp, a, b);
}

/**
 * Elementwise a != b as a bool tensor.
 * @example notEqual(tensor([1, 2]), tensor([1, 3])).arraySync() // [false, true]
 */
export function notEqual(a: TensorLike, b: TensorLike): Tensor {
  return applyBinary(notEqualOp, a, b);
}

/**
 * Elementwise a < b as a bool tensor, with broadcasting.
 * @example less(tensor([1, 2, 3]), 2).arraySync() // [true, false, false]
 */
export function less(a: TensorLike, b: TensorLike): Tensor {
  return applyBinary(lessOp, a, b);
}

/**
 * Elementwise a ≤ b as a bool tensor.
 * @example lessEqual(tensor([1, 2, 3]), 2).arraySync() // [true, true, false]
 */
export function lessEqual(a: TensorLike, b: TensorLike): Tensor {
  return applyBinary(lessEqualOp, a, b);
}

/**
 * Elementwise a > b as a bool tensor.
 * @example greater(tensor([[1], [3]]), tensor([2, 3])).arraySync() // [[false, false], [true, false]]
 */
export function greater(a: TensorLike, b: TensorLike): Tensor {
  return applyBinary(greaterOp, a, b);
}

/**
 * Elementwise a ≥ b as a bool tensor.
 * @example greaterEqual(tensor([1, 2, 3]), 2).arraySync() // [false, true, true]
 */
export function greaterEqual(a: TensorLike, b: TensorLike): Tensor {
  return applyBinary(greaterEqualOp, a, b);
}

installMethods({
  equal(b) {
    return equal(this, b);
  },
  notEqual(b) {
    return notEqual(this, b);
  },
  less(b) {
    return less(this, b);
  },
  lessEqual(b) {
    return lessEqual(this, b);
  },
  greater(b) {
    return greater(this, b);
  },
  greaterEqual(b) {
    return greaterEqual(this, b);
  },
});
