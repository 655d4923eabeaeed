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
 * Adam's step on four floats of gradient `g` at byte offset `at` of the arrays:
 * m2 = m + (g − m)·c1, v2 = v + (g² − v)·c2, w2 = w − (m2·α)/(√v2 + ε).
 */
// @ts-ignore: decorator
@inline function adamFour(g: v128, at: usize, w: usize, m: usize, v: usize, w2: usize, m2: usize, v2: usize, a: v128, c1: v128, c2: v128, epsilon: v128): void {
  const mi = v128.load(m + at);
  const vi = v128.load(v + at);
  const mNew = f32x4.add(mi, f32x4.mul(f32x4.sub(g, mi), c1));
  const vNew = f32x4.add(vi, f32x4.mul(f32x4.sub(f32x4.mul(g, g), vi), c2));
  v128.store(m2 + at, mNew);
  v128.store(v2 + at, vNew);
  v128.store(w2 + at, f32x4.sub(v128.load(w + at), f32x4.div(f32x4.mul(mNew, a), f32x4.add(f32x4.sqrt(vNew), epsilon))));
}

/** adamFour for one float. */
// @ts-ignore: decorator
@inline function adamOne(g: f32, at: usize, w: usize, m: usize, v: usize, w2: usize, m2: usize, v2: usize, a: f32, c1: f32, c2: f32, epsilon: f32): void {
  const mi = load<f32>(m + at);
  const vi = load<f32>(v + at);
  const mNew = mi + (g - mi) * c1;
  const vNew = vi + (g * g - vi) * c2;
  store<f32>(m2 + at, mNew);
  store<f32>(v2 + at, vNew);
  store<f32>(w2 + at, load<f32>(w + at) - (mNew * a) / (Mathf.sqrt(vNew) + epsilon));
}

/**
 * One Adam step over n floats (see adamFour), with α the float at `alpha`; share `share` of
 * `shares` does its part.
 */
export function adamUpdate(w: usize, g: usize, m: usize, v: usize, alpha: usize, w2: usize, m2: usize, v2: usize, n: i32,
  c1: f32, c2: f32, epsilon: f32, share: i32, shares: i32): void {
  const from = shareFrom(n, share, shares);
  const to = shareFrom(n, share + 1, shares);
  const a = load<f32>(alpha);
  const va = f32x4.splat(a), vc1 = f32x4.splat(c1), vc2 = f32x4.splat(c2), veps = f32x4.splat(epsilon);
  let i = from;
  for (; i + 4 <= to; i += 4) adamFour(v128.load(g + (<usize>i << 2)), <usize>i << 2, w, m, v, w2, m2, v2, va, vc1, vc2, veps);
  for (; i < to; i++) adamOne(load<f32>(g + (<usize>i << 2)), <usize>i << 2, w, m, v, w2, m2, v2, a, c1, c2, epsilon);
}

// An Adam step fused into a GEMM (graph mode's matmulAdamUpdate: a weight's gradient that only
// Adam reads): the GEMM calls adamRows on each block of C it completes, while the block is
// still in the cache, and this block of memory — written once per product by adamEpilogue —
// says where Adam's arrays are. Layout (bytes): w, m, v, α's address, w2, m2, v2 (pointers),
// then 1 − β1, 1 − β2, ε (float32).
const BLOCK_C1: usize = 28;
const BLOCK_C2: usize = 32;
const BLOCK_EPSILON: usize = 36;

/** Bytes of the block adamEpilogue writes. */
export const ADAM_EPILOGUE_BYTES: i32 = 40;

/** Writes an Adam epilogue's block at `block` (ADAM_EPILOGUE_BYTES bytes): see the comment above. */
export function adamEpilogue(block: usize, w: usize, m: usize, v: usize, alpha: usize, w2: usize, m2: usize, v2: usize, c1: f32, c2: f32, epsilon: f32): void {
  store<usize>(block, w);
  store<usize>(block, m, 4);
  store<usize>(block, v, 8);
  store<usize>(block, alpha, 12);
  store<usize>(block, w2, 16);
  store<usize>(block, m2, 20);
  store<usize>(block, v2, 24);
  store<f32>(block + BLOCK_C1, c1);
  store<f32>(block + BLOCK_C2, c2);
  store<f32>(block + BLOCK_EPSILON, epsilon);
}

/**
 * Adam's step (see adamUpdate) on rows [row0, row1) × columns [col0, col1) of a weight whose
 * gradient is C (row length n floats), with the arrays and constants of the epilogue `block`.
 */
export function adamRows(block: usize, c: usize, n: i32, row0: i32, row1: i32, col0: i32, col1: i32): void {
  const w = load<usize>(block), m = load<usize>(block, 4), v = load<usize>(block, 8);
  const w2 = load<usize>(block, 16), m2 = load<usize>(block, 20), v2 = load<usize>(block, 24);
  const a = load<f32>(load<usize>(block, 12));
  const c1 = load<f32>(block + BLOCK_C1), c2 = load<f32>(block + BLOCK_C2), epsilon = load<f32>(block + BLOCK_EPSILON);
  const va = f32x4.splat(a), vc1 = f32x4.splat(c1), vc2 = f32x4.splat(c2), veps = f32x4.splat(epsilon);
  for (let row = row0; row < row1; row++) {
    let at = (<usize>row * n + col0) << 2;
    const end = (<usize>row * n + col1) << 2;
    for (; at + 16 <= end; at += 16) adamFour(v128.load(c + at), at, w, m, v, w2, m2, v2, va, vc1, vc2, veps);
    for (; at < end; at += 4) adamOne(load<f32>(c + at), at, w, m, v, w2, m2, v2, a, c1, c2, epsilon);
  }
}
