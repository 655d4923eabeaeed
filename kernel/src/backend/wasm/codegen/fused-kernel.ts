// Generates the WebAssembly of a fused elementwise program (graph mode's fusion pass) for
// the "cpu" backend: one function `run(inputs…, outputs…)` (byte addresses in the backend's
// shared memory) that walks the program's shape, collapsed to at most four axes, four lanes
// at a time (f32x4; bool values as lane masks), and computes every step in registers, so a
// chain of ops reads and writes memory once. Shapes and strides are constants in the code.
// Each op keeps the semantics of the backend's own kernel: float32 arithmetic rounds after
// every step (no fused multiply-add), exp/log/tanh/sigmoid call the kernels module's scalar
// code, and the functions that run on "cpu-js" (expm1, sin, erf, pow…) call its JavaScript.
import { broadcastStrides } from "../../cpu/elementwise.js";
import { collapse } from "../strides.js";
import { parseExpression, type BinaryOperator, type ExpressionNode } from "../../../tensor/expression-tree.js";
import type { ElementwiseProgram, ExpressionFunction } from "../../../tensor/expression.js";
import { sizeOf } from "../../../tensor/shape.js";
import { Code, F32, F64, I32, OP, SIMD, V128, wasmModule, type Import, type ValueType } from "./binary.js";

type Type = "f32" | "bool";

/** The functions computed lane by lane by the kernels module's `unaryScalar(op, x)`, with the op code's name. */
export const KERNEL_FUNCTIONS = { exp: "EXP", log: "LOG", tanh: "TANH", sigmoid: "SIGMOID" } as const;
/** The functions computed lane by lane by imported JavaScript (float64 in and out, as "cpu-js" computes them). */
const JS_FUNCTIONS = ["expm1", "log1p", "sin", "cos", "tan", "erf", "erfc", "pow"] as const;

/** The import module names a generated kernel expects (besides env.memory). */
export const KERNELS_MODULE = "kernels", JS_MODULE = "js";

const ARITHMETIC: Partial<Record<BinaryOperator, [number, (a: number, b: number) => number]>> = {
  "+": [SIMD.f32x4_add, (a, b) => a + b],
  "-": [SIMD.f32x4_sub, (a, b) => a - b],
  "*": [SIMD.f32x4_mul, (a, b) => a * b],
  "/": [SIMD.f32x4_div, (a, b) => a / b],
};
const FLOAT_COMPARISONS: Partial<Record<BinaryOperator, number>> = { "<": SIMD.f32x4_lt, "<=": SIMD.f32x4_le, ">": SIMD.f32x4_gt, ">=": SIMD.f32x4_ge, "==": SIMD.f32x4_eq, "!=": SIMD.f32x4_ne };
const BOOL_COMPARISONS: Partial<Record<BinaryOperator, number>> = { "==": SIMD.i32x4_eq, "!=": SIMD.i32x4_ne };
/** Functions with one SIMD instruction. */
const LANEWISE: Partial<Record<ExpressionFunction, number>> = {
  abs: SIMD.f32x4_abs, sqrt: SIMD.f32x4_sqrt, floor: SIMD.f32x4_floor, ceil: SIMD.f32x4_ceil,
  // Rounds halves to even, like the expression language's round.
  round: SIMD.f32x4_nearest,
  // IEEE maximum/minimum: NaN wins and +0 > −0, like Math.max/min and the "cpu" kernels.
  max: SIMD.f32x4_max, min: SIMD.f32x4_min,
};

const typeOf = (dtype: string): Type | undefined => (dtype === "float32" ? "f32" : dtype === "bool" ? "bool" : undefined);
const SHIFT: Record<Type, number> = { f32: 2, bool: 0 };

/** Where one lane block reads: its first element's index within the row (a local, or a constant). */
type Column = { readonly local: number } | { readonly constant: number };

/**
 * The module of a program's kernel, or undefined when this generator cannot express it
 * (a dtype other than float32 and bool, a shape that keeps more than four axes after
 * collapsing, an empty shape, or an expression outside the typed language).
 * @example fusedKernelModule({ shape: [8], inputs: [{ shape: [8], dtype: "float32" }], steps: [{ expression: "max(in0, 0.0)", dtype: "float32" }], outputs: [0] })
 */
