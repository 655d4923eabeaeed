// Plain-JS float64 references for reductions and ops along axes, written independently of the
// library's kernels (index arithmetic by hand), for tests to compare against.

/** Row-major multi-index of flat index `i` in `shape`. */
export function unravel(i: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length).fill(0);
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    index[axis] = i % shape[axis]!;
    i = Math.floor(i / shape[axis]!);
  }
  return index;
}

/** Flat row-major index of a multi-index. */
export function ravel(index: readonly number[], shape: readonly number[]): number {
  let flat = 0;
  for (let axis = 0; axis < shape.length; axis++) flat = flat * shape[axis]! + index[axis]!;
  return flat;
}

const normalise = (axes: number | readonly number[] | undefined, rank: number): number[] =>
  axes === undefined ? Array.from({ length: rank }, (_, i) => i) : (typeof axes === "number" ? [axes] : [...axes]).map((a) => (a < 0 ? a + rank : a));

/**
 * Reduces `values` (of `shape`) over `axes` with `fn`, which receives each group's elements in
 * row-major order of the reduced axes. Returns the result's values and shape.
 */
export function referenceReduce(
  values: ArrayLike<number>,
  shape: readonly number[],
  axes: number | readonly number[] | undefined,
  keepDims: boolean,
  fn: (group: number[]) => number,
): { values: number[]; shape: number[] } {
  const list = normalise(axes, shape.length);
  const outShape = shape.map((d, i) => (list.includes(i) ? 1 : d));
  const outSize = outShape.reduce((a, b) => a * b, 1);
  const groups: number[][] = Array.from({ length: outSize }, () => []);
  for (let i = 0; i < values.length; i++) {
    const index = unravel(i, shape).map((v, axis) => (list.includes(axis) ? 0 : v));
    groups[ravel(index, outShape)]!.push(values[i]!);
  }
  return { values: groups.map(fn), shape: keepDims ? outShape : shape.filter((_, i) => !list.includes(i)) };
}

/** Applies `fn` to every 1-D line along `axis`; `fn` returns a line of the same length. */
export function referenceAlongAxis(values: ArrayLike<number>, shape: readonly number[], axis: number, fn: (line: number[]) => number[]): number[] {
  const a = axis < 0 ? axis + shape.length : axis;
  const out = new Array<number>(values.length).fill(0);
  for (let i = 0; i < values.length; i++) {
    const index = unravel(i, shape);
    if (index[a] !== 0) continue;
    const positions = Array.from({ length: shape[a]! }, (_, k) => ravel(index.map((v, j) => (j === a ? k : v)), shape));
    const result = fn(positions.map((p) => values[p]!));
    positions.forEach((p, k) => (out[p] = result[k]!));
  }
  return out;
}
