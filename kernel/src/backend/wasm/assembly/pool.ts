// Max pooling over NHWC images and its two gradient ops, all routed through the same
// argmax (the first maximum on ties; a NaN wins, so it propagates), as the reference does.
// For each output pixel the window positions are the outer loop and the channels the
// inner one, four lanes at a time, so reads are contiguous and the inner loop has no
// branches; the running maxima and their flat indices live in `scratch` (8·c bytes per share).
import { shareStart } from "./share";
import { poolFour, storeMax, takeLarger } from "./window-max";

export const POOL = 0, POOL_GRAD = 1, POOL_GRAD_GRAD = 2, POOL_RELU_GRAD = 3;

/** Starts the running maxima of c channels at the window position `pixel` (a flat index into x of channel 0). */
// @ts-ignore: decorator
@inline function start(x: usize, pixel: i32, c: i32, best: usize, args: usize): void {
  let ch = 0;
  for (; ch + 4 <= c; ch += 4) {
    const at = <usize>ch << 2;
    v128.store(best + at, v128.load(x + ((<usize>(pixel + ch)) << 2)));
    v128.store(args + at, i32x4.add(i32x4.splat(pixel + ch), i32x4(0, 1, 2, 3)));
  }
  for (; ch < c; ch++) {
    store<f32>(best + (<usize>ch << 2), load<f32>(x + (<usize>(pixel + ch) << 2)));
    store<i32>(args + (<usize>ch << 2), pixel + ch);
  }
}

/** Zeroes the positions of images [from, to) of out [n, h, w, c] outside the first `rows` rows and `columns` columns (no window of a tiling pool covers them). */
function zeroUncovered(out: usize, from: i32, to: i32, h: i32, w: i32, c: i32, rows: i32, columns: i32): void {
  if (rows >= h && columns >= w) return;
  const rowBytes = (<usize>w * c) << 2;
  for (let b = from; b < to; b++) {
    const image = out + <usize>b * h * rowBytes;
    for (let y = 0; y < rows; y++) memory.fill(image + <usize>y * rowBytes + ((<usize>columns * c) << 2), 0, (<usize>(w - columns) * c) << 2);
    memory.fill(image + <usize>rows * rowBytes, 0, <usize>(h - rows) * rowBytes);
  }
}

/** Updates the running maxima of c channels with the window position `pixel`: a larger value wins, and a NaN over a number. */
// @ts-ignore: decorator
@inline function update(x: usize, pixel: i32, c: i32, best: usize, args: usize): void {
  let ch = 0;
  for (; ch + 4 <= c; ch += 4) {
    const at = <usize>ch << 2;
    const value = v128.load(x + ((<usize>(pixel + ch)) << 2));
    const current = v128.load(best + at);
    const take = takeLarger(value, current);
    v128.store(best + at, v128.bitselect(value, current, take));
    v128.store(args + at, v128.bitselect(i32x4.add(i32x4.splat(pixel + ch), i32x4(0, 1, 2, 3)), v128.load(args + at), take));
  }
  for (; ch < c; ch++) {
    const value = load<f32>(x + (<usize>(pixel + ch) << 2));
    const current = load<f32>(best + (<usize>ch << 2));
    if (value > current || (value != value && current == current)) {
      store<f32>(best + (<usize>ch << 2), value);
      store<i32>(args + (<usize>ch << 2), pixel + ch);
    }
  }
}

/**
 * For each output element i (pixel × channel) with window argmax a in x:
 * POOL: out[i] = x[a]; POOL_GRAD: out[a] += src[i] (out is x-shaped; each share zeroes its images first);
 * POOL_GRAD_GRAD: out[i] = src[a] (src is x-shaped); POOL_RELU_GRAD: as POOL_GRAD where
 * x[a] > 0 (see maxPoolReluGrad). An empty window (all padding) has no argmax: NaN in POOL
 * and POOL_GRAD_GRAD, nothing in POOL_GRAD and POOL_RELU_GRAD.
 */
