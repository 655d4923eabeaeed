import { defineOp } from "../op.js";
import { literal } from "../expression.js";
import { runOp } from "../engine.js";
import { ArgumentError, DTypeError, ShapeError, showShape } from "../errors.js";
import { isFloat } from "../dtype.js";
import { broadcastShapes, shapesEqual } from "../shape.js";
import { installMethods, type Tensor } from "../tensor.js";
import type { TensorLike } from "../convert.js";
import { add, coerceOperands, div, mul, sub } from "./arithmetic.js";
import { greater, less } from "./compare.js";
import { logicalAnd, where } from "./logical.js";
import { sumTo } from "./shape-ops.js";
import { abs, defineUnaryOp, erf, exp, tanh, unaryInput } from "./unary.js";

declare module "../tensor.js" {
  interface TensorMethods {
    sigmoid(): Tensor;
    relu(): Tensor;
    relu6(): Tensor;
    leakyRelu(alpha?: number): Tensor;
    prelu(alpha: TensorLike): Tensor;
    elu(alpha?: number): Tensor;
    selu(): Tensor;
    gelu(options?: GeluOptions): Tensor;
    softplus(): Tensor;
    softsign(): Tensor;
    swish(): Tensor;
    silu(): Tensor;
  }
}

/** Options of `gelu`. */
export interface GeluOptions {
  /** Use the tanh approximation 0.5x(1 + tanh(√(2/π)(x + 0.044715x³))) instead of the exact erf form (default false). */
  approximate?: boolean;
}

// SELU's constants (Klambauer et al. 2017), to full float64 precision.
const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;
const SQRT_2_OVER_PI = 0.7978845608028654; // √(2/π)
const INV_SQRT_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 0.3989422804014327; // 1/√(2π)
const GELU_CUBIC = 0.044715;

/** dy where `condition` holds, 0 elsewhere: the gradient mask of piecewise-linear activations. */
function passWhere(condition: Tensor, dy: Tensor): Tensor {
  return where(condition, dy, 0);
}

function checkAlpha(op: string, alpha: number): void {
  if (typeof alpha !== "number" || !Number.isFinite(alpha)) throw new ArgumentError(`${op}: alpha must be a finite number, got ${String(alpha)}`);
}

