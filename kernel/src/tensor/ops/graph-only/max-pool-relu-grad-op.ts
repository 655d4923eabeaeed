// The op that pool-relu-gradient fusion makes: the gradient through relu then maxPool2d in
// one kernel, where(x > 0, maxPoolGrad(x, dy), 0) with x relu's output. Graph-only: no
// eager code makes it, and it needs no gradient of its own (the graph it sits in was
// differentiated before it was made).
import { defineOp } from "../../op.js";
import type { PoolAttrs } from "../pool.js";

/** The pool's attributes, and whether the op also returns the bias gradient. */
export interface MaxPoolReluGradAttrs extends PoolAttrs {
  /** Also return the gradient's sum over every axis but the channels (the bias gradient of the conv before the relu). */
  readonly biasGrad?: boolean;
}

/**
 * maxPoolReluGrad(x, dy): dy routed to each window's argmax in x (as maxPoolGrad), kept
 * where x > 0 (relu's gradient, x being relu's output). Shaped and typed like x; with
 * `biasGrad`, a second output [c]: its sum over the batch, height and width.
 * @example runOp(maxPoolReluGradOp, [reluOut, dy], poolAttrs) // a compiled CNN's backward step
 */
export const maxPoolReluGradOp = defineOp<MaxPoolReluGradAttrs>({
  name: "maxPoolReluGrad",
  fused: true,
  infer: ([x, dy], { biasGrad }) => [{ shape: x!.shape, dtype: dy!.dtype }, ...(biasGrad ? [{ shape: [x!.shape[3]!], dtype: dy!.dtype }] : [])],
});

/**
 * Whether the windows tile an image of `channels` channels for the vectorised kernel: stride
 * equal to the window, no padding, channels in groups of four.
 * @example tilesImage({ poolSize: [2, 2], strides: [2, 2], pads: [0, 0, 0, 0] }, 32) // true
 */
export function tilesImage(attrs: PoolAttrs, channels: number): boolean {
  return attrs.strides[0] === attrs.poolSize[0] && attrs.strides[1] === attrs.poolSize[1] && attrs.pads.every((p) => p === 0) && channels % 4 === 0;
}
