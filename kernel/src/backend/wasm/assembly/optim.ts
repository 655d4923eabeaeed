// Optimizer updates fused into one pass over memory. Separate multiplies and adds (no
// fused multiply-add), so every step rounds to float32 as the op-by-op update does and
// the results are the same bits.
import { shareStart } from "./share";

/** [from, to) of n elements for share `part` of `parts`, cut at multiples of four. */
// @ts-ignore: decorator
@inline function shareFrom(n: i32, part: i32, parts: i32): i32 {
  return part == parts ? n : min(n, shareStart((n + 3) >> 2, part, parts) << 2);
}

/**
 * One Adam step over n floats: m2 = m + (g − m)·c1, v2 = v + (g² − v)·c2,
 * w2 = w − (m2·α)/(√v2 + ε), with α the float at `alpha`; share `share` of `shares` does its part.
 */
export function adamUpdate(w: usize, g: usize, m: usize, v: usize, alpha: usize, w2: usize, m2: usize, v2: usize, n: i32,
  c1: f32, c2: f32, epsilon: f32, share: i32, shares: i32): void {
  const from = shareFrom(n, share, shares);
  const to = shareFrom(n, share + 1, shares);
  const a = load<f32>(alpha);
  const va = f32x4.splat(a), vc1 = f32x4.splat(c1), vc2 = f32x4.splat(c2), veps = f32x4.splat(epsilon);
  let i = from;
  for (; i + 4 <= to; i += 4) {
    const at = <usize>i << 2;
    const gi = v128.load(g + at);
    const mi = v128.load(m + at);
    const vi = v128.load(v + at);
    const mNew = f32x4.add(mi, f32x4.mul(f32x4.sub(gi, mi), vc1));
    const vNew = f32x4.add(vi, f32x4.mul(f32x4.sub(f32x4.mul(gi, gi), vi), vc2));
    v128.store(m2 + at, mNew);
    v128.store(v2 + at, vNew);
    v128.store(w2 + at, f32x4.sub(v128.load(w + at), f32x4.div(f32x4.mul(mNew, va), f32x4.add(f32x4.sqrt(vNew), veps))));
  }
  for (; i < to; i++) {
    const at = <usize>i << 2;
    const gi = load<f32>(g + at);
    const mi = load<f32>(m + at);
    const vi = load<f32>(v + at);
    const mNew = mi + (gi - mi) * c1;
    const vNew = vi + (gi * gi - vi) * c2;
    store<f32>(m2 + at, mNew);
    store<f32>(v2 + at, vNew);
    store<f32>(w2 + at, load<f32>(w + at) - (mNew * a) / (Mathf.sqrt(vNew) + epsilon));
  }
}