export function maxPool(mode: i32, x: usize, src: usize, out: usize, n: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32,
  ph: i32, pw: i32, sh: i32, sw: i32, top: i32, left: i32, scratch: usize, share: i32, shares: i32): void {
  // Share `share` of `shares` takes its images (and 8·c bytes of scratch of its own): no two write the same element.
  const best = scratch + ((<usize>share * c) << 3);
  const args = best + (<usize>c << 2);
  const from = shareStart(n, share, shares);
  const to = shareStart(n, share + 1, shares);
  let i: usize = <usize>from * oh * ow * c;
  // A window's argmax lies in its own image, so a share adds only into the images it zeroed.
  if (mode == POOL_GRAD || mode == POOL_RELU_GRAD) memory.fill(out + ((<usize>from * h * w * c) << 2), 0, (<usize>(to - from) * h * w * c) << 2);
  for (let b = from; b < to; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        let empty = true;
        for (let ky = 0; ky < ph; ky++) {
          const iy = oy * sh - top + ky;
          if (iy < 0 || iy >= h) continue;
          for (let kx = 0; kx < pw; kx++) {
            const ix = ox * sw - left + kx;
            if (ix < 0 || ix >= w) continue;
            const pixel = ((b * h + iy) * w + ix) * c;
            if (empty) start(x, pixel, c, best, args);
            else update(x, pixel, c, best, args);
            empty = false;
          }
        }
        if (empty) {
          if (mode == POOL || mode == POOL_GRAD_GRAD) for (let ch = 0; ch < c; ch++) store<f32>(out + ((i + ch) << 2), NaN);
        } else if (mode == POOL) {
          memory.copy(out + (i << 2), best, <usize>c << 2);
        } else if (mode == POOL_GRAD || mode == POOL_RELU_GRAD) {
          for (let ch = 0; ch < c; ch++) {
            const at = <usize>load<i32>(args + (<usize>ch << 2)) << 2;
            if (mode == POOL_GRAD || load<f32>(x + at) > 0) store<f32>(out + at, load<f32>(out + at) + load<f32>(src + ((i + ch) << 2)));
          }
        } else {
          for (let ch = 0; ch < c; ch++) store<f32>(out + ((i + ch) << 2), load<f32>(src + (<usize>load<i32>(args + (<usize>ch << 2)) << 2)));
        }
        i += c;
      }
    }
  }
}

/**
 * Share `share` of `shares` of where(x > 0, maxPoolGrad(x, dy), 0) for windows that tile x
 * (stride = window, no padding) and c a multiple of 4: graph mode's fused gradient of
 * relu → maxPool, x being relu's output (x > 0 exactly where relu's input is). Each window
 * writes all its positions, four channels at a time, so nothing is zeroed or scattered:
 * dy at the first position that equals the window's maximum when that maximum is > 0, else 0
 * (a NaN maximum compares unequal everywhere: zero, as where(NaN > 0) gives). Positions no
 * window covers (the last rows or columns of a floor-divided image) are zeroed.
 * With `sums` (else 0), the share also adds what it wrote per channel into its c zeroed floats
 * at sums + 4·c·share (a conv layer's bias gradient, summed over the shares by the caller).
 */
