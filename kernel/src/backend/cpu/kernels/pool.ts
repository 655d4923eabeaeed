import { registerCpuKernel } from "../register.js";
import type { OutputInfo } from "../../backend.js";
import { allocate, type DType, type TypedArray } from "../../../tensor/dtype.js";
import { sizeOf, type Shape } from "../../../tensor/shape.js";
import type { PoolAttrs, PoolGradAttrs } from "../../../tensor/ops/pool.js";
import type { MaxPoolReluGradAttrs } from "../../../tensor/ops/graph-only/max-pool-relu-grad-op.js";
import type { MaxPoolArgmaxGradAttrs } from "../../../tensor/ops/graph-only/max-pool-argmax-ops.js";

// Pooling over NHWC images. Window positions are the outer loops and channels the inner
// one, so reads are contiguous. Padded positions are skipped (never a max, not counted).

/**
 * Calls `visit(pixel, image)` for each output pixel and each window position inside the
 * image (flat offsets of channel 0), then `done(pixel, count)` with the number of positions.
 */
function forEachWindow(input: Shape, output: Shape, { poolSize, strides, pads }: PoolAttrs, visit: (pixel: number, image: number) => void, done: (pixel: number, count: number) => void): void {
  const [n, h, w, c] = input as [number, number, number, number];
  const [, oh, ow] = output as [number, number, number, number];
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const pixel = ((b * oh + oy) * ow + ox) * c;
        let count = 0;
        for (let ky = 0; ky < poolSize[0]; ky++) {
          const iy = oy * strides[0] - pads[0] + ky;
          if (iy < 0 || iy >= h) continue;
          for (let kx = 0; kx < poolSize[1]; kx++) {
            const ix = ox * strides[1] - pads[2] + kx;
            if (ix < 0 || ix >= w) continue;
            visit(pixel, ((b * h + iy) * w + ix) * c);
            count++;
          }
        }
        done(pixel, count);
      }
    }
  }
}

/**
 * For each output element, the flat index in x of its window's maximum: the first one on
 * ties, and NaN wins (so it propagates). Shared by maxPool2d and both of its gradient ops,
 * so they always agree on the routing.
 */
function argmaxIndices(x: { values: TypedArray; shape: Shape }, output: Shape, attrs: PoolAttrs): Int32Array {
  const c = x.shape[3]!;
  const v = x.values;
  const where = new Int32Array(sizeOf(output)).fill(-1);
  const best = new Float64Array(c);
  forEachWindow(
    x.shape,
    output,
    attrs,
    (pixel, image) => {
      for (let ch = 0; ch < c; ch++) {
        const value = v[image + ch]!;
        const current = where[pixel + ch]!;
        // NaN !== NaN: a NaN replaces any number, and nothing replaces a NaN.
        if (current < 0 || value > best[ch]! || (value !== value && best[ch] === best[ch])) {
          where[pixel + ch] = image + ch;
          best[ch] = value;
        }
      }
    },
    () => undefined,
  );
  return where;
}

registerCpuKernel<PoolAttrs>("maxPool2d", ([x], attrs, [out]) => {
  const where = argmaxIndices(x!, out!.shape, attrs);
  const result = allocate(out!.dtype, where.length);
  for (let i = 0; i < where.length; i++) result[i] = x!.values[where[i]!]!;
  return result;
});

registerCpuKernel<PoolAttrs>("maxPoolGrad", ([x, dy], attrs, [out]) => {
  const where = argmaxIndices(x!, dy!.shape, attrs);
  const acc = new Float64Array(x!.values.length);
  for (let i = 0; i < where.length; i++) acc[where[i]!] += dy!.values[i]!;
  const result = allocate(out!.dtype, acc.length);
  result.set(acc);
  return result;
});

// Graph mode's fused gradient of relu → maxPool2d (graph/passes/pool-relu-gradient.ts):
// maxPoolGrad's routing, kept where x (relu's output) is > 0; with biasGrad also its sum
// per channel.
registerCpuKernel<MaxPoolReluGradAttrs>("maxPoolReluGrad", ([x, dy], attrs, [out, biasOut]) => {
  const where = argmaxIndices(x!, dy!.shape, attrs);
  const acc = new Float64Array(x!.values.length);
  for (let i = 0; i < where.length; i++) if (where[i]! >= 0 && x!.values[where[i]!]! > 0) acc[where[i]!] += dy!.values[i]!;
  const result = allocate(out!.dtype, acc.length);
  result.set(acc);
  return biasOut ? [result, channelSums(result, x!.shape[3]!, biasOut.dtype)] : result;
});

/**
 * The per-channel sums (over batch, height and width) of an NHWC image's values, in float64 then rounded to `dtype`.
 * @example channelSums(gradient, 32, "float32") // a conv layer's bias gradient
 */
export function channelSums(image: TypedArray, c: number, dtype: DType): TypedArray {
  const sums = new Float64Array(c);
  for (let i = 0; i < image.length; i++) sums[i % c] += image[i]!;
  const result = allocate(dtype, c);
  result.set(sums);
  return result;
}

