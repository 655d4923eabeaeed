// Max and average pooling over NHWC images and their gradients, one thread per output
// element. Padded positions are skipped (never a max, not counted), as on the CPU; the
// max routing (first maximum, NaN wins) is one WGSL function shared by all max kernels.
import { sizeOf, type Shape } from "../../../tensor/shape.js";
import type { PoolAttrs, PoolGradAttrs } from "../../../tensor/ops/pool.js";
import type { MaxPoolReluGradAttrs } from "../../../tensor/ops/graph-only/max-pool-relu-grad-op.js";
import type { MaxPoolArgmaxGradAttrs } from "../../../tensor/ops/graph-only/max-pool-argmax-ops.js";
import { reduce } from "./reduce.js";
import { flatMain, linearGroups } from "../codegen.js";
import { Params, type GpuData, type GpuTensor } from "../program.js";
import type { GpuRuntime } from "../runtime.js";
import { registerGpuKernel } from "../register.js";
import type { OutputInfo } from "../../backend.js";
import { WGSL_MATH } from "./wgsl-math.js";

const NAMES = ["n", "h", "w", "c", "oh", "ow", "ph", "pw", "sh", "sw", "top", "left"] as const;

/** WGSL: the geometry as module-scope accessors, and `argmaxAt(b, oy, ox, ch)` (flat index into in0). */
function helpers(params: Params, input: Shape, output: Shape, { poolSize, strides, pads }: PoolAttrs): string {
  const at = params.ints([...input, output[1]!, output[2]!, ...poolSize, ...strides, pads[0], pads[2]]);
  return `${NAMES.map((name, k) => `fn g_${name}() -> i32 { return i32(prm(${at + k}u)); }`).join("\n")}
fn argmaxAt(b: i32, oy: i32, ox: i32, ch: i32) -> i32 {
  var best = -1; var bv = 0.0;
  for (var ky = 0; ky < g_ph(); ky++) {
    let iy = oy * g_sh() - g_top() + ky;
    if (iy < 0 || iy >= g_h()) { continue; }
    for (var kx = 0; kx < g_pw(); kx++) {
      let ix = ox * g_sw() - g_left() + kx;
      if (ix < 0 || ix >= g_w()) { continue; }
      let at = ((b * g_h() + iy) * g_w() + ix) * g_c() + ch;
      let v = in0[at];
      if (best < 0 || (!isnan_(bv) && (v > bv || isnan_(v)))) { best = at; bv = v; }
    }
  }
  return best;
}
fn windowCount(oy: i32, ox: i32) -> f32 {
  let y0 = max(oy * g_sh() - g_top(), 0); let y1 = min(oy * g_sh() - g_top() + g_ph(), g_h());
  let x0 = max(ox * g_sw() - g_left(), 0); let x1 = min(ox * g_sw() - g_left() + g_pw(), g_w());
  return f32(max(y1 - y0, 0) * max(x1 - x0, 0));
}
`;
}

/** WGSL splitting the output index `e` of a pooled tensor into b, oy, ox, ch. */
const POOLED = "  let e = i32(i); let c = g_c(); let ch = e % c; let ox = (e / c) % g_ow(); let oy = (e / (c * g_ow())) % g_oh(); let b = e / (c * g_ow() * g_oh());";
/** WGSL: for an input element, the output pixels whose windows hold it (loop body `inner`), then `out0[i] = result`. */
const FOR_WINDOWS = (inner: string, result = "acc") => `  let e = i32(i); let c = g_c(); let ch = e % c; let ix = (e / c) % g_w(); let iy = (e / (c * g_w())) % g_h(); let b = e / (c * g_w() * g_h());
  var acc = 0.0;
  for (var ky = 0; ky < g_ph(); ky++) {
    let ty = iy + g_top() - ky;
    if (ty < 0 || ty % g_sh() != 0 || ty / g_sh() >= g_oh()) { continue; }
    for (var kx = 0; kx < g_pw(); kx++) {
      let tx = ix + g_left() - kx;
      if (tx < 0 || tx % g_sw() != 0 || tx / g_sw() >= g_ow()) { continue; }
      let oy = ty / g_sh(); let ox = tx / g_sw();
      let pixel = ((b * g_oh() + oy) * g_ow() + ox) * c + ch;
${inner}
    }
  }
  out0[i] = ${result};`;

/** One thread per element of `out` (and of the same-sized `more` outputs, out1…). */
function poolProgram(rt: GpuRuntime, key: string, inputs: GpuTensor[], out: OutputInfo, image: Shape, pooled: Shape, attrs: PoolAttrs, body: string, more: OutputInfo[] = []) {
  const params = new Params();
  const size = sizeOf(out.shape);
  const countAt = params.int(size);
  const code = WGSL_MATH + helpers(params, image, pooled, attrs);
  const outputs = [out, ...more].map((o) => ({ dtype: o.dtype, length: size }));
  return rt.run({ key, code: () => code + flatMain(countAt, body), inputs, outputs, params, workgroups: size === 0 ? [0] : linearGroups(size) });
}

registerGpuKernel<PoolAttrs>("maxPool2d", ([x], attrs, [out], rt) =>
  poolProgram(rt, "maxPool2d", [x!], out!, x!.shape, out!.shape, attrs, `${POOLED}\n  let at = argmaxAt(b, oy, ox, ch);\n  out0[i] = select(0.0, in0[at], at >= 0);`),
);

registerGpuKernel<PoolAttrs>("maxPoolGradGrad", ([x, g], attrs, [out], rt) =>
  poolProgram(rt, "maxPoolGradGrad", [x!, g!], out!, x!.shape, out!.shape, attrs, `${POOLED}\n  let at = argmaxAt(b, oy, ox, ch);\n  out0[i] = select(0.0, in1[at], at >= 0);`),
);

