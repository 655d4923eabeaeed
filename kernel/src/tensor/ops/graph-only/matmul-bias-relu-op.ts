// The op that bias-relu epilogue fusion makes: a dense (or, as a GEMM over im2col, conv)
// layer's matmul, bias add and relu as one GEMM that adds the bias and applies relu as it
// stores C (or, for a layer without relu, only adds the bias). Graph-only, like the other ops
// passes make: no eager code makes it and it needs no gradient (the graph was differentiated
// before it was made).
import { defineOp } from "../../op.js";
import type { MatmulAttrs } from "../matmul.js";
import type { Shape } from "../../shape.js";

/** The product's transposes, and whether relu follows the bias (absent: it does, as in graphs saved before the option). */
export interface MatmulBiasReluAttrs extends MatmulAttrs {
  readonly relu?: boolean;
}

/**
 * The shape [m, n] of op(a)·op(b) for matrices a and b, the product graph mode's fused GEMMs
 * (matmulBiasRelu, matmulReluGrad, matmulAdamUpdate) compute.
 * @example productShape([128, 784], [128, 256], { transposeA: true, transposeB: false }) // [784, 256]
 */
export const productShape = (a: Shape, b: Shape, { transposeA, transposeB }: MatmulAttrs): [number, number] => [a[transposeA ? 1 : 0]!, b[transposeB ? 0 : 1]!];

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
  infer: ([a, b], attrs) => [{ shape: productShape(a!.shape, b!.shape, attrs), dtype: a!.dtype }],
  // A logits layer's product and bias carry no relu: its node is not called a relu.
  label: (attrs) => (appliesRelu(attrs) ? "matmulBiasRelu" : "matmulBias"),
});
