// The ops that conv-pool fusion makes (graph/passes/conv-pool.ts): a conv layer with a small
// filter (a first layer: k = fh·fw·c of 9 or 27), relu and a 2×2 max pool, computed window by
// window from its column matrix, so the layer's full-size output is never written, and, where
// nothing needs the layer's input gradient, its filter and bias gradients straight from the
// pooled gradient and the argmax, so the full-size gradient is never written either.
// Graph-only: no eager code makes them and they need no gradient.
import { defineOp } from "../../op.js";
import type { Shape } from "../../shape.js";
import type { PoolAttrs } from "../pool.js";

/** The pool's attributes and the shape [n, h, w, co] of the conv layer's output (before pooling). */
export interface ConvPoolAttrs extends PoolAttrs {
  readonly imageShape: Shape;
}

/**
 * Whether a pool's windows are 2×2 with stride 2 and no padding: the windows the fused kernels take.
 * @example twoByTwo({ poolSize: [2, 2], strides: [2, 2], pads: [0, 0, 0, 0] }) // true
 */
export const twoByTwo = ({ poolSize, strides, pads }: PoolAttrs): boolean => poolSize.every((s) => s === 2) && strides.every((s) => s === 2) && pads.every((p) => p === 0);

/** The pooled shape of a conv output `imageShape` for windows that tile it. */
const pooledShape = ({ imageShape: [n, h, w, co], poolSize: [ph, pw] }: ConvPoolAttrs) => [n!, Math.floor(h! / ph), Math.floor(w! / pw), co!];

/**
 * matmulBiasReluMaxPool(col, w, bias) → [pooled, argmax]: maxPoolArgmax of
 * reshape(relu(col·w + bias), imageShape) — col [n·h·w, k] a column matrix whose rows are the
 * output's pixels, w [k, co], bias [co] — for windows that tile the image (see maxPoolArgmax).
 * @example runOp(matmulBiasReluMaxPoolOp, [col, w, bias], { ...poolAttrs, imageShape: [64, 26, 26, 32] })
 */
export const matmulBiasReluMaxPoolOp = defineOp<ConvPoolAttrs>({
  name: "matmulBiasReluMaxPool",
  fused: true,
  infer: ([col], attrs) => [{ shape: pooledShape(attrs), dtype: col!.dtype }, { shape: pooledShape(attrs), dtype: "int32" }],
});

/** ConvPoolAttrs, and whether to return the bias gradient too. */
export interface ConvPoolGradAttrs extends ConvPoolAttrs {
  readonly biasGrad?: boolean;
}

/**
 * maxPoolArgmaxFilterGrad(col, argmax, dy) → dW [k, co] (and with `biasGrad` db [co]):
 * colᵀ · dz and dz's sum per channel, dz = reshape(maxPoolArgmaxGrad(argmax, dy), [n·h·w, co])
 * — the filter and bias gradients of the layer matmulBiasReluMaxPool computes, from its argmax
 * and the pooled gradient dy.
 * @example runOp(maxPoolArgmaxFilterGradOp, [col, argmax, dy], { ...poolAttrs, imageShape: [64, 26, 26, 32], biasGrad: true })
 */
export const maxPoolArgmaxFilterGradOp = defineOp<ConvPoolGradAttrs>({
  name: "maxPoolArgmaxFilterGrad",
  fused: true,
  infer: ([col, , dy], { imageShape, biasGrad }) => {
    const co = imageShape[3]!;
    return [{ shape: [col!.shape[1]!, co], dtype: dy!.dtype }, ...(biasGrad ? [{ shape: [co], dtype: dy!.dtype }] : [])];
  },
});