export function fusedKernelModule(program: ElementwiseProgram): { bytes: Uint8Array } | undefined {
  if (sizeOf(program.shape) === 0) return undefined;
  const inputTypes = program.inputs.map((i) => typeOf(i.dtype));
  const stepTypes = program.steps.map((s) => typeOf(s.dtype));
  if (inputTypes.includes(undefined) || stepTypes.includes(undefined)) return undefined;
  try {
    const generator = new Generator(program, inputTypes as Type[], stepTypes as Type[]);
    if (!generator.emit()) return undefined;
    const params = [...program.inputs, ...program.outputs].map((): ValueType => I32);
    const bytes = wasmModule(generator.imports, { name: "run", type: { params, results: [] }, locals: generator.locals, body: generator.code });
    return { bytes };
  } catch {
    return undefined;
  }
}

class Generator {
  readonly code = new Code();
  readonly locals: ValueType[] = [];
  readonly imports: Import[] = [];
  private readonly params: number;
  /** The v128 local each input's lanes are loaded into, and each step's value. */
  private readonly inputLocals: number[];
  private readonly stepLocals: number[];
  private readonly trees: ExpressionNode[];

  constructor(
    private readonly program: ElementwiseProgram,
    private readonly inputTypes: readonly Type[],
    private readonly stepTypes: readonly Type[],
  ) {
    this.params = program.inputs.length + program.outputs.length;
    this.inputLocals = program.inputs.map(() => this.local(V128));
    this.stepLocals = program.steps.map(() => this.local(V128));
    this.trees = program.steps.map((s) => parseExpression(s.expression));
  }

  private local(type: ValueType): number {
    return this.params + this.locals.push(type) - 1;
  }

  /** Emits the whole body; false when the shape does not collapse to four axes. */
  emit(): boolean {
    const { program } = this;
    const walked = program.inputs.flatMap((input, k) => (sizeOf(input.shape) === 1 ? [] : [k]));
    const plan = collapse(program.shape, walked.map((k) => broadcastStrides(program.inputs[k]!.shape, program.shape)));
    if (!plan) return false;
    const strides = new Map(walked.map((k, w) => [k, plan.strides[w]!]));
    // Inputs of one element are loaded once, before the loops.
    program.inputs.forEach((_, k) => {
      if (!strides.has(k)) this.loadSplat(k, () => this.code.op(OP.local_get).u32(k));
    });
    const levels = [0, 1, 2].filter((axis) => plan.shape[axis]! > 1);
    // offsets[k][l]: the element index of input k where level l's current iteration starts.
    const offsets = new Map(walked.map((k) => [k, levels.map(() => this.local(I32))]));
    const outputStart = this.local(I32);
    const nest = (l: number): void => {
      if (l === levels.length) {
        this.row(plan.shape[3]!, strides, (k) => (levels.length === 0 ? undefined : offsets.get(k)![levels.length - 1]!), outputStart);
        if (levels.length > 0) this.addTo(outputStart, plan.shape[3]!);
        return;
      }
      const axis = levels[l]!;
      const counter = this.local(I32);
      this.code.op(OP.i32_const).i32(0).op(OP.local_set).u32(counter);
      this.code.op(OP.loop, 0x40);
      if (l + 1 < levels.length) for (const own of offsets.values()) this.code.op(OP.local_get).u32(own[l]!).op(OP.local_set).u32(own[l + 1]!);
      nest(l + 1);
      for (const [k, own] of offsets) if (strides.get(k)![axis] !== 0) this.addTo(own[l]!, strides.get(k)![axis]!);
      this.addTo(counter, 1);
      this.code.op(OP.local_get).u32(counter).op(OP.i32_const).i32(plan.shape[axis]!).op(OP.i32_lt_u, OP.br_if).u32(0);
      this.code.op(OP.end);
    };
    nest(0);
    return true;
  }

  private addTo(local: number, amount: number): void {
    this.code.op(OP.local_get).u32(local).op(OP.i32_const).i32(amount).op(OP.i32_add, OP.local_set).u32(local);
  }

