// conv2d and its two gradients as direct loops, one thread per output element (NHWC
// images, HWIO filters, grouped channels), summing in float32 like the matmul.
import type { OutputInfo } from "../../backend.js";
import { sizeOf, type Shape } from "../../../tensor/shape.js";
import type { ConvAttrs, ConvFilterAttrs, ConvTransposeAttrs } from "../../../tensor/ops/conv.js";
import { flatMain, linearGroups } from "../codegen.js";
import { Params, type GpuData, type GpuTensor } from "../program.js";
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

registerGpuKernel<ConvAttrs>("conv2d", ([x, w], attrs, [out], rt) => {
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
});

registerGpuKernel<ConvTransposeAttrs>("conv2dTranspose", ([dy, w], attrs, [out], rt) => {
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
});

registerGpuKernel<ConvFilterAttrs>("conv2dBackpropFilter", ([x, dy], attrs, [out], rt) => {
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
});
