// The op that softmax cross-entropy fusion makes (graph/passes/softmax-cross-entropy.ts): a
// classifier's log-softmax, its sparse cross-entropy loss and the loss's gradient in one pass
// over the logits, with one exp per logit (log-softmax and the gradient's probabilities each
// took one), instead of three ops over rows × classes. Graph-only: no eager code makes it and
// it needs no gradient (the graph was differentiated before it was made).
import { defineOp } from "../../op.js";

/**
 * softmaxCrossEntropy(z, labels, g) → [loss, dz] for logits z (rows × classes, the last axis
 * the classes), int32 labels of the rows' shape and g shaped like z (the upstream gradient of
 * the loss's product, −1/batch for a mean): with ls = logSoftmax(z), t = onehot(labels),
 * loss = sparseCrossEntropy(ls, labels) = −Σⱼ tⱼ·lsⱼ per row, and
 * dz = g ⊙ t − softmax(z) ⊙ Σⱼ (g ⊙ t)ⱼ per row (sparseCrossEntropyGrad's, with softmax(z)
 * for exp(ls), as autograd wrote it).
 * @example runOp(softmaxCrossEntropyOp, [logits, labels, g], {}) // [per-sample loss, dlogits]
 */
export const softmaxCrossEntropyOp = defineOp<Record<string, never>>({
  name: "softmaxCrossEntropy",
  fused: true,
  infer: ([z, labels]) => [
    { shape: labels!.shape, dtype: z!.dtype },
    { shape: z!.shape, dtype: z!.dtype },
  ],
});
