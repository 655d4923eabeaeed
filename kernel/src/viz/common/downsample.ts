/**
 * Downsampling of long series for view payloads: a live chart is redrawn several times a
 * second, so each update must stay small (≈100 KB) however long training runs. Min/max
 * buckets keep every spike and dip (LTTB would smooth away a single exploding batch),
 * and the first, last and any chosen points (the best epoch) are always kept.
 */

/** Indices of at most ~`maxPoints` points of `ys`: per bucket its min and max, plus first, last and `keep`. */
export function downsampleIndices(ys: ArrayLike<number>, maxPoints: number, keep: readonly number[] = []): number[] {
  const n = ys.length;
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  const chosen = new Set<number>([0, n - 1]);
  for (const k of keep) if (k >= 0 && k < n) chosen.add(k);
  const buckets = Math.max(1, Math.floor((maxPoints - chosen.size) / 2));
  const width = n / buckets;
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor(b * width);
    const end = Math.min(n, Math.floor((b + 1) * width));
    let lo = -1;
    let hi = -1;
    for (let i = start; i < end; i++) {
      const y = ys[i]!;
      if (!Number.isFinite(y)) continue;
      if (lo < 0 || y < ys[lo]!) lo = i;
      if (hi < 0 || y > ys[hi]!) hi = i;
    }
    // A bucket with only NaNs keeps one of them, so a divergence still shows as a gap.
    if (lo < 0) chosen.add(start);
    else {
      chosen.add(lo);
      chosen.add(hi);
    }
  }
  return [...chosen].sort((a, b) => a - b);
}

/**
 * A series of (x, y) points cut down to about `maxPoints`, extremes kept.
 * @example downsample(xs, ys, 1000, [bestIndex]) // { x: [...], y: [...] } with ≤ ~1000 points
 */
export function downsample(xs: ArrayLike<number>, ys: ArrayLike<number>, maxPoints: number, keep: readonly number[] = []): { x: number[]; y: number[] } {
  const indices = downsampleIndices(ys, maxPoints, keep);
  return { x: indices.map((i) => xs[i]!), y: indices.map((i) => ys[i]!) };
}

/**
 * A number rounded to `digits` significant digits, so JSON payloads stay short
 * (0.1234567890123 → 0.123457). Non-finite values pass through (JSON writes null).
 */
export function roundTo(value: number, digits = 6): number {
  if (!Number.isFinite(value) || value === 0) return value;
  return Number(value.toPrecision(digits));
}

/** roundTo over an array. */
export function roundAll(values: ArrayLike<number>, digits = 6): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = roundTo(values[i]!, digits);
  return out;
}
