import { defineOp, type OpDef } from "../op.js";
import { runOp } from "../engine.js";
import { ArgumentError, ShapeError, showShape } from "../errors.js";
import { installMethods, type Tensor } from "../tensor.js";
import { toTensor, type TensorLike } from "../convert.js";
import { reshape } from "./shape-ops.js";

declare module "../tensor.js" {
  interface TensorMethods {
    slice(begin: number | readonly number[], size?: number | readonly number[]): Tensor;
    stridedSlice(begin: readonly Bound[], end: readonly Bound[], strides?: readonly number[]): Tensor;
    at(...index: IndexItem[]): Tensor;
  }
}

/** A slice bound: a position (negative counts from the end) or null/undefined for "from the start / to the end". */
export type Bound = number | null | undefined;

/**
 * What the kernels run, fully resolved per axis: output element j of axis k reads input
 * position `start[k] + j · step[k]`, for j < size[k]. Every slicing front-end lowers to this.
 */
export interface SliceAttrs {
  start: number[];
  step: number[];
  size: number[];
}

/** Attributes of the slice's gradient: the same positions, plus the shape of the sliced input. */
export interface SliceGradAttrs extends SliceAttrs {
  inputShape: number[];
}

function checkPositions(op: string, inputShape: readonly number[], { start, step, size }: SliceAttrs): void {
  inputShape.forEach((n, k) => {
    const last = start[k]! + (size[k]! - 1) * step[k]!;
    if (size[k]! > 0 && (start[k]! < 0 || start[k]! >= n || last < 0 || last >= n)) {
      throw new ShapeError(`${op}: axis ${k} reads positions ${start[k]} … ${last} of an axis of length ${n}`);
    }
  });
}

const stridedSliceOp: OpDef<SliceAttrs> = defineOp<SliceAttrs>({
  name: "stridedSlice",
  infer: ([x], attrs) => {
    if (attrs.start.length !== x!.rank) throw new ShapeError(`stridedSlice: attributes cover ${attrs.start.length} axes, the tensor has rank ${x!.rank}`);
    checkPositions("stridedSlice", x!.shape, attrs);
    return [{ shape: [...attrs.size], dtype: x!.dtype }];
  },
  grad: ({ dys: [dy], inputs: [x], attrs }) => [runOp(stridedSliceGradOp, [dy!], { ...attrs, inputShape: [...x!.shape] })[0]!],
});

// The adjoint of a slice: zeros of the input's shape with dy written at the sliced positions.
// Its own gradient is the slice again, so slices can be differentiated any number of times.
const stridedSliceGradOp: OpDef<SliceGradAttrs> = defineOp<SliceGradAttrs>({
  name: "stridedSliceGrad",
  infer: ([dy], attrs) => {
    if (dy!.shape.length !== attrs.size.length || dy!.shape.some((d, k) => d !== attrs.size[k])) {
      throw new ShapeError(`stridedSliceGrad: the gradient has shape ${showShape(dy!.shape)}, the slice made ${showShape(attrs.size)}`);
    }
    checkPositions("stridedSliceGrad", attrs.inputShape, attrs);
    return [{ shape: [...attrs.inputShape], dtype: dy!.dtype }];
  },
  grad: ({ dys: [ddx], attrs: { start, step, size } }) => [runOp(stridedSliceOp, [ddx!], { start, step, size })[0]!],
});

function runSlice(t: Tensor, attrs: SliceAttrs): Tensor {
  const identity = t.shape.every((n, k) => attrs.start[k] === 0 && attrs.step[k] === 1 && attrs.size[k] === n);
  return identity ? t : runOp(stridedSliceOp, [t], attrs)[0]!;
}

function listOf(op: string, what: string, value: unknown, rank: number): unknown[] {
  const list = typeof value === "number" ? [value] : value;
  if (!Array.isArray(list)) throw new ArgumentError(`${op}: ${what} must be a list with one entry per axis, got ${JSON.stringify(value)}`);
  if (list.length > rank) throw new ArgumentError(`${op}: ${what} ${JSON.stringify(value)} has ${list.length} entries, the tensor has rank ${rank}`);
  return list;
}

/**
 * A contiguous block: `size[k]` elements from `begin[k]` on each axis. A size of -1 means
 * "to the end"; a negative begin counts from the end; axes not listed are taken whole.
 * @example
 * slice(tensor([[1, 2, 3], [4, 5, 6]]), [0, 1], [2, -1]).arraySync() // [[2, 3], [5, 6]]
 * tensor([1, 2, 3, 4]).slice(1, 2).arraySync()                      // [2, 3]
 */
