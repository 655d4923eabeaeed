// Plain nested-array references for shape and indexing ops: written from the NumPy/Python
// definitions, independent of the library's kernels, so tests can compare against them.

export type Nested = unknown;

/** A nested array of `shape` whose element at `index` is `f(index)`. */
export function build(shape: readonly number[], f: (index: number[]) => unknown): Nested {
  const go = (prefix: number[]): unknown =>
    prefix.length === shape.length ? f(prefix) : Array.from({ length: shape[prefix.length]! }, (_, i) => go([...prefix, i]));
  return go([]);
}

/** The element of a nested array at `index`. */
export function get(a: Nested, index: readonly number[]): unknown {
  return index.reduce((v: any, i) => v[i], a);
}

/** The positions Python's `range(*slice(start, stop, step).indices(n))` visits (CPython's algorithm). */
export function pySliceIndices(start: number | null, stop: number | null, step: number, n: number): number[] {
  let lo: number;
  let hi: number;
  if (start === null) lo = step < 0 ? n - 1 : 0;
  else if (start < 0) lo = Math.max(start + n, step < 0 ? -1 : 0);
  else lo = Math.min(start, step < 0 ? n - 1 : n);
  if (stop === null) hi = step < 0 ? -1 : n;
  else if (stop < 0) hi = Math.max(stop + n, step < 0 ? -1 : 0);
  else hi = Math.min(stop, step < 0 ? n - 1 : n);
  const out: number[] = [];
  for (let i = lo; step > 0 ? i < hi : i > hi; i += step) out.push(i);
  return out;
}

/** `a[s0, s1, …]` for per-axis lists of positions (a NumPy basic slice without dropped axes). */
export function pick(a: Nested, positions: readonly number[][]): Nested {
  const go = (v: unknown, axis: number): unknown => (axis === positions.length ? v : positions[axis]!.map((p) => go((v as unknown[])[p], axis + 1)));
  return go(a, 0);
}
