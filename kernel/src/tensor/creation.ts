import { isDType, type DType } from "./dtype.js";
import { allocateFor } from "./allocation.js";
import { tensorFromValues } from "./engine.js";
import { ArgumentError } from "./errors.js";
import { checkShape } from "./shape.js";
import type { Tensor } from "./tensor.js";

function checked(op: string, shape: readonly number[], dtype: DType): number[] {
  checkShape(op, shape);
  if (!isDType(dtype)) throw new ArgumentError(`${op}: unknown dtype ${JSON.stringify(dtype)}; expected float32, float64, int32 or bool`);
  return [...shape];
}

/**
 * A tensor of `shape` filled with `value`.
 * @example full([2, 2], 7).arraySync() // [[7, 7], [7, 7]]
 */
export function full(shape: readonly number[], value: number | boolean, dtype: DType = typeof value === "boolean" ? "bool" : "float32"): Tensor {
  return filled("full", shape, value, dtype);
}

/** full() under the name of the function the user called, so errors name it. */
function filled(op: string, shape: readonly number[], value: number | boolean, dtype: DType): Tensor {
  const s = checked(op, shape, dtype);
  const values = allocateFor(op, s, dtype);
  values.fill(Number(value));
  return tensorFromValues(values, s, dtype);
}

/** @example zeros([2, 3]).shape // [2, 3] */
export function zeros(shape: readonly number[], dtype: DType = "float32"): Tensor {
  return filled("zeros", shape, 0, dtype);
}

/** @example ones([3]).arraySync() // [1, 1, 1] */
export function ones(shape: readonly number[], dtype: DType = "float32"): Tensor {
  return filled("ones", shape, 1, dtype);
}

/** Zeros with the shape and dtype of `x`. @example zerosLike(tensor([1, 2])).arraySync() // [0, 0] */
export function zerosLike(x: Tensor): Tensor {
  return full(x.shape, 0, x.dtype);
}

/** Ones with the shape and dtype of `x`. @example onesLike(tensor([1, 2])).arraySync() // [1, 1] */
export function onesLike(x: Tensor): Tensor {
  return full(x.shape, 1, x.dtype);
}

/** `value` everywhere, with the shape (and by default dtype) of `x`. @example fullLike(x, 3) */
export function fullLike(x: Tensor, value: number | boolean, dtype: DType = x.dtype): Tensor {
  return full(x.shape, value, dtype);
}

/**
 * The identity matrix: ones on the main diagonal of an n×m matrix (m defaults to n).
 * @example eye(2).arraySync() // [[1, 0], [0, 1]]
 */
export function eye(n: number, m: number = n, dtype: DType = "float32"): Tensor {
  const s = checked("eye", [n, m], dtype);
  const values = allocateFor("eye", s, dtype);
  for (let i = 0; i < Math.min(n, m); i++) values[i * m + i] = 1;
  return tensorFromValues(values, s, dtype);
}

function finiteNumber(op: string, name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw new ArgumentError(`${op}: ${name} must be a finite number, got ${String(value)}`);
  return value;
}

/**
 * Evenly spaced values in the half-open interval [start, stop), NumPy style: `arange(n)`
 * counts 0 … n−1. Integer arguments give int32, otherwise float32 (or `dtype`).
 * @example
 * arange(4).arraySync()          // [0, 1, 2, 3]
 * arange(1, 2, 0.25).arraySync() // [1, 1.25, 1.5, 1.75]
 * arange(5, 0, -2).arraySync()   // [5, 3, 1]
 */
export function arange(start: number, stop?: number, step = 1, dtype?: DType): Tensor {
  let from = finiteNumber("arange", "start", start);
  let to: number;
  if (stop === undefined) {
    to = from;
    from = 0;
  } else {
    to = finiteNumber("arange", "stop", stop);
  }
  finiteNumber("arange", "step", step);
  if (step === 0) throw new ArgumentError("arange: step must not be zero");
  const type = dtype ?? (Number.isInteger(from) && Number.isInteger(to) && Number.isInteger(step) ? "int32" : "float32");
  if (type === "bool") throw new ArgumentError("arange: dtype bool is not supported; expected float32, float64 or int32");
  const length = Math.max(0, Math.ceil((to - from) / step));
  const s = checked("arange", [length], type);
  const values = allocateFor("arange", s, type);
  for (let i = 0; i < length; i++) values[i] = from + i * step;
  return tensorFromValues(values, s, type);
}

/**
 * `num` evenly spaced values from start to stop, both included (NumPy's linspace).
 * @example linspace(0, 1, 5).arraySync() // [0, 0.25, 0.5, 0.75, 1]
 */
export function linspace(start: number, stop: number, num: number, dtype: DType = "float32"): Tensor {
  finiteNumber("linspace", "start", start);
  finiteNumber("linspace", "stop", stop);
  if (!Number.isInteger(num) || num < 0) throw new ArgumentError(`linspace: num must be a non-negative integer, got ${String(num)}`);
  if (dtype === "bool") throw new ArgumentError("linspace: dtype bool is not supported; expected float32, float64 or int32");
  const s = checked("linspace", [num], dtype);
  const values = allocateFor("linspace", s, dtype);
  const delta = num > 1 ? (stop - start) / (num - 1) : 0;
  // Integer results round toward −∞, as NumPy does.
  const round = dtype === "int32" ? Math.floor : (v: number) => v;
  for (let i = 0; i < num; i++) values[i] = round(start + i * delta);
  // The last value is stop exactly, not start + (num − 1)·delta rounded.
  if (num > 1) values[num - 1] = stop;
  return tensorFromValues(values, s, dtype);
}
