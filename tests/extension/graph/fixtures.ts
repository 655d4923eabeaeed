import type { GraphPayload } from "gradbook/payloads";

type Node = GraphPayload["nodes"][number];
type Edge = GraphPayload["edges"][number];

/**
 * An MLP-shaped graph: input x, then `layers` dense layers (kernel and bias leaves,
 * matmul, add, relu, each in scope [model, dense_i]), then a top-level loss. Each layer
 * adds 5 nodes, so `layers: 200` gives a 1002-node graph.
 */
export function mlpGraph(options: { layers?: number; width?: number; gradients?: boolean; label?: (i: number) => string; outerScope?: string } = {}): GraphPayload {
  const { layers = 3, width = 16, gradients = false, outerScope = "model" } = options;
  const nodes: Node[] = [];
  const edges: Edge[] = [];
  const leaf = (id: string, label: string, scope: string[], shape: (number | null)[], op = "variable"): Node =>
    ({ id, kind: "leaf", op, label, scope, outputs: [{ shape, dtype: "float32" }], attrs: {} });
  const op = (id: string, name: string, scope: string[], shape: (number | null)[], attrs: Record<string, unknown> = {}): Node =>
    ({ id, kind: "op", op: name, label: name, scope, outputs: [{ shape, dtype: "float32" }], attrs });
  const edge = (from: string, to: string, shape: (number | null)[], norm?: number): Edge =>
    ({ from, to, shape, dtype: "float32", ...(gradients && norm !== undefined ? { gradNorm: norm } : {}) });
  nodes.push({ ...leaf("x", "x", [], [null, width], "input"), value: { values: [0.5, -1, 2], min: -1, max: 2, mean: 0.5, std: 1.22 } });
  let previous = "x";
  for (let i = 0; i < layers; i++) {
    const scope = [outerScope, `dense_${i}`];
    const name = options.label?.(i);
    nodes.push(
      { ...leaf(`k${i}`, name ?? `kernel_${i}`, scope, [width, width]), value: { min: -0.3, max: 0.3, mean: 0, std: 0.1 } },
      leaf(`b${i}`, `bias_${i}`, scope, [width]),
      op(`m${i}`, "matmul", scope, [null, width]),
      op(`a${i}`, "add", scope, [null, width]),
      op(`r${i}`, "relu", scope, [null, width]),
    );
    const norm = 10 ** (-i / Math.max(1, layers - 1) * 6); // 1 down to 1e-6: vanishing with depth
    edges.push(
      edge(previous, `m${i}`, [null, width], norm),
      edge(`k${i}`, `m${i}`, [width, width], norm),
      edge(`m${i}`, `a${i}`, [null, width], norm),
      edge(`b${i}`, `a${i}`, [width], norm),
      edge(`a${i}`, `r${i}`, [null, width], norm),
    );
    previous = `r${i}`;
  }
  nodes.push(op("loss", "mean", [], []));
  edges.push(edge(previous, "loss", [null, width], 1));
  return { version: 1, title: "MLP", nodes, edges, outputs: ["loss"] };
}
