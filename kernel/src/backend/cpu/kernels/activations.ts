import { registerCpuKernel } from "../register.js";
import { mapBinary, mapUnary } from "../elementwise.js";
import { erfc, sigmoid } from "../special.js";

// SELU's constants (Klambauer et al. 2017), to full float64 precision.
const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;
const SQRT_2_OVER_PI = 0.7978845608028654; // √(2/π)
const GELU_CUBIC = 0.044715;

function unary(name: string, fn: (v: number) => number): void {
  registerCpuKernel(name, ([x], _, [out]) => mapUnary(x!, out!.dtype, fn));
}

unary("sigmoid", sigmoid);
// NaN passes through every activation (as in NumPy/TF) instead of turning into 0.
unary("relu", (v) => (v > 0 ? v : v <= 0 ? 0 : v));
unary("relu6", (v) => (v <= 0 ? 0 : v >= 6 ? 6 : v));
unary("selu", (v) => (v > 0 ? SELU_SCALE * v : SELU_SCALE * SELU_ALPHA * Math.expm1(v)));
// max(x, 0) + log(1 + e^(−|x|)): never overflows, and exact for large |x|.
unary("softplus", (v) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))));
unary("softsign", (v) => (Number.isFinite(v) ? v / (1 + Math.abs(v)) : Math.sign(v)));
unary("swish", (v) => (v === -Infinity ? -0 : v * sigmoid(v)));

registerCpuKernel<{ alpha: number }>("leakyRelu", ([x], { alpha }, [out]) => mapUnary(x!, out!.dtype, (v) => (v > 0 ? v : alpha * v)));
registerCpuKernel<{ alpha: number }>("elu", ([x], { alpha }, [out]) => mapUnary(x!, out!.dtype, (v) => (v > 0 ? v : alpha * Math.expm1(v))));
registerCpuKernel("prelu", ([x, alpha], _, [out]) => mapBinary(x!, alpha!, out!.shape, out!.dtype, (v, a) => (v > 0 ? v : a * v)));

registerCpuKernel<{ approximate: boolean }>("gelu", ([x], { approximate }, [out]) =>
  mapUnary(
    x!,
    out!.dtype,
    approximate
      ? (v) => 0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + GELU_CUBIC * v * v * v)))
      : // x·Φ(x) with Φ(x) = erfc(−x/√2)/2: stays accurate far into the negative tail, where 1 + erf(x/√2) cancels.
        (v) => 0.5 * v * erfc(-v / Math.SQRT2),
  ),
);
