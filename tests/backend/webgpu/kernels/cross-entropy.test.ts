// Graph mode's fused classifier loss (softmaxCrossEntropy: log-softmax, sparse cross-entropy
// and its gradient from the logits) on the GPU against the CPU's reference kernel: labels out
// of range (a zero one-hot row), a NaN in a row, many classes.
import "../../../../kernel/src/tensor/ops/graph-only/softmax-cross-entropy-op.js";
import { f32, op, testOnBoth, type Input } from "../gpu.js";

const fused = op("softmaxCrossEntropy", {});
const labels = (values: number[]): Input => [values, [values.length], "int32"];

testOnBoth([
  ["softmaxCrossEntropy of 6 rows of 5 classes", fused, [f32([6, 5], 1, 3), labels([0, 4, 2, 2, 1, 3]), f32([6, 5], 2)]],
  ["softmaxCrossEntropy with labels out of range (−1 and 5)", fused, [f32([4, 5], 3, 3), labels([-1, 5, 0, 4]), f32([4, 5], 4)]],
  ["softmaxCrossEntropy with a NaN in a row", fused, [[[0.5, Number.NaN, 1, -2, 3, 1, 0, 2], [2, 4]], labels([1, 3]), f32([2, 4], 5)]],
  ["softmaxCrossEntropy over 300 classes", fused, [f32([3, 300], 6, 4), labels([17, 250, 0]), f32([3, 300], 8)], 1e-4],
]);
