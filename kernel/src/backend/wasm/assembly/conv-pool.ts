// Graph mode's fused conv layer with a small filter: relu(col·w + bias) (the GEMM with a
// bias-relu epilogue over the column matrix) pooled by 2×2 windows that tile the image, with
// each window's argmax, computed window by window, and its filter and bias gradients summed
// from the pooled gradient and that argmax: neither the layer's full-size output nor its
// full-size gradient is written (for a first layer with k = 9 the GEMMs' time went to storing
// and reading them).
import { madd } from "./simd";
import { shareStart } from "./share";
import { poolFour } from "./window-max";

/**
 * Share `share` of `shares` (whole images) of maxPoolArgmax(relu(col·wt + bias)) for an
 * image [n, h, w, co] whose pixels are col's rows (col [n·h·w, k], wt [k, co], bias [co],
 * co a multiple of 8) and 2×2 windows: the pooled maxima [n, oh, ow, co] into out and their
 * window positions into argmax, as maxPoolArgmax does. Each output element sums its k
 * products from 0 in order with madd and adds the bias after, as the GEMM does, so the bits
 * are matmulBiasRelu's then maxPoolArgmax's.
 */
export function matmulBiasReluMaxPool(col: usize, wt: usize, bias: usize, out: usize, argmax: usize,
  n: i32, h: i32, w: i32, co: i32, k: i32, oh: i32, ow: i32, share: i32, shares: i32): void {
  const from = shareStart(n, share, shares);
  const to = shareStart(n, share + 1, shares);
  const zero = f32x4.splat(0);
  const rowBytes = <usize>k << 2; // one column-matrix row
  const wRow = <usize>co << 2; // one filter row
  let at: usize = (<usize>from * oh * ow * co) << 2;
  for (let b = from; b < to; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const r0 = col + <usize>((b * h + oy * 2) * w + ox * 2) * rowBytes;
        const r1 = r0 + rowBytes;
        const r2 = r0 + <usize>w * rowBytes;
        const r3 = r2 + rowBytes;
        for (let ch: usize = 0; ch < wRow; ch += 32) {
          let a0 = zero, a1 = zero, a2 = zero, a3 = zero, b0 = zero, b1 = zero, b2 = zero, b3 = zero;
          let filter = wt + ch;
          for (let p: usize = 0; p < rowBytes; p += 4) {
            const lo = v128.load(filter);
            const hi = v128.load(filter, 16);
            let x = v128.load32_splat(r0 + p);
            a0 = madd(x, lo, a0); b0 = madd(x, hi, b0);
            x = v128.load32_splat(r1 + p);
            a1 = madd(x, lo, a1); b1 = madd(x, hi, b1);
            x = v128.load32_splat(r2 + p);
            a2 = madd(x, lo, a2); b2 = madd(x, hi, b2);
            x = v128.load32_splat(r3 + p);
            a3 = madd(x, lo, a3); b3 = madd(x, hi, b3);
            filter += wRow;
          }
          const lo = v128.load(bias + ch);
          const hi = v128.load(bias + ch, 16);
          poolFour(f32x4.max(f32x4.add(a0, lo), zero), f32x4.max(f32x4.add(a1, lo), zero), f32x4.max(f32x4.add(a2, lo), zero), f32x4.max(f32x4.add(a3, lo), zero), out + at + ch, argmax + at + ch);
          poolFour(f32x4.max(f32x4.add(b0, hi), zero), f32x4.max(f32x4.add(b1, hi), zero), f32x4.max(f32x4.add(b2, hi), zero), f32x4.max(f32x4.add(b3, hi), zero), out + at + ch + 16, argmax + at + ch + 16);
        }
        at += wRow;
      }
    }
  }
}

/**
 * The dy of four consecutive channels that window position `position` receives: dy where
 * the window's argmax is that position, else 0.
 */
// @ts-ignore: decorator
@inline function routed(g: v128, where: v128, position: i32): v128 {
  return v128.and(g, i32x4.eq(where, i32x4.splat(position)));
}

/**
 * Share `share` of `shares` (whole images) of the filter and bias gradients of the layer
 * matmulBiasReluMaxPool computes, from its argmax and the pooled gradient dy (both
 * [n, oh, ow, co]): dW [k, co] = colᵀ · dz and db [co] = Σ dz, dz being dy routed to each
 * window's argmax (maxPoolArgmaxGrad's image, never written; 0 at pixels no window covers). The share adds into its own
 * k·co + co floats at partials + 4·(k·co + co)·share, zeroed first; the caller adds the
 * shares' partials. co a multiple of 4, 2×2 windows.
 */