export function maxPoolReluGrad(x: usize, dy: usize, out: usize, sums: usize, n: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32,
  ph: i32, pw: i32, share: i32, shares: i32): void {
  const partial = sums + ((<usize>share * c) << 2);
  const from = shareStart(n, share, shares);
  const to = shareStart(n, share + 1, shares);
  const zero = f32x4.splat(0);
  zeroUncovered(out, from, to, h, w, c, oh * ph, ow * pw);
  if (ph == 2 && pw == 2) {
    reluGrad2x2(x, dy, out, sums != 0 ? partial : 0, from, to, h, w, c, oh, ow);
    return;
  }
  for (let b = from; b < to; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const corner = <usize>((b * h + oy * ph) * w + ox * pw) * c;
        const grad = dy + ((<usize>((b * oh + oy) * ow + ox) * c) << 2);
        for (let ch = 0; ch < c; ch += 4) {
          let best = v128.load(x + ((corner + ch) << 2));
          for (let ky = 0; ky < ph; ky++) {
            for (let kx = 0; kx < pw; kx++) best = f32x4.max(best, v128.load(x + ((corner + <usize>(ky * w + kx) * c + ch) << 2)));
          }
          const g = v128.load(grad + (<usize>ch << 2));
          let open = f32x4.gt(best, zero); // lanes whose gradient is still to be placed
          if (sums != 0) {
            const at = partial + (<usize>ch << 2);
            v128.store(at, f32x4.add(v128.load(at), v128.and(g, open)));
          }
          for (let ky = 0; ky < ph; ky++) {
            for (let kx = 0; kx < pw; kx++) {
              const at = (corner + <usize>(ky * w + kx) * c + ch) << 2;
              const take = v128.and(f32x4.eq(v128.load(x + at), best), open);
              open = v128.andnot(open, take);
              v128.store(out + at, v128.and(g, take));
            }
          }
        }
      }
    }
  }
}

/**
 * maxPoolReluGrad's 2×2 windows for images [from, to): the four positions of four channels
 * stay in registers (the general loop loads them twice), the same result bit for bit.
 */
// @ts-ignore: decorator
@inline function reluGrad2x2(x: usize, dy: usize, out: usize, partial: usize, from: i32, to: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32): void {
  const zero = f32x4.splat(0);
  const right = <usize>c << 2; // bytes from a window's left column to its right one
  const below = (<usize>w * c) << 2; // bytes from a window's top row to its bottom one
  for (let b = from; b < to; b++) {
    for (let oy = 0; oy < oh; oy++) {
      let top = x + ((<usize>((b * h + oy * 2) * w) * c) << 2);
      let target = out + (top - x);
      let grad = dy + ((<usize>((b * oh + oy) * ow) * c) << 2);
      for (let ox = 0; ox < ow; ox++) {
        for (let ch: usize = 0; ch < (<usize>c << 2); ch += 16) {
          const a = v128.load(top + ch), r = v128.load(top + right + ch);
          const d = v128.load(top + below + ch), e = v128.load(top + below + right + ch);
          const best = f32x4.max(f32x4.max(a, r), f32x4.max(d, e));
          const g = v128.load(grad + ch);
          let open = f32x4.gt(best, zero);
          if (partial != 0) v128.store(partial + ch, f32x4.add(v128.load(partial + ch), v128.and(g, open)));
          let take = v128.and(f32x4.eq(a, best), open);
          open = v128.andnot(open, take);
          v128.store(target + ch, v128.and(g, take));
          take = v128.and(f32x4.eq(r, best), open);
          open = v128.andnot(open, take);
          v128.store(target + right + ch, v128.and(g, take));
          take = v128.and(f32x4.eq(d, best), open);
          open = v128.andnot(open, take);
          v128.store(target + below + ch, v128.and(g, take));
          v128.store(target + below + right + ch, v128.and(g, v128.and(f32x4.eq(e, best), open)));
        }
        top += right << 1;
        target += right << 1;
        grad += right;
      }
    }
  }
}

/**
 * Share `share` of `shares` of maxPoolArgmax for windows that tile x (stride = window, no
 * padding) and c a multiple of 4: the pooled maxima into `out` (as POOL: the first maximum, a
 * NaN wins) and each one's window position ky·pw + kx into `argmax` (int32), −1 where the
 * maximum is not > 0 (graph mode's relu → maxPool layers: relu's gradient is zero there).
 */