// Graph mode's pool-argmax routing (graph/passes/pool-argmax.ts): the forward pool also
// returns each window's argmax as a window position, −1 where the maximum is not > 0.
registerCpuKernel<PoolAttrs>("maxPoolArgmax", ([x], attrs, [out]) => poolWithArgmax(x!, out!, attrs));

/**
 * maxPool2d(x) and each maximum's window position (−1 where it is not > 0): maxPoolArgmax.
 * @example poolWithArgmax({ values, shape: [1, 4, 4, 8] }, { shape: [1, 2, 2, 8], dtype: "float32" }, poolAttrs)
 */
export function poolWithArgmax(x: { values: TypedArray; shape: Shape }, out: OutputInfo, attrs: PoolAttrs): [TypedArray, Int32Array] {
  const where = argmaxIndices(x, out.shape, attrs);
  const [, , w, c] = x.shape as [number, number, number, number];
  const [, oh, ow] = out.shape as [number, number, number];
  const pooled = allocate(out.dtype, where.length);
  const argmax = new Int32Array(where.length);
  for (let i = 0; i < where.length; i++) {
    const at = where[i]!;
    pooled[i] = x.values[at]!;
    const pixel = Math.floor(at / c);
    const [oy, ox] = [Math.floor(i / (c * ow)) % oh, Math.floor(i / c) % ow];
    const [ky, kx] = [(Math.floor(pixel / w) % x.shape[1]!) - oy * attrs.strides[0] + attrs.pads[0], (pixel % w) - ox * attrs.strides[1] + attrs.pads[2]];
    argmax[i] = x.values[at]! > 0 ? ky * attrs.poolSize[1] + kx : -1;
  }
  return [pooled, argmax];
}

registerCpuKernel<MaxPoolArgmaxGradAttrs>("maxPoolArgmaxGrad", ([argmax, dy], attrs, [out, biasOut]) => {
  const result = routeByArgmax(argmax!.values, dy!, attrs, out!.dtype);
  return biasOut ? [result, channelSums(result, attrs.imageShape[3]!, biasOut.dtype)] : result;
});

/**
 * maxPoolArgmaxGrad's image: dy at each window's argmax position, 0 elsewhere.
 * @example routeByArgmax(argmax, dy, { ...poolAttrs, imageShape: [1, 4, 4, 8] }, "float32")
 */
export function routeByArgmax(argmax: TypedArray, dy: { values: TypedArray; shape: Shape }, attrs: PoolAttrs & { imageShape: Shape }, dtype: DType): TypedArray {
  const [, h, w, c] = attrs.imageShape as [number, number, number, number];
  const [, oh, ow] = dy.shape as [number, number, number];
  const result = allocate(dtype, sizeOf(attrs.imageShape));
  for (let i = 0; i < argmax.length; i++) {
    const position = argmax[i]!;
    if (position < 0) continue;
    const [b, oy, ox, ch] = [Math.floor(i / (c * ow * oh)), Math.floor(i / (c * ow)) % oh, Math.floor(i / c) % ow, i % c];
    const iy = oy * attrs.strides[0] - attrs.pads[0] + Math.floor(position / attrs.poolSize[1]);
    const ix = ox * attrs.strides[1] - attrs.pads[2] + (position % attrs.poolSize[1]);
    result[((b * h + iy) * w + ix) * c + ch] = dy.values[i]!;
  }
  return result;
}

registerCpuKernel<PoolAttrs>("maxPoolGradGrad", ([x, g], attrs, [out]) => {
  const where = argmaxIndices(x!, out!.shape, attrs);
  const result = allocate(out!.dtype, where.length);
  for (let i = 0; i < where.length; i++) result[i] = g!.values[where[i]!]!;
  return result;
});

registerCpuKernel<PoolAttrs>("avgPool2d", ([x], attrs, [out]) => {
  const c = x!.shape[3]!;
  const v = x!.values;
  const result = allocate(out!.dtype, sizeOf(out!.shape));
  const acc = new Float64Array(c);
  forEachWindow(
    x!.shape,
    out!.shape,
    attrs,
    (_pixel, image) => {
      for (let ch = 0; ch < c; ch++) acc[ch] += v[image + ch]!;
    },
    (pixel, count) => {
      for (let ch = 0; ch < c; ch++) result[pixel + ch] = acc[ch]! / count;
      acc.fill(0);
    },
  );
  return result;
});

registerCpuKernel<PoolGradAttrs>("avgPoolGrad", ([dy], attrs, [out]) => {
  const c = attrs.inputShape[3]!;
  const g = dy!.values;
  const acc = new Float64Array(sizeOf(attrs.inputShape));
  // Each window's count is known only after visiting it: record the positions, then spread.
  const positions: number[] = [];
  forEachWindow(
    attrs.inputShape,
    dy!.shape,
    attrs,
    (_pixel, image) => {
      positions.push(image);
    },
    (pixel, count) => {
      for (const image of positions) for (let ch = 0; ch < c; ch++) acc[image + ch] += g[pixel + ch]! / count;
      positions.length = 0;
    },
  );
  const result = allocate(out!.dtype, acc.length);
  result.set(acc);
  return result;
});
