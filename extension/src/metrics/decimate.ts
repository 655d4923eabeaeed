/**
 * Reduces a line to what a chart of a given width can show: its x range is cut into
 * columns, and each column keeps only its lowest and highest point, plus the line's
 * first and last points, exactly. Every spike keeps its extreme value, so
 * the drawn envelope is the same as with every point; Plotly then draws at most two points
 * per column, whatever the length of the series.
 *
 * The full series stays in the payload: the CSV export reads it; hover and the PNG/SVG
 * export see the kept points, which are original points (never averages), so a value read
 * off the chart is a real logged value, the nearest kept one to the pointer.
 *
 * It runs over the whole series at each update rather than incrementally: the columns
 * follow the x range, which grows with every logged batch, so earlier columns do not
 * stay valid; one pass over a few thousand points costs well under a millisecond.
 */

/** A line as Plotly takes it: x and y of the same length. */
export interface Line {
  x: number[];
  y: number[];
}

/**
 * The points of (x, y) worth drawing in `columns` columns: per run of consecutive points
 * that fall in one column, the lowest and highest (in their original order; a NaN, which
 * Plotly draws as a gap, is kept once per column so the gap stays), plus the first and
 * last points. x is expected ascending, as the kernel logs it; then at most
 * 2 × columns + 2 points are kept (one more per column that holds a NaN). A line with no
 * more points than that is returned whole.
 * @example decimateToColumns([0, 1, 2, 3, 4, 5], [5, 1, 9, 2, 8, 3], 1) // { x: [0, 1, 2, 5], y: [5, 1, 9, 3] }
 */
export function decimateToColumns(x: readonly number[], y: readonly number[], columns: number): Line {
  const n = Math.min(x.length, y.length);
  const count = Math.max(1, Math.floor(columns));
  if (n <= 2 * count + 2) return { x: x.slice(0, n), y: y.slice(0, n) };
  const kept = keptIndices(x, y, n, count);
  return { x: kept.map((i) => x[i]!), y: kept.map((i) => y[i]!) };
}

/** The column of each x: [first x, last x] split evenly (every x in column 0 when they are all equal). */
function columnOf(x: readonly number[], n: number, count: number): (value: number) => number {
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < n; i++) {
    if (x[i]! < low) low = x[i]!;
    if (x[i]! > high) high = x[i]!;
  }
  const span = high - low;
  return (value) => (span > 0 ? Math.min(count - 1, Math.max(0, Math.floor(((value - low) / span) * count))) || 0 : 0);
}

/** The indices decimateToColumns keeps, ascending: 0, each column run's extremes (and first NaN), n − 1. */
function keptIndices(x: readonly number[], y: readonly number[], n: number, count: number): number[] {
  const column = columnOf(x, n, count);
  const kept: number[] = [0];
  let current = column(x[0]!);
  let start = 0;
  const flush = (end: number) => {
    let low = -1;
    let high = -1;
    let gap = -1;
    for (let i = start; i < end; i++) {
      const value = y[i]!;
      if (Number.isNaN(value)) {
        if (gap < 0) gap = i;
      } else {
        if (low < 0 || value < y[low]!) low = i;
        if (high < 0 || value > y[high]!) high = i;
      }
    }
    const last = kept.at(-1)!;
    for (const i of [...new Set([low, high, gap])].filter((i) => i > last).sort((a, b) => a - b)) kept.push(i);
  };
  for (let i = 1; i < n; i++) {
    const next = column(x[i]!);
    if (next === current) continue;
    flush(i);
    current = next;
    start = i;
  }
  flush(n);
  if (kept.at(-1) !== n - 1) kept.push(n - 1);
  return kept;
}