export function maxPoolArgmax(x: usize, out: usize, argmax: usize, n: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32,
  ph: i32, pw: i32, share: i32, shares: i32): void {
  const from = shareStart(n, share, shares);
  const to = shareStart(n, share + 1, shares);
  if (ph == 2 && pw == 2) {
    argmax2x2(x, out, argmax, from, to, h, w, c, oh, ow);
    return;
  }
  const channelBytes = <usize>c << 2;
  for (let b = from; b < to; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const corner = x + ((<usize>((b * h + oy * ph) * w + ox * pw) * c) << 2);
        const at = (<usize>((b * oh + oy) * ow + ox) * c) << 2;
        for (let ch: usize = 0; ch < channelBytes; ch += 16) {
          let best = v128.load(corner + ch);
          let where = i32x4.splat(0);
          for (let ky = 0; ky < ph; ky++) {
            for (let kx = ky == 0 ? 1 : 0; kx < pw; kx++) {
              const value = v128.load(corner + ((<usize>(ky * w + kx) * c) << 2) + ch);
              const take = takeLarger(value, best);
              best = v128.bitselect(value, best, take);
              where = v128.bitselect(i32x4.splat(ky * pw + kx), where, take);
            }
          }
          storeMax(best, where, out + at + ch, argmax + at + ch);
        }
      }
    }
  }
}

/** maxPoolArgmax's 2×2 windows for images [from, to), unrolled: the same results. */
// @ts-ignore: decorator
@inline function argmax2x2(x: usize, out: usize, argmax: usize, from: i32, to: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32): void {
  const right = <usize>c << 2;
  const below = (<usize>w * c) << 2;
  let at: usize = (<usize>from * oh * ow * c) << 2;
  for (let b = from; b < to; b++) {
    for (let oy = 0; oy < oh; oy++) {
      let top = x + ((<usize>((b * h + oy * 2) * w) * c) << 2);
      for (let ox = 0; ox < ow; ox++) {
        for (let ch: usize = 0; ch < right; ch += 16) {
          poolFour(v128.load(top + ch), v128.load(top + right + ch), v128.load(top + below + ch), v128.load(top + below + right + ch), out + at + ch, argmax + at + ch);
        }
        top += right << 1;
        at += right;
      }
    }
  }
}

/**
 * Share `share` of `shares` of maxPoolArgmaxGrad for windows that tile the image and c a
 * multiple of 4: each window writes all its positions, dy where `argmax` names the position
 * and 0 elsewhere (and at positions no window covers). With `sums` (else 0),
 * the share adds what it wrote per channel into its c zeroed floats at sums + 4·c·share, in
 * the order maxPoolReluGrad adds them (the same bits).
 */
export function maxPoolArgmaxGrad(argmax: usize, dy: usize, out: usize, sums: usize, n: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32,
  ph: i32, pw: i32, share: i32, shares: i32): void {
  const partial = sums + ((<usize>share * c) << 2);
  const from = shareStart(n, share, shares);
  const to = shareStart(n, share + 1, shares);
  const none = i32x4.splat(-1);
  const channelBytes = <usize>c << 2;
  zeroUncovered(out, from, to, h, w, c, oh * ph, ow * pw);
  for (let b = from; b < to; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const corner = out + ((<usize>((b * h + oy * ph) * w + ox * pw) * c) << 2);
        const at = (<usize>((b * oh + oy) * ow + ox) * c) << 2;
        for (let ch: usize = 0; ch < channelBytes; ch += 16) {
          const where = v128.load(argmax + at + ch);
          const g = v128.load(dy + at + ch);
          if (sums != 0) v128.store(partial + ch, f32x4.add(v128.load(partial + ch), v128.andnot(g, i32x4.eq(where, none))));
          for (let ky = 0; ky < ph; ky++) {
            for (let kx = 0; kx < pw; kx++) {
              v128.store(corner + ((<usize>(ky * w + kx) * c) << 2) + ch, v128.and(g, i32x4.eq(where, i32x4.splat(ky * pw + kx))));
            }
          }
        }
      }
    }
  }
}
