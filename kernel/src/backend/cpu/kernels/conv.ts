import { registerCpuKernel } from "../register.js";
import { allocate, type TypedArray } from "../../../tensor/dtype.js";
import type { Shape } from "../../../tensor/shape.js";
import type { ConvAttrs, ConvFilterAttrs, ConvTransposeAttrs } from "../../../tensor/ops/conv.js";
import type { Im2colAttrs } from "../../../tensor/ops/graph-only/im2col-op.js";
import { checkInterrupt } from "../../../tensor/interrupt-check.js";

// Direct loops for the conv2d family (NHWC images, HWIO filters, grouped channels). All three
// kernels walk the same (output pixel, filter tap) pairs; the innermost loop runs over
// output channels, which are contiguous in both the filter and the output, and sums are
// kept in float64 and rounded once into the output dtype.

/** The geometry all three kernels share: image [n, h, w, c], filter [fh, fw, cg, co], output [n, oh, ow, co]. */
interface Geometry {
  n: number; h: number; w: number; c: number;
  fh: number; fw: number; cg: number; co: number;
  oh: number; ow: number;
  og: number; groups: number;
  sh: number; sw: number; dh: number; dw: number; top: number; left: number;
}

function geometry(image: Shape, filter: Shape, output: Shape, attrs: ConvAttrs): Geometry {
  const [n, h, w, c] = image as [number, number, number, number];
  const [fh, fw, cg, co] = filter as [number, number, number, number];
  return {
    n, h, w, c, fh, fw, cg, co,
    oh: output[1]!, ow: output[2]!,
    groups: attrs.groups, og: co / attrs.groups,
    sh: attrs.strides[0], sw: attrs.strides[1], dh: attrs.dilations[0], dw: attrs.dilations[1],
    top: attrs.pads[0], left: attrs.pads[2],
  };
}

/**
 * Calls `visit(pixel, image, tap)` for every output pixel and every filter tap that lands
 * inside the image: `pixel` is the flat offset of output channel 0, `image` of image
 * channel 0 and `tap` of filter (ky, kx, 0, 0).
 */
function forEachTap(g: Geometry, visit: (pixel: number, image: number, tap: number) => void, pixelDone?: (pixel: number) => void): void {
  for (let b = 0; b < g.n; b++) {
    for (let oy = 0; oy < g.oh; oy++) {
      checkInterrupt();
      for (let ox = 0; ox < g.ow; ox++) {
        const pixel = ((b * g.oh + oy) * g.ow + ox) * g.co;
        for (let ky = 0; ky < g.fh; ky++) {
          const iy = oy * g.sh - g.top + ky * g.dh;
          if (iy < 0 || iy >= g.h) continue;
          for (let kx = 0; kx < g.fw; kx++) {
            const ix = ox * g.sw - g.left + kx * g.dw;
            if (ix < 0 || ix >= g.w) continue;
            visit(pixel, ((b * g.h + iy) * g.w + ix) * g.c, (ky * g.fw + kx) * g.cg * g.co);
          }
        }
        pixelDone?.(pixel);
      }
    }
  }
}

/** y[pixel, o] = Σ over taps and the group's channels of x · w. */
function convForward(x: TypedArray, w: TypedArray, g: Geometry, out: TypedArray): void {
  const acc = new Float64Array(g.co);
  const { cg, co, og, groups } = g;
  forEachTap(
    g,
    (_pixel, image, tap) => {
      for (let group = 0; group < groups; group++) {
        const base = group * og;
        for (let cl = 0; cl < cg; cl++) {
          const xv = x[image + group * cg + cl]!;
          const row = tap + cl * co + base;
          for (let o = 0; o < og; o++) acc[base + o] += xv * w[row + o]!;
        }
      }
    },
    (pixel) => {
      out.set(acc, pixel);
      acc.fill(0);
    },
  );
}

/** dx[image, c] += Σ over output channels of the group of dy · w (scatter of conv2d's adjoint). */
function convTranspose(dy: TypedArray, w: TypedArray, g: Geometry, acc: Float64Array): void {
  const { cg, co, og, groups } = g;
  forEachTap(g, (pixel, image, tap) => {
    for (let group = 0; group < groups; group++) {
      const base = group * og;
      for (let cl = 0; cl < cg; cl++) {
        const row = tap + cl * co + base;
        let s = 0;
        for (let o = 0; o < og; o++) s += dy[pixel + base + o]! * w[row + o]!;
        acc[image + group * cg + cl] += s;
      }
    }
  });
}

/** dw[tap, c, o] += x[image, c] · dy[pixel, o]. */
function convFilter(x: TypedArray, dy: TypedArray, g: Geometry, acc: Float64Array): void {
  const { cg, co, og, groups } = g;
  forEachTap(g, (pixel, image, tap) => {
    for (let group = 0; group < groups; group++) {
      const base = group * og;
      for (let cl = 0; cl < cg; cl++) {
        const xv = x[image + group * cg + cl]!;
        const row = tap + cl * co + base;
        for (let o = 0; o < og; o++) acc[row + o] += xv * dy[pixel + base + o]!;
      }
    }
  });
}

registerCpuKernel<ConvAttrs>("conv2d", ([x, w], attrs, [out]) => {
  const result = allocate(out!.dtype, out!.shape.reduce((p, d) => p * d, 1));
  convForward(x!.values, w!.values, geometry(x!.shape, w!.shape, out!.shape, attrs), result);
  return result;
});

registerCpuKernel<ConvTransposeAttrs>("conv2dTranspose", ([dy, w], attrs, [out]) => {
  const acc = new Float64Array(out!.shape.reduce((p, d) => p * d, 1));
  convTranspose(dy!.values, w!.values, geometry(attrs.outputShape, w!.shape, dy!.shape, attrs), acc);
  const result = allocate(out!.dtype, acc.length);
  result.set(acc);
  return result;
});

registerCpuKernel<ConvFilterAttrs>("conv2dBackpropFilter", ([x, dy], attrs, [out]) => {
  const acc = new Float64Array(out!.shape.reduce((p, d) => p * d, 1));
  convFilter(x!.values, dy!.values, geometry(x!.shape, attrs.filterShape, dy!.shape, attrs), acc);
  const result = allocate(out!.dtype, acc.length);
  result.set(acc);
  return result;
});

// Graph mode's column matrix (graph/passes/conv-columns.ts, groups = 1): row r is output
// pixel r's window, in the filter's (ky, kx, channel) order, zeros outside the image.
registerCpuKernel<Im2colAttrs>("im2col", ([x], attrs, [out]) => {
  const g = geometry(x!.shape, attrs.filterShape, attrs.outputShape, attrs);
  const width = g.fh * g.fw * g.c;
  const result = allocate(out!.dtype, (out!.shape[0] ?? 0) * width);
  forEachTap(g, (pixel, image, tap) => result.set(x!.values.subarray(image, image + g.c), (pixel / g.co) * width + tap / g.co));
  return result;
});
