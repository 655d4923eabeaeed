// conv2d and its two gradients (NHWC images, HWIO filters). Ungrouped convolutions are
// matmuls over a patch matrix (im2col: one row per output pixel, one column per filter tap
// and channel), so they run on the tiled matmul; grouped ones are direct loops, one thread
// per output element.
import type { OutputInfo } from "../../backend.js";
import { sizeOf, type Shape } from "../../../tensor/shape.js";
import type { ConvAttrs, ConvFilterAttrs, ConvTransposeAttrs } from "../../../tensor/ops/conv.js";
import { flatMain, linearGroups } from "../codegen.js";
import { Params, wgslType, type GpuData, type GpuTensor } from "../program.js";
import type { Im2colAttrs } from "../../../tensor/ops/graph-only/im2col-op.js";
import { matmul } from "./matmul.js";
import type { GpuRuntime } from "../runtime.js";
import { registerGpuKernel } from "../register.js";

const NAMES = ["n", "h", "w", "c", "fh", "fw", "cg", "co", "oh", "ow", "og", "sh", "sw", "dh", "dw", "top", "left"] as const;

/** The shared geometry as WGSL `let`s read from uniforms (image [n,h,w,c], filter [fh,fw,cg,co], output [n,oh,ow,co]). */
function geometry(params: Params, image: Shape, filter: Shape, output: Shape, attrs: ConvAttrs): string {
  const values = [...image, ...filter, output[1]!, output[2]!, filter[3]! / attrs.groups, ...attrs.strides, ...attrs.dilations, attrs.pads[0], attrs.pads[2]];
  const at = params.ints(values);
  return NAMES.map((name, k) => `  let ${name} = i32(prm(${at + k}u));`).join("\n");
}

function convProgram(rt: GpuRuntime, key: string, inputs: GpuTensor[], out: OutputInfo, geometryCode: string, params: Params, countAt: number, body: string): GpuData[] {
  const size = sizeOf(out.shape);
  return rt.run({
    key,
    code: () => flatMain(countAt, `${geometryCode}\n  let e = i32(i);\n${body}`),
    inputs,
    outputs: [{ dtype: out.dtype, length: size }],
    params,
    workgroups: size === 0 ? [0] : linearGroups(size),
  });
}

const directConv = (x: GpuTensor, w: GpuTensor, attrs: ConvAttrs, out: OutputInfo, rt: GpuRuntime) => {
  const params = new Params();
  const countAt = params.int(sizeOf(out!.shape));
  const geo = geometry(params, x!.shape, w!.shape, out!.shape, attrs);
  return convProgram(rt, "conv2d", [x!, w!], out!, geo, params, countAt, `  let o = e % co; let ox = (e / co) % ow; let oy = (e / (co * ow)) % oh; let b = e / (co * ow * oh);
  let g = o / og;
  var acc = 0.0;
  for (var ky = 0; ky < fh; ky++) {
    let iy = oy * sh - top + ky * dh;
    if (iy < 0 || iy >= h) { continue; }
    for (var kx = 0; kx < fw; kx++) {
      let ix = ox * sw - left + kx * dw;
      if (ix < 0 || ix >= w) { continue; }
      let image = ((b * h + iy) * w + ix) * c + g * cg;
      let tap = (ky * fw + kx) * cg * co + o;
      for (var cl = 0; cl < cg; cl++) { acc = fma(in0[image + cl], in1[tap + cl * co], acc); }
    }
  }
  out0[i] = acc;`);
};

const directTranspose = (dy: GpuTensor, w: GpuTensor, attrs: ConvTransposeAttrs, out: OutputInfo, rt: GpuRuntime) => {
  const params = new Params();
  const countAt = params.int(sizeOf(out!.shape));
  const geo = geometry(params, attrs.outputShape, w!.shape, dy!.shape, attrs);
  return convProgram(rt, "conv2dTranspose", [dy!, w!], out!, geo, params, countAt, `  let ch = e % c; let ix = (e / c) % w; let iy = (e / (c * w)) % h; let b = e / (c * w * h);
  let g = ch / cg; let cl = ch % cg;
  var acc = 0.0;
  for (var ky = 0; ky < fh; ky++) {
    let ty = iy + top - ky * dh;
    if (ty < 0 || ty % sh != 0 || ty / sh >= oh) { continue; }
    for (var kx = 0; kx < fw; kx++) {
      let tx = ix + left - kx * dw;
      if (tx < 0 || tx % sw != 0 || tx / sw >= ow) { continue; }
      let pixel = ((b * oh + ty / sh) * ow + tx / sw) * co + g * og;
      let tap = ((ky * fw + kx) * cg + cl) * co + g * og;
      for (var o = 0; o < og; o++) { acc = fma(in0[pixel + o], in1[tap + o], acc); }
    }
  }
  out0[i] = acc;`);
};

const directFilter = (x: GpuTensor, dy: GpuTensor, attrs: ConvFilterAttrs, out: OutputInfo, rt: GpuRuntime) => {
  const params = new Params();
  const countAt = params.int(sizeOf(out!.shape));
  const geo = geometry(params, x!.shape, attrs.filterShape, dy!.shape, attrs);
  return convProgram(rt, "conv2dBackpropFilter", [x!, dy!], out!, geo, params, countAt, `  let o = e % co; let cl = (e / co) % cg; let kx = (e / (co * cg)) % fw; let ky = e / (co * cg * fw);
  let ch = (o / og) * cg + cl;
  var acc = 0.0;
  for (var b = 0; b < n; b++) {
    for (var oy = 0; oy < oh; oy++) {
      let iy = oy * sh - top + ky * dh;
      if (iy < 0 || iy >= h) { continue; }
      for (var ox = 0; ox < ow; ox++) {
        let ix = ox * sw - left + kx * dw;
        if (ix < 0 || ix >= w) { continue; }
        acc = fma(in0[((b * h + iy) * w + ix) * c + ch], in1[((b * oh + oy) * ow + ox) * co + o], acc);
      }
    }
  }
  out0[i] = acc;`);
};

