// im2col and col2im for NHWC images and HWIO filters, so the conv2d family becomes GEMMs:
// row (b, oy, ox) of the column matrix holds the fh·fw·c input values its output pixel
// sees, in the filter's (ky, kx, channel) order, zeros where the window leaves the image.
// The channels of one tap are contiguous in both, so each tap is one copy of c floats, and
// a filter row of undilated taps inside the image one copy of fw·c floats.
import { shareStart } from "./share";

/** Copies c floats (four at a time). */
// @ts-ignore: decorator
@inline function copy(from: usize, to: usize, c: i32): void {
  let i = 0;
  for (; i + 4 <= c; i += 4) v128.store(to + (<usize>i << 2), v128.load(from + (<usize>i << 2)));
  for (; i < c; i++) store<f32>(to + (<usize>i << 2), load<f32>(from + (<usize>i << 2)));
}

/** Adds c floats into `to` (four at a time). */
// @ts-ignore: decorator
@inline function accumulate(from: usize, to: usize, c: i32): void {
  let i = 0;
  for (; i + 4 <= c; i += 4) v128.store(to + (<usize>i << 2), f32x4.add(v128.load(to + (<usize>i << 2)), v128.load(from + (<usize>i << 2))));
  for (; i < c; i++) store<f32>(to + (<usize>i << 2), load<f32>(to + (<usize>i << 2)) + load<f32>(from + (<usize>i << 2)));
}

/**
 * The column matrix [n·oh·ow, fh·fw·c] of image x [n, h, w, c] (or, when `back`, the
 * reverse: adds each column entry into its image position of x, which must start zeroed),
 * for the images of share `share` of `shares` (shares own whole images, so no two write
 * the same element).
 */
export function im2col(x: usize, col: usize, n: i32, h: i32, w: i32, c: i32, fh: i32, fw: i32, oh: i32, ow: i32,
  sh: i32, sw: i32, dh: i32, dw: i32, top: i32, left: i32, back: bool, share: i32, shares: i32): void {
  const tapBytes = <usize>c << 2;
  const from = shareStart(n, share, shares);
  const to = shareStart(n, share + 1, shares);
  let row = col + <usize>from * oh * ow * fh * fw * tapBytes;
  for (let b = from; b < to; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const ix0 = ox * sw - left;
        // Undilated taps of one filter row that all fall inside the image are fw·c adjacent floats in both.
        const wholeRows = dw == 1 && ix0 >= 0 && ix0 + fw <= w;
        for (let ky = 0; ky < fh; ky++) {
          const iy = oy * sh - top + ky * dh;
          if (wholeRows && iy >= 0 && iy < h) {
            const pixel = x + ((<usize>((b * h + iy) * w + ix0) * c) << 2);
            if (back) accumulate(row, pixel, fw * c);
            else copy(pixel, row, fw * c);
            row += tapBytes * fw;
            continue;
          }
          for (let kx = 0; kx < fw; kx++) {
            const ix = ox * sw - left + kx * dw;
            if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
              if (!back) memory.fill(row, 0, tapBytes);
            } else {
              const pixel = x + ((<usize>((b * h + iy) * w + ix) * c) << 2);
              if (back) accumulate(row, pixel, c);
              else copy(pixel, row, c);
            }
            row += tapBytes;
          }
        }
      }
    }
  }
}
