// The ops that sparse cross-entropy fusion makes (graph/passes/sparse-cross-entropy.ts): a
// classifier's loss per row, −Σ onehot(label) ⊙ log softmax(z), and its gradient with respect
// to the logits z, each in one pass over log softmax(z) instead of a one-hot matrix and the
// products, sums and exp that the loss's formula and autograd make of it. Graph-only: no
// eager code makes them and they need no gradient (the graph was differentiated before).
import { defineOp } from "../../op.js";

/**
 * sparseCrossEntropy(ls, labels) = −Σⱼ onehot(labels)ⱼ·lsⱼ over the last axis of ls
 * (log-probabilities, rows × classes) for int32 labels of the rows' shape: −ls[row, label],
 * and 0 for a label outside 0 … classes − 1 (whose one-hot row is all zeros).
 * @example runOp(sparseCrossEntropyOp, [logSoftmax(z), labels], {}) // the per-sample loss
 */
export const sparseCrossEntropyOp = defineOp<Record<string, never>>({
  name: "sparseCrossEntropy",
  fused: true,
  infer: ([ls, labels]) => [{ shape: labels!.shape, dtype: ls!.dtype }],
});

/**
 * sparseCrossEntropyGrad(ls, labels, g) = g ⊙ t − exp(ls) ⊙ Σⱼ (g ⊙ t)ⱼ with t = onehot(labels):
 * the gradient of Σ g ⊙ t ⊙ logSoftmax(z) with respect to z, g being shaped like ls (the
 * upstream gradient of the loss's product, −1/batch for a mean).
 * @example runOp(sparseCrossEntropyGradOp, [ls, labels, g], {}) // dz of a compiled step
 */
export const sparseCrossEntropyGradOp = defineOp<Record<string, never>>({
  name: "sparseCrossEntropyGrad",
  fused: true,
  infer: ([ls]) => [{ shape: ls!.shape, dtype: ls!.dtype }],
});
