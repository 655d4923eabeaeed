import { defineOp, type OpDef } from "../op.js";
import type { ElementwiseExpression } from "../expression.js";
import { runOp } from "../engine.js";
import { DTypeError, showShape } from "../errors.js";
import { isFloat } from "../dtype.js";
import { installMethods, type Tensor } from "../tensor.js";
import { toTensor, type TensorLike } from "../convert.js";
import { zerosLike } from "../creation.js";
import { cast } from "./cast.js";
import { add, div, mul, neg, sub } from "./arithmetic.js";

declare module "../tensor.js" {
  interface TensorMethods {
    abs(): Tensor;
    sign(): Tensor;
    exp(): Tensor;
    expm1(): Tensor;
    log(): Tensor;
    log1p(): Tensor;
    sqrt(): Tensor;
    rsqrt(): Tensor;
    square(): Tensor;
    reciprocal(): Tensor;
    sin(): Tensor;
    cos(): Tensor;
    tan(): Tensor;
    tanh(): Tensor;
    erf(): Tensor;
  }
}

/**
 * The dtypes an elementwise op computes in. "float" ops (exp, sigmoid, …) promote int32 and
 * bool inputs to float32, as `div` does; "numeric" ops (abs, floor, clip, …) keep int32 and
 * read bool as int32.
 */
export type UnaryDomain = "float" | "numeric";

/** A unary op's front-end runner: coerces the input to the op's domain, then runs it. */
export type UnaryRunner<A> = (x: TensorLike, attrs: A) => Tensor;

/**
 * Declares an elementwise op whose output has the input's shape and dtype, and returns the
 * function that runs it. `grad` is written with ops, as for every op; `expression` (the
 * value in the expression language) lets graph mode fuse the op.
 * @example const expRun = defineUnaryOp("exp", "float", ({ dys: [dy], outputs: [y] }) => [mul(dy!, y!)], ([x]) => `exp(${x})`);
 */
export function defineUnaryOp<A = Record<string, never>>(name: string, domain: UnaryDomain, grad?: OpDef<A>["grad"], expression?: ElementwiseExpression<A>): UnaryRunner<A> {
  const op = defineOp<A>({
    name,
    expression,
    infer: ([x]) => {
      const ok = domain === "float" ? isFloat(x!.dtype) : x!.dtype !== "bool";
      if (!ok) {
        throw new DTypeError(
          domain === "float"
            ? `${name}: expected a float32 or float64 tensor, got ${x!.dtype} (shape ${showShape(x!.shape)})`
            : `${name}: expected a float32, float64 or int32 tensor, got ${x!.dtype} (shape ${showShape(x!.shape)})`,
        );
      }
      return [{ shape: x!.shape, dtype: x!.dtype }];
    },
    grad,
  });
  return (x, attrs) => runOp(op, [unaryInput(x, domain)], attrs)[0]!;
}

/**
 * Converts an op argument to a tensor in `domain` (see UnaryDomain).
 * @example unaryInput(tensor([1, 2], "int32"), "float").dtype // "float32"
 */
export function unaryInput(x: TensorLike, domain: UnaryDomain): Tensor {
  const t = toTensor(x);
  if (domain === "float" && !isFloat(t.dtype)) return cast(t, "float32");
  if (domain === "numeric" && t.dtype === "bool") return cast(t, "int32");
  return t;
}

const TWO_OVER_SQRT_PI = 1.1283791670955126; // 2/√π

const absRun = defineUnaryOp("abs", "numeric", ({ dys: [dy], inputs: [x] }) => [mul(dy!, sign(x!))], ([x]) => `abs(${x})`);
// Piecewise constant: the gradient is zero wherever it exists (TF and JAX agree).
const signRun = defineUnaryOp("sign", "numeric", ({ inputs: [x] }) => [zerosLike(x!)], ([x]) => `sign(${x})`);
const expRun = defineUnaryOp("exp", "float", ({ dys: [dy], outputs: [y] }) => [mul(dy!, y!)], ([x]) => `exp(${x})`);
const expm1Run = defineUnaryOp("expm1", "float", ({ dys: [dy], outputs: [y] }) => [mul(dy!, add(y!, 1))], ([x]) => `expm1(${x})`);
const logRun = defineUnaryOp("log", "float", ({ dys: [dy], inputs: [x] }) => [div(dy!, x!)], ([x]) => `log(${x})`);
const log1pRun = defineUnaryOp("log1p", "float", ({ dys: [dy], inputs: [x] }) => [div(dy!, add(x!, 1))], ([x]) => `log1p(${x})`);
const sqrtRun = defineUnaryOp("sqrt", "float", ({ dys: [dy], outputs: [y] }) => [div(dy!, mul(y!, 2))], ([x]) => `sqrt(${x})`);
// d/dx x^(−1/2) = −(1/2)·x^(−3/2) = −y³/2
const rsqrtRun = defineUnaryOp("rsqrt", "float", ({ dys: [dy], outputs: [y] }) => [mul(dy!, mul(mul(y!, mul(y!, y!)), -0.5))], ([x]) => `(1.0 / sqrt(${x}))`);
const squareRun = defineUnaryOp("square", "numeric", ({ dys: [dy], inputs: [x] }) => [mul(dy!, mul(x!, 2))], ([x]) => `(${x} * ${x})`);
const reciprocalRun = defineUnaryOp("reciprocal", "float", ({ dys: [dy], outputs: [y] }) => [neg(mul(dy!, mul(y!, y!)))], ([x]) => `(1.0 / ${x})`);
const sinRun = defineUnaryOp("sin", "float", ({ dys: [dy], inputs: [x] }) => [mul(dy!, cos(x!))], ([x]) => `sin(${x})`);
const cosRun = defineUnaryOp("cos", "float", ({ dys: [dy], inputs: [x] }) => [neg(mul(dy!, sin(x!)))], ([x]) => `cos(${x})`);
const tanRun = defineUnaryOp("tan", "float", ({ dys: [dy], outputs: [y] }) => [mul(dy!, add(mul(y!, y!), 1))], ([x]) => `tan(${x})`);
const tanhRun = defineUnaryOp("tanh", "float", ({ dys: [dy], outputs: [y] }) => [mul(dy!, sub(1, mul(y!, y!)))], ([x]) => `tanh(${x})`);
const erfRun = defineUnaryOp("erf", "float", ({ dys: [dy], inputs: [x] }) => [mul(dy!, mul(exp(neg(mul(x!, x!))), TWO_OVER_SQRT_PI))], ([x]) => `erf(${x})`);

