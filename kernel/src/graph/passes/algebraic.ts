// Algebraic simplification: small declarative rules, each matching one op and saying what
// the node can be replaced by (an existing value, or a simpler node). A rule only replaces
// a node by a value of the same shape and dtype, so broadcasting by a constant (x·ones of a
// larger shape) is never lost. Rules run in topological order until none applies; inner
// nodes they leave unread are removed by dead-code elimination.
import { shapesEqual } from "../../tensor/shape.js";
import { findOp } from "../../tensor/op.js";
import { producers, type GraphIR, type GraphNodeIR } from "../ir.js";
import { constantValues, plural, removeNodes, replaceUses, summarize, type GraphPass } from "./pass.js";

/** What a rule sees of the graph around a node. */
export interface RuleContext {
  /** The node that writes value `v` (undefined for none). */
  producer(v: number): GraphNodeIR | undefined;
  /** Whether value `v` is a constant whose every element is `c`. */
  isConstant(v: number, c: number): boolean;
  /** Whether values `a` and `b` have the same shape and dtype. */
  sameType(a: number, b: number): boolean;
  /** The nodes before the one being rewritten that read value `v`. */
  earlierReaders(v: number): readonly GraphNodeIR[];
}

/** A rewrite: the node's (single) output becomes an existing value, or the node is replaced. */
export type Rewrite = { value: number } | { node: GraphNodeIR };

/** One simplification rule. */
export interface SimplificationRule {
  /** Shown in reports, e.g. "x·1 → x". */
  readonly name: string;
  /** The op it matches. */
  readonly op: string;
  rewrite(node: GraphNodeIR, graph: RuleContext): Rewrite | undefined;
}

/** The result of a node whose output equals input `k` when `test` holds and types agree. */
const toInput = (k: number, test: (node: GraphNodeIR, g: RuleContext) => boolean) => (node: GraphNodeIR, g: RuleContext) =>
  test(node, g) && g.sameType(node.inputs[k]!, node.outputs[0]!) ? { value: node.inputs[k]! } : undefined;
const either = (c: number, op: string, name: string): SimplificationRule[] => [
  { name, op, rewrite: toInput(0, (n, g) => g.isConstant(n.inputs[1]!, c)) },
  { name, op, rewrite: toInput(1, (n, g) => g.isConstant(n.inputs[0]!, c)) },
];
/** The input's producer when it is `op` (for rules over two nodes). */
const inner = (node: GraphNodeIR, g: RuleContext, op: string) => {
  const p = g.producer(node.inputs[0]!);
  return p?.op.name === op ? p : undefined;
};

const sameAxes = (a: GraphNodeIR, b: GraphNodeIR) => {
  const [p, q] = [(a.attrs as { axes: readonly number[] }).axes, (b.attrs as { axes: readonly number[] }).axes];
  return p.length === q.length && p.every((axis, i) => axis === q[i]);
};

/**
 * The rules, in the order they are tried on each node.
 * @example SIMPLIFICATION_RULES.map((r) => r.name) // ["x·1 → x", ...]
 */
