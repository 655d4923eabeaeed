// Fused elementwise kernels for the WebGPU backend: a program from graph mode's fusion pass
// (tensor/expression.ts) becomes one generated WGSL compute shader, one thread per element,
// with inputs broadcast as the backend's own elementwise kernels read them. Expressions are
// parsed and typed (f32 or bool) so that literals, bool storage (u32 words) and `select`'s
// argument order come out right; a program the translation cannot express gets no kernel,
// and the fusion pass then leaves its ops unfused on this backend.
import { registerProgramCompiler, type ElementwiseProgram, type ExpressionFunction } from "../../../tensor/expression.js";
import { parseExpression, type ExpressionNode } from "../../../tensor/expression-tree.js";
import { sizeOf } from "../../../tensor/shape.js";
import { broadcastStrides } from "../../cpu/elementwise.js";
import { flatMain, linearGroups, storageBufferLimit, stridedFn } from "../codegen.js";
import { MAX_PARAMS, Params, type GpuTensor } from "../program.js";
import { gpuKernelFunc } from "../register.js";
import { WGSL_MATH } from "./wgsl-math.js";
import { WEBGPU } from "../webgpu-backend.js";
import type { KernelFunc } from "../../backend.js";

type Type = "f32" | "bool";
interface Typed {
  readonly code: string;
  readonly type: Type;
  /** Set when the value is a constant (folded here: WGSL refuses 1.0 / 0.0 as a constant). */
  readonly value?: number;
}

/** WGSL for each function of the expression language, over f32 arguments, with the result type. */
const FUNCTIONS: Record<Exclude<ExpressionFunction, "select">, [(args: string[]) => string, Type]> = {
  abs: [([x]) => `abs(${x})`, "f32"],
  sign: [([x]) => `sign(${x})`, "f32"],
  exp: [([x]) => `exp(${x})`, "f32"],
  expm1: [([x]) => `expm1_(${x})`, "f32"],
  log: [([x]) => `log(${x})`, "f32"],
  log1p: [([x]) => `log1p_(${x})`, "f32"],
  sqrt: [([x]) => `sqrt(${x})`, "f32"],
  sin: [([x]) => `sin(${x})`, "f32"],
  cos: [([x]) => `cos(${x})`, "f32"],
  tan: [([x]) => `tan(${x})`, "f32"],
  tanh: [([x]) => `tanh(clamp(${x}, -15.0, 15.0))`, "f32"],
  erf: [([x]) => `erf_(${x})`, "f32"],
  erfc: [([x]) => `(1.0 - erf_(${x}))`, "f32"],
  sigmoid: [([x]) => `sigmoid_(${x})`, "f32"],
  floor: [([x]) => `floor(${x})`, "f32"],
  ceil: [([x]) => `ceil(${x})`, "f32"],
  // WGSL's round() rounds halves to even, as the expression language's does.
  round: [([x]) => `round(${x})`, "f32"],
  isNaN: [([x]) => `isnan_(${x})`, "bool"],
  isFinite: [([x]) => `((bitcast<u32>(${x}) & 0x7f800000u) != 0x7f800000u)`, "bool"],
  max: [([a, b]) => `max(${a}, ${b})`, "f32"],
  min: [([a, b]) => `min(${a}, ${b})`, "f32"],
  pow: [([a, b]) => `pow_(${a}, ${b})`, "f32"],
};

const ARITHMETIC: Record<string, (a: number, b: number) => number> = { "+": (a, b) => a + b, "-": (a, b) => a - b, "*": (a, b) => a * b, "/": (a, b) => a / b };

/** A float32 constant as WGSL (∞ and NaN through the bit patterns WGSL_MATH declares). */
function constant(value: number): Typed {
  const v = Math.fround(value);
  if (Number.isNaN(v)) return { code: "bitcast<f32>(NAN_BITS)", type: "f32", value: v };
  if (!Number.isFinite(v)) return { code: v > 0 ? "bitcast<f32>(INF_BITS)" : "(-bitcast<f32>(INF_BITS))", type: "f32", value: v };
  const text = Object.is(v, -0) ? "-0.0" : /[.e]/.test(String(v)) ? String(v) : `${v}.0`;
  return { code: v < 0 || Object.is(v, -0) ? `(${text})` : text, type: "f32", value: v };
}

/**
 * Translates one expression of the expression language to WGSL, given the WGSL name and
 * type of each operand it may name (in<k>, t<k>). Throws on anything it cannot express.
 * @example wgslExpression("select((in0 > 0.0), in0, (0.5 * in0))", new Map([["in0", { code: "x0", type: "f32" }]])) // { code: "select((0.5 * x0), x0, (x0 > 0.0))", type: "f32" }
 */
