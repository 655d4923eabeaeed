import { registerCpuKernel } from "../register.js";
import { mapBinary } from "../elementwise.js";

// Floor division and modulo with Python/NumPy semantics: a = b·floorDiv(a, b) + mod(a, b),
// and mod takes the divisor's sign. Floats follow NumPy's npy_divmod (fmod first, so
// floorDiv(1, 0.1) is 9 like Python, not floor(1 / 0.1) = 10); integer division by zero gives 0 as in NumPy.

function floatMod(a: number, b: number): number {
  let mod = a % b; // C fmod: sign of a, NaN when b is 0
  if (mod !== 0) {
    if (b < 0 !== mod < 0) mod += b;
  } else {
    mod = b < 0 ? -0 : 0;
  }
  return mod;
}

function floatFloorDiv(a: number, b: number): number {
  if (b === 0) return a / b;
  const mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0 && b < 0 !== mod < 0) div -= 1;
  if (div === 0) return a / b < 0 ? -0 : 0;
  const floored = Math.floor(div);
  return div - floored > 0.5 ? floored + 1 : floored;
}

function intFloorDiv(a: number, b: number): number {
  // Exact: a quotient of int32s is never within rounding distance of the next integer.
  return b === 0 ? 0 : Math.floor(a / b);
}

function intMod(a: number, b: number): number {
  if (b === 0) return 0;
  const r = a % b;
  return r !== 0 && b < 0 !== r < 0 ? r + b : r;
}

/** Integer power by squaring with wrap-around like C; a negative exponent truncates the real result toward zero. */
function intPow(a: number, b: number): number {
  if (b < 0) return a === 1 ? 1 : a === -1 ? (b % 2 === 0 ? 1 : -1) : 0;
  let result = 1;
  let base = a | 0;
  for (let e = b; e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) result = Math.imul(result, base);
    base = Math.imul(base, base);
  }
  return result;
}

type Fn = (a: number, b: number) => number;

function binary(name: string, fn: Fn, intFn: Fn = fn): void {
  registerCpuKernel(name, ([a, b], _, [out]) => mapBinary(a!, b!, out!.shape, out!.dtype, out!.dtype === "int32" ? intFn : fn));
}

binary("floorDiv", floatFloorDiv, intFloorDiv);
binary("mod", floatMod, intMod);
binary("pow", Math.pow, intPow);
binary("maximum", Math.max);
binary("minimum", Math.min);
binary(
  "squaredDifference",
  (a, b) => (a - b) * (a - b),
  (a, b) => {
    const d = (a - b) | 0;
    return Math.imul(d, d);
  },
);
