import { installMethods, type Tensor } from "../tensor.js";
import type { TensorLike } from "../convert.js";
import { zerosLike } from "../creation.js";
import { applyBinary, defineBinaryOp, mul, neg, sub } from "./arithmetic.js";
import { equal, greater, greaterEqual, lessEqual } from "./compare.js";
import { where } from "./logical.js";
import { sumTo } from "./shape-ops.js";
import { log } from "./unary.js";

declare module "../tensor.js" {
  interface TensorMethods {
    floorDiv(b: TensorLike): Tensor;
    mod(b: TensorLike): Tensor;
    pow(exponent: TensorLike): Tensor;
    maximum(b: TensorLike): Tensor;
    minimum(b: TensorLike): Tensor;
    squaredDifference(b: TensorLike): Tensor;
  }
}

// Piecewise constant in both operands: zero gradient wherever it exists (as in JAX).
const floorDivOp = defineBinaryOp("floorDiv", { grad: ({ inputs: [a, b] }) => [zerosLike(a!), zerosLike(b!)] });
// mod(a, b) = a − b·floor(a/b): ∂/∂a = 1, ∂/∂b = −floor(a/b).
const modOp = defineBinaryOp("mod", { grad: ({ dys: [dy], inputs: [a, b] }) => [sumTo(dy!, a!.shape), sumTo(neg(mul(dy!, floorDiv(a!, b!))), b!.shape)] });
const powOp = defineBinaryOp("pow", {
  expression: ([a, b]) => `pow(${a}, ${b})`,
  grad: ({ dys: [dy], inputs: [a, b], outputs: [y] }) => {
  // ∂/∂a = b·a^(b−1), taken as 0 where b = 0 (a⁰ is constant, even at a = 0 where the formula gives 0·∞).
  const dBase = where(equal(b!, 0), 0, mul(b!, pow(a!, sub(b!, 1))));
  // ∂/∂b = aᵇ·log(a) for a > 0; 0 for a ≤ 0, where aᵇ is not a real function of b (as in TF).
  // log only sees positive values, so neither this nor its own gradient makes NaN.
  const positive = greater(a!, 0);
  const dExponent = where(positive, mul(y!, log(where(positive, a!, 1))), 0);
  return [sumTo(mul(dy!, dBase), a!.shape), sumTo(mul(dy!, dExponent), b!.shape)];
  },
});
// Ties send the whole gradient to the first operand, as in TF.
const maximumOp = defineBinaryOp("maximum", {
  grad: ({ dys: [dy], inputs: [a, b] }) => {
    const first = greaterEqual(a!, b!);
    return [sumTo(where(first, dy!, 0), a!.shape), sumTo(where(first, 0, dy!), b!.shape)];
  },
  expression: ([a, b]) => `max(${a}, ${b})`,
});
const minimumOp = defineBinaryOp("minimum", {
  grad: ({ dys: [dy], inputs: [a, b] }) => {
    const first = lessEqual(a!, b!);
    return [sumTo(where(first, dy!, 0), a!.shape), sumTo(where(first, 0, dy!), b!.shape)];
  },
  expression: ([a, b]) => `min(${a}, ${b})`,
});
const squaredDifferenceOp = defineBinaryOp("squaredDifference", {
  grad: ({ dys: [dy], inputs: [a, b] }) => {
    const g = mul(dy!, mul(sub(a!, b!), 2));
    return [sumTo(g, a!.shape), sumTo(neg(g), b!.shape)];
  },
  expression: ([a, b]) => `((${a} - ${b}) * (${a} - ${b}))`,
});

// These count bool operands as int32, NumPy's smallest integer result (int8) being absent here.
const NUMERIC = "int32";

/**
 * Floor division ⌊a / b⌋ with Python/NumPy semantics (rounds toward −∞; int32 stays int32).
 * Floats divide by zero to ±Infinity; int32 division by zero gives 0, as in NumPy. Gradient zero.
 * @example floorDiv(tensor([7, -7], "int32"), 2).arraySync() // [3, -4]
 */
export function floorDiv(a: TensorLike, b: TensorLike): Tensor {
  return applyBinary(floorDivOp, a, b, NUMERIC);
}

/**
 * Remainder with the divisor's sign (Python/NumPy `%`), so a = b·floorDiv(a, b) + mod(a, b).
 * Float mod by zero is NaN; int32 mod by zero gives 0.
 * @example mod(tensor([-7, 7], "int32"), 3).arraySync() // [2, 1]
 */
export function mod(a: TensorLike, b: TensorLike): Tensor {
  return applyBinary(modOp, a, b, NUMERIC);
}

/**
 * aᵇ elementwise with broadcasting; gradients for both base and exponent. A negative base
 * with a non-integer exponent gives NaN, 0 to a negative power gives Infinity. The exponent's
 * gradient is taken as 0 where a ≤ 0; the base's is 0 where b = 0. int32 ** int32 stays int32
 * (wrapping on overflow; negative exponents truncate toward zero).
 * @example pow(tensor([2, 3]), 2).arraySync() // [4, 9]
 */
export function pow(a: TensorLike, exponent: TensorLike): Tensor {
  return applyBinary(powOp, a, exponent, NUMERIC);
}

/**
 * Elementwise larger value (NaN if either is NaN; two bools stay bool, as in NumPy). The
 * gradient goes to the larger operand; on ties all of it goes to the first (`a`), as in TF.
 * @example maximum(tensor([1, 5]), 3).arraySync() // [3, 5]
 */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  return applyBinary(maximumOp, a, b);
}

/**
 * Elementwise smaller value (NaN if either is NaN; two bools stay bool, as in NumPy). The
 * gradient goes to the smaller operand; on ties all of it goes to the first (`a`), as in TF.
 * @example minimum(tensor([1, 5]), 3).arraySync() // [1, 3]
 */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  return applyBinary(minimumOp, a, b);
}

/**
 * (a − b)² elementwise, in one op.
 * @example squaredDifference(tensor([1, 5]), 3).arraySync() // [4, 4]
 */
export function squaredDifference(a: TensorLike, b: TensorLike): Tensor {
  return applyBinary(squaredDifferenceOp, a, b, NUMERIC);
}

installMethods({
  floorDiv(b) {
    return floorDiv(this, b);
  },
  mod(b) {
    return mod(this, b);
  },
  pow(exponent) {
    return pow(this, exponent);
  },
  maximum(b) {
    return maximum(this, b);
  },
  minimum(b) {
    return minimum(this, b);
  },
  squaredDifference(b) {
    return squaredDifference(this, b);
  },
});
