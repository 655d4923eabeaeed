// The fused sparse cross-entropy of graph mode (tensor/ops/graph-only/sparse-cross-entropy-ops.ts)
// over typed arrays: the reference kernels, and the arithmetic the "cpu" backend runs on its
// memory. Both follow the unfused ops exactly: products with the one-hot row's ones and zeros
// (so a NaN or infinity anywhere in the row spreads as 0·NaN does) summed in float32.
import type { TypedArray } from "../../../tensor/dtype.js";
import { registerCpuKernel } from "../register.js";

/** Whether class j is row i's label (a label outside 0 … classes − 1 matches none). */
const hot = (labels: ArrayLike<number>, i: number, j: number) => labels[i] === j;

/**
 * out[i] = −Σⱼ onehot(labels[i])ⱼ · ls[i·classes + j], in float32.
 * @example sparseCrossEntropyRows(Float32Array.of(-1, -2), Int32Array.of(1), 2, out) // out[0] = 2
 */
export function sparseCrossEntropyRows(ls: TypedArray, labels: ArrayLike<number>, classes: number, out: TypedArray): void {
  for (let i = 0; i < out.length; i++) {
    let sum = 0;
    for (let j = 0; j < classes; j++) sum = Math.fround(sum + Math.fround((hot(labels, i, j) ? 1 : 0) * ls[i * classes + j]!));
    out[i] = -sum;
  }
}

/**
 * out = g ⊙ t − exp(ls) ⊙ Σⱼ (g ⊙ t)ⱼ per row, t = onehot(labels), in float32.
 * @example sparseCrossEntropyGradRows(ls, labels, g, 10, out) // dz of a 10-class classifier
 */
export function sparseCrossEntropyGradRows(ls: TypedArray, labels: ArrayLike<number>, g: TypedArray, classes: number, out: TypedArray): void {
  for (let i = 0; i < labels.length; i++) {
    const row = i * classes;
    let sum = 0;
    for (let j = 0; j < classes; j++) sum = Math.fround(sum + Math.fround(g[row + j]! * (hot(labels, i, j) ? 1 : 0)));
    for (let j = 0; j < classes; j++) {
      out[row + j] = Math.fround(g[row + j]! * (hot(labels, i, j) ? 1 : 0)) - Math.fround(Math.fround(Math.exp(ls[row + j]!)) * sum);
    }
  }
}

// float32 only: the pass makes these ops for float32 values.
registerCpuKernel("sparseCrossEntropy", ([ls, labels]) => {
  const result = new Float32Array(labels!.values.length);
  sparseCrossEntropyRows(ls!.values, labels!.values, ls!.shape.at(-1)!, result);
  return result;
});

registerCpuKernel("sparseCrossEntropyGrad", ([ls, labels, g]) => {
  const result = new Float32Array(ls!.values.length);
  sparseCrossEntropyGradRows(ls!.values, labels!.values, g!.values, ls!.shape.at(-1)!, result);
  return result;
});
