// Relu-gradient epilogue fusion: the gradient flowing into a dense layer with relu is its
// input gradient dy·Wᵀ masked by relu's gradient, where(y > 0, dy·Wᵀ, 0): a product that
// stores its output, then a pass that reads it back with y and writes the masked copy. One
// matmulReluGrad node applies the mask as the GEMM stores the product (bias-relu epilogue
// fusion, before this pass, has made the masks read relu's output y).
import type { GraphIR, GraphNodeIR } from "../ir.js";
import type { MatmulAttrs } from "../../tensor/ops/matmul.js";
import { matmulReluGradOp } from "../../tensor/ops/graph-only/matmul-relu-grad-op.js";
import { shapesEqual } from "../../tensor/shape.js";
import { isPositiveZero, lookups, plural, skipWithoutKernel, type GraphPass } from "./pass.js";

/**
 * Rewrites where(greater(y, 0), matmul(a, b), 0) into matmulReluGrad(a, b, y) for float32
 * matrices, y shaped like the product and a product nothing else reads, on backends with its kernel.
 * @example reluGradEpilogue.run(graph) // "fused 2 relu gradients into the products they mask"
 */
export const reluGradEpilogue: GraphPass = {
  name: "relu-gradient epilogue fusion",
  run(graph: GraphIR): string {
    const skip = skipWithoutKernel(matmulReluGradOp);
    if (skip) return skip;
    const { made, onlyFor } = lookups(graph);
    const info = (v: number) => graph.values.get(v)!;
    const replaced = new Map<GraphNodeIR, GraphNodeIR>();
    const removed = new Set<GraphNodeIR>();
    for (const where of graph.nodes) {
      if (where.op.name !== "where") continue;
      const [condition, product, zero] = where.inputs as [number, number, number];
      const greater = made.get(condition);
      const matmul = onlyFor(product, where);
      if (greater?.op.name !== "greater" || !isPositiveZero(made.get(greater.inputs[1]!)) || matmul?.op.name !== "matmul" || !isPositiveZero(made.get(zero))) continue;
      const y = greater.inputs[0]!;
      const [a, b] = matmul.inputs.map(info);
      const shape = info(product).shape;
      const fits = a!.shape.length === 2 && b!.shape.length === 2 && shapesEqual(info(y).shape, shape) && shapesEqual(info(where.outputs[0]!).shape, shape);
      if (!fits || ![a!, b!, info(y), info(where.outputs[0]!)].every((v) => v.dtype === "float32")) continue;
      replaced.set(where, { id: graph.nextId++, op: matmulReluGradOp, attrs: { ...(matmul.attrs as MatmulAttrs) }, inputs: [...matmul.inputs, y], outputs: where.outputs, scope: where.scope });
      removed.add(matmul);
      if (onlyFor(condition, where)) removed.add(greater);
    }
    if (replaced.size === 0) return "no relu gradients of matrix products";
    for (const node of removed) for (const value of node.outputs) graph.values.delete(value);
    graph.nodes = graph.nodes.map((n) => replaced.get(n) ?? n).filter((n) => !removed.has(n));
    return `fused ${plural(replaced.size, "relu gradient")} into the ${replaced.size === 1 ? "product it masks" : "products they mask"}`;
  },
};
