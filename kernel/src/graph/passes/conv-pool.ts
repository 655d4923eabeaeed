// Conv-pool fusion: a first conv layer (a small filter over few channels: k = fh·fw·c of 9 for
// a 3×3 filter over grey images) is a GEMM of tiny k whose time goes to storing its full-size
// output, which the 2×2 pool after it then reads back; its gradient is written full-size by
// maxPoolArgmaxGrad for a product that only sums it. One matmulBiasReluMaxPool node computes
// the layer window by window (pooled output and argmax only), and, where the layer's
// full-size gradient has no other reader (no input gradient is wanted, as for a first
// layer), one maxPoolArgmaxFilterGrad node sums the filter and bias gradients straight from
// the pooled gradient and the argmax.
import type { GraphIR, GraphNodeIR } from "../ir.js";
import type { MatmulAttrs } from "../../tensor/ops/matmul.js";
import { appliesRelu, type MatmulBiasReluAttrs } from "../../tensor/ops/graph-only/matmul-bias-relu-op.js";
import type { MaxPoolArgmaxGradAttrs } from "../../tensor/ops/graph-only/max-pool-argmax-ops.js";
import { matmulBiasReluMaxPoolOp, maxPoolArgmaxFilterGradOp, twoByTwo, type ConvPoolAttrs, type ConvPoolGradAttrs } from "../../tensor/ops/graph-only/conv-pool-ops.js";
import type { PoolAttrs } from "../../tensor/ops/pool.js";
import { lookups, plural, skipWithoutKernel, type GraphPass } from "./pass.js";

/**
 * The largest column-matrix width (fh·fw·c) fused: the fused kernel computes each output from
 * k multiply-adds with no register blocking over k, which beats the GEMM only while the GEMM
 * is bound by storing its output (a 3×3 filter over three channels is 27).
 */
export const CONV_POOL_MAX_K = 32;

/**
 * Rewrites maxPoolArgmax(reshape(matmulBiasRelu(col, w, bias))) — a conv layer with relu and
 * a 2×2 pool after conv column sharing, bias-relu epilogue fusion and pool-argmax routing —
 * into matmulBiasReluMaxPool(col, w, bias) for float32 values, col at most CONV_POOL_MAX_K
 * wide and a multiple of 8 channels, and then matmul(col, reshape(maxPoolArgmaxGrad(argmax,
 * dy)), transposeA) — its filter gradient — into maxPoolArgmaxFilterGrad(col, argmax, dy)
 * (with the bias gradient the argmax gradient returned) where nothing else reads that
 * gradient image; on backends with both kernels.
 * @example convPool.run(graph) // "fused 1 conv → relu → pool layer (3 nodes into 1) and 1 filter gradient (3 nodes into 1)"
 */
export const convPool: GraphPass = {
  name: "conv-pool fusion",
  run(graph: GraphIR): string {
    const skip = skipWithoutKernel(matmulBiasReluMaxPoolOp) ?? skipWithoutKernel(maxPoolArgmaxFilterGradOp);
    if (skip) return skip;
    const { made, readers, soleReader, onlyFor } = lookups(graph);
    const replaced = new Map<GraphNodeIR, GraphNodeIR>();
    const removed = new Set<GraphNodeIR>();
    /** Values no node writes once the fused nodes replace the ones that wrote them. */
    const dead: number[] = [];
    let gradients = 0;
    for (const pool of graph.nodes) {
      if (pool.op.name !== "maxPoolArgmax" || !twoByTwo(pool.attrs as PoolAttrs)) continue;
      const reshape = onlyFor(pool.inputs[0]!, pool);
      const product = reshape?.op.name === "reshape" ? onlyFor(reshape.inputs[0]!, reshape) : undefined;
      if (product?.op.name !== "matmulBiasRelu") continue;
      const { transposeA, transposeB } = product.attrs as MatmulBiasReluAttrs;
      const [col, w, bias] = product.inputs as [number, number, number];
      const imageShape = graph.values.get(pool.inputs[0]!)!.shape;
      const [k, co] = [graph.values.get(col)!.shape[1]!, imageShape[3]!];
      const float32 = [col, w, bias].every((v) => graph.values.get(v)!.dtype === "float32");
      if (transposeA || transposeB || !appliesRelu(product.attrs as MatmulBiasReluAttrs) || !float32 || k > CONV_POOL_MAX_K || co % 8 !== 0) continue;
      const { poolSize, strides, pads } = pool.attrs as PoolAttrs;
      const attrs: ConvPoolAttrs = { poolSize, strides, pads, imageShape };
      replaced.set(pool, { ...pool, id: graph.nextId++, op: matmulBiasReluMaxPoolOp, attrs, inputs: [col, w, bias] });
      removed.add(reshape!).add(product);
      dead.push(...product.outputs, ...reshape!.outputs);
      const gradient = filterGradient(graph, pool.outputs[1]!, col, soleReader, readers);
      if (!gradient) continue;
      const { grad, dzReshape, filterProduct } = gradient;
      const gradAttrs: ConvPoolGradAttrs = { ...attrs, ...((grad.attrs as MaxPoolArgmaxGradAttrs).biasGrad ? { biasGrad: true } : {}) };
      // In the argmax gradient's place: its inputs are ready there, and the bias gradient's readers come after it.
      replaced.set(grad, { id: graph.nextId++, op: maxPoolArgmaxFilterGradOp, attrs: gradAttrs, inputs: [col, ...grad.inputs], outputs: [filterProduct.outputs[0]!, ...grad.outputs.slice(1)], scope: filterProduct.scope });
      removed.add(dzReshape).add(filterProduct);
      dead.push(grad.outputs[0]!, ...dzReshape.outputs); // the filter gradient's value stays: the fused node writes it
      gradients++;
    }
    if (replaced.size === 0) return "no conv → relu → 2×2 pool layers with a small filter";
    for (const v of dead) graph.values.delete(v);
    graph.nodes = graph.nodes.map((n) => replaced.get(n) ?? n).filter((n) => !removed.has(n));
    const layers = replaced.size - gradients;
    return `fused ${plural(layers, "conv → relu → pool layer")} (${layers * 3} nodes into ${layers})` + (gradients > 0 ? ` and ${plural(gradients, "filter gradient")} (${gradients * 3} nodes into ${gradients})` : "");
  },
};

/**
 * The nodes of a fused layer's filter gradient, matmul(col, reshape(maxPoolArgmaxGrad(argmax, dy)),
 * transposeA), when the gradient image and its reshape have no other reader (`soleReader`).
 */
function filterGradient(graph: GraphIR, argmax: number, col: number, soleReader: (v: number) => GraphNodeIR | undefined, readers: ReadonlyMap<number, readonly GraphNodeIR[]>) {
  for (const grad of readers.get(argmax) ?? []) {
    if (grad.op.name !== "maxPoolArgmaxGrad" || grad.inputs[0] !== argmax) continue;
    const dzReshape = soleReader(grad.outputs[0]!);
    if (dzReshape?.op.name !== "reshape") continue;
    const filterProduct = soleReader(dzReshape.outputs[0]!);
    if (filterProduct?.op.name !== "matmul") continue;
    const { transposeA, transposeB } = filterProduct.attrs as MatmulAttrs;
    if (!transposeA || transposeB || filterProduct.inputs[0] !== col || graph.values.get(grad.inputs[1]!)!.dtype !== "float32") continue;
    return { grad, dzReshape, filterProduct };
  }
  return undefined;
}
