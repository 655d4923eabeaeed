// Reductions of a float32 tensor viewed as [outer, reduced, inner] (the JavaScript side
// collapses the reduced axes, which must be adjacent), accumulating in float32: rows
// (inner = 1) four lanes at a time, columns (inner > 1, e.g. a bias gradient) by adding
// whole rows. Softmax over the last axis.

export const SUM = 0, MEAN = 1, MAX = 2, MIN = 3;

// @ts-ignore: decorator
@inline function combine(op: i32, x: v128, y: v128): v128 {
  return op == MAX ? f32x4.max(x, y) : op == MIN ? f32x4.min(x, y) : f32x4.add(x, y);
}

// @ts-ignore: decorator
@inline function combineScalar(op: i32, x: f32, y: f32): f32 {
  if (op == MAX) return x != x || y != y ? NaN : max(x, y);
  if (op == MIN) return x != x || y != y ? NaN : min(x, y);
  return x + y;
}

// @ts-ignore: decorator
@inline function identity(op: i32): f32 {
  return op == MAX ? -Infinity : op == MIN ? Infinity : 0;
}

// @ts-ignore: decorator
@inline function reduceLoops(op: i32, x: usize, out: usize, outer: i32, reduced: i32, inner: i32): void {
  const scale: f32 = op == MEAN ? <f32>(1.0 / <f64>reduced) : 1;
  for (let o = 0; o < outer; o++) {
    const block = x + ((<usize>o * reduced * inner) << 2);
    const target = out + ((<usize>o * inner) << 2);
    if (inner == 1) {
      let lanes = f32x4.splat(identity(op));
      let r = 0;
      for (; r + 4 <= reduced; r += 4) lanes = combine(op, lanes, v128.load(block + (<usize>r << 2)));
      let acc = combineScalar(op, combineScalar(op, f32x4.extract_lane(lanes, 0), f32x4.extract_lane(lanes, 1)),
        combineScalar(op, f32x4.extract_lane(lanes, 2), f32x4.extract_lane(lanes, 3)));
      for (; r < reduced; r++) acc = combineScalar(op, acc, load<f32>(block + (<usize>r << 2)));
      store<f32>(target, op == MEAN ? acc * scale : acc);
      continue;
    }
    for (let i = 0; i < inner; i++) store<f32>(target + (<usize>i << 2), identity(op));
    for (let r = 0; r < reduced; r++) {
      const row = block + ((<usize>r * inner) << 2);
      let i = 0;
      for (; i + 4 <= inner; i += 4) v128.store(target + (<usize>i << 2), combine(op, v128.load(target + (<usize>i << 2)), v128.load(row + (<usize>i << 2))));
      for (; i < inner; i++) store<f32>(target + (<usize>i << 2), combineScalar(op, load<f32>(target + (<usize>i << 2)), load<f32>(row + (<usize>i << 2))));
    }
    if (op == MEAN) for (let i = 0; i < inner; i++) store<f32>(target + (<usize>i << 2), load<f32>(target + (<usize>i << 2)) * scale);
  }
}

/** out[o, i] = reduce over r of x[o, r, i] (op: SUM, MEAN, MAX, MIN; NaN propagates through MAX and MIN). */
export function reduce(op: i32, x: usize, out: usize, outer: i32, reduced: i32, inner: i32): void {
  switch (op) {
    case SUM: reduceLoops(SUM, x, out, outer, reduced, inner); break;
    case MEAN: reduceLoops(MEAN, x, out, outer, reduced, inner); break;
    case MAX: reduceLoops(MAX, x, out, outer, reduced, inner); break;
    default: reduceLoops(MIN, x, out, outer, reduced, inner); break;
  }
}

/** Softmax (or, when `logarithm`, log-softmax) of each row of a rows×cols matrix, with exp in float64 as the reference. */
export function softmax(x: usize, out: usize, rows: i32, cols: i32, logarithm: bool): void {
  for (let r = 0; r < rows; r++) {
    const row = x + ((<usize>r * cols) << 2);
    const target = out + ((<usize>r * cols) << 2);
    let top: f64 = -Infinity;
    for (let c = 0; c < cols; c++) {
      const v = <f64>load<f32>(row + (<usize>c << 2));
      if (v > top || v != v) top = v;
    }
    let sum: f64 = 0;
    for (let c = 0; c < cols; c++) sum += Math.exp(<f64>load<f32>(row + (<usize>c << 2)) - top);
    if (logarithm) {
      const shift = top + Math.log(sum);
      for (let c = 0; c < cols; c++) store<f32>(target + (<usize>c << 2), <f32>(<f64>load<f32>(row + (<usize>c << 2)) - shift));
    } else {
      for (let c = 0; c < cols; c++) store<f32>(target + (<usize>c << 2), <f32>(Math.exp(<f64>load<f32>(row + (<usize>c << 2)) - top) / sum));
    }
  }
}

// @ts-ignore: decorator
@inline function beats(largest: bool, v: f32, best: f32): bool {
  // The first NaN wins and nothing beats it, as in the reference (and max's NaN propagation).
  return (largest ? v > best : v < best) || (v != v && best == best);
}

/** out[o, i] (int32) = the first r where x[o, r, i] is the largest (`largest` 1) or smallest (0); reduced ≥ 1. */
export function argExtremum(largest: bool, x: usize, out: usize, outer: i32, reduced: i32, inner: i32): void {
  for (let o = 0; o < outer; o++) {
    const block = x + ((<usize>o * reduced * inner) << 2);
    for (let i = 0; i < inner; i++) {
      let best = load<f32>(block + (<usize>i << 2));
      let at = 0;
      for (let r = 1; r < reduced; r++) {
        const v = load<f32>(block + ((<usize>r * inner + i) << 2));
        if (beats(largest, v, best)) {
          best = v;
          at = r;
        }
      }
      store<i32>(out + ((<usize>o * inner + i) << 2), at);
    }
  }
}
