// Pool-argmax routing: maxPoolReluGrad(x, dy) reads relu's output x again in the backward
// pass, long after the forward pass pooled it (out of the caches by then: a compiled CNN
// step's first pool gradient took twice as long as the same kernel on a warm image), and
// keeps x alive until then. Where the windows tile the image and the forward maxPool2d(x)
// is in the graph, that node becomes maxPoolArgmax(x) → [pooled, argmax] and the gradient
// maxPoolArgmaxGrad(argmax, dy), which reads one int32 per window and channel instead of x.
import { shapesEqual } from "../../tensor/shape.js";
import type { GraphIR, GraphNodeIR } from "../ir.js";
import type { PoolAttrs } from "../../tensor/ops/pool.js";
import { tilesImage, type MaxPoolReluGradAttrs } from "../../tensor/ops/graph-only/max-pool-relu-grad-op.js";
import { maxPoolArgmaxGradOp, maxPoolArgmaxOp, type MaxPoolArgmaxGradAttrs } from "../../tensor/ops/graph-only/max-pool-argmax-ops.js";
import { plural, skipWithoutKernel, type GraphPass } from "./pass.js";

/** Whether two pools have the same windows. */
const samePool = (a: PoolAttrs, b: PoolAttrs) => shapesEqual(a.poolSize, b.poolSize) && shapesEqual(a.strides, b.strides) && shapesEqual(a.pads, b.pads);

/**
 * Rewrites maxPoolReluGrad(x, dy) with windows that tile float32 x, where an earlier
 * maxPool2d(x) with the same windows exists, into maxPoolArgmaxGrad(argmax, dy), that pool
 * becoming maxPoolArgmax(x) → [its pooled output, argmax]; on backends with both kernels.
 * @example poolArgmax.run(graph) // "routed 2 relu → maxPool gradients by the argmax of 2 forward pools"
 */
export const poolArgmax: GraphPass = {
  name: "pool-argmax routing",
  run(graph: GraphIR): string {
    const skip = skipWithoutKernel(maxPoolArgmaxOp) ?? skipWithoutKernel(maxPoolArgmaxGradOp);
    if (skip) return skip;
    const position = new Map(graph.nodes.map((n, i) => [n, i]));
    const replaced = new Map<GraphNodeIR, GraphNodeIR>();
    /** The argmax value each rewritten forward pool writes. */
    const argmaxOf = new Map<GraphNodeIR, number>();
    let gradients = 0;
    for (const node of graph.nodes) {
      if (node.op.name !== "maxPoolReluGrad") continue;
      const attrs = node.attrs as MaxPoolReluGradAttrs;
      const [x, dy] = node.inputs as [number, number];
      const image = graph.values.get(x)!;
      if (image.dtype !== "float32" || !tilesImage(attrs, image.shape[3]!)) continue;
      const forward = graph.nodes.find((n) => n.op.name === "maxPool2d" && n.inputs[0] === x && samePool(n.attrs as PoolAttrs, attrs) && position.get(n)! < position.get(node)!);
      if (!forward) continue;
      let argmax = argmaxOf.get(forward);
      if (argmax === undefined) {
        argmax = graph.nextId++;
        graph.values.set(argmax, { shape: graph.values.get(forward.outputs[0]!)!.shape, dtype: "int32" });
        argmaxOf.set(forward, argmax);
        const { poolSize, strides, pads } = attrs;
        replaced.set(forward, { id: graph.nextId++, op: maxPoolArgmaxOp, attrs: { poolSize, strides, pads }, inputs: [x], outputs: [forward.outputs[0]!, argmax], scope: forward.scope });
      }
      const gradAttrs: MaxPoolArgmaxGradAttrs = { ...attrs, imageShape: image.shape };
      replaced.set(node, { id: graph.nextId++, op: maxPoolArgmaxGradOp, attrs: gradAttrs, inputs: [argmax, dy], outputs: node.outputs, scope: node.scope });
      gradients++;
    }
    if (gradients === 0) return "no relu → maxPool gradients with tiling windows and their forward pool";
    graph.nodes = graph.nodes.map((n) => replaced.get(n) ?? n);
    return `routed ${plural(gradients, "relu → maxPool gradient")} by the argmax of ${plural(argmaxOf.size, "forward pool")}`;
  },
};
