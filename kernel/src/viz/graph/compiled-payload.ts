/**
 * The graph view's payload for a compiled Graph (jit, graphFor): placeholders, variables
 * and constants are leaves, layer scopes are groups, and a node made by elementwise fusion
 * (its described attributes list the original ops as `ops`, with the program's `steps`
 * referring to inputs `in<i>` and earlier steps `t<k>`) is a group of those ops, closed by
 * default, that the view expands on click.
 */
import type { Graph } from "../../graph/graph.js";
import type { GraphNodeIR } from "../../graph/ir.js";
import { sourceLabel } from "../../graph/graph.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { GraphPayload, Locale } from "../payloads.js";
import { adoptUserScopes, assemblePayload, valueSummary } from "./graph-payload.js";
import { batchMultiple } from "../../tensor/unknown-batch.js";
import { opLabel } from "../../tensor/op.js";

type PNode = GraphPayload["nodes"][number];
type PEdge = GraphPayload["edges"][number];

/** Options of the compiled graph's payload. */
export interface CompiledGraphOptions {
  title?: string;
  locale?: Locale;
}

/** The leaf kinds of the view for graph sources. */
const LEAF_OP: Record<string, string> = { placeholder: "input", readVariable: "variable", constant: "tensor", hostValue: "tensor" };

/** Described attributes as the view shows them (JSON-safe: tensors become their shapes). */
function shownAttrs(node: GraphNodeIR): Record<string, unknown> {
  const raw = node.op.describe ? node.op.describe(node.attrs) : node.attrs;
  return JSON.parse(JSON.stringify(raw ?? {}, (_key, v) => (typeof v === "function" ? "<function>" : v && typeof v === "object" && "dataSync" in v ? `tensor[${(v as Tensor).shape.join(", ")}]` : v)));
}

/** The original ops of a fused node, or undefined for any other node. */
function fusedMembers(attrs: Record<string, unknown>): { ops: string[]; steps?: string[]; outputs?: number[] } | undefined {
  const ops = attrs.ops;
  if (!Array.isArray(ops) || ops.length < 2 || !ops.every((o) => typeof o === "string")) return undefined;
  const steps = Array.isArray(attrs.steps) && attrs.steps.length === ops.length ? attrs.steps.map(String) : undefined;
  const outputs = Array.isArray(attrs.outputs) ? attrs.outputs.map(Number) : undefined;
  return { ops, steps, outputs };
}

/** A shape as the view shows it: null (drawn "?") where it has the unknown batch size. */
function shownShape(shape: readonly number[]): (number | null)[] {
  return shape.map((d) => (batchMultiple(d) > 0 ? null : d));
}

/**
 * The graph payload of a compiled graph.
 * @example compiledGraphPayload(jit(f).graphFor(x), { title: "training step" })
 */
export function compiledGraphPayload(graph: Graph, options: CompiledGraphOptions = {}): GraphPayload {
  const nodes: PNode[] = [];
  const edges: PEdge[] = [];
  /** The payload node and output index that writes each value. */
  const writer = new Map<number, string>();
  const edge = (value: number, to: string) => {
    const info = graph.ir.values.get(value)!;
    edges.push({ from: writer.get(value)!, to, shape: shownShape(info.shape), dtype: info.dtype });
  };
  for (const node of graph.ir.nodes) {
    const id = `g${node.id}`;
    const outputs = node.outputs.map((v) => ({ shape: shownShape(graph.ir.values.get(v)!.shape), dtype: graph.ir.values.get(v)!.dtype }));
    const attrs = shownAttrs(node);
    if (node.op.source) {
      const value = node.op.name === "constant" ? valueSummary((node.attrs as { tensor: Tensor }).tensor) : undefined;
      const label = node.op.name === "constant" ? "constant" : sourceLabel(node.op.name, node.attrs);
      nodes.push({ id, kind: "leaf", op: LEAF_OP[node.op.name] ?? node.op.name, label, scope: [...node.scope], outputs, attrs, ...(value ? { value } : {}) });
      node.outputs.forEach((v) => writer.set(v, id));
      continue;
    }
    const fused = fusedMembers(attrs);
    if (!fused) {
      nodes.push({ id, kind: "op", op: node.op.name, label: opLabel(node.op, node.attrs), scope: [...node.scope], outputs, attrs });
      node.inputs.forEach((v) => edge(v, id));
      node.outputs.forEach((v) => writer.set(v, id));
      continue;
    }
    // A fused node: its members inside a group of their own, wired as the program computes.
    const scope = [...node.scope, `${node.op.name} (${fused.ops.length} ops fused)`];
    const memberId = (k: number) => `${id}.${k}`;
    fused.ops.forEach((op, k) => {
      nodes.push({ id: memberId(k), kind: "op", op, label: op, scope, outputs: [outputs[0] ?? { shape: [], dtype: "float32" }], attrs: fused.steps ? { expression: fused.steps[k] } : {} });
      const refs = fused.steps ? [...fused.steps[k]!.matchAll(/\b(in|t)(\d+)\b/g)] : k > 0 ? [["", "t", String(k - 1)]] : node.inputs.map((_, i) => ["", "in", String(i)]);
      for (const [, kind, index] of refs) {
        if (kind === "t") edges.push({ from: memberId(Number(index)), to: memberId(k), shape: outputs[0]?.shape ?? [], dtype: outputs[0]?.dtype ?? "float32" });
        else edge(node.inputs[Number(index)]!, memberId(k));
      }
    });
    const results = fused.outputs ?? [fused.ops.length - 1];
    node.outputs.forEach((v, i) => writer.set(v, memberId(results[i] ?? fused.ops.length - 1)));
  }
  adoptUserScopes(nodes, edges);
  return assemblePayload(options, nodes, edges, graph.ir.outputs.map((v) => writer.get(v)!));
}
