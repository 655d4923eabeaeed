// Plain-JavaScript float64 references for the loss tests: values come out of tensors only as
// input data; every formula is recomputed here from the Keras 3 definitions.
import type { Tensor } from "../../../kernel/src/index.js";

export const EPS = 1e-7;

/** A tensor's values and shape as plain numbers. */
export interface Plain {
  data: number[];
  shape: number[];
}

export function plain(t: Tensor): Plain {
  return { data: Array.from(t.dataSync() as ArrayLike<number>), shape: [...t.shape] };
}

/** Rows along the last axis. */
export function rows(a: Plain): number[][] {
  const n = a.shape.at(-1) ?? 1;
  const out: number[][] = [];
  for (let i = 0; i < a.data.length; i += n) out.push(a.data.slice(i, i + n));
  return out;
}

/** Nested arrays of `shape` from flat values. */
export function nest(values: number[], shape: number[]): unknown {
  if (shape.length === 0) return values[0];
  const [head, ...rest] = shape;
  const step = rest.reduce((a, b) => a * b, 1);
  return Array.from({ length: head! }, (_, i) => nest(values.slice(i * step, (i + 1) * step), rest));
}

/** Keras's unreduced loss: f over each row of the last axis, shaped like the batch axes. */
export function perRow(y: Plain, p: Plain, f: (ys: number[], ps: number[]) => number): unknown {
  const ry = rows(y);
  const rp = rows(p);
  return nest(rp.map((ps, i) => f(ry[i]!, ps)), p.shape.slice(0, -1));
}

/** Per-sample values: f over each row, then the mean over the rows of each sample. */
export function perSample(y: Plain, p: Plain, f: (ys: number[], ps: number[]) => number): number[] {
  const ry = rows(y);
  const rp = rows(p);
  const batch = p.shape[0]!;
  const perBatch = rp.length / batch;
  return Array.from({ length: batch }, (_, b) => {
    let s = 0;
    for (let r = 0; r < perBatch; r++) s += f(ry[b * perBatch + r]!, rp[b * perBatch + r]!);
    return s / perBatch;
  });
}

export const meanOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
export const sumOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
export const clip = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
export function softmax(xs: number[]): number[] {
  const m = Math.max(...xs);
  const e = xs.map((x) => Math.exp(x - m));
  const s = sumOf(e);
  return e.map((v) => v / s);
}
export function logSoftmax(xs: number[]): number[] {
  const m = Math.max(...xs);
  const lse = m + Math.log(sumOf(xs.map((x) => Math.exp(x - m))));
  return xs.map((x) => x - lse);
}

/** Deterministic one-hot rows (class = (i·7 + 3) mod classes) as a flat array. */
export function oneHotRows(count: number, classes: number): { flat: number[]; indices: number[] } {
  const indices = Array.from({ length: count }, (_, i) => (i * 7 + 3) % classes);
  const flat = indices.flatMap((c) => Array.from({ length: classes }, (_, k) => (k === c ? 1 : 0)));
  return { flat, indices };
}
