// The ops that pool-argmax routing makes (graph/passes/pool-argmax.ts): a relu → maxPool
// layer whose windows tile the image keeps, beside its pooled output, where each window's
// maximum was, so the backward pass routes the gradient without reading the image again (in a
// training step the image is long out of the caches by then, and can be freed after the
// forward pass). Graph-only: no eager code makes them and they need no gradient.
import { defineOp } from "../../op.js";
import type { Shape } from "../../shape.js";
import type { PoolAttrs } from "../pool.js";

/**
 * maxPoolArgmax(x) → [maxPool2d(x), argmax]: argmax (int32, shaped like the pooled output)
 * is the window position ky·pw + kx of each maximum (the first on ties; a NaN wins, as
 * maxPool2d routes), or −1 where the maximum is not > 0 (relu's gradient is zero there, x
 * being relu's output; NaN included). Only for windows that tile x (stride = window, no
 * padding; see tilesImage): the pooled shape is [n, ⌊h/ph⌋, ⌊w/pw⌋, c].
 * @example runOp(maxPoolArgmaxOp, [reluOut], poolAttrs) // [pooled, argmax] of a compiled CNN's forward pass
 */
export const maxPoolArgmaxOp = defineOp<PoolAttrs>({
  name: "maxPoolArgmax",
  fused: true,
  infer: ([x], { poolSize: [ph, pw] }) => {
    const [n, h, w, c] = x!.shape;
    const shape = [n!, Math.floor(h! / ph), Math.floor(w! / pw), c!];
    return [{ shape, dtype: x!.dtype }, { shape, dtype: "int32" }];
  },
});

/** maxPoolArgmaxGrad's attributes: the pool's, the image's shape and whether to return the bias gradient. */
export interface MaxPoolArgmaxGradAttrs extends PoolAttrs {
  readonly imageShape: Shape;
  /** Also return the gradient's sum over every axis but the channels (the bias gradient of the conv before the relu). */
  readonly biasGrad?: boolean;
}

/**
 * maxPoolArgmaxGrad(argmax, dy): an image of `imageShape` holding dy at each window's argmax
 * position and 0 elsewhere (−1: nowhere; positions no window covers: 0), which is
 * maxPoolReluGrad(x, dy) for argmax from maxPoolArgmax(x). With `biasGrad`, a second output
 * [c]: its sum over the batch, height and width.
 * @example runOp(maxPoolArgmaxGradOp, [argmax, dy], { ...poolAttrs, imageShape: [64, 26, 26, 32], biasGrad: true })
 */
export const maxPoolArgmaxGradOp = defineOp<MaxPoolArgmaxGradAttrs>({
  name: "maxPoolArgmaxGrad",
  fused: true,
  infer: ([, dy], { imageShape, biasGrad }) => [{ shape: imageShape, dtype: dy!.dtype }, ...(biasGrad ? [{ shape: [imageShape[3]!], dtype: dy!.dtype }] : [])],
});
