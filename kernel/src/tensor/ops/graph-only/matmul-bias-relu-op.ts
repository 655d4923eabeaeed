// The op that bias-relu epilogue fusion makes: a dense (or, as a GEMM over im2col, conv)
// layer's matmul, bias add and relu as one GEMM that adds the bias and applies relu as it
// stores C (or, for a layer without relu, only adds the bias). Graph-only, like the other ops
// passes make: no eager code makes it and it needs no gradient (the graph was differentiated
// before it was made).
import { defineOp } from "../../op.js";
import type { MatmulAttrs } from "../matmul.js";

/** The product's transposes, and whether relu follows the bias (absent: it does, as in graphs saved before the option). */
export interface MatmulBiasReluAttrs extends MatmulAttrs {
  readonly relu?: boolean;
}

/** Whether a matmulBiasRelu node applies relu. @example appliesRelu({ transposeA: false, transposeB: false }) // true */
export const appliesRelu = (attrs: MatmulBiasReluAttrs): boolean => attrs.relu !== false;

/**
 * matmulBiasRelu(a, b, bias) = relu(op(a)·op(b) + bias) for matrices a, b and a bias of one
 * value per column of the product; with `relu: false`, op(a)·op(b) + bias.
 * @example runOp(matmulBiasReluOp, [x, w, b], { transposeA: false, transposeB: false }) // a Dense layer with relu
 */
export const matmulBiasReluOp = defineOp<MatmulBiasReluAttrs>({
  name: "matmulBiasRelu",
  fused: true,
  infer: ([a, b], { transposeA, transposeB }) => [{ shape: [a!.shape[transposeA ? 1 : 0]!, b!.shape[transposeB ? 0 : 1]!], dtype: a!.dtype }],
});
