// The small expression language in which elementwise ops state their value, so that graph
// mode can fuse a chain of them into one generated kernel per backend. An expression is a
// string over operand names (identifiers the generator chooses), number literals, the
// infix operators + - * / (unary -), the comparisons < <= > >= == !=, parentheses and calls
// of the functions listed in EXPRESSION_FUNCTIONS. That is C-like enough for each backend
// to translate: JavaScript reads it as is (with the functions bound), WGSL nearly so.
import type { KernelFunc } from "../backend/backend.js";
import type { DType } from "./dtype.js";
import type { Shape } from "./shape.js";

/**
 * The functions an expression may call, with their arity. Every backend that generates
 * fused kernels implements all of them with the semantics of its own elementwise kernels.
 * `select(c, a, b)` is a where c is true, b otherwise (both sides are evaluated).
 */
export const EXPRESSION_FUNCTIONS = {
  abs: 1, sign: 1, exp: 1, expm1: 1, log: 1, log1p: 1, sqrt: 1, sin: 1, cos: 1, tan: 1, tanh: 1, erf: 1, erfc: 1,
  sigmoid: 1, floor: 1, ceil: 1, round: 1, isNaN: 1, isFinite: 1, max: 2, min: 2, pow: 2, select: 3,
} as const;

/** A function of the expression language. */
export type ExpressionFunction = keyof typeof EXPRESSION_FUNCTIONS;

/**
 * How an elementwise op writes its value for float (and bool) operands: given an
 * expression for each input (an identifier or a literal) and the op's attributes.
 * @example const addExpression: ElementwiseExpression = ([a, b]) => `(${a} + ${b})`;
 */
export type ElementwiseExpression<A = any> = (operands: readonly string[], attrs: A) => string;

/**
 * A number as an expression literal (parenthesised when negative; non-finite values as
 * expressions over literals, since no language spells Infinity the same way).
 * @example literal(-0.5) // "(-0.5)"
 */
export function literal(value: number): string {
  if (Number.isNaN(value)) return "(0 / 0)";
  if (!Number.isFinite(value)) return value > 0 ? "(1 / 0)" : "(-1 / 0)";
  if (Object.is(value, -0)) return "(-0.0)";
  const text = Number.isInteger(value) && Math.abs(value) < 1e21 ? `${value}.0` : String(value);
  return value < 0 ? `(${text})` : text;
}

/**
 * One fused elementwise computation, in the terms every backend shares: a loop over the
 * elements of `shape`, reading inputs broadcast to it, computing `steps` in order (step k
 * defines `t<k>`; inputs are `in<k>`) and writing some steps to the outputs.
 */
export interface ElementwiseProgram {
  /** The shape every step computes (each input broadcasts to it). */
  readonly shape: Shape;
  readonly inputs: readonly { readonly shape: Shape; readonly dtype: DType }[];
  readonly steps: readonly { readonly expression: string; readonly dtype: DType }[];
  /** Which step each output holds. */
  readonly outputs: readonly number[];
}

/**
 * Turns a program into a kernel of one backend (for the op named `opName`, which errors name),
 * or undefined when the backend cannot express it (fusion then keeps those ops on it).
 */
export type ProgramCompiler = (program: ElementwiseProgram, opName: string) => KernelFunc | undefined;

const compilers = new Map<string, ProgramCompiler>();

/**
 * Lets a backend run fused elementwise programs: graph mode's fusion pass asks each
 * registered compiler for a kernel of every program it makes (a backend without one runs
 * the fused node on its fallback backend, or keeps the ops unfused).
 * @example registerProgramCompiler("cpu-js", (program) => generateJsKernel(program));
 */
export function registerProgramCompiler(backendName: string, compiler: ProgramCompiler): void {
  compilers.set(backendName, compiler);
}

/** The compilers registered so far, by backend name. */
export function programCompilers(): ReadonlyMap<string, ProgramCompiler> {
  return compilers;
}