  /** One innermost row of `length` elements: blocks of four lanes, then the remainder. */
  private row(length: number, strides: ReadonlyMap<number, readonly number[]>, rowStart: (k: number) => number | undefined, outputStart: number): void {
    const contiguous = [...strides].filter(([, s]) => s[3] === 1).map(([k]) => k);
    // Inputs broadcast along the row hold one value for all of it.
    for (const [k, s] of strides) if (s[3] === 0) this.loadSplat(k, () => this.address(k, rowStart(k), { constant: 0 }));
    const blocks = Math.floor(length / 4);
    if (blocks > 0) {
      const column = this.local(I32);
      this.code.op(OP.i32_const).i32(0).op(OP.local_set).u32(column);
      this.code.op(OP.loop, 0x40);
      this.block(4, contiguous, rowStart, outputStart, { local: column });
      this.addTo(column, 4);
      this.code.op(OP.local_get).u32(column).op(OP.i32_const).i32(blocks * 4).op(OP.i32_lt_u, OP.br_if).u32(0);
      this.code.op(OP.end);
    }
    if (length % 4 > 0) this.block(length % 4, contiguous, rowStart, outputStart, { constant: blocks * 4 });
  }

  /** Computes `lanes` elements: loads the contiguous inputs, evaluates every step, stores the outputs. */
  private block(lanes: number, contiguous: readonly number[], rowStart: (k: number) => number | undefined, outputStart: number, column: Column): void {
    const { code } = this;
    const address = this.local(I32);
    for (const k of contiguous) {
      this.address(k, rowStart(k), column);
      code.op(OP.local_set).u32(address);
      this.loadLanes(this.inputTypes[k]!, address, lanes);
      code.op(OP.local_set).u32(this.inputLocals[k]!);
    }
    this.trees.forEach((tree, k) => {
      const type = this.expression(tree, lanes, k);
      if (type !== this.stepTypes[k]) throw new Error(`step ${k} is ${type}, declared ${this.stepTypes[k]}`);
      code.op(OP.local_set).u32(this.stepLocals[k]!);
    });
    this.program.outputs.forEach((step, m) => {
      const type = this.stepTypes[step]!;
      code.op(OP.local_get).u32(this.program.inputs.length + m);
      this.index(outputStart, column);
      code.op(OP.i32_const).i32(SHIFT[type]).op(OP.i32_shl, OP.i32_add, OP.local_set).u32(address);
      this.storeLanes(type, address, this.stepLocals[step]!, lanes);
    });
  }

  /** Pushes the byte address of input k's element at `column` of the row starting at element `start` (a local; none: 0). */
  private address(k: number, start: number | undefined, column: Column): void {
    this.code.op(OP.local_get).u32(k);
    if (start === undefined && "constant" in column && column.constant === 0) return;
    if (start === undefined) this.columnValue(column);
    else this.index(start, column);
    this.code.op(OP.i32_const).i32(SHIFT[this.inputTypes[k]!]).op(OP.i32_shl, OP.i32_add);
  }

  private index(start: number, column: Column): void {
    this.code.op(OP.local_get).u32(start);
    this.columnValue(column);
    this.code.op(OP.i32_add);
  }

  private columnValue(column: Column): void {
    if ("local" in column) this.code.op(OP.local_get).u32(column.local);
    else this.code.op(OP.i32_const).i32(column.constant);
  }

  /** Loads input k's value at the address `pushAddress` pushes into all four lanes of its local. */
  private loadSplat(k: number, pushAddress: () => void): void {
    pushAddress();
    if (this.inputTypes[k] === "f32") this.code.simd(SIMD.v128_load32_splat, { align: 2, offset: 0 });
    else this.toMask(this.code.simd(SIMD.v128_load8_splat, { align: 0, offset: 0 }));
    this.code.op(OP.local_set).u32(this.inputLocals[k]!);
  }

  /** Pushes `lanes` consecutive values from `address` (lanes past them are 0 / false). */
  private loadLanes(type: Type, address: number, lanes: number): void {
    const { code } = this;
    if (lanes === 4 && type === "f32") {
      code.op(OP.local_get).u32(address).simd(SIMD.v128_load, { align: 2, offset: 0 });
      return;
    }
    if (lanes === 4) {
      this.toMask(code.op(OP.local_get).u32(address).simd(SIMD.v128_load32_zero, { align: 0, offset: 0 }));
      return;
    }
    // Lane by lane, so that nothing past the tensor's last element is read.
    const vector = this.local(V128);
    code.i8x16(0);
    for (let lane = 0; lane < lanes; lane++) {
      code.op(OP.local_set).u32(vector).op(OP.local_get).u32(address).op(OP.local_get).u32(vector);
      if (type === "f32") code.simd(SIMD.v128_load32_lane, { align: 2, offset: 4 * lane }, lane);
      else code.simd(SIMD.v128_load8_lane, { align: 0, offset: lane }, lane);
    }
    if (type === "bool") this.toMask(code);
  }

