// The op that relu-gradient epilogue fusion makes (graph/passes/relu-grad-epilogue.ts): a
// dense layer's input gradient dy·Wᵀ and the gradient of the relu before it as one GEMM that
// stores the product only where relu's output is > 0, instead of a product and a pass over
// it. Graph-only: no eager code makes it and it needs no gradient (the graph was
// differentiated before it was made).
import { defineOp } from "../../op.js";
import type { MatmulAttrs } from "../matmul.js";
import { productShape } from "./matmul-bias-relu-op.js";

/**
 * matmulReluGrad(a, b, y) = where(y > 0, op(a)·op(b), 0) for matrices a, b and y shaped like
 * the product (relu's output, or its input: both are > 0 at the same places); NaN in y gives 0.
 * @example runOp(matmulReluGradOp, [dy, w, h], { transposeA: false, transposeB: true }) // dz of the layer before
 */
export const matmulReluGradOp = defineOp<MatmulAttrs>({
  name: "matmulReluGrad",
  fused: true,
  infer: ([a, b], attrs) => [{ shape: productShape(a!.shape, b!.shape, attrs), dtype: a!.dtype }],
});
