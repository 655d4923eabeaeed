import { isDType, isFloat, type DType, type TypedArray } from "./dtype.js";
import { allocateFor } from "./allocation.js";
import { checkInterrupt } from "./interrupt-check.js";
import { tensorFromValues } from "./engine.js";
import { ArgumentError, DTypeError, ShapeError, showShape } from "./errors.js";
import { checkShape, sizeOf, type Shape } from "./shape.js";
import { checkOptions, optionNames } from "./options.js";
import { Tensor, type NestedArray } from "./tensor.js";

/** Anything that holds a tensor value (a Variable). */
export interface HasValue {
  readonly value: Tensor;
}

/** What ops accept: tensors, variables, numbers, booleans, nested arrays and typed arrays. */
export type TensorLike = Tensor | HasValue | NestedArray | TypedArray | readonly NestedArray[];

export interface TensorOptions {
  dtype?: DType;
  /** Required for flat typed arrays of rank > 1; checked against nested arrays otherwise. */
  shape?: Shape;
  /** A name for the graph view (showGraph, graphOf) and for messages, e.g. "x" or "labels". */
  name?: string;
}

function isHasValue(x: unknown): x is HasValue {
  return typeof x === "object" && x !== null && !ArrayBuffer.isView(x) && !Array.isArray(x) && (x as HasValue).value instanceof Tensor;
}

/** The shape read along the first element at each depth; fill() checks the rest agrees. */
function inferShape(values: unknown): number[] {
  const shape: number[] = [];
  let level: unknown = values;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0];
  }
  return shape;
}

function defaultDType(values: unknown): DType {
  if (values instanceof Float64Array) return "float64";
  if (values instanceof Int32Array) return "int32";
  if (values instanceof Uint8Array) return "bool";
  let first: unknown = values;
  while (Array.isArray(first)) first = first[0];
  return typeof first === "boolean" ? "bool" : "float32";
}

// Elements copied between two interrupt checks: small enough to stop within milliseconds.
const CHUNK = 1 << 16;

function unevenRows(where: string, shape: readonly number[], depth: number, found: unknown): ShapeError {
  if (depth === shape.length) return new ShapeError(`${where}: nested arrays are deeper in some places than others`);
  return new ShapeError(
    Array.isArray(found)
      ? `${where}: rows have different lengths (expected ${shape[depth]} at depth ${depth}, found ${found.length}); use ragged() for uneven rows`
      : `${where}: rows have different lengths (expected ${shape[depth]} at depth ${depth}, found a scalar); use ragged() for uneven rows`,
  );
}

/** A non-number element as a number (booleans 0/1), or an error naming what it is. */
function elementValue(v: unknown, where: string, shape: readonly number[]): number {
  if (typeof v === "boolean") return v ? 1 : 0;
  if (Array.isArray(v)) throw unevenRows(where, shape, shape.length, v);
  throw new DTypeError(`${where}: expected numbers or booleans, found ${v === null ? "null" : typeof v} (${String(v)})`);
}

/**
 * Copies the numbers of nested arrays of `shape` into `target` in one pass, checking every
 * row's length and every element's type as it goes: one tight loop per innermost row, an
 * interrupt check every CHUNK elements (so converting 10⁸ numbers is linear, close to a
 * typed-array copy, and can be stopped).
 */
function fill(target: TypedArray, values: unknown, shape: readonly number[], where: string): void {
  let offset = 0;
  let sinceCheck = 0;
  const copyRow = (row: readonly unknown[]): void => {
    for (let start = 0; start < row.length; start += CHUNK) {
      const end = Math.min(row.length, start + CHUNK);
      const base = offset - start;
      for (let i = start; i < end; i++) {
        const v = row[i];
        target[base + i] = typeof v === "number" ? v : elementValue(v, where, shape);
      }
      offset += end - start;
      sinceCheck += end - start;
      if (sinceCheck >= CHUNK) {
        sinceCheck = 0;
        checkInterrupt();
      }
    }
  };
  const visit = (v: unknown, depth: number): void => {
    if (!Array.isArray(v) || v.length !== shape[depth]) throw unevenRows(where, shape, depth, v);
    if (depth === shape.length - 1) return copyRow(v);
    for (const item of v) visit(item, depth + 1);
  };
  if (shape.length === 0) target[0] = typeof values === "number" ? values : elementValue(values, where, shape);
  else visit(values, 0);
}

const tensorOptionNames = optionNames<TensorOptions>({ dtype: true, shape: true, name: true });

