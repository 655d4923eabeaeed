/// <reference types="@webgpu/types" />
import type { DType } from "../../tensor/dtype.js";
import type { Shape } from "../../tensor/shape.js";
import { DTypeError } from "../../tensor/errors.js";

/** Tensor memory on the GPU: a pooled buffer holding `length` 32-bit words. */
export interface GpuData {
  buffer: GPUBuffer;
  readonly length: number;
  readonly dtype: DType;
}

/** An input as a GPU kernel sees it. */
export interface GpuTensor {
  readonly data: GpuData;
  readonly shape: Shape;
  readonly dtype: DType;
}

/** One compute dispatch: WGSL built from a cached key, inputs, outputs and uniform parameters. */
export interface Program {
  /** Identifies the generated code: op name plus every structural choice (dtypes, ranks, tiles). */
  readonly key: string;
  /** The WGSL after the bindings prelude (called once per key). */
  readonly code: () => string;
  readonly inputs: readonly GpuTensor[];
  /** Dtype and element count of each output. */
  readonly outputs: readonly { dtype: DType; length: number }[];
  /** 32-bit uniform words, read in WGSL with `prm(k)` (u32), `iprm(k)` (i32) or `fprm(k)` (f32). */
  readonly params: Params;
  /** Workgroups to dispatch. */
  readonly workgroups: readonly [number, number?, number?];
}

/** The WGSL element type storing a dtype (bool in 32-bit words); float64 has none. */
export function wgslType(dtype: DType): "f32" | "i32" | "u32" {
  switch (dtype) {
    case "float32":
      return "f32";
    case "int32":
      return "i32";
    case "bool":
      return "u32";
    case "float64":
      throw new DTypeError("float64 tensors are not supported on the webgpu backend (GPUs compute in float32); cast with .cast(\"float32\") or use setBackend(\"cpu\")");
  }
}

/**
 * Uniform parameters built next to the WGSL that reads them: each `int`/`ints`/`float` call
 * returns the word index to write in the code, so code and values cannot drift apart.
 * @example const p = new Params(); const n = p.int(size); code = `if (i >= prm(${n}u)) { return; }`
 */
export class Params {
  readonly words: number[] = [];
  private readonly kinds: ("u" | "f")[] = [];

  /** Appends one integer (negative values are stored as their two's complement). */
  int(value: number): number {
    this.words.push(value);
    this.kinds.push("u");
    return this.words.length - 1;
  }

  /** Appends integers (a shape, strides); returns the index of the first. */
  ints(values: readonly number[]): number {
    const at = this.words.length;
    for (const v of values) this.int(v);
    return at;
  }

  /** Appends one float32. */
  float(value: number): number {
    this.words.push(value);
    this.kinds.push("f");
    return this.words.length - 1;
  }

  /** The words as bytes for the uniform buffer, padded to 16 bytes. */
  bytes(): Uint32Array {
    const out = new Uint32Array(Math.max(4, Math.ceil(this.words.length / 4) * 4));
    const floats = new Float32Array(out.buffer);
    this.words.forEach((w, i) => {
      if (this.kinds[i] === "f") floats[i] = w;
      else out[i] = w >>> 0;
    });
    return out;
  }
}

/** Most uniform words a program may use (the struct below is sized for it). */
export const MAX_PARAMS = 128;

/** The bindings and helpers every program starts with. */
export function prelude(inputs: readonly DType[], outputs: readonly DType[], subgroups: boolean): string {
  const lines = subgroups ? ["enable subgroups;"] : [];
  inputs.forEach((d, i) => lines.push(`@group(0) @binding(${i}) var<storage, read> in${i}: array<${wgslType(d)}>;`));
  outputs.forEach((d, i) => lines.push(`@group(0) @binding(${inputs.length + i}) var<storage, read_write> out${i}: array<${wgslType(d)}>;`));
  lines.push(
    `struct Params { v: array<vec4<u32>, ${MAX_PARAMS / 4}> }`,
    `@group(0) @binding(${inputs.length + outputs.length}) var<uniform> P: Params;`,
    "fn prm(k: u32) -> u32 { return P.v[k / 4u][k % 4u]; }",
    "fn iprm(k: u32) -> i32 { return bitcast<i32>(prm(k)); }",
    "fn fprm(k: u32) -> f32 { return bitcast<f32>(prm(k)); }",
  );
  return lines.join("\n") + "\n";
}

/**
 * Fills a WGSL template's type placeholder `T` (a whole word) with a type name.
 * @example typed("T(0) + a", "i32") // "i32(0) + a"
 */
export function typed(template: string, type: string): string {
  return template.replace(/\bT\b/g, type);
}