// σ'(x) = σ(x)(1 − σ(x)), from the output.
const sigmoidRun = defineUnaryOp("sigmoid", "float", ({ dys: [dy], outputs: [y] }) => [mul(dy!, mul(y!, sub(1, y!)))], ([x]) => `sigmoid(${x})`);
// At the kinks (relu at 0, relu6 at 0 and 6) the gradient is 0, as in TF.
const reluRun = defineUnaryOp("relu", "float", ({ dys: [dy], inputs: [x] }) => [passWhere(greater(x!, 0), dy!)], ([x]) => `max(${x}, 0.0)`);
const relu6Run = defineUnaryOp("relu6", "float", ({ dys: [dy], inputs: [x] }) => [passWhere(logicalAnd(greater(x!, 0), less(x!, 6)), dy!)], ([x]) => `min(max(${x}, 0.0), 6.0)`);
const leakyReluRun = defineUnaryOp<{ alpha: number }>(
  "leakyRelu",
  "float",
  ({ dys: [dy], inputs: [x], attrs: { alpha } }) => [where(greater(x!, 0), dy!, mul(dy!, alpha))],
  ([x], { alpha }) => `select(${x} > 0.0, ${x}, ${literal(alpha)} * ${x})`,
);
// For x ≤ 0, y = α(eˣ − 1) so y' = αeˣ = y + α.
const eluRun = defineUnaryOp<{ alpha: number }>(
  "elu",
  "float",
  ({ dys: [dy], inputs: [x], outputs: [y], attrs: { alpha } }) => [where(greater(x!, 0), dy!, mul(dy!, add(y!, alpha)))],
  ([x], { alpha }) => `select(${x} > 0.0, ${x}, ${literal(alpha)} * expm1(${x}))`,
);
const seluRun = defineUnaryOp("selu", "float", ({ dys: [dy], inputs: [x], outputs: [y] }) => [
  mul(dy!, where(greater(x!, 0), SELU_SCALE, add(y!, SELU_SCALE * SELU_ALPHA))),
]);
const geluRun = defineUnaryOp<{ approximate: boolean }>("gelu", "float", ({ dys: [dy], inputs: [x], attrs: { approximate } }) => {
  const v = x!;
  if (!approximate) {
    // d/dx xΦ(x) = Φ(x) + xφ(x), Φ(x) = (1 + erf(x/√2))/2, φ(x) = e^(−x²/2)/√(2π)
    const cdf = mul(add(erf(mul(v, INV_SQRT_2)), 1), 0.5);
    const pdf = mul(exp(mul(mul(v, v), -0.5)), INV_SQRT_2PI);
    return [mul(dy!, add(cdf, mul(v, pdf)))];
  }
  // u = √(2/π)(x + 0.044715x³), t = tanh(u): d/dx ½x(1 + t) = ½(1 + t) + ½x(1 − t²)·u'
  const t = tanh(mul(add(v, mul(mul(v, mul(v, v)), GELU_CUBIC)), SQRT_2_OVER_PI));
  const du = mul(add(mul(mul(v, v), 3 * GELU_CUBIC), 1), SQRT_2_OVER_PI);
  return [mul(dy!, mul(add(add(t, 1), mul(mul(v, sub(1, mul(t, t))), du)), 0.5))];
});
// max(x, 0) + log(1 + e^(−|x|)): never overflows, and exact for large |x|.
const softplusRun = defineUnaryOp("softplus", "float", ({ dys: [dy], inputs: [x] }) => [mul(dy!, sigmoid(x!))], ([x]) => `(max(${x}, 0.0) + log1p(exp(-abs(${x}))))`);
const softsignRun = defineUnaryOp("softsign", "float", ({ dys: [dy], inputs: [x] }) => {
  const d = add(abs(x!), 1);
  return [div(dy!, mul(d, d))];
});
// (xσ(x))' = σ(x) + xσ(x)(1 − σ(x))
const swishRun = defineUnaryOp("swish", "float", ({ dys: [dy], inputs: [x] }) => {
  const s = sigmoid(x!);
  return [mul(dy!, add(s, mul(x!, mul(s, sub(1, s)))))];
});

/**
 * Logistic sigmoid 1/(1 + e^(−x)), computed without overflow for large |x|.
 * @example sigmoid(tensor([0])).arraySync() // [0.5]
 */
export function sigmoid(x: TensorLike): Tensor {
  return sigmoidRun(x, {});
}

/**
 * max(x, 0). The gradient at 0 is 0.
 * @example relu(tensor([-1, 2])).arraySync() // [0, 2]
 */
export function relu(x: TensorLike): Tensor {
  return reluRun(x, {});
}

/**
 * min(max(x, 0), 6).
 * @example relu6(tensor([-1, 3, 8])).arraySync() // [0, 3, 6]
 */
export function relu6(x: TensorLike): Tensor {
  return relu6Run(x, {});
}

/**
 * x for x > 0, alpha·x otherwise. The default alpha is 0.2, as in tf.nn.leaky_relu
 * (Keras's LeakyReLU layer defaults to 0.3: pass it explicitly to match).
 * @example leakyRelu(tensor([-1, 2])).arraySync() // [-0.2, 2]
 */
export function leakyRelu(x: TensorLike, alpha = 0.2): Tensor {
  checkAlpha("leakyRelu", alpha);
  return leakyReluRun(x, { alpha });
}

const preluOp = defineOp<Record<string, never>>({
  name: "prelu",
  infer: ([x, alpha]) => {
    if (!isFloat(x!.dtype) || x!.dtype !== alpha!.dtype) throw new DTypeError(`prelu: expected x and alpha of one float dtype, got ${x!.dtype} and ${alpha!.dtype}`);
    const shape = broadcastShapes("prelu", x!.shape, alpha!.shape);
    if (!shapesEqual(shape, x!.shape)) throw new ShapeError(`prelu: alpha of shape ${showShape(alpha!.shape)} must broadcast to x's shape ${showShape(x!.shape)}`);
    return [{ shape, dtype: x!.dtype }];
  },
  grad: ({ dys: [dy], inputs: [x, alpha] }) => {
    const positive = greater(x!, 0);
    return [where(positive, dy!, mul(dy!, alpha!)), sumTo(where(positive, 0, mul(dy!, x!)), alpha!.shape)];
  },
});