/** The second argument of tensor(): options, a dtype, or a shape (TensorFlow.js's `tf.tensor(values, shape, dtype)`). */
function tensorOptions(options: TensorOptions | DType | Shape, dtype: DType | undefined): TensorOptions {
  if (Array.isArray(options)) return { shape: options, ...(dtype !== undefined ? { dtype } : {}) };
  if (dtype !== undefined) throw new ArgumentError(`tensor: a dtype as third argument goes with a shape as second, as in tensor(values, [2, 2], "int32")`);
  if (typeof options === "string") return { dtype: options };
  if (typeof options !== "object" || options === null) throw new ArgumentError(`tensor: the second argument is options ({ dtype, shape, name }), a dtype or a shape, got ${String(options)}`);
  checkOptions("tensor", options, tensorOptionNames);
  return options as TensorOptions;
}

/**
 * Makes a tensor from nested arrays, a number, a boolean or a typed array. A `name` labels
 * it in the graph view; a tensor passed in is returned as it is (named, when a name is given).
 * The second argument may also be a shape, then a dtype, as in TensorFlow.js.
 * @example
 * tensor([[1, 2], [3, 4]])                        // float32 [2, 2]
 * tensor([1, 2, 3], { dtype: "int32" })
 * tensor(new Float32Array(6), { shape: [2, 3] })
 * tensor([1, 2, 3, 4], [2, 2])                    // TensorFlow.js's signature: float32 [2, 2]
 * tensor([[1, 2]], { name: "x" })                 // shown as "x" by showGraph
 */
export function tensor(values: TensorLike, options?: TensorOptions | DType): Tensor;
export function tensor(values: TensorLike, shape: Shape, dtype?: DType): Tensor;
export function tensor(values: TensorLike, options: TensorOptions | DType | Shape = {}, dtype?: DType): Tensor {
  const { name, ...rest } = tensorOptions(options, dtype);
  if (name !== undefined && typeof name !== "string") throw new ArgumentError(`tensor: name must be a string, got ${typeof name} (${String(name)})`);
  if (isHasValue(values) && name !== undefined) throw new ArgumentError(`tensor: a variable keeps its own name ("${(values as { name?: string }).name ?? ""}"); name it with variable(value, { name: ${JSON.stringify(name)} })`);
  const t = unnamedTensor(values, rest);
  if (name !== undefined) t.name = name;
  return t;
}

function unnamedTensor(values: TensorLike, { dtype: requested, shape: requestedShape }: Omit<TensorOptions, "name">): Tensor {
  if (requested !== undefined && !isDType(requested)) throw new ArgumentError(`tensor: unknown dtype ${JSON.stringify(requested)}; expected float32, float64, int32 or bool`);
  if (values instanceof Tensor || isHasValue(values)) {
    const source = values instanceof Tensor ? values : values.value;
    if (requested && requested !== source.dtype) throw new DTypeError(`tensor: the value is ${source.dtype}, not ${requested}; use cast()`);
    return source;
  }
  const dtype = requested ?? defaultDType(values);
  if (ArrayBuffer.isView(values)) {
    const shape = requestedShape ?? [values.length];
    checkShape("tensor", shape);
    if (sizeOf(shape) !== values.length) throw new ShapeError(`tensor: ${values.length} values do not fill shape ${showShape(shape)}`);
    const data = allocateFor("tensor", shape, dtype);
    data.set(values as ArrayLike<number>);
    return tensorFromValues(data, [...shape], dtype);
  }
  const inferred = inferShape(values);
  const data = allocateFor("tensor", inferred, dtype);
  fill(data, values, inferred, "tensor");
  if (requestedShape) {
    checkShape("tensor", requestedShape);
    if (sizeOf(requestedShape) !== data.length) throw new ShapeError(`tensor: ${data.length} values do not fill shape ${showShape(requestedShape)}`);
    return tensorFromValues(data, [...requestedShape], dtype);
  }
  return tensorFromValues(data, inferred, dtype);
}

/**
 * A rank-0 tensor.
 * @example scalar(3.5).item() // 3.5
 */
export function scalar(value: number | boolean, dtype?: DType): Tensor {
  return tensor(value, dtype ? { dtype } : {});
}

/**
 * Turns an op argument into a tensor. A plain number takes `like`'s dtype when that is a
 * float dtype (so `x.mul(2)` keeps float64); next to int32 or bool it is int32 when it is an
 * integer and float32 otherwise, as NumPy treats Python numbers.
 */
export function toTensor(x: TensorLike, like?: DType): Tensor {
  if (x instanceof Tensor) return x;
  if (isHasValue(x)) return x.value;
  if (typeof x === "number" && like !== undefined) return tensor(x, isFloat(like) ? like : Number.isInteger(x) ? "int32" : "float32");
  return tensor(x);
}