  /** Bytes 0/1 in the low four byte lanes → i32 lane masks. */
  private toMask(code: Code): void {
    code.simd(SIMD.i16x8_extend_low_i8x16_u).simd(SIMD.i32x4_extend_low_i16x8_u).i8x16(0).simd(SIMD.i32x4_ne);
  }

  /** Stores the first `lanes` lanes of `value` at `address` (bool lanes as bytes 0/1). */
  private storeLanes(type: Type, address: number, value: number, lanes: number): void {
    const { code } = this;
    let source = value;
    if (type === "bool") {
      source = this.local(V128);
      code.op(OP.local_get).u32(value).op(OP.local_get).u32(value).simd(SIMD.i16x8_narrow_i32x4_s).op(OP.local_tee).u32(source).op(OP.local_get).u32(source);
      code.simd(SIMD.i8x16_narrow_i16x8_s).i8x16(1).simd(SIMD.v128_and).op(OP.local_set).u32(source);
    }
    if (lanes === 4 && type === "f32") {
      code.op(OP.local_get).u32(address).op(OP.local_get).u32(source).simd(SIMD.v128_store, { align: 2, offset: 0 });
      return;
    }
    if (lanes === 4) {
      code.op(OP.local_get).u32(address).op(OP.local_get).u32(source).simd(SIMD.v128_store32_lane, { align: 0, offset: 0 }, 0);
      return;
    }
    for (let lane = 0; lane < lanes; lane++) {
      code.op(OP.local_get).u32(address).op(OP.local_get).u32(source);
      if (type === "f32") code.simd(SIMD.v128_store32_lane, { align: 2, offset: 4 * lane }, lane);
      else code.simd(SIMD.v128_store8_lane, { align: 0, offset: lane }, lane);
    }
  }

  /** Pushes the value of `node` (four lanes) and returns its type; `step` bounds which t<k> it may read. */
  private expression(node: ExpressionNode, lanes: number, step: number): Type {
    const { code } = this;
    const value = constantOf(node);
    if (value !== undefined) {
      code.f32x4(value);
      return "f32";
    }
    switch (node.kind) {
      case "number":
        throw new Error("unreachable: numbers are constants");
      case "name": {
        const match = /^(in|t)(\d+)$/.exec(node.name);
        const index = Number(match?.[2]);
        const isInput = match?.[1] === "in";
        if (!match || index >= (isInput ? this.inputTypes.length : step)) throw new Error(`unknown operand ${node.name}`);
        code.op(OP.local_get).u32(isInput ? this.inputLocals[index]! : this.stepLocals[index]!);
        return isInput ? this.inputTypes[index]! : this.stepTypes[index]!;
      }
      case "negate":
        this.float(node.operand, lanes, step);
        code.simd(SIMD.f32x4_neg);
        return "f32";
      case "binary": {
        const arithmetic = ARITHMETIC[node.operator];
        if (arithmetic) {
          this.float(node.left, lanes, step);
          this.float(node.right, lanes, step);
          code.simd(arithmetic[0]);
          return "f32";
        }
        const left = this.expression(node.left, lanes, step);
        const right = this.expression(node.right, lanes, step);
        const opcode = left === "f32" ? FLOAT_COMPARISONS[node.operator] : BOOL_COMPARISONS[node.operator];
        if (left !== right || opcode === undefined) throw new Error(`cannot compare ${left} ${node.operator} ${right}`);
        code.simd(opcode);
        return "bool";
      }
      case "call":
        return this.call(node.fn, node.args, lanes, step);
    }
  }

  private float(node: ExpressionNode, lanes: number, step: number): void {
    if (this.expression(node, lanes, step) !== "f32") throw new Error("expected a float operand");
  }

  /** Evaluates `node` into a new v128 local. */
  private stash(node: ExpressionNode, lanes: number, step: number): number {
    const local = this.local(V128);
    this.float(node, lanes, step);
    this.code.op(OP.local_set).u32(local);
    return local;
  }

