// A minimal writer of WebAssembly binaries: one exported function over an imported (shared)
// memory, with imported functions and globals. Just what generated fused kernels need.

/** WebAssembly value types. */
export const I32 = 0x7f, F32 = 0x7d, F64 = 0x7c, V128 = 0x7b;
export type ValueType = typeof I32 | typeof F32 | typeof F64 | typeof V128;

/** Opcodes of the core instructions used (the SIMD ones follow the 0xfd prefix, see `Code.simd`). */
export const OP = {
  block: 0x02, loop: 0x03, end: 0x0b, br_if: 0x0d, call: 0x10,
  local_get: 0x20, local_set: 0x21, local_tee: 0x22, global_get: 0x23,
  i32_const: 0x41, i32_lt_u: 0x49, i32_add: 0x6a, i32_shl: 0x74,
  f32_demote_f64: 0xb6, f64_promote_f32: 0xbb,
} as const;

/** SIMD opcodes (after the 0xfd prefix). */
export const SIMD = {
  v128_load: 0x00, v128_load8_splat: 0x07, v128_load32_splat: 0x09, v128_store: 0x0b, v128_const: 0x0c,
  f32x4_splat: 0x13, f32x4_extract_lane: 0x1f, f32x4_replace_lane: 0x20,
  i32x4_eq: 0x37, i32x4_ne: 0x38,
  f32x4_eq: 0x41, f32x4_ne: 0x42, f32x4_lt: 0x43, f32x4_gt: 0x44, f32x4_le: 0x45, f32x4_ge: 0x46,
  v128_and: 0x4e, v128_bitselect: 0x52,
  v128_load8_lane: 0x54, v128_load32_lane: 0x56, v128_store8_lane: 0x58, v128_store32_lane: 0x5a, v128_load32_zero: 0x5c,
  i8x16_narrow_i16x8_s: 0x65, f32x4_ceil: 0x67, f32x4_floor: 0x68, f32x4_nearest: 0x6a,
  i16x8_narrow_i32x4_s: 0x85, i16x8_extend_low_i8x16_u: 0x89, i32x4_extend_low_i16x8_u: 0xa9,
  f32x4_abs: 0xe0, f32x4_neg: 0xe1, f32x4_sqrt: 0xe3, f32x4_add: 0xe4, f32x4_sub: 0xe5, f32x4_mul: 0xe6, f32x4_div: 0xe7, f32x4_min: 0xe8, f32x4_max: 0xe9,
} as const;

/**
 * A growing byte sequence with the encodings of the binary format (LEB128 integers,
 * little-endian floats, memory and lane immediates).
 * @example new Code().op(OP.i32_const).i32(-1).bytes // [0x41, 0x7f]
 */
export class Code {
  readonly bytes: number[] = [];

  op(...bytes: number[]): this {
    this.bytes.push(...bytes);
    return this;
  }

  /** Unsigned LEB128. */
  u32(value: number): this {
    do {
      const low = value & 0x7f;
      value >>>= 7;
      this.bytes.push(value === 0 ? low : low | 0x80);
    } while (value !== 0);
    return this;
  }

  /** Signed LEB128. */
  i32(value: number): this {
    for (;;) {
      const low = value & 0x7f;
      value >>= 7;
      if ((value === 0 && (low & 0x40) === 0) || (value === -1 && (low & 0x40) !== 0)) return this.op(low);
      this.bytes.push(low | 0x80);
    }
  }

  /** A SIMD instruction with its immediates: a memory access (log2 of the alignment, offset) and/or a lane. */
  simd(opcode: number, memory?: { align: number; offset: number }, lane?: number): this {
    this.op(0xfd).u32(opcode);
    if (memory) this.u32(memory.align).u32(memory.offset);
    if (lane !== undefined) this.op(lane);
    return this;
  }

  /** v128.const with four equal float32 lanes. */
  f32x4(value: number): this {
    const lane = new Uint8Array(new Float32Array([value]).buffer);
    this.simd(SIMD.v128_const);
    for (let i = 0; i < 4; i++) this.op(...lane);
    return this;
  }

  /** v128.const with sixteen equal bytes. */
  i8x16(value: number): this {
    return this.simd(SIMD.v128_const).op(...Array<number>(16).fill(value & 0xff));
  }

  /** A length-prefixed UTF-8 name. */
  name(text: string): this {
    const bytes = new TextEncoder().encode(text);
    return this.u32(bytes.length).op(...bytes);
  }

  /** A length-prefixed copy of another sequence. */
  sized(inner: Code): this {
    return this.u32(inner.bytes.length).op(...inner.bytes);
  }
}

/** A function signature. */
export interface FunctionType {
  readonly params: readonly ValueType[];
  readonly results: readonly ValueType[];
}

/** What a generated module imports besides the memory (env.memory): functions and immutable i32 globals. */
export type Import = FunctionImport | { readonly module: string; readonly name: string; readonly kind: "global" };
/** An imported function. */
export interface FunctionImport {
  readonly module: string;
  readonly name: string;
  readonly kind: "function";
  readonly type: FunctionType;
}

/** The one function a generated module defines and exports. */
export interface GeneratedFunction {
  readonly name: string;
  readonly type: FunctionType;
  /** Types of the locals after the parameters. */
  readonly locals: readonly ValueType[];
  /** The body's instructions, without the final `end`. */
  readonly body: Code;
}

const section = (id: number, content: Code) => new Code().op(id).sized(content);
const vector = <T>(items: readonly T[], write: (code: Code, item: T) => void) => {
  const code = new Code().u32(items.length);
  for (const item of items) write(code, item);
  return code;
};
const writeType = (code: Code, type: FunctionType) => code.op(0x60).u32(type.params.length).op(...type.params).u32(type.results.length).op(...type.results);

/**
 * The bytes of a module that imports a shared memory as env.memory (any size up to 4 GiB)
 * and `imports` (function indices follow their order), and exports `fn`.
 * @example wasmModule([], { name: "run", type: { params: [], results: [] }, locals: [], body: new Code() })
 */
export function wasmModule(imports: readonly Import[], fn: GeneratedFunction): Uint8Array {
  const functions = imports.filter((i): i is FunctionImport => i.kind === "function");
  const types = [...functions.map((f) => f.type), fn.type];
  const locals = new Code().u32(fn.locals.length);
  for (const type of fn.locals) locals.u32(1).op(type);
  const body = new Code().op(...locals.bytes, ...fn.body.bytes, OP.end);
  let typeIndex = 0;
  const importSection = vector([{ module: "env", name: "memory", kind: "memory" as const }, ...imports], (code, i) => {
    code.name(i.module).name(i.name);
    if (i.kind === "memory") code.op(0x02, 0x03).u32(0).u32(65536); // shared, limits 0 … 65536 pages
    else if (i.kind === "function") code.op(0x00).u32(typeIndex++);
    else code.op(0x03, I32, 0x00); // an immutable i32
  });
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector(types, writeType)).bytes,
    ...section(2, importSection).bytes,
    ...section(3, new Code().u32(1).u32(types.length - 1)).bytes,
    ...section(7, new Code().u32(1).name(fn.name).op(0x00).u32(functions.length)).bytes,
    ...section(10, new Code().u32(1).sized(body)).bytes,
  ]);
}
