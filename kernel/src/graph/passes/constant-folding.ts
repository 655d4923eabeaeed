// Constant folding: a node whose inputs are all constants computes the same values at every
// run, so it runs once now and becomes a constant. Variable reads, placeholders and host
// values (random numbers, per-step scalars) change between runs and are never folded.
import { execute } from "../../tensor/engine.js";
import { Tensor } from "../../tensor/tensor.js";
import { hasUnknownBatch } from "../../tensor/unknown-batch.js";
import { constantOp, producers, type ConstantAttrs, type GraphIR, type GraphNodeIR } from "../ir.js";
import { constantNode, plural, summarize, type GraphPass } from "./pass.js";

/**
 * Replaces every node computed from constants alone by the constants it computes.
 * @example constantFolding.run(graph) // "folded 2 nodes (mul, add)"
 */
export const constantFolding: GraphPass = {
  name: "constant folding",
  run(graph: GraphIR): string {
    const made = producers(graph);
    const folded: string[] = [];
    graph.nodes = graph.nodes.flatMap((node): GraphNodeIR[] => {
      if (node.op.source || node.inputs.length === 0 || !node.inputs.every((v) => made.get(v)?.op === constantOp)) return [node];
      const inputs = node.inputs.map((v) => (made.get(v)!.attrs as ConstantAttrs).tensor);
      const infos = node.outputs.map((v) => graph.values.get(v)!);
      // A value of unknown batch size (ones broadcast to a batch's shape) depends on the batch size: never folded.
      if (infos.some((info) => hasUnknownBatch(info.shape))) return [node];
      const storages = execute(node.op, inputs, node.attrs, infos);
      const constants = node.outputs.map((v, k) => constantNode(graph, v, new Tensor(infos[k]!.shape, infos[k]!.dtype, storages[k]!), node.scope));
      constants.forEach((c) => c.outputs.forEach((v) => made.set(v, c)));
      folded.push(node.op.name);
      return constants;
    });
    return folded.length ? `folded ${plural(folded.length, "node")} (${summarize(folded)})` : "nothing to fold";
  },
};
