/**
 * What the checks compare: any numeric answer (a number, a boolean, nested arrays, a typed
 * array, a Tensor or a Variable) as a shape plus flat numbers, and how values print in messages.
 *
 * Example: `numbers(tensor([[1, 2]]))` → `{ shape: [1, 2], values: [1, 2], dtype: "float32" }`.
 */
import { Tensor } from "../tensor/tensor.js";
import { Variable } from "../tensor/variable.js";
import type { DType } from "../tensor/dtype.js";
import { say } from "./messages.js";
import { CheckError } from "./error.js";

export interface Numbers {
  shape: number[];
  values: number[];
  /** Known for tensors and variables only. */
  dtype?: DType;
}

/** The tensor behind a Tensor or a Variable, else undefined. */
export function tensorOf(value: unknown): Tensor | undefined {
  if (value instanceof Tensor) return value;
  if (value instanceof Variable) return value.value;
  return undefined;
}

/** The answer as numbers; throws a CheckError naming what it got when it is not numeric. */
export function numbers(value: unknown): Numbers {
  const t = tensorOf(value);
  if (t) return { shape: [...t.shape], values: Array.from(t.dataSync(), Number), dtype: t.dtype };
  if (typeof value === "number" || typeof value === "boolean") return { shape: [], values: [Number(value)] };
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const flat = Array.from(value as unknown as ArrayLike<number>, Number);
    return { shape: [flat.length], values: flat };
  }
  if (Array.isArray(value)) {
    const parts = value.map(numbers);
    const inner = parts[0]?.shape ?? [];
    if (parts.some((part) => part.shape.join() !== inner.join())) throw new CheckError(say().notNumeric(describe(value)));
    return { shape: [value.length, ...inner], values: parts.flatMap((part) => part.values) };
  }
  throw new CheckError(say().notNumeric(describe(value)));
}

/** A short description of any value, for messages: numbers print compactly, long arrays elided. */
export function describe(value: unknown): string {
  const t = tensorOf(value);
  if (t) {
    const header = `Tensor ${t.dtype} ${showShape(t.shape)}`;
    return t.size <= 6 ? `${describe(t.rank === 0 ? t.item() : t.arraySync())} (${header})` : header;
  }
  if (typeof value === "number") return showNumber(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) {
    const shown = value.slice(0, 6).map(describe).join(", ");
    return `[${shown}${value.length > 6 ? ", …" : ""}]`;
  }
  if (value === null || value === undefined || typeof value !== "object") return String(value);
  return value.constructor?.name ?? "object";
}

/** A number with at most 7 significant digits: 0.1 + 0.2 shows as 0.3. */
export function showNumber(value: number): string {
  return Number.isInteger(value) || !Number.isFinite(value) ? String(value) : String(Number(value.toPrecision(7)));
}

export function showShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/** The position of flat index `flat` in `shape`, as `[i, j]`. */
export function showIndex(shape: readonly number[], flat: number): string {
  const index: number[] = [];
  let rest = flat;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    index.unshift(rest % shape[axis]!);
    rest = Math.floor(rest / shape[axis]!);
  }
  return showShape(index);
}
