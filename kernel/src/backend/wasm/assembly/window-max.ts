// The running maximum of pooling windows, shared by the pool kernels and the fused conv-pool
// layer (not exported to JavaScript: these take v128 values).

/** The lanes where `value` replaces the running maximum `best`: larger, or a NaN over a number. */
// @ts-ignore: decorator
@inline export function takeLarger(value: v128, best: v128): v128 {
  return v128.or(f32x4.gt(value, best), v128.andnot(f32x4.ne(value, value), f32x4.ne(best, best)));
}

/** Writes the maximum of four window positions' values and its position (−1 where it is not > 0) at out and argmax. */
// @ts-ignore: decorator
@inline export function poolFour(z0: v128, z1: v128, z2: v128, z3: v128, out: usize, argmax: usize): void {
  let best = z0;
  let where = i32x4.splat(0);
  let take = takeLarger(z1, best);
  best = v128.bitselect(z1, best, take);
  where = v128.bitselect(i32x4.splat(1), where, take);
  take = takeLarger(z2, best);
  best = v128.bitselect(z2, best, take);
  where = v128.bitselect(i32x4.splat(2), where, take);
  take = takeLarger(z3, best);
  best = v128.bitselect(z3, best, take);
  where = v128.bitselect(i32x4.splat(3), where, take);
  storeMax(best, where, out, argmax);
}

/** Stores a window's maximum at out and its position at argmax, −1 where the maximum is not > 0 (relu's gradient is zero there). */
// @ts-ignore: decorator
@inline export function storeMax(best: v128, where: v128, out: usize, argmax: usize): void {
  v128.store(out, best);
  v128.store(argmax, v128.bitselect(where, i32x4.splat(-1), f32x4.gt(best, f32x4.splat(0))));
}

