// im2col (graph mode's shared column matrix) on the GPU against the CPU's reference kernel.
import "../../../../kernel/src/tensor/ops/graph-only/im2col-op.js";
import { f32, i32, op, testOnBoth } from "../gpu.js";

/** im2col's attributes for a [3, 3, 3, 4] filter over a [2, 7, 7, 3] image. */
const attrs = (strides: number, dilation: number, pad: number, outputSize: number) => ({
  strides: [strides, strides],
  dilations: [dilation, dilation],
  pads: [pad, pad, pad, pad],
  groups: 1,
  filterShape: [3, 3, 3, 4],
  outputShape: [2, outputSize, outputSize, 4],
});

testOnBoth([
  ["im2col with stride and padding, and with dilation", (x) => [...op("im2col", attrs(2, 1, 1, 4))(x), ...op("im2col", attrs(1, 2, 0, 3))(x)], [f32([2, 7, 7, 3])]],
  ["int32 im2col", (x) => op("im2col", attrs(1, 1, 1, 7))(x), [i32([2, 7, 7, 3])]],
]);
