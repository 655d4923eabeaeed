import { registerCpuKernel } from "../register.js";
import { mapUnary } from "../elementwise.js";
import { erf } from "../special.js";

/** Registers an elementwise kernel; `intFn` replaces `fn` for int32 outputs where float arithmetic would not wrap like C. */
function unary(name: string, fn: (v: number) => number, intFn: (v: number) => number = fn): void {
  registerCpuKernel(name, ([x], _, [out]) => mapUnary(x!, out!.dtype, out!.dtype === "int32" ? intFn : fn));
}

unary("abs", Math.abs);
unary("sign", Math.sign);
unary("exp", Math.exp);
unary("expm1", Math.expm1);
unary("log", Math.log);
unary("log1p", Math.log1p);
unary("sqrt", Math.sqrt);
unary("rsqrt", (v) => 1 / Math.sqrt(v));
unary("square", (v) => v * v, (v) => Math.imul(v, v));
unary("reciprocal", (v) => 1 / v);
unary("sin", Math.sin);
unary("cos", Math.cos);
unary("tan", Math.tan);
unary("tanh", Math.tanh);
unary("erf", erf);