/**
 * Elementwise |x| (int32 stays int32).
 * @example abs(tensor([-2, 3])).arraySync() // [2, 3]
 */
export function abs(x: TensorLike): Tensor {
  return absRun(x, {});
}

/**
 * Elementwise sign: −1, 0 or 1 (NaN stays NaN). Its gradient is zero.
 * @example sign(tensor([-2, 0, 5])).arraySync() // [-1, 0, 1]
 */
export function sign(x: TensorLike): Tensor {
  return signRun(x, {});
}

/**
 * Elementwise eˣ.
 * @example exp(tensor([0, 1])).arraySync() // [1, 2.7182817]
 */
export function exp(x: TensorLike): Tensor {
  return expRun(x, {});
}

/**
 * Elementwise eˣ − 1, accurate for small x.
 * @example expm1(tensor([1e-10], "float64")).item() // 1.00000000005e-10
 */
export function expm1(x: TensorLike): Tensor {
  return expm1Run(x, {});
}

/**
 * Elementwise natural logarithm: log(0) = −Infinity, log of a negative number is NaN.
 * @example log(tensor([1, Math.E])).arraySync() // [0, 1]
 */
export function log(x: TensorLike): Tensor {
  return logRun(x, {});
}

/**
 * Elementwise log(1 + x), accurate for small x.
 * @example log1p(tensor([1e-10], "float64")).item() // 9.9999999995e-11
 */
export function log1p(x: TensorLike): Tensor {
  return log1pRun(x, {});
}

/**
 * Elementwise √x (NaN for negative x).
 * @example sqrt(tensor([4, 9])).arraySync() // [2, 3]
 */
export function sqrt(x: TensorLike): Tensor {
  return sqrtRun(x, {});
}

/**
 * Elementwise 1/√x.
 * @example rsqrt(tensor([4, 16])).arraySync() // [0.5, 0.25]
 */
export function rsqrt(x: TensorLike): Tensor {
  return rsqrtRun(x, {});
}

/**
 * Elementwise x² (int32 stays int32).
 * @example square(tensor([-3, 2])).arraySync() // [9, 4]
 */
export function square(x: TensorLike): Tensor {
  return squareRun(x, {});
}

/**
 * Elementwise 1/x (1/0 = Infinity).
 * @example reciprocal(tensor([2, 4])).arraySync() // [0.5, 0.25]
 */
export function reciprocal(x: TensorLike): Tensor {
  return reciprocalRun(x, {});
}

/**
 * Elementwise sine (radians).
 * @example sin(tensor([0, Math.PI / 2])).arraySync() // [0, 1]
 */
export function sin(x: TensorLike): Tensor {
  return sinRun(x, {});
}

/**
 * Elementwise cosine (radians).
 * @example cos(tensor([0])).arraySync() // [1]
 */
export function cos(x: TensorLike): Tensor {
  return cosRun(x, {});
}

/**
 * Elementwise tangent (radians).
 * @example tan(tensor([0, Math.PI / 4])).arraySync() // [0, 1]
 */
export function tan(x: TensorLike): Tensor {
  return tanRun(x, {});
}

/**
 * Elementwise hyperbolic tangent.
 * @example tanh(tensor([0, 100])).arraySync() // [0, 1]
 */
export function tanh(x: TensorLike): Tensor {
  return tanhRun(x, {});
}

/**
 * Elementwise error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt (gelu is built on it).
 * @example erf(tensor([0, 1], "float64")).arraySync() // [0, 0.8427007929497149]
 */
export function erf(x: TensorLike): Tensor {
  return erfRun(x, {});
}

installMethods({
  abs() {
    return abs(this);
  },
  sign() {
    return sign(this);
  },
  exp() {
    return exp(this);
  },
  expm1() {
    return expm1(this);
  },
  log() {
    return log(this);
  },
  log1p() {
    return log1p(this);
  },
  sqrt() {
    return sqrt(this);
  },
  rsqrt() {
    return rsqrt(this);
  },
  square() {
    return square(this);
  },
  reciprocal() {
    return reciprocal(this);
  },
  sin() {
    return sin(this);
  },
  cos() {
    return cos(this);
  },
  tan() {
    return tan(this);
  },
  tanh() {
    return tanh(this);
  },
  erf() {
    return erf(this);
  },
});