/** WGSL: dy (in1) summed over the windows whose argmax is this input element. */
const ROUTED = "      if (argmaxAt(b, oy, ox, ch) == e) { acc += in1[pixel]; }";

registerGpuKernel<PoolAttrs>("maxPoolGrad", ([x, dy], attrs, [out], rt) =>
  poolProgram(rt, "maxPoolGrad", [x!, dy!], out!, x!.shape, dy!.shape, attrs, FOR_WINDOWS(ROUTED)),
);

// Graph mode's fused gradient of relu → maxPool2d (graph/passes/pool-relu-gradient.ts): maxPoolGrad's
// routing kept where x (relu's output) is > 0; with biasGrad also its sum per channel.
registerGpuKernel<MaxPoolReluGradAttrs>("maxPoolReluGrad", ([x, dy], attrs, [out, biasOut], rt) => {
  const [dx] = poolProgram(rt, "maxPoolReluGrad", [x!, dy!], out!, x!.shape, dy!.shape, attrs, FOR_WINDOWS(ROUTED, "select(0.0, acc, in0[i] > 0.0)"));
  if (!biasOut) return [dx!];
  return [dx!, reduce(rt, "sum", { data: dx!, shape: x!.shape, dtype: out!.dtype }, [0, 1, 2], biasOut)];
});

// Graph mode's pool-argmax routing (graph/passes/pool-argmax.ts), for windows that tile the
// image: the forward pool also writes each maximum's window position (−1 where it is not > 0),
// and the gradient puts dy at that position, reading no image.
registerGpuKernel<PoolAttrs>("maxPoolArgmax", ([x], attrs, [out, argmax], rt) => poolWithArgmax(rt, x!, attrs, out!, argmax!));

/**
 * maxPoolArgmax's program: [pooled, argmax] of image x for windows that tile it.
 * @example const [pooled, argmax] = poolWithArgmax(rt, image, poolAttrs, out, argmaxOut)
 */
export function poolWithArgmax(rt: GpuRuntime, x: GpuTensor, attrs: PoolAttrs, out: OutputInfo, argmax: OutputInfo): GpuData[] {
  return poolProgram(rt, "maxPoolArgmax", [x], out, x.shape, out.shape, attrs, `${POOLED}
  let at = argmaxAt(b, oy, ox, ch);
  let v = in0[at];
  let pixel = at / c;
  let ky = (pixel / g_w()) % g_h() - oy * g_sh() + g_top();
  let kx = pixel % g_w() - ox * g_sw() + g_left();
  out0[i] = v;
  out1[i] = select(-1, ky * g_pw() + kx, v > 0.0);`, [argmax]);
}

registerGpuKernel<MaxPoolArgmaxGradAttrs>("maxPoolArgmaxGrad", ([argmax, dy], attrs, [out, biasOut], rt) => {
  const dx = routeByArgmax(rt, argmax!, dy!, attrs, out!);
  if (!biasOut) return [dx];
  return [dx, reduce(rt, "sum", { data: dx, shape: attrs.imageShape, dtype: out!.dtype }, [0, 1, 2], biasOut)];
});

/**
 * maxPoolArgmaxGrad's image (of shape attrs.imageShape): dy at each window's argmax position, 0 elsewhere.
 * @example const dz = routeByArgmax(rt, argmax, dy, { ...poolAttrs, imageShape }, out)
 */
export function routeByArgmax(rt: GpuRuntime, argmax: GpuTensor, dy: GpuTensor, attrs: PoolAttrs & { imageShape: Shape }, out: OutputInfo): GpuData {
  // in0 is dy and in1 the argmax (so the helpers' argmaxAt, unused, reads floats).
  return poolProgram(rt, "maxPoolArgmaxGrad", [dy, argmax], out, attrs.imageShape, dy.shape, attrs, `  let e = i32(i); let c = g_c(); let ch = e % c; let ix = (e / c) % g_w(); let iy = (e / (c * g_w())) % g_h(); let b = e / (c * g_w() * g_h());
  let oy = iy / g_sh(); let ox = ix / g_sw();
  var value = 0.0;
  if (oy < g_oh() && ox < g_ow()) {
    let pixel = ((b * g_oh() + oy) * g_ow() + ox) * c + ch;
    if (in1[pixel] == (iy - oy * g_sh()) * g_pw() + ix - ox * g_sw()) { value = in0[pixel]; }
  }
  out0[i] = value;`)[0]!;
}

registerGpuKernel<PoolAttrs>("avgPool2d", ([x], attrs, [out], rt) =>
  poolProgram(rt, "avgPool2d", [x!], out!, x!.shape, out!.shape, attrs, `${POOLED}
  var acc = 0.0;
  for (var ky = 0; ky < g_ph(); ky++) {
    let iy = oy * g_sh() - g_top() + ky;
    if (iy < 0 || iy >= g_h()) { continue; }
    for (var kx = 0; kx < g_pw(); kx++) {
      let ix = ox * g_sw() - g_left() + kx;
      if (ix < 0 || ix >= g_w()) { continue; }
      acc += in0[((b * g_h() + iy) * g_w() + ix) * c + ch];
    }
  }
  out0[i] = acc / windowCount(oy, ox);`),
);

// avgPoolGrad reads no image: in0 is dy, and its helpers never touch in0's values.
registerGpuKernel<PoolGradAttrs>("avgPoolGrad", ([dy], attrs, [out], rt) =>
  poolProgram(rt, "avgPoolGrad", [dy!], out!, attrs.inputShape, dy!.shape, attrs, FOR_WINDOWS("      acc += in0[pixel] / windowCount(oy, ox);")),
);
