// Graph mode's intermediate representation: the op nodes that eager mode and autograd use,
// numbered and listed in topological order, with the values between them as numbered
// edges. Sources (placeholders, variable reads, constants, host values) are nodes too, so a
// pass sees one kind of thing: a node with an op, attributes, input and output values.
import type { DType } from "../tensor/dtype.js";
import { GradbookError } from "../tensor/errors.js";
import { defineOp, type OpDef } from "../tensor/op.js";
import type { Shape } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { readVariableOp, type ReadVariableAttrs } from "../tensor/engine.js";
import type { Variable } from "../tensor/variable.js";

/** A value flowing along an edge of the graph. */
export interface ValueInfo {
  readonly shape: Shape;
  readonly dtype: DType;
}

/** One node of a compiled graph. */
export interface GraphNodeIR {
  /** Unique within its graph, stable across passes (a pass that makes a node takes a new id). */
  readonly id: number;
  readonly op: OpDef<any>;
  readonly attrs: any;
  /** Value ids read, in the op's input order. */
  readonly inputs: readonly number[];
  /** Value ids written, in the op's output order. */
  readonly outputs: readonly number[];
  /** nameScope() path, outermost first (layer names). */
  readonly scope: readonly string[];
}

/** A variable assignment the graph performs after computing its values. */
export interface AssignIR {
  readonly variable: Variable;
  readonly value: number;
}

/** A whole graph: what passes read and rewrite and what the executor runs. */
export interface GraphIR {
  /** Topological order: every input value is written by an earlier node. */
  nodes: GraphNodeIR[];
  values: Map<number, ValueInfo>;
  /** Value ids the graph returns. */
  outputs: number[];
  /** Variable assignments, applied in order after the outputs are computed. */
  assigns: AssignIR[];
  /** Host code run after every execution (optimizer step counters). */
  effects: (() => void)[];
  /** Fresh ids for nodes and values that passes create. */
  nextId: number;
}

export interface PlaceholderAttrs {
  readonly name: string;
  readonly shape: Shape;
  readonly dtype: DType;
}

/** An input of a graph, fed at each run. */
export const placeholderOp = defineOp<PlaceholderAttrs>({
  name: "placeholder",
  source: true,
  infer: (_inputs, { shape, dtype }) => [{ shape, dtype }],
  describe: ({ name, shape, dtype }) => ({ name, shape, dtype }),
});

export interface ConstantAttrs {
  /** The values, kept alive as long as the graph. */
  readonly tensor: Tensor;
}

/** A value the graph captured while it was traced (a tensor made outside or by eager code). */
export const constantOp = defineOp<ConstantAttrs>({
  name: "constant",
  source: true,
  infer: (_inputs, { tensor }) => [{ shape: tensor.shape, dtype: tensor.dtype }],
  describe: ({ tensor }) => ({ shape: tensor.shape, dtype: tensor.dtype, ...(tensor.size <= 8 && tensor.backend?.canReadSync ? { values: [...tensor.dataSync()] } : {}) }),
});

/**
 * The graph that computes `outputs` from the recorded nodes behind them, plus the traced
 * assignments. Tensors made without a node (or eagerly, with values) become constants;
 * reads of a variable become one read node per variable. `inputs` (placeholders) are in the
 * graph even when nothing reads them: a placeholder of unknown batch size gives the batch
 * size that the outputs' shapes may still depend on (the gradient of a mean with respect to x
 * reads x's shape, not its values).
 * @example buildGraph([y], [], [], [x]) // x's placeholder node, then y's nodes
 */
export function buildGraph(outputs: readonly Tensor[], assigns: readonly { variable: Variable; value: Tensor }[], effects: readonly (() => void)[], inputs: readonly Tensor[] = []): GraphIR {
  const graph: GraphIR = { nodes: [], values: new Map(), outputs: [], assigns: [], effects: [...effects], nextId: 0 };
  const valueOf = new Map<Tensor, number>();
  const readOf = new Map<object, number>();
  const done = new Set<object>();

  const addSource = (op: OpDef<any>, attrs: unknown, t: Tensor, scope: readonly string[]): number => {
    const value = graph.nextId++;
    graph.values.set(value, { shape: t.shape, dtype: t.dtype });
    graph.nodes.push({ id: graph.nextId++, op, attrs, inputs: [], outputs: [value], scope });
    return value;
  };

  const visit = (root: Tensor): number => {
    const stack: { tensor: Tensor; expanded: boolean }[] = [{ tensor: root, expanded: false }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const t = top.tensor;
      if (valueOf.has(t)) {
        stack.pop();
        continue;
      }
      const node = t.node;
      if (node?.op === readVariableOp) {
        const variable = (node.attrs as ReadVariableAttrs).variable;
        let value = readOf.get(variable);
        if (value === undefined) readOf.set(variable, (value = addSource(readVariableOp, node.attrs, t, node.scope)));
        valueOf.set(t, value);
        stack.pop();
        continue;
      }
      if (!t.isSymbolic || node === null) {
        if (t.isSymbolic) throw new GradbookError(`graph: a symbolic tensor (shape [${t.shape.join(", ")}]) has no maker`);
        valueOf.set(t, addSource(constantOp, { tensor: t }, t, node?.scope ?? []));
        stack.pop();
        continue;
      }
      if (!top.expanded) {
        top.expanded = true;
        for (const input of node.inputs) if (!valueOf.has(input)) stack.push({ tensor: input, expanded: false });
        continue;
      }
      stack.pop();
      if (done.has(node)) continue;
      done.add(node);
      const outs = node.outputs.map((o) => {
        const value = graph.nextId++;
        graph.values.set(value, { shape: o.shape, dtype: o.dtype });
        valueOf.set(o, value);
        return value;
      });
      graph.nodes.push({ id: graph.nextId++, op: node.op, attrs: node.attrs, inputs: node.inputs.map((i) => valueOf.get(i)!), outputs: outs, scope: node.scope });
    }
    return valueOf.get(root)!;
  };

  for (const input of inputs) visit(input);
  graph.outputs = outputs.map(visit);
  graph.assigns = assigns.map(({ variable, value }) => ({ variable, value: visit(value) }));
  return graph;
}

/**
 * How errors name a node: its id, op and scope.
 * @example describeNode(node) // 'node 7 (op "conv2d" in sequential/conv2d_1)'
 */
export function describeNode(node: GraphNodeIR): string {
  return `node ${node.id} (op "${node.op.name}"${node.scope.length ? ` in ${node.scope.join("/")}` : ""})`;
}

/** Which node writes each value. */
export function producers(graph: GraphIR): Map<number, GraphNodeIR> {
  const map = new Map<number, GraphNodeIR>();
  for (const node of graph.nodes) for (const v of node.outputs) map.set(v, node);
  return map;
}

/** Which nodes read each value (in graph order; a node reading a value twice is listed twice). */
export function readersOf(graph: GraphIR): Map<number, GraphNodeIR[]> {
  const map = new Map<number, GraphNodeIR[]>();
  for (const node of graph.nodes) for (const v of node.inputs) map.set(v, [...(map.get(v) ?? []), node]);
  return map;
}

/** The values a graph hands out: its outputs and the values it assigns to variables (a new set). */
export function resultValues(graph: GraphIR): Set<number> {
  return new Set<number>([...graph.outputs, ...graph.assigns.map((a) => a.value)]);
}

/** The constant tensors a graph reads (the graph keeps them alive; it frees those it owns when disposed). */
export function constantsOf(graph: GraphIR): Tensor[] {
  return graph.nodes.filter((n) => n.op === constantOp).map((n) => (n.attrs as ConstantAttrs).tensor);
}
