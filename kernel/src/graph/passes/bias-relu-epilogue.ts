// Bias-relu epilogue fusion: a dense layer with relu is matmul → add(bias) → relu, three
// passes over its output (write C; read it and write C + b; read that and write the relu),
// and a conv layer, once conv column sharing made it a GEMM, the same with a reshape
// between. One matmulBiasRelu node adds the bias and applies relu as the GEMM stores C.
// relu's input z then no longer exists: relu's gradient reads its mask from relu's output
// instead (greater(z, 0) = greater(relu(z), 0)), which this pass rewrites first. A layer
// without relu (a classifier's logits) gets the GEMM that only adds the bias: the add, a
// broadcasting pass of its own, goes.
import type { GraphIR, GraphNodeIR, ValueInfo } from "../ir.js";
import { matmulBiasReluOp, type MatmulBiasReluAttrs } from "../../tensor/ops/graph-only/matmul-bias-relu-op.js";
import type { MatmulAttrs } from "../../tensor/ops/matmul.js";
import { constantValues, lookups, plural, removeNodes, skipWithoutKernel, type GraphPass } from "./pass.js";

/**
 * Rewrites relu(add(matmul(a, b), bias)) — or with a reshape of the product that keeps its
 * last axis — into matmulBiasRelu(a, b, bias) (then the reshape), and add(matmul(a, b), bias)
 * without relu into matmulBiasRelu(a, b, bias) with `relu: false`, for float32 matrices and a
 * bias of one value per column, on backends with its kernel.
 * @example biasReluEpilogue.run(graph) // "fused 2 matmul → bias → relu chains and 1 matmul → bias chain into one GEMM each; 2 relu masks now read relu's output"
 */
export const biasReluEpilogue: GraphPass = {
  name: "bias-relu epilogue fusion",
  run(graph: GraphIR): string {
    const skip = skipWithoutKernel(matmulBiasReluOp);
    if (skip) return skip;
    const { made, readers, kept, onlyFor } = lookups(graph);
    const order = new Map(graph.nodes.map((n, i) => [n, i]));
    const info = (v: number): ValueInfo => graph.values.get(v)!;
    /** add(matmul(a, b), bias) — or with a reshape of the product that keeps its last axis — as the parts one GEMM can compute, float32 only. */
    const biasedProduct = (add: GraphNodeIR | undefined) => {
      if (add?.op.name !== "add") return undefined;
      const biasIndex = add.inputs.findIndex((v) => info(v).shape.length === 1);
      if (biasIndex < 0) return undefined;
      const [product, bias] = [add.inputs[1 - biasIndex]!, add.inputs[biasIndex]!];
      const reshape = made.get(product)?.op.name === "reshape" ? onlyFor(product, add) : undefined;
      const matmul = reshape ? onlyFor(reshape.inputs[0]!, reshape) : onlyFor(product, add);
      if (matmul?.op.name !== "matmul" || (made.get(product)?.op.name === "reshape" && !reshape)) return undefined;
      const z = add.outputs[0]!;
      const [a, b, c] = [info(matmul.inputs[0]!), info(matmul.inputs[1]!), info(matmul.outputs[0]!)];
      const n = c.shape[1];
      const fits = a.shape.length === 2 && b.shape.length === 2 && info(bias).shape[0] === n && info(product).shape.at(-1) === n && shapesMatch(info(z).shape, info(product).shape);
      if (!fits || ![a, b, c, info(bias), info(z)].every((v) => v.dtype === "float32")) return undefined;
      return { add, matmul, reshape, bias };
    };
    const replaced = new Map<GraphNodeIR, GraphNodeIR[]>();
    const removed = new Set<GraphNodeIR>();
    const remasked = new Map<GraphNodeIR, GraphNodeIR>();
    /** Replaces `last` (relu, or the add itself) by one GEMM writing its output (then the reshape). */
    const fuse = ({ add, matmul, reshape, bias }: NonNullable<ReturnType<typeof biasedProduct>>, last: GraphNodeIR, relu: boolean) => {
      const y = last.outputs[0]!;
      const fusedOut = reshape ? newValue(graph, info(matmul.outputs[0]!)) : y;
      const attrs: MatmulBiasReluAttrs = { ...(matmul.attrs as MatmulAttrs), ...(relu ? {} : { relu: false }) };
      const fused: GraphNodeIR = { id: graph.nextId++, op: matmulBiasReluOp, attrs, inputs: [matmul.inputs[0]!, matmul.inputs[1]!, bias], outputs: [fusedOut], scope: last.scope };
      replaced.set(last, reshape ? [fused, { ...reshape, id: graph.nextId++, inputs: [fusedOut], outputs: [y] }] : [fused]);
      for (const node of [matmul, ...(last === add ? [] : [add]), ...(reshape ? [reshape] : [])]) removed.add(node);
    };
    let withRelu = 0;
    for (const relu of graph.nodes) {
      if (relu.op.name !== "relu") continue;
      const z = relu.inputs[0]!;
      const parts = kept.has(z) ? undefined : biasedProduct(made.get(z));
      // Every other reader of z must be a later mask greater(z, 0), which can read y instead.
      const masks = (readers.get(z) ?? []).filter((r) => r !== relu);
      if (!parts || !masks.every((g) => g.op.name === "greater" && g.inputs[0] === z && constantValues(made.get(g.inputs[1]!), 1)?.[0] === 0 && order.get(g)! > order.get(relu)!)) continue;
      fuse(parts, relu, true);
      withRelu++;
      for (const g of masks) remasked.set(g, { ...g, inputs: [relu.outputs[0]!, g.inputs[1]!] });
    }
    // A layer without relu (a classifier's logits): the bias alone, added as C is stored.
    let linear = 0;
    for (const add of graph.nodes) {
      const parts = removed.has(add) || replaced.has(add) ? undefined : biasedProduct(add);
      if (!parts) continue;
      fuse(parts, add, false);
      linear++;
    }
    if (replaced.size === 0) return "no matmul → bias chains";
    graph.nodes = graph.nodes.flatMap((n) => replaced.get(n) ?? [remasked.get(n) ?? n]).filter((n) => !removed.has(n));
    removeNodes(graph, removed);
    const masks = remasked.size > 0 ? `; ${plural(remasked.size, "relu mask")} now read relu's output` : "";
    const chains = [withRelu > 0 ? `${plural(withRelu, "matmul → bias → relu chain")}` : "", linear > 0 ? `${plural(linear, "matmul → bias chain")}` : ""].filter(Boolean).join(" and ");
    return `fused ${chains} into one GEMM each${masks}`;
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
