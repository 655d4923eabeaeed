// Max pooling over NHWC images and its two gradient ops, all routed through the same
// argmax (the first maximum on ties; a NaN wins, so it propagates), as the reference does.
// Window positions are the outer loops and channels the inner one, so reads are
// contiguous. Channels go four lanes at a time, with each lane's running maximum and
// argmax in registers; the last c mod 4 channels keep theirs in `scratch` (8·c + 16 bytes).

export const POOL = 0, POOL_GRAD = 1, POOL_GRAD_GRAD = 2;

/**
 * The argmax (flat index into x, or −1 for an empty window) of four channels of one
 * pooling window, as i32 lanes; the maxima themselves go to `maxima` (16 bytes).
 */
// @ts-ignore: decorator
@inline function windowArgmax4(maxima: usize, x: usize, b: i32, oy: i32, ox: i32, ch: i32, h: i32, w: i32, c: i32,
  ph: i32, pw: i32, sh: i32, sw: i32, top: i32, left: i32): v128 {
  let best = f32x4.splat(0);
  let args = i32x4.splat(-1);
  const lane = i32x4(0, 1, 2, 3);
  for (let ky = 0; ky < ph; ky++) {
    const iy = oy * sh - top + ky;
    if (iy < 0 || iy >= h) continue;
    for (let kx = 0; kx < pw; kx++) {
      const ix = ox * sw - left + kx;
      if (ix < 0 || ix >= w) continue;
      const at = ((b * h + iy) * w + ix) * c + ch;
      const value = v128.load(x + (<usize>at << 2));
      // Take the value where nothing is taken yet, where it is larger, or where it is NaN and the best is not.
      const take = v128.or(v128.or(i32x4.lt_s(args, i32x4.splat(0)), f32x4.gt(value, best)),
        v128.andnot(f32x4.ne(value, value), f32x4.ne(best, best)));
      best = v128.bitselect(value, best, take);
      args = v128.bitselect(i32x4.add(i32x4.splat(at), lane), args, take);
    }
  }
  v128.store(maxima, best);
  return args;
}

/** Writes output element i from its argmax `arg` in `mode` (see maxPool). */
// @ts-ignore: decorator
@inline function emit(mode: i32, arg: i32, x: usize, src: usize, out: usize, i: usize): void {
  const at = <usize>arg << 2;
  if (mode == POOL) store<f32>(out + (i << 2), arg < 0 ? NaN : load<f32>(x + at));
  else if (mode == POOL_GRAD) {
    if (arg >= 0) store<f32>(out + at, load<f32>(out + at) + load<f32>(src + (i << 2)));
  } else store<f32>(out + (i << 2), arg < 0 ? NaN : load<f32>(src + at));
}

/**
 * For each output element i (pixel × channel) with window argmax a in x:
 * POOL: out[i] = x[a]; POOL_GRAD: out[a] += src[i] (out is x-shaped and zeroed);
 * POOL_GRAD_GRAD: out[i] = src[a] (src is x-shaped).
 */
export function maxPool(mode: i32, x: usize, src: usize, out: usize, n: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32,
  ph: i32, pw: i32, sh: i32, sw: i32, top: i32, left: i32, scratch: usize): void {
  const best = scratch;
  const args = scratch + (<usize>c << 2);
  const maxima = scratch + (<usize>c << 3);
  const vectorChannels = c & ~3;
  let i: usize = 0;
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        for (let ch = 0; ch < vectorChannels; ch += 4) {
          const lanes = windowArgmax4(maxima, x, b, oy, ox, ch, h, w, c, ph, pw, sh, sw, top, left);
          if (mode == POOL) {
            v128.store(out + (i << 2), v128.bitselect(v128.load(maxima), f32x4.splat(NaN), i32x4.ge_s(lanes, i32x4.splat(0))));
          } else {
            emit(mode, i32x4.extract_lane(lanes, 0), x, src, out, i);
            emit(mode, i32x4.extract_lane(lanes, 1), x, src, out, i + 1);
            emit(mode, i32x4.extract_lane(lanes, 2), x, src, out, i + 2);
            emit(mode, i32x4.extract_lane(lanes, 3), x, src, out, i + 3);
          }
          i += 4;
        }
        for (let ch = vectorChannels; ch < c; ch++) store<i32>(args + (<usize>ch << 2), -1);
        for (let ky = 0; ky < ph; ky++) {
          const iy = oy * sh - top + ky;
          if (iy < 0 || iy >= h) continue;
          for (let kx = 0; kx < pw; kx++) {
            const ix = ox * sw - left + kx;
            if (ix < 0 || ix >= w) continue;
            const pixel = ((b * h + iy) * w + ix) * c;
            for (let ch = vectorChannels; ch < c; ch++) {
              const value = load<f32>(x + (<usize>(pixel + ch) << 2));
              const current = load<f32>(best + (<usize>ch << 2));
              if (load<i32>(args + (<usize>ch << 2)) < 0 || value > current || (value != value && current == current)) {
                store<f32>(best + (<usize>ch << 2), value);
                store<i32>(args + (<usize>ch << 2), pixel + ch);
              }
            }
          }
        }
        for (let ch = vectorChannels; ch < c; ch++) {
          emit(mode, load<i32>(args + (<usize>ch << 2)), x, src, out, i);
          i++;
        }
      }
    }
  }
}
