// Fused elementwise kernels for the JavaScript backend: a program from graph mode's fusion
// pass becomes one loop, generated as JavaScript source (new Function) over typed arrays,
// so V8 compiles the whole chain of ops into one pass over memory with no closure calls.
import type { KernelFunc } from "../backend.js";
import { allocate } from "../../tensor/dtype.js";
import { EXPRESSION_FUNCTIONS, registerProgramCompiler, type ElementwiseProgram, type ExpressionFunction } from "../../tensor/expression.js";
import { sizeOf, type Shape } from "../../tensor/shape.js";
import { CPU_JS } from "./cpu-backend.js";
import { broadcastStrides } from "./elementwise.js";
import { cpuKernelFunc } from "./register.js";
import { erf, erfc, roundHalfEven, sigmoid } from "./special.js";

/** The expression language's functions, with the semantics of this backend's own kernels (the "cpu" backend's fused kernels call some of them). */
export const FUNCTIONS: Record<ExpressionFunction, (...args: any[]) => number | boolean> = {
  abs: Math.abs,
  sign: Math.sign,
  exp: Math.exp,
  expm1: Math.expm1,
  log: Math.log,
  log1p: Math.log1p,
  sqrt: Math.sqrt,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  tanh: Math.tanh,
  erf,
  erfc,
  sigmoid,
  floor: Math.floor,
  ceil: Math.ceil,
  round: roundHalfEven,
  isNaN: (v: number) => v !== v,
  isFinite: Number.isFinite,
  max: Math.max,
  min: Math.min,
  pow: Math.pow,
  select: (c: unknown, a: number, b: number) => (c ? a : b),
};
const NAMES = Object.keys(EXPRESSION_FUNCTIONS) as ExpressionFunction[];

type Loop = (inputs: readonly ArrayLike<number>[], outputs: { [i: number]: number }[]) => void;
const loops = new Map<string, Loop>();

/**
 * The JavaScript source of a program's loop: `(inputs, outputs) => void` over typed arrays.
 * @example jsSource({ shape: [4], inputs: [{ shape: [4], dtype: "float32" }], steps: [{ expression: "exp(in0)", dtype: "float32" }], outputs: [0] })
 */
export function jsSource(program: ElementwiseProgram): string {
  const size = sizeOf(program.shape);
  const lines = ["\"use strict\";", "return function fused(inputs, outputs) {"];
  const body: string[] = [];
  program.inputs.forEach((input, k) => {
    lines.push(`  const a${k} = inputs[${k}];`);
    if (sizeOf(input.shape) === 1) lines.push(`  const in${k} = a${k}[0];`);
    else body.push(`    const in${k} = a${k}[${indexExpression(input.shape, program.shape)}];`);
  });
  program.outputs.forEach((_, k) => lines.push(`  const o${k} = outputs[${k}];`));
  program.steps.forEach((step, k) => body.push(`    const t${k} = ${step.expression};`));
  program.outputs.forEach((step, k) => body.push(`    o${k}[i] = t${step};`));
  lines.push(`  for (let i = 0; i < ${size}; i++) {`, ...body, "  }", "};");
  return lines.join("\n");
}

/** The flat index into an input of shape `shape` broadcast to `out`, as an expression of the output index `i`. */
function indexExpression(shape: Shape, out: Shape): string {
  if (sizeOf(shape) === sizeOf(out)) return "i";
  const strides = broadcastStrides(shape, out);
  // Runs of axes that the input does not broadcast over and holds contiguously share one term.
  const runs: { divisor: number; extent: number; stride: number }[] = [];
  let open = false;
  let divisor = 1;
  for (let axis = out.length - 1; axis >= 0; axis--) {
    const extent = out[axis]!;
    const stride = strides[axis]!;
    if (extent === 1) continue;
    const last = runs[runs.length - 1];
    if (stride === 0) open = false;
    else if (open && last!.stride * last!.extent === stride) last!.extent *= extent;
    else {
      runs.push({ divisor, extent, stride });
      open = true;
    }
    divisor *= extent;
  }
  return runs
    .map(({ divisor: d, extent, stride }) => {
      const quotient = d === 1 ? "i" : `((i / ${d}) | 0)`;
      const index = d * extent === divisor ? quotient : `(${quotient} % ${extent})`;
      return stride === 1 ? index : `${index} * ${stride}`;
    })
    .join(" + ");
}

/**
 * Compiles a program into a cpu-js kernel (programs with the same source share one loop).
 * @example const kernel = compileJs(program, "fused_0"); registerKernel("fused_0", "cpu-js", kernel);
 */
export function compileJs(program: ElementwiseProgram, opName = "fused"): KernelFunc {
  const source = jsSource(program);
  let loop = loops.get(source);
  if (!loop) {
    loop = new Function(...NAMES, source)(...NAMES.map((n) => FUNCTIONS[n])) as Loop;
    loops.set(source, loop);
  }
  const run = loop;
  return cpuKernelFunc(opName, (inputs) => {
    const outputs = program.outputs.map((step) => allocate(program.steps[step]!.dtype, sizeOf(program.shape)));
    run(inputs.map((t) => t.values), outputs);
    return outputs;
  });
}

registerProgramCompiler(CPU_JS, compileJs);
