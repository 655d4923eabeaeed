// Elementwise ops as WGSL expressions (see elementwise.ts): one line per op.
import { elementwise, registerElementwise as ew, type Expression } from "./elementwise.js";
import { registerGpuKernel } from "../register.js";
import { wgslType } from "../program.js";

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

const float = (f32: string): Expression => ({ f32 });
const both = (f32: string, i32 = f32): Expression => ({ f32, i32 });

ew("neg", both("-a"));
ew("abs", both("abs(a)"));
ew("sign", both("sign(a)"));
ew("square", both("a * a"));
ew("exp", float("exp(a)"));
ew("expm1", float("expm1_(a)"));
ew("log", float("log(a)"));
ew("log1p", float("log1p_(a)"));
ew("sqrt", float("sqrt(a)"));
ew("rsqrt", float("inverseSqrt(a)"));
ew("reciprocal", float("1.0 / a"));
ew("sin", float("sin(a)"));
ew("cos", float("cos(a)"));
ew("tan", float("tan(a)"));
ew("tanh", float("tanh(clamp(a, -15.0, 15.0))"));
ew("erf", float("erf_(a)"));
ew("sigmoid", float("sigmoid_(a)"));
// NaN stays NaN, as on the CPU (tested by its bits: a compiler may fold `a != a` to false).
ew("relu", both("select(0.0, a, a > 0.0 || isnan_(a))", "max(a, 0)"));
ew("relu6", both("clamp(a, T(0), T(6))"));
ew("selu", float(`select(${SELU_SCALE * SELU_ALPHA} * expm1_(a), ${SELU_SCALE} * a, a > 0.0)`));
ew("softplus", float("max(a, 0.0) + log1p_(exp(-abs(a)))"));
ew("softsign", float("a / (1.0 + abs(a))"));
ew("swish", float("a * sigmoid_(a)"));
ew("floor", both("floor(a)", "a"));
ew("ceil", both("ceil(a)", "a"));
ew("round", both("round(a)", "a"));
ew("isNaN", { f32: "select(0u, 1u, isnan_(a))", i32: "0u", load: ["raw"] });
ew("isFinite", { f32: "select(0u, 1u, (bitcast<u32>(a) & 0x7f800000u) != 0x7f800000u)", i32: "1u", load: ["raw"] });
ew<{ alpha: number }>("elu", float("select(f0 * expm1_(a), a, a > 0.0)"), ({ alpha }) => [alpha]);
ew<{ alpha: number }>("leakyRelu", float("select(f0 * a, a, a > 0.0)"), ({ alpha }) => [alpha]);
ew<{ approximate: boolean }>(
  "gelu",
  float("select(0.5 * a * (1.0 + erf_(a * 0.70710678118)), 0.5 * a * (1.0 + tanh(clamp(0.7978845608 * (a + 0.044715 * a * a * a), -15.0, 15.0))), f0 > 0.0)"),
  ({ approximate }) => [approximate ? 1 : 0],
);
ew<{ min: number; max: number }>("clip", both("clamp(a, f0, f1)", "clamp(a, i32(f0), i32(f1))"), ({ min, max }) => [min, max]);

ew("add", both("a + b"));
ew("sub", both("a - b"));
ew("mul", both("a * b"));
ew("div", both("a / b", "select(a / select(b, 1, b == 0), 0, b == 0)"));
ew("divNoNan", both("select(a / b, 0.0, b == 0.0)", "select(a / select(b, 1, b == 0), 0, b == 0)"));
ew("floorDiv", both("floordiv_(a, b)", "ifloordiv_(a, b)"));
ew("mod", both("fmod_(a, b)", "imod_(a, b)"));
ew("pow", both("pow_(a, b)", "ipow_(a, b)"));
ew("maximum", both("max(a, b)"));
ew("minimum", both("min(a, b)"));
ew("squaredDifference", both("(a - b) * (a - b)"));
ew("prelu", float("select(b * a, a, a > 0.0)"));

const compare = (op: string): Expression => ({ f32: `select(0u, 1u, a ${op} b)`, i32: `select(0u, 1u, a ${op} b)`, u32: `select(0u, 1u, a ${op} b)`, load: ["promote", "promote"] });
ew("equal", compare("=="));
ew("notEqual", compare("!="));
ew("less", compare("<"));
ew("lessEqual", compare("<="));
ew("greater", compare(">"));
ew("greaterEqual", compare(">="));

const logical = (u32: string): Expression => ({ u32, load: ["raw", "raw"] });
ew("logicalAnd", logical("a & b"));
ew("logicalOr", logical("a | b"));
ew("logicalXor", logical("a ^ b"));
ew("logicalNot", { u32: "a ^ 1u", load: ["raw"] });
ew("where", { f32: "select(c, b, a != 0u)", i32: "select(c, b, a != 0u)", u32: "select(c, b, a != 0u)", load: ["raw", "out", "out"] });

// A cast converts from the input's type: to bool by comparing with zero, else by conversion.
registerGpuKernel("cast", ([x], _, [out], runtime) => {
  const to = out!.dtype === "bool" ? "select(0u, 1u, a != T(0))" : `${wgslType(out!.dtype)}(a)`;
  return [elementwise(runtime, "cast", [x!], out!, { f32: to, i32: to, u32: to, load: ["raw"] })];
});