export function slice(x: TensorLike, begin: number | readonly number[], size?: number | readonly number[]): Tensor {
  const t = toTensor(x);
  const begins = listOf("slice", "begin", begin, t.rank);
  const sizes = size === undefined ? [] : listOf("slice", "size", size, t.rank);
  const attrs: SliceAttrs = { start: [], step: [], size: [] };
  t.shape.forEach((n, k) => {
    let b = begins[k] ?? 0;
    const s = sizes[k] ?? -1;
    if (typeof b !== "number" || !Number.isInteger(b) || b < -n || b > n) {
      throw new ArgumentError(`slice: begin ${JSON.stringify(b)} is out of range for axis ${k} of length ${n} (expected an integer in ${-n} … ${n})`);
    }
    if (b < 0) b += n;
    if (typeof s !== "number" || !Number.isInteger(s) || s < -1) throw new ArgumentError(`slice: size ${JSON.stringify(s)} for axis ${k} must be a non-negative integer or -1 (to the end)`);
    const length = s === -1 ? n - b : s;
    if (b + length > n) throw new ShapeError(`slice: begin ${b} + size ${length} exceeds length ${n} of axis ${k} (shape ${showShape(t.shape)})`);
    attrs.start.push(length === 0 ? 0 : b);
    attrs.step.push(1);
    attrs.size.push(length);
  });
  return runSlice(t, attrs);
}

/**
 * Python's `slice(start, stop, step).indices(n)`: clamps out-of-range bounds and fills in
 * defaults, then gives the first position and the element count.
 */
function resolveRange(start: Bound, stop: Bound, step: number, n: number): { first: number; count: number } {
  const clamp = (v: Bound, fallback: number, lo: number, hi: number) => {
    if (v === null || v === undefined) return fallback;
    const w = v < 0 ? v + n : v;
    return Math.min(Math.max(w, lo), hi);
  };
  const [first, last] = step > 0 ? [clamp(start, 0, 0, n), clamp(stop, n, 0, n)] : [clamp(start, n - 1, -1, n - 1), clamp(stop, -1, -1, n - 1)];
  const count = step > 0 ? Math.ceil((last - first) / step) : Math.ceil((first - last) / -step);
  return { first, count: Math.max(0, count) };
}

function checkBound(op: string, what: string, v: unknown, axis: number): void {
  if (v !== null && v !== undefined && (typeof v !== "number" || !Number.isInteger(v))) {
    throw new ArgumentError(`${op}: ${what} for axis ${axis} must be an integer, null or undefined, got ${JSON.stringify(v)}`);
  }
}

/**
 * NumPy slicing `x[b0:e0:s0, b1:e1:s1, …]`: negative positions count from the end,
 * null/undefined bounds mean "from the start / to the end" (in the direction of the step),
 * out-of-range bounds are clipped, negative steps walk backwards. Axes not listed are whole.
 * @example
 * stridedSlice(tensor([0, 1, 2, 3, 4, 5]), [null], [null], [-2]).arraySync() // [5, 3, 1]  (x[::-2])
 * stridedSlice(tensor([0, 1, 2, 3, 4, 5]), [-1], [0], [-1]).arraySync()      // [5, 4, 3, 2, 1]  (x[-1:0:-1])
 */
export function stridedSlice(x: TensorLike, begin: readonly Bound[], end: readonly Bound[], strides: readonly number[] = []): Tensor {
  const t = toTensor(x);
  const begins = listOf("stridedSlice", "begin", begin, t.rank);
  const ends = listOf("stridedSlice", "end", end, t.rank);
  const steps = listOf("stridedSlice", "strides", strides, t.rank);
  const attrs: SliceAttrs = { start: [], step: [], size: [] };
  t.shape.forEach((n, k) => {
    const step = steps[k] ?? 1;
    if (typeof step !== "number" || !Number.isInteger(step) || step === 0) throw new ArgumentError(`stridedSlice: the stride for axis ${k} must be a non-zero integer, got ${JSON.stringify(step)}`);
    checkBound("stridedSlice", "begin", begins[k], k);
    checkBound("stridedSlice", "end", ends[k], k);
    const { first, count } = resolveRange(begins[k] as Bound, ends[k] as Bound, step, n);
    attrs.start.push(count === 0 ? 0 : first);
    attrs.step.push(count === 0 ? 1 : step);
    attrs.size.push(count);
  });
  return runSlice(t, attrs);
}

/**
 * One item of a NumPy-style index for `at`: an integer (picks one position and drops the
 * axis; negative counts from the end), a slice string such as `"1:"`, `"::-1"` or `"2:8:3"`,
 * `"..."` (as many whole axes as needed), null or `"None"` (a new axis of size 1). A
 * string may hold several items separated by commas: `"1:, ::-1"`.
 */
export type IndexItem = number | string | null;

type ParsedItem = { kind: "index"; at: number } | { kind: "range"; start: Bound; stop: Bound; step: number } | { kind: "ellipsis" } | { kind: "newAxis" };