export const SIMPLIFICATION_RULES: readonly SimplificationRule[] = [
  ...either(1, "mul", "x·1 → x"),
  ...either(0, "add", "x+0 → x"),
  { name: "x−0 → x", op: "sub", rewrite: toInput(0, (n, g) => g.isConstant(n.inputs[1]!, 0)) },
  { name: "x/1 → x", op: "div", rewrite: toInput(0, (n, g) => g.isConstant(n.inputs[1]!, 1)) },
  { name: "x^1 → x", op: "pow", rewrite: toInput(0, (n, g) => g.isConstant(n.inputs[1]!, 1)) },
  {
    name: "−(−x) → x",
    op: "neg",
    rewrite: (node, g) => {
      const p = inner(node, g, "neg");
      return p && g.sameType(p.inputs[0]!, node.outputs[0]!) ? { value: p.inputs[0]! } : undefined;
    },
  },
  { name: "cast to its own dtype → x", op: "cast", rewrite: toInput(0, () => true) },
  { name: "reshape to the same shape → x", op: "reshape", rewrite: toInput(0, () => true) },
  {
    name: "reshape(reshape(x)) → reshape(x)",
    op: "reshape",
    rewrite: (node, g) => {
      const p = inner(node, g, "reshape");
      return p ? { node: { ...node, inputs: [p.inputs[0]!] } } : undefined;
    },
  },
  {
    name: "transpose(transpose(x)) → transpose(x)",
    op: "transpose",
    rewrite: (node, g) => {
      const p = inner(node, g, "transpose");
      if (!p) return undefined;
      const outer = (node.attrs as { perm: readonly number[] }).perm;
      const first = (p.attrs as { perm: readonly number[] }).perm;
      return { node: { ...node, inputs: [p.inputs[0]!], attrs: { ...node.attrs, perm: outer.map((axis) => first[axis]!) } } };
    },
  },
  {
    // A cross-entropy's gradient needs softmax(z) where the loss computed logSoftmax(z): an
    // exp of a value already there is one elementwise step that fusion puts into its reader,
    // instead of a second pass over the rows (max, exp, sum, divide).
    name: "softmax(z) → exp(logSoftmax(z))",
    op: "softmax",
    rewrite: (node, g) => {
      const log = g.earlierReaders(node.inputs[0]!).find((r) => r.op.name === "logSoftmax" && sameAxes(r, node));
      return log ? { node: { ...node, op: findOp("exp")!, attrs: {}, inputs: [log.outputs[0]!] } } : undefined;
    },
  },
  {
    name: "transpose by the identity → x",
    op: "transpose",
    rewrite: toInput(0, (n) => (n.attrs as { perm: readonly number[] }).perm.every((axis, i) => axis === i)),
  },
];

/** Constants up to this many elements are inspected by rules. */
const INSPECTED_CONSTANT_SIZE = 1024;

/**
 * Applies SIMPLIFICATION_RULES until none matches.
 * @example algebraicSimplification.run(graph) // "applied 2 rules (x·1 → x, −(−x) → x)"
 */
export const algebraicSimplification: GraphPass = {
  name: "algebraic simplification",
  run(graph: GraphIR): string {
    const applied: string[] = [];
    const byOp = new Map<string, SimplificationRule[]>();
    for (const rule of SIMPLIFICATION_RULES) byOp.set(rule.op, [...(byOp.get(rule.op) ?? []), rule]);
    for (let changed = true; changed; ) {
      changed = false;
      const made = producers(graph);
      let at = 0; // the index of the node being rewritten
      const context: RuleContext = {
        producer: (v) => made.get(v),
        isConstant: (v, c) => {
          const values = constantValues(made.get(v), INSPECTED_CONSTANT_SIZE);
          return values !== undefined && Array.prototype.every.call(values, (x: number) => x === c);
        },
        sameType: (a, b) => {
          const [x, y] = [graph.values.get(a)!, graph.values.get(b)!];
          return x.dtype === y.dtype && shapesEqual(x.shape, y.shape);
        },
        earlierReaders: (v) => graph.nodes.slice(0, at).filter((n) => n.inputs.includes(v)),
      };
      for (let i = 0; i < graph.nodes.length && !changed; i++) {
        const node = graph.nodes[i]!;
        at = i;
        for (const rule of byOp.get(node.op.name) ?? []) {
          const rewrite = rule.rewrite(node, context);
          if (!rewrite) continue;
          applied.push(rule.name);
          if ("value" in rewrite) {
            replaceUses(graph, node.outputs[0]!, rewrite.value);
            removeNodes(graph, new Set([node]));
          } else graph.nodes[i] = rewrite.node;
          changed = true;
          break;
        }
      }
    }
    return applied.length ? `applied ${plural(applied.length, "rule")} (${summarize(applied)})` : "no rule applies";
  },
};
