// Common-subexpression elimination: two nodes with the same op, the same attributes and the
// same inputs compute the same values, so the second is dropped and its readers read the
// first. Attributes are compared by structure (functions, tensors and variables by
// identity); small constants by value. Host values (random numbers) are never merged: two
// dropout masks must differ.
import { hostValueOp } from "../../tensor/engine.js";
import { Tensor } from "../../tensor/tensor.js";
import { constantOp, placeholderOp, type ConstantAttrs, type GraphIR, type GraphNodeIR } from "../ir.js";
import { constantValues, plural, removeNodes, renameUses, summarize, type GraphPass } from "./pass.js";

/** Constants up to this many elements are merged by value. */
const MERGED_CONSTANT_SIZE = 64;

/**
 * Merges nodes that compute the same thing from the same inputs.
 * @example commonSubexpressions.run(graph) // "merged 2 nodes (exp, constant)"
 */
export const commonSubexpressions: GraphPass = {
  name: "common subexpressions",
  run(graph: GraphIR): string {
    const seen = new Map<string, GraphNodeIR>();
    const dropped = new Set<GraphNodeIR>();
    const rename = new Map<number, number>();
    for (const node of graph.nodes) {
      const inputs = node.inputs.map((v) => rename.get(v) ?? v);
      const key = nodeKey(node, inputs);
      if (key === undefined) continue;
      const first = seen.get(key);
      if (!first) {
        seen.set(key, node);
        continue;
      }
      dropped.add(node);
      node.outputs.forEach((v, k) => rename.set(v, first.outputs[k]!));
    }
    removeNodes(graph, dropped);
    renameUses(graph, rename);
    return dropped.size ? `merged ${plural(dropped.size, "node")} (${summarize([...dropped].map((n) => n.op.name))})` : "no duplicates";
  },
};

/** What makes two nodes interchangeable, or undefined for nodes that are never merged. */
function nodeKey(node: GraphNodeIR, inputs: readonly number[]): string | undefined {
  if (node.op === placeholderOp || node.op === hostValueOp) return undefined;
  if (node.op === constantOp) {
    const t = (node.attrs as ConstantAttrs).tensor;
    const values = constantValues(node, MERGED_CONSTANT_SIZE);
    return values ? `constant ${t.dtype}[${t.shape.join(",")}] ${Array.from(values, valueKey).join(",")}` : undefined;
  }
  return `${node.op.name}(${inputs.join(",")}) ${attrsKey(node.attrs)}`;
}

const identities = new WeakMap<object, number>();
let nextIdentity = 0;

/**
 * A string equal for structurally equal attributes: plain objects and arrays by content,
 * numbers exactly (−0 and NaN included), anything else (functions, tensors, variables) by identity.
 * @example attrsKey({ axes: [1], keepDims: false }) === attrsKey({ keepDims: false, axes: [1] }) // true
 */
export function attrsKey(value: unknown): string {
  if (typeof value === "number") return valueKey(value);
  if (value === null || typeof value !== "object" && typeof value !== "function") return JSON.stringify(value) ?? String(value);
  if (Array.isArray(value)) return `[${value.map(attrsKey).join(",")}]`;
  const proto = Object.getPrototypeOf(value);
  if (typeof value === "object" && !(value instanceof Tensor) && (proto === Object.prototype || proto === null)) {
    const entries = Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${attrsKey((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(",")}}`;
  }
  let id = identities.get(value);
  if (id === undefined) identities.set(value, (id = nextIdentity++));
  return `#${id}`;
}

function valueKey(v: number): string {
  return Object.is(v, -0) ? "-0" : String(v);
}
