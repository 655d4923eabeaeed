// Elementwise fusion: chains of elementwise ops of one output shape (with inputs that
// broadcast to it, and scalar constants written into the code) become one node whose kernel
// is generated from the ops' expressions, so a chain reads and writes memory once instead
// of once per op. Only float and bool values are fused: int32 arithmetic wraps after each
// op, which one expression would not. A fused node keeps the list of the ops it replaced.
import { findKernel } from "../../backend/backend.js";
import { getBackend } from "../../tensor/engine.js";
import { isFloat, type DType } from "../../tensor/dtype.js";
import { literal, programCompilers, type ElementwiseProgram } from "../../tensor/expression.js";
import { shapesEqual, type Shape } from "../../tensor/shape.js";
import { producers, readersOf, resultValues, type GraphIR, type GraphNodeIR } from "../ir.js";
import { fusedOpFor, type FusedAttrs } from "./fused-op.js";
import { constantValues, plural, type GraphPass } from "./pass.js";

interface Group {
  readonly shape: Shape;
  members: GraphNodeIR[];
  /** The groups its members read through ops outside it (merging with one of them would make a cycle). */
  readonly needs: Set<Group>;
  /** Set when the group was merged into another one. */
  mergedInto?: Group;
}

const fusable = (dtype: DType) => isFloat(dtype) || dtype === "bool";

/**
 * Fuses chains of elementwise ops into generated kernels, on backends that generate them
 * (registerProgramCompiler).
 * @example elementwiseFusion.run(graph) // "fused 12 nodes into 3 kernels (largest: 6 ops)"
 */
export const elementwiseFusion: GraphPass = {
  name: "elementwise fusion",
  run(graph: GraphIR): string {
    // A backend without its own compiler keeps the ops: running fused nodes on its fallback
    // backend copies every input and output across (measured 4× slower than the unfused
    // steps on the WebAssembly backend).
    const backend = getBackend();
    if (!programCompilers().has(backend.name)) return `skipped: the ${backend.name} backend generates no fused kernels`;
    const candidates = formGroups(graph).filter((g) => g.members.length > 1);
    if (candidates.length === 0) return "no chains to fuse";
    const groups = fuse(graph, candidates, backend.name);
    if (groups.length === 0) return `no chains the ${backend.name} backend can fuse`;
    const fused = groups.reduce((n, g) => n + g.members.length, 0);
    return `fused ${plural(fused, "node")} into ${plural(groups.length, "kernel")} (largest: ${Math.max(...groups.map((g) => g.members.length))} ops)`;
  },
};

function isCandidate(node: GraphNodeIR, graph: GraphIR): boolean {
  if (node.op.source || !node.op.expression || node.outputs.length !== 1) return false;
  return [...node.inputs, ...node.outputs].every((v) => fusable(graph.values.get(v)!.dtype));
}

/**
 * Groups candidates in topological order: a node joins the groups of its inputs' producers
 * that have its shape and that none of its other inputs depends on, counting what a group's
 * later members read (else the fused node would depend on itself: a loss's row sum between
 * two chains); when it joins two groups, they merge (e.g. an optimizer's first- and
 * second-moment chains meet in its update).
 */
function formGroups(graph: GraphIR): Group[] {
  const made = producers(graph);
  const groupOf = new Map<GraphNodeIR, Group>();
  const upstream = new Map<number, ReadonlySet<Group>>();
  const order = new Map(graph.nodes.map((n, i) => [n, i]));
  const groups: Group[] = [];
  const canonical = (g: Group): Group => (g.mergedInto ? canonical(g.mergedInto) : g);
  const groupOfValue = (v: number) => {
    const g = groupOf.get(made.get(v)!);
    return g && canonical(g);
  };
  // A group reaches g when it is g or reads g through ops outside it (its fused node would wait for g's).
  const reaches = (h: Group, g: Group, seen = new Set<Group>()): boolean => {
    const c = canonical(h);
    if (c === g) return true;
    if (seen.has(c)) return false;
    seen.add(c);
    return [...c.needs].some((k) => reaches(k, g, seen));
  };
  const dependsOn = (v: number, g: Group) => [...(upstream.get(v) ?? [])].some((h) => reaches(h, g));
  for (const node of graph.nodes) {
    const above = new Set<Group>();
    for (const v of node.inputs) for (const g of upstream.get(v) ?? []) above.add(g);
    if (isCandidate(node, graph)) {
      const shape = graph.values.get(node.outputs[0]!)!.shape;
      const joinable = (g: Group) => shapesEqual(g.shape, shape) && node.inputs.every((v) => groupOfValue(v) === g || !dependsOn(v, g));
      const joined = [...new Set(node.inputs.map(groupOfValue))].filter((g): g is Group => g !== undefined && joinable(g));
      const group = joined[0] ?? { shape, members: [], needs: new Set<Group>() };
      if (joined.length === 0) groups.push(group);
      for (const other of joined.slice(1)) {
        group.members = [...group.members, ...other.members].sort((a, b) => order.get(a)! - order.get(b)!);
        for (const g of other.needs) group.needs.add(g);
        other.mergedInto = group;
      }
      group.members.push(node);
      for (const v of node.inputs) if (groupOfValue(v) !== group) for (const g of upstream.get(v) ?? []) group.needs.add(g);
      groupOf.set(node, group);
      above.add(group);
    }
    for (const v of node.outputs) upstream.set(v, above);
  }
  return groups.filter((g) => !g.mergedInto);
}