/**
 * Parametric ReLU: x for x > 0, alpha·x otherwise, with a learned `alpha` that broadcasts to
 * x's shape (e.g. one slope per channel). Both x and alpha get gradients.
 * @example prelu(tensor([[-1, 2], [-3, 4]]), tensor([0.1, 0.5])).arraySync() // [[-0.1, 2], [-1.5, 4]]
 */
export function prelu(x: TensorLike, alpha: TensorLike): Tensor {
  const [t, a] = coerceOperands(unaryInput(x, "float"), alpha);
  return runOp(preluOp, [t, a], {})[0]!;
}

/**
 * Exponential linear unit: x for x > 0, alpha·(eˣ − 1) otherwise (default alpha 1).
 * @example elu(tensor([-1, 2])).arraySync() // [-0.63212055, 2]
 */
export function elu(x: TensorLike, alpha = 1): Tensor {
  checkAlpha("elu", alpha);
  return eluRun(x, { alpha });
}

/**
 * Scaled ELU: scale·x for x > 0, scale·alpha·(eˣ − 1) otherwise, with the exact self-normalising
 * constants alpha = 1.6732632423543772…, scale = 1.0507009873554804….
 * @example selu(tensor([1])).arraySync() // [1.0507009]
 */
export function selu(x: TensorLike): Tensor {
  return seluRun(x, {});
}

/**
 * Gaussian error linear unit x·Φ(x), exact (erf) by default; `{ approximate: true }` uses the tanh form.
 * @example gelu(tensor([1], "float64")).item() // ≈ 0.8413447460685429 (Φ(1))
 */
export function gelu(x: TensorLike, options: GeluOptions = {}): Tensor {
  const approximate = options.approximate ?? false;
  if (typeof approximate !== "boolean") throw new ArgumentError(`gelu: approximate must be true or false, got ${String(approximate)}`);
  return geluRun(x, { approximate });
}

/**
 * log(1 + eˣ), computed as max(x, 0) + log1p(e^(−|x|)) so large inputs stay finite.
 * @example softplus(tensor([0, 1000])).arraySync() // [0.6931472, 1000]
 */
export function softplus(x: TensorLike): Tensor {
  return softplusRun(x, {});
}

/**
 * x / (1 + |x|).
 * @example softsign(tensor([-1, 3])).arraySync() // [-0.5, 0.75]
 */
export function softsign(x: TensorLike): Tensor {
  return softsignRun(x, {});
}

/**
 * Swish (also called SiLU): x·sigmoid(x).
 * @example swish(tensor([0, 1], "float64")).arraySync() // [0, 0.7310585786300049]
 */
export function swish(x: TensorLike): Tensor {
  return swishRun(x, {});
}

/**
 * SiLU, another name for swish: x·sigmoid(x).
 * @example silu(tensor([1], "float64")).item() // 0.7310585786300049
 */
export function silu(x: TensorLike): Tensor {
  return swishRun(x, {});
}

installMethods({
  sigmoid() {
    return sigmoid(this);
  },
  relu() {
    return relu(this);
  },
  relu6() {
    return relu6(this);
  },
  leakyRelu(alpha) {
    return leakyRelu(this, alpha);
  },
  prelu(alpha) {
    return prelu(this, alpha);
  },
  elu(alpha) {
    return elu(this, alpha);
  },
  selu() {
    return selu(this);
  },
  gelu(options) {
    return gelu(this, options);
  },
  softplus() {
    return softplus(this);
  },
  softsign() {
    return softsign(this);
  },
  swish() {
    return swish(this);
  },
  silu() {
    return silu(this);
  },
});