export function wgslExpression(expression: string, names: ReadonlyMap<string, Typed>): Typed {
  const need = (v: Typed, type: Type) => {
    if (v.type !== type) throw new Error(`${v.code} is ${v.type}, expected ${type} in ${expression}`);
    return v;
  };
  const translate = (node: ExpressionNode): Typed => {
    switch (node.kind) {
      case "number":
        return constant(node.value);
      case "name": {
        const known = names.get(node.name);
        if (!known) throw new Error(`unknown operand ${node.name} in ${expression}`);
        return known;
      }
      case "negate": {
        const v = need(translate(node.operand), "f32");
        return v.value !== undefined ? constant(-v.value) : { code: `(-${v.code})`, type: "f32" };
      }
      case "binary": {
        const [left, right] = [translate(node.left), translate(node.right)];
        const arithmetic = ARITHMETIC[node.operator];
        if (arithmetic) {
          need(right, "f32");
          need(left, "f32");
          return left.value !== undefined && right.value !== undefined ? constant(arithmetic(left.value, right.value)) : { code: `(${left.code} ${node.operator} ${right.code})`, type: "f32" };
        }
        if (left.type !== right.type || (left.type === "bool" && node.operator !== "==" && node.operator !== "!=")) throw new Error(`cannot compare ${left.type} with ${right.type} in ${expression}`);
        return { code: `(${left.code} ${node.operator} ${right.code})`, type: "bool" };
      }
      case "call": {
        const args = node.args.map(translate);
        if (node.fn === "select") {
          const [c, a, b] = args;
          if (a!.type !== b!.type) throw new Error(`bad select in ${expression}`);
          const condition = c!.type === "bool" ? c!.code : `(${c!.code} != 0.0)`;
          return { code: `select(${b!.code}, ${a!.code}, ${condition})`, type: a!.type };
        }
        const fn = FUNCTIONS[node.fn];
        return { code: fn[0](args.map((a) => need(a, "f32").code)), type: fn[1] };
      }
    }
  };
  return translate(parseExpression(expression));
}

const typeOf = (dtype: string): Type => {
  if (dtype === "float32") return "f32";
  if (dtype === "bool") return "bool";
  throw new Error(`no fused WebGPU kernels for ${dtype} values`);
};

/**
 * The WGSL of a program (after the bindings prelude) with its uniform parameters, or
 * undefined when it cannot be expressed (float64 or int32 values, more buffers than the device binds).
 * @example wgslProgram({ shape: [4], inputs: [{ shape: [4], dtype: "float32" }], steps: [{ expression: "exp(in0)", dtype: "float32" }], outputs: [0] })!.code
 */
export function wgslProgram(program: ElementwiseProgram): { code: string; params: Params } | undefined {
  if (program.inputs.length + program.outputs.length > storageBufferLimit()) return undefined;
  try {
    const size = sizeOf(program.shape);
    const params = new Params();
    const countAt = params.int(size);
    const names = new Map<string, Typed>();
    const helpers: string[] = [];
    const body: string[] = [];
    program.inputs.forEach((input, k) => {
      const type = typeOf(input.dtype);
      const n = sizeOf(input.shape);
      const strided = n !== size || input.shape.length !== program.shape.length;
      if (strided && n !== 1) helpers.push(stridedFn(`idx${k}`, params, program.shape, broadcastStrides(input.shape, program.shape)));
      const word = `in${k}[${!strided ? "i" : n === 1 ? "0u" : `idx${k}(i)`}]`;
      body.push(`  let x${k} = ${type === "bool" ? `(${word} != 0u)` : word};`);
      names.set(`in${k}`, { code: `x${k}`, type });
    });
    program.steps.forEach((step, k) => {
      const value = wgslExpression(step.expression, names);
      if (value.type !== typeOf(step.dtype)) throw new Error(`step ${k} is ${value.type}, declared ${step.dtype}`);
      body.push(`  let t${k} = ${value.code};`);
      names.set(`t${k}`, { code: `t${k}`, type: value.type });
    });
    program.outputs.forEach((step, j) => body.push(`  out${j}[i] = ${program.steps[step]!.dtype === "bool" ? `select(0u, 1u, t${step})` : `t${step}`};`));
    if (params.words.length > MAX_PARAMS) return undefined;
    return { code: WGSL_MATH + helpers.join("") + flatMain(countAt, body.join("\n")), params };
  } catch {
    return undefined;
  }
}

/**
 * Compiles a program into a WebGPU kernel, or undefined when WGSL cannot express it.
 * @example const kernel = compileWgsl(program); // one dispatch per run
 */
export function compileWgsl(program: ElementwiseProgram): KernelFunc | undefined {
  const generated = wgslProgram(program);
  if (!generated) return undefined;
  const { code, params } = generated;
  const size = sizeOf(program.shape);
  return gpuKernelFunc((inputs: readonly GpuTensor[], _attrs, _outputs, runtime) =>
    runtime.run({
      key: `fused:${code}`,
      code: () => code,
      inputs,
      outputs: program.outputs.map((step) => ({ dtype: program.steps[step]!.dtype, length: size })),
      params,
      workgroups: size === 0 ? [0] : linearGroups(size),
    }),
  );
}

registerProgramCompiler(WEBGPU, compileWgsl);
