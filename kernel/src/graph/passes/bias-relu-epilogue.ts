// Bias-relu epilogue fusion: a dense layer with relu is matmul → add(bias) → relu, three
// passes over its output (write C; read it and write C + b; read that and write the relu),
// and a conv layer, once conv column sharing made it a GEMM, the same with a reshape
// between. One matmulBiasRelu node adds the bias and applies relu as the GEMM stores C.
// relu's input z then no longer exists: relu's gradient reads its mask from relu's output
// instead (greater(z, 0) = greater(relu(z), 0)), which this pass rewrites first.
import type { GraphIR, GraphNodeIR, ValueInfo } from "../ir.js";
import { producers, readersOf, resultValues } from "../ir.js";
import { matmulBiasReluOp } from "../../tensor/ops/graph-only/matmul-bias-relu-op.js";
import { constantValues, plural, removeNodes, skipWithoutKernel, type GraphPass } from "./pass.js";

/**
 * Rewrites relu(add(matmul(a, b), bias)) — or with a reshape of the product that keeps its
 * last axis — into matmulBiasRelu(a, b, bias) (then the reshape), for float32 matrices and a
 * bias of one value per column, on backends with its kernel.
 * @example biasReluEpilogue.run(graph) // "fused 2 matmul → bias → relu chains into one GEMM each; 2 relu masks now read relu's output"
 */
export const biasReluEpilogue: GraphPass = {
  name: "bias-relu epilogue fusion",
  run(graph: GraphIR): string {
    const skip = skipWithoutKernel(matmulBiasReluOp);
    if (skip) return skip;
    const made = producers(graph);
    const order = new Map(graph.nodes.map((n, i) => [n, i]));
    const readers = readersOf(graph);
    const kept = resultValues(graph);
    const info = (v: number): ValueInfo => graph.values.get(v)!;
    /** The producer of v when `reader` is its only reader and the graph does not return or assign it. */
    const onlyFor = (v: number, reader: GraphNodeIR) => (!kept.has(v) && readers.get(v)?.length === 1 && readers.get(v)![0] === reader ? made.get(v) : undefined);
    const replaced = new Map<GraphNodeIR, GraphNodeIR[]>();
    const removed = new Set<GraphNodeIR>();
    const remasked = new Map<GraphNodeIR, GraphNodeIR>();
    for (const relu of graph.nodes) {
      if (relu.op.name !== "relu") continue;
      const [z, y] = [relu.inputs[0]!, relu.outputs[0]!];
      const add = made.get(z);
      if (add?.op.name !== "add" || kept.has(z)) continue;
      // Every other reader of z must be a later mask greater(z, 0), which can read y instead.
      const masks = (readers.get(z) ?? []).filter((r) => r !== relu);
      if (!masks.every((g) => g.op.name === "greater" && g.inputs[0] === z && constantValues(made.get(g.inputs[1]!), 1)?.[0] === 0 && order.get(g)! > order.get(relu)!)) continue;
      const biasIndex = add.inputs.findIndex((v) => info(v).shape.length === 1);
      if (biasIndex < 0) continue;
      const [product, bias] = [add.inputs[1 - biasIndex]!, add.inputs[biasIndex]!];
      const reshape = made.get(product)?.op.name === "reshape" ? onlyFor(product, add) : undefined;
      const matmul = reshape ? onlyFor(reshape.inputs[0]!, reshape) : onlyFor(product, add);
      if (matmul?.op.name !== "matmul" || (made.get(product)?.op.name === "reshape" && !reshape)) continue;
      const [a, b, c] = [info(matmul.inputs[0]!), info(matmul.inputs[1]!), info(matmul.outputs[0]!)];
      const n = c.shape[1];
      const fits = a.shape.length === 2 && b.shape.length === 2 && info(bias).shape[0] === n && info(product).shape.at(-1) === n && shapesMatch(info(z).shape, info(product).shape);
      if (!fits || ![a, b, c, info(bias), info(z)].every((v) => v.dtype === "float32")) continue;
      const fusedOut = reshape ? newValue(graph, c) : y;
      const fused: GraphNodeIR = { id: graph.nextId++, op: matmulBiasReluOp, attrs: matmul.attrs, inputs: [matmul.inputs[0]!, matmul.inputs[1]!, bias], outputs: [fusedOut], scope: relu.scope };
      replaced.set(relu, reshape ? [fused, { ...reshape, id: graph.nextId++, inputs: [fusedOut], outputs: [y] }] : [fused]);
      for (const node of [matmul, add, ...(reshape ? [reshape] : [])]) removed.add(node);
      for (const g of masks) remasked.set(g, { ...g, inputs: [y, g.inputs[1]!] });
    }
    if (replaced.size === 0) return "no matmul → bias → relu chains";
    graph.nodes = graph.nodes.flatMap((n) => replaced.get(n) ?? [remasked.get(n) ?? n]).filter((n) => !removed.has(n));
    removeNodes(graph, removed);
    const masks = remasked.size > 0 ? `; ${plural(remasked.size, "relu mask")} now read relu's output` : "";
    return `fused ${plural(replaced.size, "matmul → bias → relu chain")} into one GEMM each${masks}`;
  },
};

/** Whether z (the sum) has the product's shape: the bias broadcasts along it without growing it. */
function shapesMatch(z: readonly number[], product: readonly number[]): boolean {
  return z.length === product.length && z.every((d, i) => d === product[i]);
}

/** A new value like `like` and its id. */
function newValue(graph: GraphIR, like: ValueInfo): number {
  const value = graph.nextId++;
  graph.values.set(value, { shape: [...like.shape], dtype: like.dtype });
  return value;
}