function parseItems(items: readonly IndexItem[]): ParsedItem[] {
  const parsed: ParsedItem[] = [];
  const integer = (text: string, whole: string): number | undefined => {
    if (text.trim() === "") return undefined;
    if (!/^\s*[-+]?\d+\s*$/.test(text)) throw new ArgumentError(`at: cannot read ${JSON.stringify(whole)}; expected an integer, a slice like "1:3", "::-1", "..." or "None"`);
    return Number(text);
  };
  for (const item of items) {
    if (item === null) parsed.push({ kind: "newAxis" });
    else if (typeof item === "number") {
      if (!Number.isInteger(item)) throw new ArgumentError(`at: an index must be an integer, got ${item}`);
      parsed.push({ kind: "index", at: item });
    } else if (typeof item === "string") {
      // An empty string indexes nothing (like NumPy's x[()]), so a joined list of slices can be empty.
      if (item.trim() === "") continue;
      for (const raw of item.split(",")) {
        const part = raw.trim();
        if (part === "...") parsed.push({ kind: "ellipsis" });
        else if (part === "None" || part === "null") parsed.push({ kind: "newAxis" });
        else if (!part.includes(":")) {
          const at = integer(part, part);
          if (at === undefined) throw new ArgumentError(`at: empty index in ${JSON.stringify(item)}; use ":" for a whole axis`);
          parsed.push({ kind: "index", at });
        } else {
          const pieces = part.split(":");
          if (pieces.length > 3) throw new ArgumentError(`at: cannot read ${JSON.stringify(part)}; a slice has at most start:stop:step`);
          const step = integer(pieces[2] ?? "", part) ?? 1;
          if (step === 0) throw new ArgumentError(`at: the step in ${JSON.stringify(part)} must not be zero`);
          parsed.push({ kind: "range", start: integer(pieces[0]!, part), stop: integer(pieces[1]!, part), step });
        }
      }
    } else {
      throw new ArgumentError(`at: expected integers, slice strings, "..." or null, got ${JSON.stringify(item)}`);
    }
  }
  if (parsed.filter((p) => p.kind === "ellipsis").length > 1) throw new ArgumentError(`at: an index can have only one "..."`);
  return parsed;
}

/**
 * NumPy-style indexing, `x[1:, ::-1]` written `x.at("1:, ::-1")`: integers pick a position
 * and drop the axis, slices keep it, `"..."` stands for the remaining axes, null adds an
 * axis. Differentiable (it lowers to stridedSlice and reshape).
 * @example
 * const x = tensor([[1, 2, 3], [4, 5, 6]]);
 * x.at(1).arraySync()            // [4, 5, 6]
 * x.at(-1, 0).item()              // 4
 * x.at(":, ::-1").arraySync()     // [[3, 2, 1], [6, 5, 4]]
 * x.at("..., None").shape        // [2, 3, 1]
 */
export function at(x: TensorLike, ...index: IndexItem[]): Tensor {
  const t = toTensor(x);
  const items = parseItems(index);
  const consumed = items.filter((p) => p.kind === "index" || p.kind === "range").length;
  if (consumed > t.rank) throw new ArgumentError(`at: ${consumed} indices for a tensor of rank ${t.rank} (shape ${showShape(t.shape)})`);
  const expanded: ParsedItem[] = [];
  for (const item of items) {
    if (item.kind === "ellipsis") for (let i = 0; i < t.rank - consumed; i++) expanded.push({ kind: "range", start: null, stop: null, step: 1 });
    else expanded.push(item);
  }
  while (expanded.filter((p) => p.kind !== "newAxis").length < t.rank) expanded.push({ kind: "range", start: null, stop: null, step: 1 });
  const attrs: SliceAttrs = { start: [], step: [], size: [] };
  const finalShape: number[] = [];
  let axis = 0;
  for (const item of expanded) {
    if (item.kind === "newAxis") {
      finalShape.push(1);
      continue;
    }
    const n = t.shape[axis]!;
    if (item.kind === "index") {
      if (item.at < -n || item.at >= n) throw new ArgumentError(`at: index ${item.at} is out of range for axis ${axis} of length ${n} (expected ${-n} … ${n - 1})`);
      attrs.start.push(item.at < 0 ? item.at + n : item.at);
      attrs.step.push(1);
      attrs.size.push(1);
    } else if (item.kind === "range") {
      const { first, count } = resolveRange(item.start, item.stop, item.step, n);
      attrs.start.push(count === 0 ? 0 : first);
      attrs.step.push(count === 0 ? 1 : item.step);
      attrs.size.push(count);
      finalShape.push(count);
    }
    axis++;
  }
  return reshape(runSlice(t, attrs), finalShape);
}

installMethods({
  slice(begin, size) {
    return slice(this, begin, size);
  },
  stridedSlice(begin, end, strides) {
    return stridedSlice(this, begin, end, strides);
  },
  at(...index) {
    return at(this, ...index);
  },
});
