import type { OutputInfo } from "../../backend.js";
import { promote } from "../../../tensor/dtype.js";
import { sizeOf, type Shape } from "../../../tensor/shape.js";
import { broadcastStrides } from "../../cpu/elementwise.js";
import { flatMain, linearGroups, stridedFn } from "../codegen.js";
import { Params, typed, wgslType, type GpuData, type GpuTensor } from "../program.js";
import type { GpuRuntime } from "../runtime.js";
import { registerGpuKernel } from "../register.js";
import { WGSL_MATH } from "./wgsl-math.js";
import { DTypeError } from "../../../tensor/errors.js";

/**
 * How an input is converted before the expression sees it: to the output's type, to the
 * type the inputs promote to (comparisons), or left as stored (conditions, logical ops).
 */
export type Load = "out" | "promote" | "raw";

/** An elementwise op as an expression over `a`, `b`, `c` (the inputs) and `f0`, `f1` (float attrs). */
export interface Expression {
  /** WGSL per compute type; `T` stands for that type's name. Missing types are an error. */
  readonly f32?: string;
  readonly i32?: string;
  readonly u32?: string;
  /** How each input is loaded (default: every input to the output type). */
  readonly load?: readonly Load[];
}

const VARS = ["a", "b", "c"];

/**
 * Records one elementwise dispatch with NumPy broadcasting: inputs of the output's shape
 * are read at `i`, scalars at 0, others through strides (a generated index function).
 * Graph mode can fuse chains by building one expression from several.
 * @example elementwise(rt, "add", [a, b], out, { f32: "a + b", i32: "a + b" })
 */
export function elementwise(runtime: GpuRuntime, name: string, inputs: readonly GpuTensor[], out: OutputInfo, expression: Expression, floats: readonly number[] = []): GpuData {
  const size = sizeOf(out.shape);
  const promoted = inputs.map((t) => t.dtype).reduce((x, y) => promote(x, y));
  const loads = inputs.map((_, k) => expression.load?.[k] ?? "out");
  const loadTypes = inputs.map((t, k) => wgslType(loads[k] === "out" ? out.dtype : loads[k] === "promote" ? promoted : t.dtype));
  const computeType = loads.includes("out") ? wgslType(out.dtype) : loadTypes[0]!;
  const template = expression[computeType];
  if (template === undefined) throw new DTypeError(`${name} has no WebGPU kernel for ${out.dtype} values; use setBackend("cpu") for it`);
  const params = new Params();
  const countAt = params.int(size);
  const floatAt = floats.map((f) => params.float(f));
  const modes = inputs.map((t) => (sizeOf(t.shape) === size && sameShape(t.shape, out.shape) ? "same" : sizeOf(t.shape) === 1 ? "scalar" : "strided"));
  const helpers = inputs.map((t, k) => (modes[k] === "strided" ? stridedFn(`idx${k}`, params, out.shape, broadcastStrides(t.shape, out.shape)) : "")).join("");
  const body = () =>
    inputs
    .map((_, k) => `  let ${VARS[k]} = ${loadTypes[k]}(in${k}[${modes[k] === "same" ? "i" : modes[k] === "scalar" ? "0u" : `idx${k}(i)`}]);`)
    .concat(floatAt.map((at, k) => `  let f${k} = fprm(${at}u);`))
    .concat(`  out0[i] = ${typed(template, computeType)};`)
    .join("\n");
  const key = `ew:${name}:${computeType}:${modes.join(",")}:${out.shape.length}:${floats.length}`;
  return runtime.run({
    key,
    code: () => WGSL_MATH + helpers + flatMain(countAt, body()),
    inputs,
    outputs: [{ dtype: out.dtype, length: size }],
    params,
    workgroups: size === 0 ? [0] : linearGroups(size),
  })[0]!;
}

function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Registers an elementwise op; `floats` picks its float attributes in order.
 * @example registerElementwise("elu", { f32: "select(f0 * expm1_(a), a, a > 0.0)" }, (attrs) => [attrs.alpha])
 */
export function registerElementwise<A = any>(name: string, expression: Expression, floats?: (attrs: A) => number[]): void {
  registerGpuKernel<A>(name, (inputs, attrs, [out], runtime) => [elementwise(runtime, name, inputs, out!, expression, floats?.(attrs))]);
}

