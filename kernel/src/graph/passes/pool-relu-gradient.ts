// Pool-relu-gradient fusion: a CNN's backward pass through relu → maxPool2d is
// maxPoolGrad (zero the image, scatter dy to each window's argmax) then relu's gradient
// where(z > 0, ·, 0) (a comparison and a select over the whole image, from a mask the
// forward pass had to write). One maxPoolReluGrad node does both in one pass over the
// image, reading the mask off relu's output (x > 0 exactly where z > 0).
import { shapesEqual } from "../../tensor/shape.js";
import type { GraphIR, GraphNodeIR } from "../ir.js";
import type { PoolAttrs } from "../../tensor/ops/pool.js";
import type { ReduceAttrs } from "../../tensor/ops/reduce.js";
import { maxPoolReluGradOp, tilesImage, type MaxPoolReluGradAttrs } from "../../tensor/ops/graph-only/max-pool-relu-grad-op.js";
import { isPositiveZero, lookups, plural, removeNodes, skipWithoutKernel, type GraphPass } from "./pass.js";

/**
 * Rewrites where(greater(z, 0), maxPoolGrad(relu(z), dy), 0) into
 * maxPoolReluGrad(relu(z), dy) for float32 values (both zeros +0: the kernel writes +0), on backends with its kernel; where the
 * windows tile the image and the result's sum over all axes but the channels is taken (the
 * bias gradient of the conv before the relu), that sum becomes the node's second output.
 * @example poolReluGradient.run(graph) // "fused 2 relu → maxPool gradients (8 nodes into 2, with 2 bias gradients)"
 */
export const poolReluGradient: GraphPass = {
  name: "pool-relu gradient fusion",
  run(graph: GraphIR): string {
    const skip = skipWithoutKernel(maxPoolReluGradOp);
    if (skip) return skip;
    const { made, soleReader } = lookups(graph);
    /** The producer of v when only one node reads v and the graph does not return or assign it. */
    const ownedBy = (v: number) => (soleReader(v) ? made.get(v) : undefined);
    const removed = new Set<GraphNodeIR>();
    const replaced = new Map<GraphNodeIR, GraphNodeIR>();
    let biasSums = 0;
    for (const node of graph.nodes) {
      if (node.op.name !== "where" || !isPositiveZero(made.get(node.inputs[2]!))) continue;
      const mask = ownedBy(node.inputs[0]!);
      const poolGrad = ownedBy(node.inputs[1]!);
      if (mask?.op.name !== "greater" || !isPositiveZero(made.get(mask.inputs[1]!)) || poolGrad?.op.name !== "maxPoolGrad") continue;
      const [x, dy] = poolGrad.inputs as [number, number];
      const relu = made.get(x);
      if (relu?.op.name !== "relu" || relu.inputs[0] !== mask.inputs[0]) continue;
      const [xInfo, dyInfo, out] = [graph.values.get(x)!, graph.values.get(dy)!, graph.values.get(node.outputs[0]!)!];
      if (![xInfo, dyInfo, out].every((info) => info.dtype === "float32") || !shapesEqual(out.shape, xInfo.shape)) continue;
      const biasSum = tilesImage(poolGrad.attrs as PoolAttrs, xInfo.shape[3]!) ? channelSum(graph, node.outputs[0]!) : undefined;
      const attrs: MaxPoolReluGradAttrs = { ...(poolGrad.attrs as PoolAttrs), ...(biasSum ? { biasGrad: true } : {}) };
      const outputs = biasSum ? [...node.outputs, biasSum.outputs[0]!] : node.outputs;
      replaced.set(node, { id: graph.nextId++, op: maxPoolReluGradOp, attrs, inputs: [x, dy], outputs, scope: node.scope });
      removed.add(mask).add(poolGrad);
      if (biasSum) {
        removed.add(biasSum);
        biasSums++;
      }
    }
    if (replaced.size === 0) return "no relu → maxPool gradients";
    // removeNodes drops the values only removed nodes wrote: the sums' results are the fused nodes' now.
    graph.nodes = graph.nodes.map((n) => replaced.get(n) ?? n).filter((n) => !removed.has(n));
    removeNodes(graph, new Set([...removed].filter((n) => n.op.name !== "sum")));
    const sums = biasSums > 0 ? `, with ${plural(biasSums, "bias gradient")}` : "";
    return `fused ${plural(replaced.size, "relu → maxPool gradient")} (${replaced.size * 3 + biasSums} nodes into ${replaced.size}${sums})`;
  },
};

/** The node that sums value v (NHWC) over batch, height and width into [c], if any reads it. */
function channelSum(graph: GraphIR, v: number): GraphNodeIR | undefined {
  return graph.nodes.find((n) => {
    if (n.op.name !== "sum" || n.inputs[0] !== v) return false;
    const { axes, keepDims } = n.attrs as ReduceAttrs;
    return !keepDims && [...axes].sort().join() === "0,1,2";
  });
}
