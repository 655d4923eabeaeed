// Adam epilogue fusion: a training step's weight gradient is a matrix product (xᵀ·dy for a
// dense layer, colᵀ·dz for a conv layer) that only Adam's update reads. The product writes
// the gradient and the update reads it back, in a job of its own, with the weight and its
// moments; one matmulAdamUpdate node takes Adam's step on each block of the gradient as soon
// as the product has computed it, while it is in the cache (for the digits MLP's first layer
// the 0.8 MB gradient was otherwise read again from the outer caches by a second job).
import type { GraphIR, GraphNodeIR } from "../ir.js";
import type { MatmulAttrs } from "../../tensor/ops/matmul.js";
import type { AdamUpdateAttrs } from "../../tensor/ops/adam-update.js";
import { matmulAdamUpdateOp, type MatmulAdamAttrs } from "../../tensor/ops/graph-only/matmul-adam-op.js";
import { lookups, plural, skipWithoutKernel, type GraphPass } from "./pass.js";

/**
 * Rewrites adamUpdate(w, matmul(a, b), m, v, α) — or with a reshape of the product, as a conv
 * filter's gradient has — into matmulAdamUpdate(a, b, w, m, v, α) for float32 matrices, where
 * nothing else reads the gradient, on backends with its kernel.
 * @example adamEpilogue.run(graph) // "fused 3 weight gradients into their Adam updates (6 nodes into 3)"
 */
export const adamEpilogue: GraphPass = {
  name: "adam epilogue fusion",
  run(graph: GraphIR): string {
    const skip = skipWithoutKernel(matmulAdamUpdateOp);
    if (skip) return skip;
    const { onlyFor } = lookups(graph);
    const replaced = new Map<GraphNodeIR, GraphNodeIR>();
    const removed = new Set<GraphNodeIR>();
    let between = 0; // reshapes removed with their product
    for (const update of graph.nodes) {
      if (update.op.name !== "adamUpdate") continue;
      const gradient = onlyFor(update.inputs[1]!, update);
      const reshape = gradient?.op.name === "reshape" ? gradient : undefined;
      const product = reshape ? onlyFor(reshape.inputs[0]!, reshape) : gradient;
      if (product?.op.name !== "matmul") continue;
      const [a, b] = product.inputs.map((v) => graph.values.get(v)!);
      if (a!.shape.length !== 2 || b!.shape.length !== 2 || [...product.inputs, ...update.inputs].some((v) => graph.values.get(v)!.dtype !== "float32")) continue;
      const attrs: MatmulAdamAttrs = { ...(product.attrs as MatmulAttrs), ...(update.attrs as AdamUpdateAttrs) };
      const [w, , m, v, alpha] = update.inputs;
      replaced.set(update, { id: graph.nextId++, op: matmulAdamUpdateOp, attrs, inputs: [...product.inputs, w!, m!, v!, alpha!], outputs: update.outputs, scope: update.scope });
      removed.add(product);
      if (reshape) removed.add(reshape), between++;
    }
    if (replaced.size === 0) return "no weight gradient products read only by Adam";
    for (const node of removed) for (const value of node.outputs) graph.values.delete(value);
    graph.nodes = graph.nodes.map((n) => replaced.get(n) ?? n).filter((n) => !removed.has(n));
    const fused = replaced.size;
    return `fused ${plural(fused, "weight gradient")} into ${fused === 1 ? "its Adam update" : "their Adam updates"} (${2 * fused + between} nodes into ${fused})`;
  },
};