export function maxPoolArgmaxFilterGrad(col: usize, argmax: usize, dy: usize, partials: usize,
  n: i32, h: i32, w: i32, co: i32, k: i32, oh: i32, ow: i32, share: i32, shares: i32): void {
  const from = shareStart(n, share, shares);
  const to = shareStart(n, share + 1, shares);
  const dw = partials + ((<usize>share * (k * co + co)) << 2);
  const db = dw + ((<usize>k * co) << 2);
  memory.fill(dw, 0, (<usize>(k * co + co)) << 2);
  const rowBytes = <usize>k << 2;
  const wRow = <usize>co << 2;
  const none = i32x4.splat(-1);
  for (let b = from; b < to; b++) {
    const pooled = (<usize>b * oh * ow * co) << 2;
    const image = col + <usize>b * h * w * rowBytes;
    for (let ch: usize = 0; ch < wRow; ch += 16) {
      let bias = v128.load(db + ch);
      for (let at = pooled + ch, end = pooled + ((<usize>oh * ow * co) << 2); at < end; at += wRow) {
        bias = f32x4.add(bias, v128.andnot(v128.load(dy + at), i32x4.eq(v128.load(argmax + at), none)));
      }
      v128.store(db + ch, bias);
      // Four filter rows at a time in registers, then the rest one at a time.
      let p: usize = 0;
      for (; p + 16 <= rowBytes; p += 16) {
        const out = dw + (p >> 2) * wRow + ch;
        let a0 = v128.load(out), a1 = v128.load(out + wRow), a2 = v128.load(out + 2 * wRow), a3 = v128.load(out + 3 * wRow);
        let at = pooled + ch;
        for (let oy = 0; oy < oh; oy++) {
          let row = image + <usize>(oy * 2 * w) * rowBytes + p;
          for (let ox = 0; ox < ow; ox++) {
            const g = v128.load(dy + at);
            const where = v128.load(argmax + at);
            let r: usize, d: v128;
            r = row;
            d = routed(g, where, 0);
            a0 = madd(v128.load32_splat(r), d, a0); a1 = madd(v128.load32_splat(r, 4), d, a1);
            a2 = madd(v128.load32_splat(r, 8), d, a2); a3 = madd(v128.load32_splat(r, 12), d, a3);
            r = row + rowBytes;
            d = routed(g, where, 1);
            a0 = madd(v128.load32_splat(r), d, a0); a1 = madd(v128.load32_splat(r, 4), d, a1);
            a2 = madd(v128.load32_splat(r, 8), d, a2); a3 = madd(v128.load32_splat(r, 12), d, a3);
            r = row + <usize>w * rowBytes;
            d = routed(g, where, 2);
            a0 = madd(v128.load32_splat(r), d, a0); a1 = madd(v128.load32_splat(r, 4), d, a1);
            a2 = madd(v128.load32_splat(r, 8), d, a2); a3 = madd(v128.load32_splat(r, 12), d, a3);
            r = row + <usize>w * rowBytes + rowBytes;
            d = routed(g, where, 3);
            a0 = madd(v128.load32_splat(r), d, a0); a1 = madd(v128.load32_splat(r, 4), d, a1);
            a2 = madd(v128.load32_splat(r, 8), d, a2); a3 = madd(v128.load32_splat(r, 12), d, a3);
            row += rowBytes << 1;
            at += wRow;
          }
        }
        v128.store(out, a0); v128.store(out + wRow, a1); v128.store(out + 2 * wRow, a2); v128.store(out + 3 * wRow, a3);
      }
      for (; p < rowBytes; p += 4) {
        const out = dw + (p >> 2) * wRow + ch;
        let a = v128.load(out);
        let at = pooled + ch;
        for (let oy = 0; oy < oh; oy++) {
          let r0 = image + <usize>(oy * 2 * w) * rowBytes + p;
          for (let ox = 0; ox < ow; ox++) {
            const g = v128.load(dy + at);
            const where = v128.load(argmax + at);
            const r2 = r0 + <usize>w * rowBytes;
            a = madd(v128.load32_splat(r0), routed(g, where, 0), a);
            a = madd(v128.load32_splat(r0 + rowBytes), routed(g, where, 1), a);
            a = madd(v128.load32_splat(r2), routed(g, where, 2), a);
            a = madd(v128.load32_splat(r2 + rowBytes), routed(g, where, 3), a);
            r0 += rowBytes << 1;
            at += wRow;
          }
        }
        v128.store(out, a);
      }
      // Pixels no window covers have a zero gradient: their products are 0, or NaN for a
      // non-finite input, as in the unfused product (the last row or column of an odd image).
      const zero = f32x4.splat(0);
      for (let y = 0; y < h; y++) {
        for (let x = y < oh * 2 ? ow * 2 : 0; x < w; x++) {
          const row = image + <usize>(y * w + x) * rowBytes;
          for (let q: usize = 0; q < rowBytes; q += 4) {
            const out = dw + (q >> 2) * wRow + ch;
            v128.store(out, madd(v128.load32_splat(row + q), zero, v128.load(out)));
          }
        }
      }
    }
  }
}