/** Patch matrices above this size fall back to the direct loops (GPU memory). */
const MAX_PATCH_BYTES = 512 * 2 ** 20;

/** Rows (output pixels) and columns (filter taps × channels) of the patch matrix. */
function patchShape(image: Shape, filter: Shape, output: Shape): [number, number] {
  return [output[0]! * output[1]! * output[2]!, filter[0]! * filter[1]! * image[3]!];
}

const usePatches = (attrs: ConvAttrs, image: Shape, filter: Shape, output: Shape) => {
  const [p, t] = patchShape(image, filter, output);
  return attrs.groups === 1 && p * t * 4 <= MAX_PATCH_BYTES;
};

/** The patch matrix of x: cols[p, (ky·fw + kx)·c + ch] = x at output pixel p's tap (0 in the padding). */
function im2col(rt: GpuRuntime, x: GpuTensor, filter: Shape, output: Shape, attrs: ConvAttrs): GpuTensor {
  const [rows, cols] = patchShape(x.shape, filter, output);
  const params = new Params();
  const countAt = params.int(rows * cols);
  const geo = geometry(params, x.shape, filter, output, attrs);
  const [data] = convProgram(rt, "im2col", [x], { shape: [rows, cols], dtype: x.dtype }, geo, params, countAt, `  let t = e % (fh * fw * c); let p = e / (fh * fw * c);
  let ch = t % c; let kx = (t / c) % fw; let ky = t / (c * fw);
  let ox = p % ow; let oy = (p / ow) % oh; let b = p / (ow * oh);
  let iy = oy * sh - top + ky * dh; let ix = ox * sw - left + kx * dw;
  var v = ${wgslType(x.dtype)}(0);
  if (iy >= 0 && iy < h && ix >= 0 && ix < w) { v = in0[((b * h + iy) * w + ix) * c + ch]; }
  out0[i] = v;`);
  return { data: data!, shape: [rows, cols], dtype: x.dtype };
}

// Graph mode's column matrix (graph/passes/conv-columns.ts), shared by a conv2d and its filter gradient.
registerGpuKernel<Im2colAttrs>("im2col", ([x], attrs, _, rt) => [im2col(rt, x!, attrs.filterShape, attrs.outputShape, attrs).data]);

/** A 2-D view of a tensor's memory. */
const view = (t: GpuTensor, shape: number[]): GpuTensor => ({ data: t.data, shape, dtype: t.dtype });

registerGpuKernel<ConvAttrs>("conv2d", ([x, w], attrs, [out], rt) => {
  if (!usePatches(attrs, x!.shape, w!.shape, out!.shape)) return directConv(x!, w!, attrs, out!, rt);
  const cols = im2col(rt, x!, w!.shape, out!.shape, attrs);
  const y = matmul(rt, cols, view(w!, [cols.shape[1]!, w!.shape[3]!]), false, false, { shape: [cols.shape[0]!, w!.shape[3]!], dtype: out!.dtype });
  rt.release(cols.data);
  return [y];
});

registerGpuKernel<ConvFilterAttrs>("conv2dBackpropFilter", ([x, dy], attrs, [out], rt) => {
  if (!usePatches(attrs, x!.shape, attrs.filterShape, dy!.shape)) return directFilter(x!, dy!, attrs, out!, rt);
  const cols = im2col(rt, x!, attrs.filterShape, dy!.shape, attrs);
  const co = attrs.filterShape[3]!;
  const dw = matmul(rt, cols, view(dy!, [cols.shape[0]!, co]), true, false, { shape: [cols.shape[1]!, co], dtype: out!.dtype });
  rt.release(cols.data);
  return [dw];
});

// The input gradient: patch gradients dy·Wᵀ, then each input element sums the taps that read it.
registerGpuKernel<ConvTransposeAttrs>("conv2dTranspose", ([dy, w], attrs, [out], rt) => {
  if (!usePatches(attrs, attrs.outputShape, w!.shape, dy!.shape)) return directTranspose(dy!, w!, attrs, out!, rt);
  const [rows, taps] = patchShape(attrs.outputShape, w!.shape, dy!.shape);
  const co = w!.shape[3]!;
  const dcols = matmul(rt, view(dy!, [rows, co]), view(w!, [taps, co]), false, true, { shape: [rows, taps], dtype: out!.dtype });
  const params = new Params();
  const countAt = params.int(sizeOf(out!.shape));
  const geo = geometry(params, attrs.outputShape, w!.shape, dy!.shape, attrs);
  const dx = convProgram(rt, "col2im", [{ data: dcols, shape: [rows, taps], dtype: out!.dtype }], out!, geo, params, countAt, `  let ch = e % c; let ix = (e / c) % w; let iy = (e / (c * w)) % h; let b = e / (c * w * h);
  var acc = 0.0;
  for (var ky = 0; ky < fh; ky++) {
    let ty = iy + top - ky * dh;
    if (ty < 0 || ty % sh != 0 || ty / sh >= oh) { continue; }
    for (var kx = 0; kx < fw; kx++) {
      let tx = ix + left - kx * dw;
      if (tx < 0 || tx % sw != 0 || tx / sw >= ow) { continue; }
      acc += in0[((b * oh + ty / sh) * ow + tx / sw) * fh * fw * c + (ky * fw + kx) * c + ch];
    }
  }
  out0[i] = acc;`);
  rt.release(dcols);
  return dx;
});
