// Dead-code elimination: a node none of whose outputs reaches a graph output or a variable
// assignment does nothing useful, so it goes (with constants and variable reads only it
// used). Placeholders stay: they are the graph's inputs, fed by name even when unused.
import { placeholderOp, resultValues, type GraphIR, type GraphNodeIR } from "../ir.js";
import { plural, removeNodes, summarize, type GraphPass } from "./pass.js";

/**
 * Removes the nodes that no output or assignment depends on.
 * @example deadCode.run(graph) // "removed 3 nodes (exp, constant×2)"
 */
export const deadCode: GraphPass = {
  name: "dead code",
  run(graph: GraphIR): string {
    const live = resultValues(graph);
    const dead = new Set<GraphNodeIR>();
    for (let i = graph.nodes.length - 1; i >= 0; i--) {
      const node = graph.nodes[i]!;
      if (node.op !== placeholderOp && !node.outputs.some((v) => live.has(v))) dead.add(node);
      else for (const v of node.inputs) live.add(v);
    }
    removeNodes(graph, dead);
    return dead.size ? `removed ${plural(dead.size, "node")} (${summarize([...dead].map((n) => n.op.name))})` : "nothing dead";
  },
};
