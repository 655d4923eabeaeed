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

/**
 * Graph mode's fused classifier loss (softmaxCrossEntropyOp): per row of z (rows × classes),
 * loss = −Σⱼ tⱼ·lsⱼ with ls the row's log-softmax as the logSoftmax kernel computes it, and
 * dz = g ⊙ t − p ⊙ Σⱼ (g ⊙ t)ⱼ with p the row's softmax as the softmax kernel computes it,
 * each exp computed once; float32 sums and products as the unfused kernels'.
 * @example softmaxCrossEntropyRows(logits, labels, g, 10, loss, dz) // a 10-class classifier's loss and dlogits
 */
export function softmaxCrossEntropyRows(z: TypedArray, labels: ArrayLike<number>, g: TypedArray, classes: number, loss: TypedArray, dz: TypedArray): void {
  const exps = new Float64Array(classes);
  for (let i = 0; i < labels.length; i++) {
    const row = i * classes;
    let top = -Infinity;
    for (let j = 0; j < classes; j++) if (z[row + j]! > top || z[row + j] !== z[row + j]) top = z[row + j]!;
    let sum = 0;
    for (let j = 0; j < classes; j++) sum += exps[j] = Math.exp(z[row + j]! - top);
    const logSum = Math.log(sum);
    let picked = 0; // Σ t·ls
    let scale = 0; // Σ g·t
    for (let j = 0; j < classes; j++) {
      const t = hot(labels, i, j) ? 1 : 0;
      picked = Math.fround(picked + Math.fround(t * Math.fround(z[row + j]! - top - logSum)));
      scale = Math.fround(scale + Math.fround(g[row + j]! * t));
    }
    loss[i] = -picked;
    for (let j = 0; j < classes; j++) dz[row + j] = Math.fround(g[row + j]! * (hot(labels, i, j) ? 1 : 0)) - Math.fround(Math.fround(exps[j]! / sum) * scale);
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

registerCpuKernel("softmaxCrossEntropy", ([z, labels, g]) => {
  const [loss, dz] = [new Float32Array(labels!.values.length), new Float32Array(z!.values.length)];
  softmaxCrossEntropyRows(z!.values, labels!.values, g!.values, z!.shape.at(-1)!, loss, dz);
  return [loss, dz];
});
