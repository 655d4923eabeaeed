// Sparse cross-entropy fusion: a classifier's loss, sparse categorical cross-entropy from
// logits, is −Σ onehot(labels) ⊙ logSoftmax(z) per row: a one-hot matrix, a product, a sum and
// a negation, and autograd's gradient of it adds a product, a sum, an exp, a product and a
// subtraction, each a pass over rows × classes and an op to run. Two graph-only ops compute
// the loss and its gradient from logSoftmax(z) and the labels, one pass each.
import { shapesEqual } from "../../tensor/shape.js";
import type { OneHotAttrs } from "../../tensor/ops/one-hot.js";
import type { ReduceAttrs } from "../../tensor/ops/reduce.js";
import type { SoftmaxAttrs } from "../../tensor/ops/softmax.js";
import { sparseCrossEntropyGradOp, sparseCrossEntropyOp } from "../../tensor/ops/graph-only/sparse-cross-entropy-ops.js";
import type { GraphIR, GraphNodeIR } from "../ir.js";
import { lookups, plural, removeNodes, skipWithoutKernel, type GraphPass } from "./pass.js";

/** Whether `axes` is the last axis alone. */
const lastAxis = (axes: readonly number[], rank: number) => axes.length === 1 && (axes[0] === rank - 1 || axes[0] === -1);

/**
 * Rewrites, for float32 log-probabilities ls = logSoftmax(z) over the last axis and
 * t = oneHot(labels) over the same classes (on 1, off 0): the loss neg(sum(mul(t, ls)))
 * into sparseCrossEntropy(ls, labels), and its gradient sub(g, mul(exp(ls), sum(g))) with
 * g = mul(G, t) into sparseCrossEntropyGrad(ls, labels, G), on backends with their kernels.
 * @example sparseCrossEntropyFusion.run(graph) // "fused 1 loss and 1 gradient (7 nodes into 2)"
 */
