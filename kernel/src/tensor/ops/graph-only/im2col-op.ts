// The op that conv column sharing makes: a convolution's column matrix (im2col) as a value
// of the graph, so the forward conv2d and its filter gradient both multiply it instead of
// each building their own. Graph-only, like the other ops passes make: no eager code makes
// it and it needs no gradient (the graph was differentiated before it was made).
import { defineOp } from "../../op.js";
import type { ConvAttrs } from "../conv.js";

/** im2col's attributes: the convolution's, its filter's shape and its output's shape. */
export interface Im2colAttrs extends ConvAttrs {
  readonly filterShape: readonly number[];
  readonly outputShape: readonly number[];
}

/**
 * im2col(x): the column matrix [n·oh·ow, fh·fw·c] of NHWC image x for a filter of shape
 * filterShape (HWIO) and output outputShape; row (b, oy, ox) holds the window its output
 * pixel sees, in the filter's order, zeros outside the image. conv2d(x, w) is then
 * im2col(x) · w as a [fh·fw·c, co] matrix.
 * @example runOp(im2colOp, [x], { ...convAttrs, filterShape: [3, 3, 1, 32], outputShape: [64, 26, 26, 32] })
 */
export const im2colOp = defineOp<Im2colAttrs>({
  name: "im2col",
  infer: ([x], { filterShape: [fh, fw, c], outputShape: [n, oh, ow] }) => [{ shape: [n! * oh! * ow!, fh! * fw! * c!], dtype: x!.dtype }],
});
