import type { DType } from "../tensor/dtype.js";
import type { Node } from "../tensor/tensor.js";
import { Tensor } from "../tensor/tensor.js";
import type { HasValue } from "../tensor/convert.js";

/** A box in the graph view: an op application, or a leaf tensor (data, a variable's value). */
export interface GraphNode {
  id: string;
  kind: "op" | "leaf";
  /** The op name for op nodes; "tensor" or "variable" for leaves. */
  op: string;
  /** The tensor's name for leaves (variables are named), else undefined. */
  name?: string;
  /** nameScope() path, outermost first. */
  scope: string[];
  attrs: Record<string, unknown>;
  /** Shapes and dtypes of the node's outputs. */
  outputs: { shape: number[]; dtype: DType }[];
}

/** A tensor flowing from one node's output into another node's input. */
export interface GraphEdge {
  from: string;
  to: string;
  /** Which output of `from` and which input of `to`. */
  outputIndex: number;
  inputIndex: number;
  shape: number[];
  dtype: DType;
  /** The id of the tensor on this edge (to match gradients to edges). */
  tensorId: number;
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Node ids of the tensors graphOf() was asked about. */
  outputs: string[];
}

function describeAttrs(node: Node): Record<string, unknown> {
  const raw = node.op.describe ? node.op.describe(node.attrs) : node.attrs;
  // Only plain data goes into the view (functions and tensors in attrs are shown by kind).
  return Object.fromEntries(
    Object.entries(raw ?? {}).map(([k, v]) => [k, typeof v === "function" ? "<function>" : v instanceof Tensor ? `<tensor [${v.shape.join(", ")}]>` : v]),
  );
}

/** A tensor with nothing before it: data, a variable read, a placeholder or a host value. */
export function isLeaf(t: Tensor): boolean {
  return t.node === null || t.node.inputs.length === 0;
}

/** How the graph view labels a leaf. */
function leafKind(t: Tensor): string {
  switch (t.node?.op.name) {
    case "readVariable":
      return "variable";
    case undefined:
      return t.kept && t.name ? "variable" : "tensor";
    default:
      return t.node!.op.name;
  }
}

/**
 * The nodes and edges that produced `targets`, for the graph view and for inspection:
 * ops with their attributes, output shapes and dtypes; leaves with their names.
 * @example
 * const g = graphOf(x.matmul(w).add(b).relu());
 * g.nodes.map((n) => n.op) // ["tensor", "variable", "matmul", "variable", "add", "relu"]
 */
export function graphOf(targets: Tensor | HasValue | readonly (Tensor | HasValue)[]): Graph {
  const list = (Array.isArray(targets) ? targets : [targets]).map((t: Tensor | HasValue) => (t instanceof Tensor ? t : t.value));
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  const idOf = (t: Tensor) => (t.node ? `n${t.node.id}` : `t${t.id}`);

  // Iterative post-order so inputs come before the nodes that use them, even for deep graphs.
  const stack: { tensor: Tensor; expanded: boolean }[] = list.map((tensor) => ({ tensor, expanded: false })).reverse();
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const id = idOf(top.tensor);
    if (seen.has(id)) {
      stack.pop();
      continue;
    }
    const node = isLeaf(top.tensor) ? null : top.tensor.node;
    if (node && !top.expanded) {
      top.expanded = true;
      for (let i = node.inputs.length - 1; i >= 0; i--) stack.push({ tensor: node.inputs[i]!, expanded: false });
      continue;
    }
    stack.pop();
    seen.add(id);
    if (!node) {
      const t = top.tensor;
      nodes.push({ id, kind: "leaf", op: leafKind(t), name: t.name, scope: [...(t.node?.scope ?? [])], attrs: t.node ? describeAttrs(t.node) : {}, outputs: [{ shape: [...t.shape], dtype: t.dtype }] });
      continue;
    }
    nodes.push({
      id,
      kind: "op",
      op: node.op.name,
      scope: [...node.scope],
      attrs: describeAttrs(node),
      outputs: node.outputs.map((o) => ({ shape: [...o.shape], dtype: o.dtype })),
    });
    node.inputs.forEach((input, inputIndex) =>
      edges.push({ from: idOf(input), to: id, outputIndex: input.outputIndex, inputIndex, shape: [...input.shape], dtype: input.dtype, tensorId: input.id }),
    );
  }
  return { nodes, edges, outputs: list.map(idOf) };
}