export const sparseCrossEntropyFusion: GraphPass = {
  name: "sparse cross-entropy fusion",
  run(graph: GraphIR): string {
    const skip = skipWithoutKernel(sparseCrossEntropyOp) ?? skipWithoutKernel(sparseCrossEntropyGradOp);
    if (skip) return skip;
    const { made, readers, kept, soleReader } = lookups(graph);
    const info = (v: number) => graph.values.get(v)!;
    const isSum = (node: GraphNodeIR | undefined, rank: number, keepDims: boolean): node is GraphNodeIR =>
      node?.op.name === "sum" && lastAxis((node.attrs as ReduceAttrs).axes, rank) && (node.attrs as ReduceAttrs).keepDims === keepDims;
    /** labels, where t = oneHot(labels) gives one row of ls's classes per row of ls. */
    const labelsOf = (t: number, ls: number): number | undefined => {
      const oneHot = made.get(t);
      if (oneHot?.op.name !== "oneHot") return undefined;
      const { depth, onValue, offValue } = oneHot.attrs as OneHotAttrs;
      const [labels, shape] = [oneHot.inputs[0]!, info(ls).shape];
      const fits = depth === shape.at(-1) && onValue === 1 && offValue === 0 && info(labels).dtype === "int32" && shapesEqual(info(labels).shape, shape.slice(0, -1));
      return fits ? labels : undefined;
    };
    /** The input of a binary node beside v. */
    const beside = (node: GraphNodeIR, v: number) => (node.inputs[0] === v ? node.inputs[1] : node.inputs[1] === v ? node.inputs[0] : undefined);
    const replaced = new Map<GraphNodeIR, GraphNodeIR>();
    const removed = new Set<GraphNodeIR>();
    const fused = (op: typeof sparseCrossEntropyOp, inputs: number[], at: GraphNodeIR): GraphNodeIR => ({ id: graph.nextId++, op, attrs: {}, inputs, outputs: at.outputs, scope: at.scope });
    /** ls = logSoftmax(z) over the last axis (float32), when v is such a value. */
    const isLogSoftmax = (v: number | undefined) => {
      const node = v === undefined ? undefined : made.get(v);
      return node?.op.name === "logSoftmax" && info(v!).dtype === "float32" && lastAxis((node.attrs as SoftmaxAttrs).axes, info(v!).shape.length);
    };
    /** The logSoftmax(z) beside softmax(z) or exp(logSoftmax(z)) (the probabilities its gradient reads). */
    const logSoftmaxFor = (probabilities: GraphNodeIR): number | undefined => {
      if (probabilities.op.name === "exp") return isLogSoftmax(probabilities.inputs[0]) ? probabilities.inputs[0] : undefined;
      if (probabilities.op.name !== "softmax") return undefined;
      const z = probabilities.inputs[0]!;
      const axes = (probabilities.attrs as SoftmaxAttrs).axes;
      return readers.get(z)?.find((n) => n.op.name === "logSoftmax" && isLogSoftmax(n.outputs[0]) && (n.attrs as SoftmaxAttrs).axes.join() === axes.join())?.outputs[0];
    };
    let losses = 0;
    let gradients = 0;
    for (const node of graph.nodes) {
      if (node.op.name === "neg") {
        // The loss: neg(sum(mul(t, ls), last axis)).
        const sum = made.get(node.inputs[0]!);
        const product = sum ? made.get(sum.inputs[0]!) : undefined;
        if (!sum || !product || product.op.name !== "mul" || soleReader(sum.outputs[0]!) !== node || soleReader(product.outputs[0]!) !== sum) continue;
        const ls = product.inputs.find((v) => isLogSoftmax(v));
        const t = ls === undefined ? undefined : beside(product, ls);
        const labels = t === undefined ? undefined : labelsOf(t, ls!);
        if (labels === undefined || !isSum(sum, info(ls!).shape.length, false) || !shapesEqual(info(product.outputs[0]!).shape, info(ls!).shape)) continue;
        replaced.set(node, fused(sparseCrossEntropyOp, [ls!, labels], node));
        removed.add(product).add(sum);
        losses++;
      } else if (node.op.name === "sub") {
        // The gradient: sub(g, mul(p, sum(g, last axis, keepDims))) with g = mul(G, t), p = exp(ls) or softmax(z).
        const g = node.inputs[0]!;
        const product = made.get(node.inputs[1]!);
        const scaled = made.get(g);
        if (product?.op.name !== "mul" || scaled?.op.name !== "mul" || soleReader(product.outputs[0]!) !== node || kept.has(g) || readers.get(g)?.length !== 2) continue;
        const rowSum = product.inputs.map((v) => made.get(v)).find((n) => n?.op.name === "sum" && n.inputs[0] === g);
        const probabilities = rowSum ? made.get(beside(product, rowSum.outputs[0]!) ?? -1) : undefined;
        const ls = probabilities && soleReader(probabilities.outputs[0]!) === product ? logSoftmaxFor(probabilities) : undefined;
        if (ls === undefined || !isSum(rowSum, info(ls).shape.length, true) || soleReader(rowSum!.outputs[0]!) !== product) continue;
        const t = scaled.inputs.find((v) => labelsOf(v, ls) !== undefined);
        const upstream = t === undefined ? undefined : beside(scaled, t);
        if (upstream === undefined || info(upstream).dtype !== "float32" || !shapesEqual(info(upstream).shape, info(ls).shape)) continue;
        replaced.set(node, fused(sparseCrossEntropyGradOp, [ls, labelsOf(t!, ls)!, upstream], node));
        removed.add(probabilities!).add(product).add(rowSum!).add(scaled);
        gradients++;
      }
    }
    if (replaced.size === 0) return "no sparse cross-entropy of logits";
    graph.nodes = graph.nodes.map((n) => replaced.get(n) ?? n).filter((n) => !removed.has(n));
    removeNodes(graph, removed);
    return `fused ${losses} loss${losses === 1 ? "" : "es"} and ${plural(gradients, "gradient")} (${losses * 3 + gradients * 5} nodes into ${losses + gradients})`;
  },
};