/**
 * Replaces each group by one fused node, then restores a topological order; a group whose
 * program the backend cannot compile (WGSL has no float64) keeps its ops. Returns the groups fused.
 */
function fuse(graph: GraphIR, groups: readonly Group[], backendName: string): Group[] {
  const made = producers(graph);
  const readers = readersOf(graph);
  const kept = resultValues(graph);
  const replaced = new Map<GraphNodeIR, GraphNodeIR | null>();
  const fused: Group[] = [];
  for (const group of groups) {
    const members = new Set(group.members);
    const inputs: number[] = [];
    const operand = new Map<number, string>();
    const steps: ElementwiseProgram["steps"][number][] = [];
    const outputs: number[] = [];
    const outputValues: number[] = [];
    group.members.forEach((node, k) => {
      const operands = node.inputs.map((v) => {
        const known = operand.get(v);
        if (known !== undefined) return known;
        const info = graph.values.get(v)!;
        const scalar = isFloat(info.dtype) ? constantValues(made.get(v), 1) : undefined;
        const name = scalar && scalar.length === 1 ? literal(scalar[0]!) : `in${inputs.push(v) - 1}`;
        operand.set(v, name);
        return name;
      });
      const out = node.outputs[0]!;
      operand.set(out, `t${k}`);
      steps.push({ expression: node.op.expression!(operands, node.attrs), dtype: graph.values.get(out)!.dtype });
      if (kept.has(out) || (readers.get(out) ?? []).some((r) => !members.has(r))) {
        outputs.push(k);
        outputValues.push(out);
      }
    });
    const program: ElementwiseProgram = { shape: group.shape, inputs: inputs.map((v) => graph.values.get(v)!), steps, outputs };
    const op = fusedOpFor(program);
    if (!findKernel(op.name, backendName)) continue;
    fused.push(group);
    const attrs: FusedAttrs = { program, members: group.members.map((n) => ({ op: n.op.name, scope: n.scope })) };
    const fusedNode: GraphNodeIR = { id: graph.nextId++, op, attrs, inputs, outputs: outputValues, scope: commonScope(group.members) };
    group.members.forEach((node, k) => {
      replaced.set(node, k === group.members.length - 1 ? fusedNode : null);
      if (!outputValues.includes(node.outputs[0]!)) graph.values.delete(node.outputs[0]!);
    });
  }
  const placed = graph.nodes.flatMap((n) => {
    const r = replaced.get(n);
    return r === undefined ? [n] : r === null ? [] : [r];
  });
  graph.nodes = topologicalOrder(placed);
  return fused;
}

/** Orders nodes so every input is written before it is read, keeping the given order where it already is. */
function topologicalOrder(nodes: readonly GraphNodeIR[]): GraphNodeIR[] {
  const writer = new Map<number, GraphNodeIR>();
  for (const n of nodes) for (const v of n.outputs) writer.set(v, n);
  const done = new Set<GraphNodeIR>();
  const order: GraphNodeIR[] = [];
  for (const root of nodes) {
    const stack: { node: GraphNodeIR; next: number }[] = [{ node: root, next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (done.has(top.node)) {
        stack.pop();
        continue;
      }
      const input = top.node.inputs[top.next++];
      if (input !== undefined) {
        const w = writer.get(input);
        if (w && !done.has(w)) stack.push({ node: w, next: 0 });
        continue;
      }
      done.add(top.node);
      order.push(top.node);
      stack.pop();
    }
  }
  return order;
}

/** The scope all nodes share (the layer a fused chain sits in, when it is one). */
function commonScope(nodes: readonly GraphNodeIR[]): readonly string[] {
  const first = nodes[0]!.scope;
  let length = first.length;
  for (const n of nodes) {
    let i = 0;
    while (i < length && n.scope[i] === first[i]) i++;
    length = i;
  }
  return first.slice(0, length);
}
