// Row access on the host: the one place where data code copies samples out of tensors and
// arrays. Splits and dataset batches select rows here, so a backend `gather` op could
// replace the copying without touching their logic.
import { allocate, type DType, type TypedArray } from "../tensor/dtype.js";
import { tensorFromValues } from "../tensor/engine.js";
import { ArgumentError, ShapeError, showShape } from "../tensor/errors.js";
import { sizeOf } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";

/** What splits and datasets take apart by rows: a tensor (along axis 0), a plain array or a typed array. */
export type RowSource = Tensor | readonly unknown[] | TypedArray;

/** A tensor's values held in host memory, read once and sliced per batch. */
export interface HostArray {
  readonly values: TypedArray;
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/** The number of rows (samples) of a source: axis 0 of a tensor, the length of an array. */
export function rowCount(where: string, source: RowSource, name = "x"): number {
  if (source instanceof Tensor) {
    if (source.rank === 0) throw new ShapeError(`${where}: ${name} is a scalar (shape []); it needs a first axis of samples`);
    return source.shape[0]!;
  }
  if (Array.isArray(source) || ArrayBuffer.isView(source)) return (source as ArrayLike<unknown>).length;
  throw new ArgumentError(`${where}: ${name} must be a tensor, an array or a typed array, got ${source === null ? "null" : typeof source}`);
}

/** Reads a tensor's values into host memory (synchronously: CPU backend). */
export function hostOf(t: Tensor): HostArray {
  return { values: t.dataSync(), shape: t.shape, dtype: t.dtype };
}

/** Reads a tensor's values into host memory on any backend. */
export async function hostOfAsync(t: Tensor): Promise<HostArray> {
  return { values: await t.data(), shape: t.shape, dtype: t.dtype };
}

/**
 * A new tensor holding rows `indices` of `host`, in that order. Consecutive runs are
 * copied as blocks, so an unshuffled batch is one copy.
 */
export function gatherRows(host: HostArray, indices: ArrayLike<number>): Tensor {
  const rowSize = sizeOf(host.shape.slice(1));
  const out = allocate(host.dtype, indices.length * rowSize);
  let i = 0;
  while (i < indices.length) {
    let run = 1;
    while (i + run < indices.length && indices[i + run] === indices[i]! + run) run++;
    const from = indices[i]! * rowSize;
    out.set(host.values.subarray(from, from + run * rowSize), i * rowSize);
    i += run;
  }
  return tensorFromValues(out, [indices.length, ...host.shape.slice(1)], host.dtype);
}

/** Row `index` of `host` as a tensor of the remaining axes. */
export function rowOf(host: HostArray, index: number): Tensor {
  const rowSize = sizeOf(host.shape.slice(1));
  return tensorFromValues(host.values.slice(index * rowSize, (index + 1) * rowSize), host.shape.slice(1), host.dtype);
}

/** Rows `indices` of a source, as the same kind of thing (tensor, array or typed array). */
export function takeRows<S extends RowSource>(source: S, indices: ArrayLike<number>): S {
  if (source instanceof Tensor) return gatherRows(hostOf(source), indices) as S;
  if (ArrayBuffer.isView(source)) {
    const typed = source as TypedArray;
    const out = new (typed.constructor as new (n: number) => TypedArray)(indices.length);
    for (let i = 0; i < indices.length; i++) out[i] = typed[indices[i]!]!;
    return out as unknown as S;
  }
  const array = source as readonly unknown[];
  return Array.from({ length: indices.length }, (_, i) => array[indices[i]!]) as unknown as S;
}

/**
 * Class keys of a label source, one per row: numbers and strings as themselves, rows of
 * a 2-D tensor (one-hot labels) joined, so equal rows are one class.
 */
export function labelKeys(where: string, labels: RowSource): (string | number)[] {
  if (labels instanceof Tensor) {
    const values = labels.dataSync();
    const n = labels.rank === 0 ? 0 : labels.shape[0]!;
    const rowSize = n === 0 ? 0 : values.length / n;
    if (rowSize === 1) return Array.from(values);
    return Array.from({ length: n }, (_, i) => Array.from(values.subarray(i * rowSize, (i + 1) * rowSize)).join(","));
  }
  return Array.from(labels as ArrayLike<unknown>, (v, i) => {
    if (typeof v === "number" || typeof v === "string") return v;
    if (typeof v === "boolean") return v ? 1 : 0;
    if (Array.isArray(v)) return v.join(",");
    throw new ArgumentError(`${where}: label ${i} is ${v === null ? "null" : typeof v}; labels must be numbers, strings or rows of numbers`);
  });
}

/** Throws unless every source has `n` rows, naming the first that differs. */
export function checkSameRows(where: string, n: number, sources: Record<string, RowSource | undefined>): void {
  for (const [name, source] of Object.entries(sources)) {
    if (source === undefined) continue;
    const rows = rowCount(where, source, name);
    if (rows !== n) {
      // One template per case, so each translates whole.
      throw new ShapeError(
        source instanceof Tensor
          ? `${where}: x has ${n} samples but ${name} has ${rows} (shape ${showShape(source.shape)}); they must have one row per sample`
          : `${where}: x has ${n} samples but ${name} has ${rows}; they must have one row per sample`,
      );
    }
  }
}