  private call(fn: ExpressionFunction, args: readonly ExpressionNode[], lanes: number, step: number): Type {
    const { code } = this;
    const lanewise = LANEWISE[fn];
    if (lanewise !== undefined) {
      for (const arg of args) this.float(arg, lanes, step);
      code.simd(lanewise);
      return "f32";
    }
    switch (fn) {
      case "select": {
        const [condition, a, b] = args;
        const type = this.expression(a!, lanes, step);
        if (this.expression(b!, lanes, step) !== type || this.expression(condition!, lanes, step) !== "bool") throw new Error("select needs a bool condition and branches of one type");
        code.simd(SIMD.v128_bitselect);
        return type;
      }
      case "isNaN": {
        const x = this.stash(args[0]!, lanes, step);
        code.op(OP.local_get).u32(x).op(OP.local_get).u32(x).simd(SIMD.f32x4_ne);
        return "bool";
      }
      case "isFinite":
        this.float(args[0]!, lanes, step);
        code.simd(SIMD.f32x4_abs).f32x4(Infinity).simd(SIMD.f32x4_lt);
        return "bool";
      case "sign": {
        // Math.sign: 1 above 0, −1 below, else x itself (±0, NaN).
        const x = this.stash(args[0]!, lanes, step);
        code.f32x4(1).f32x4(-1).op(OP.local_get).u32(x);
        code.op(OP.local_get).u32(x).f32x4(0).simd(SIMD.f32x4_lt).simd(SIMD.v128_bitselect);
        code.op(OP.local_get).u32(x).f32x4(0).simd(SIMD.f32x4_gt).simd(SIMD.v128_bitselect);
        return "f32";
      }
      default:
        this.scalarCalls(fn, args.map((arg) => this.stash(arg, lanes, step)), lanes);
        return "f32";
    }
  }

  /** Calls an imported scalar function on each of the first `lanes` lanes of the argument locals (the rest copy lane 0). */
  private scalarCalls(fn: ExpressionFunction, args: readonly number[], lanes: number): void {
    const { code } = this;
    const kernelOp = KERNEL_FUNCTIONS[fn as keyof typeof KERNEL_FUNCTIONS];
    const isJs = (JS_FUNCTIONS as readonly string[]).includes(fn);
    if (!kernelOp && !isJs) throw new Error(`no WebAssembly form of ${fn}`);
    const callee = kernelOp
      ? this.importFunction(KERNELS_MODULE, "unaryScalar", [I32, F32], F32)
      : this.importFunction(JS_MODULE, fn, args.map(() => F64), F64);
    const opGlobal = kernelOp ? this.importGlobal(KERNELS_MODULE, kernelOp) : 0;
    for (let lane = 0; lane < lanes; lane++) {
      if (kernelOp) code.op(OP.global_get).u32(opGlobal);
      for (const arg of args) {
        code.op(OP.local_get).u32(arg).simd(SIMD.f32x4_extract_lane, undefined, lane);
        if (isJs) code.op(OP.f64_promote_f32);
      }
      code.op(OP.call).u32(callee);
      if (isJs) code.op(OP.f32_demote_f64);
      if (lane === 0) code.simd(SIMD.f32x4_splat);
      else code.simd(SIMD.f32x4_replace_lane, undefined, lane);
    }
  }

  /** The function index of an import (added on first use). */
  private importFunction(module: string, name: string, params: ValueType[], result: ValueType): number {
    const functions = this.imports.filter((i) => i.kind === "function");
    const known = functions.findIndex((i) => i.module === module && i.name === name);
    if (known >= 0) return known;
    this.imports.push({ module, name, kind: "function", type: { params, results: [result] } });
    return functions.length;
  }

  /** The global index of an imported i32 constant (added on first use). */
  private importGlobal(module: string, name: string): number {
    const globals = this.imports.filter((i) => i.kind === "global");
    const known = globals.findIndex((i) => i.module === module && i.name === name);
    if (known >= 0) return known;
    this.imports.push({ module, name, kind: "global" });
    return globals.length;
  }
}

/** The float32 value of a subexpression made only of numbers and arithmetic (literals spell ∞ as 1 / 0), else undefined. */
function constantOf(node: ExpressionNode): number | undefined {
  if (node.kind === "number") return Math.fround(node.value);
  if (node.kind === "negate") {
    const v = constantOf(node.operand);
    return v === undefined ? undefined : -v;
  }
  if (node.kind !== "binary") return undefined;
  const arithmetic = ARITHMETIC[node.operator];
  const [a, b] = [constantOf(node.left), constantOf(node.right)];
  return arithmetic && a !== undefined && b !== undefined ? Math.fround(arithmetic[1](a, b)) : undefined;
}
