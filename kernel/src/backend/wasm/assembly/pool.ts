// Max pooling over NHWC images and its two gradient ops, all routed through the same
// argmax (the first maximum on ties; a NaN wins, so it propagates), as the reference does.
// Window positions are the outer loops and channels the inner one, so reads are
// contiguous; each pixel's running maxima and their indices live in `scratch` (8·c bytes).

export const POOL = 0, POOL_GRAD = 1, POOL_GRAD_GRAD = 2;

/**
 * For each output element i (pixel × channel) with window argmax a in x:
 * POOL: out[i] = x[a]; POOL_GRAD: out[a] += src[i] (out is x-shaped and zeroed);
 * POOL_GRAD_GRAD: out[i] = src[a] (src is x-shaped).
 */
export function maxPool(mode: i32, x: usize, src: usize, out: usize, n: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32,
  ph: i32, pw: i32, sh: i32, sw: i32, top: i32, left: i32, scratch: usize): void {
  const best = scratch;
  const args = scratch + (<usize>c << 2);
  let i: usize = 0;
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        for (let ch = 0; ch < c; ch++) store<i32>(args + (<usize>ch << 2), -1);
        for (let ky = 0; ky < ph; ky++) {
          const iy = oy * sh - top + ky;
          if (iy < 0 || iy >= h) continue;
          for (let kx = 0; kx < pw; kx++) {
            const ix = ox * sw - left + kx;
            if (ix < 0 || ix >= w) continue;
            const pixel = ((b * h + iy) * w + ix) * c;
            for (let ch = 0; ch < c; ch++) {
              const value = load<f32>(x + (<usize>(pixel + ch) << 2));
              const current = load<f32>(best + (<usize>ch << 2));
              if (load<i32>(args + (<usize>ch << 2)) < 0 || value > current || (value != value && current == current)) {
                store<f32>(best + (<usize>ch << 2), value);
                store<i32>(args + (<usize>ch << 2), pixel + ch);
              }
            }
          }
        }
        for (let ch = 0; ch < c; ch++) {
          const arg = load<i32>(args + (<usize>ch << 2));
          const at = <usize>arg << 2;
          if (mode == POOL) store<f32>(out + (i << 2), arg < 0 ? NaN : load<f32>(best + (<usize>ch << 2)));
          else if (mode == POOL_GRAD) {
            if (arg >= 0) store<f32>(out + at, load<f32>(out + at) + load<f32>(src + (i << 2)));
          } else store<f32>(out + (i << 2), arg < 0 ? NaN : load<f32>(src + at));
          i++;
        }
      }
    }
  }
}
