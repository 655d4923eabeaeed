// Softmax cross-entropy fusion: after sparse cross-entropy fusion a classifier's loss is three
// ops over its logits — logSoftmax, the loss sparseCrossEntropy and its gradient
// sparseCrossEntropyGrad — and two of them take an exp of every logit. One
// softmaxCrossEntropy node computes the loss and the gradient from the logits, each exp once.
import type { GraphIR, GraphNodeIR } from "../ir.js";
import { softmaxCrossEntropyOp } from "../../tensor/ops/graph-only/softmax-cross-entropy-op.js";
import { lookups, skipWithoutKernel, type GraphPass } from "./pass.js";

/**
 * Rewrites sparseCrossEntropy(ls, labels) and sparseCrossEntropyGrad(ls, labels, g) of
 * ls = logSoftmax(z), when they are ls's only readers, into softmaxCrossEntropy(z, labels, g)
 * in the loss's place (the nodes after it that compute g move up before it, unless g needs the
 * loss), on backends with its kernel.
 * @example softmaxCrossEntropyFusion.run(graph) // "fused 1 log-softmax with its loss and gradient (3 nodes into 1)"
 */
export const softmaxCrossEntropyFusion: GraphPass = {
  name: "softmax cross-entropy fusion",
  run(graph: GraphIR): string {
    const skip = skipWithoutKernel(softmaxCrossEntropyOp);
    if (skip) return skip;
    const { made, readers, kept } = lookups(graph);
    const order = new Map(graph.nodes.map((n, i) => [n, i]));
    const replaced = new Map<GraphNodeIR, GraphNodeIR[]>();
    const removed = new Set<GraphNodeIR>();
    const moved = new Set<GraphNodeIR>();
    const found: { logSoftmax: GraphNodeIR; loss: GraphNodeIR; gradient: GraphNodeIR }[] = [];
    for (const logSoftmax of graph.nodes) {
      if (logSoftmax.op.name !== "logSoftmax") continue;
      const ls = logSoftmax.outputs[0]!;
      const lsReaders = readers.get(ls) ?? [];
      const loss = lsReaders.find((n) => n.op.name === "sparseCrossEntropy" && n.inputs[0] === ls);
      const gradient = lsReaders.find((n) => n.op.name === "sparseCrossEntropyGrad" && n.inputs[0] === ls);
      if (kept.has(ls) || lsReaders.length !== 2 || !loss || !gradient || loss.inputs[1] !== gradient.inputs[1]) continue;
      found.push({ logSoftmax, loss, gradient });
    }
    // The nodes these rewrites replace, which no other rewrite may move.
    const claimed = new Set(found.flatMap(({ logSoftmax, loss, gradient }) => [logSoftmax, loss, gradient]));
    // In the losses' order: nodes that compute two losses' upstream gradients (one broadcast
    // 1/batch) move before the first loss, and so are ready for the later ones.
    found.sort((p, q) => order.get(p.loss)! - order.get(q.loss)!);
    for (const { logSoftmax, loss, gradient } of found) {
      // The fused node takes the loss's place, so g must be ready there: the nodes after the
      // loss that g is computed by (a mean's gradient, 1/batch broadcast over the rows, from
      // constants) move up to just before it, unless they need a loss or gradient rewritten here.
      const hoisted = laterMakers(gradient.inputs[2]!, loss, made, order);
      if (!hoisted || hoisted.some((n) => claimed.has(n))) continue;
      const fresh = hoisted.filter((n) => !moved.has(n));
      const fused: GraphNodeIR = { id: graph.nextId++, op: softmaxCrossEntropyOp, attrs: {}, inputs: [logSoftmax.inputs[0]!, loss.inputs[1]!, gradient.inputs[2]!], outputs: [loss.outputs[0]!, gradient.outputs[0]!], scope: loss.scope };
      replaced.set(loss, [...fresh, fused]);
      removed.add(logSoftmax).add(gradient);
      for (const node of fresh) moved.add(node);
    }
    if (replaced.size === 0) return "no log-softmax read only by a sparse cross-entropy and its gradient";
    graph.nodes = graph.nodes.filter((n) => !removed.has(n) && !moved.has(n)).flatMap((n) => replaced.get(n) ?? [n]);
    // The gradient's value stays: the fused node writes it.
    for (const node of removed) if (node.op.name === "logSoftmax") graph.values.delete(node.outputs[0]!);
    const fused = replaced.size;
    return fused === 1 ? "fused 1 log-softmax with its loss and gradient (3 nodes into 1)" : `fused ${fused} log-softmaxes with their losses and gradients (${3 * fused} nodes into ${fused})`;
  },
};

/**
 * The nodes after `loss` (in graph order) that value g is computed by, in that order, or
 * undefined when one of them is the loss itself or reads what it made, directly or not.
 */
function laterMakers(g: number, loss: GraphNodeIR, made: ReadonlyMap<number, GraphNodeIR>, order: ReadonlyMap<GraphNodeIR, number>): GraphNodeIR[] | undefined {
  const found = new Set<GraphNodeIR>();
  const pending = [g];
  while (pending.length > 0) {
    const maker = made.get(pending.pop()!)!;
    if (maker === loss) return undefined;
    if (order.get(maker)! < order.get(loss)! || found.has(maker)) continue;
    found.add(maker);
    pending.push(...maker.inputs);
  }
  return [...found].sort((a, b) => order.get(a)! - order.get(b)!);
}
