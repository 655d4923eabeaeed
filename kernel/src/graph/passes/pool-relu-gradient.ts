// Pool-relu-gradient fusion: a CNN's backward pass through relu → maxPool2d is
// maxPoolGrad (zero the image, scatter dy to each window's argmax) then relu's gradient
// where(z > 0, ·, 0) (a comparison and a select over the whole image, from a mask the
// forward pass had to write). One maxPoolReluGrad node does both in one pass over the
// image, reading the mask off relu's output (x > 0 exactly where z > 0).
import { findKernel } from "../../backend/backend.js";
import { getBackend } from "../../tensor/engine.js";
import { shapesEqual } from "../../tensor/shape.js";
import { producers, type GraphIR, type GraphNodeIR } from "../ir.js";
import { maxPoolReluGradOp } from "./max-pool-relu-grad-op.js";
import { constantValues, plural, removeNodes, type GraphPass } from "./pass.js";

/**
 * Rewrites where(greater(z, 0), maxPoolGrad(relu(z), dy), 0) into
 * maxPoolReluGrad(relu(z), dy) for float32 values, on backends with its kernel.
 * @example poolReluGradient.run(graph) // "fused 2 relu → maxPool gradients (6 nodes into 2)"
 */
export const poolReluGradient: GraphPass = {
  name: "pool-relu gradient fusion",
  run(graph: GraphIR): string {
    const backend = getBackend().name;
    if (!findKernel(maxPoolReluGradOp.name, backend)) return `skipped: the ${backend} backend has no ${maxPoolReluGradOp.name} kernel`;
    const made = producers(graph);
    const readers = new Map<number, number>();
    for (const node of graph.nodes) for (const v of node.inputs) readers.set(v, (readers.get(v) ?? 0) + 1);
    const kept = new Set<number>([...graph.outputs, ...graph.assigns.map((a) => a.value)]);
    /** The producer of v when only one node reads v and the graph does not return or assign it. */
    const ownedBy = (v: number) => (readers.get(v) === 1 && !kept.has(v) ? made.get(v) : undefined);
    const isZero = (v: number) => constantValues(made.get(v), 1)?.[0] === 0;
    const removed = new Set<GraphNodeIR>();
    const replaced = new Map<GraphNodeIR, GraphNodeIR>();
    for (const node of graph.nodes) {
      if (node.op.name !== "where" || !isZero(node.inputs[2]!)) continue;
      const mask = ownedBy(node.inputs[0]!);
      const poolGrad = ownedBy(node.inputs[1]!);
      if (mask?.op.name !== "greater" || !isZero(mask.inputs[1]!) || poolGrad?.op.name !== "maxPoolGrad") continue;
      const [x, dy] = poolGrad.inputs as [number, number];
      const relu = made.get(x);
      if (relu?.op.name !== "relu" || relu.inputs[0] !== mask.inputs[0]) continue;
      const [xInfo, dyInfo, out] = [graph.values.get(x)!, graph.values.get(dy)!, graph.values.get(node.outputs[0]!)!];
      if (![xInfo, dyInfo, out].every((info) => info.dtype === "float32") || !shapesEqual(out.shape, xInfo.shape)) continue;
      replaced.set(node, { id: graph.nextId++, op: maxPoolReluGradOp, attrs: poolGrad.attrs, inputs: [x, dy], outputs: node.outputs, scope: node.scope });
      removed.add(mask).add(poolGrad);
    }
    if (replaced.size === 0) return "no relu → maxPool gradients";
    graph.nodes = graph.nodes.map((n) => replaced.get(n) ?? n);
    removeNodes(graph, removed);
    return `fused ${plural(replaced.size, "relu → maxPool gradient")} (${replaced.size * 3} nodes into ${replaced.size})`;
  },
};
