// Conv column sharing: on the "cpu" backends a convolution is a GEMM over the column matrix
// of its input (im2col), and a training step builds that matrix twice for every conv layer:
// in conv2d(x, w) and again in its filter gradient conv2dBackpropFilter(x, dy). The graph
// knows both read the same x, so it builds the matrix once and multiplies it twice:
//   col = im2col(x);  y = reshape(col · w)  and  dw = reshape(colᵀ · dy)
// trading the second copy (the whole image times the filter's size) for keeping col alive
// from the forward pass to the backward one (the memory plan's peak shows it).
import { findOp } from "../../tensor/op.js";
import type { ConvAttrs, ConvFilterAttrs } from "../../tensor/ops/conv.js";
import type { MatmulAttrs } from "../../tensor/ops/matmul.js";
import type { GraphIR, GraphNodeIR } from "../ir.js";
import { im2colOp, type Im2colAttrs } from "../../tensor/ops/graph-only/im2col-op.js";
import { plural, skipWithoutKernel, type GraphPass } from "./pass.js";

const sameConv = (a: ConvAttrs, b: ConvAttrs) => a.groups === b.groups && [0, 1].every((i) => a.strides[i] === b.strides[i] && a.dilations[i] === b.dilations[i]) && a.pads.every((p, i) => p === b.pads[i]);

/**
 * Rewrites each conv2d(x, w) whose filter gradient conv2dBackpropFilter(x, dy) is in the
 * graph into matmuls over one shared im2col(x) (float32, ungrouped), on
 * backends with an im2col kernel.
 * @example convColumns.run(graph) // "shared the column matrix of 2 conv2d / filter-gradient pairs"
 */
export const convColumns: GraphPass = {
  name: "conv column sharing",
  run(graph: GraphIR): string {
    const skip = skipWithoutKernel(im2colOp);
    if (skip) return skip;
    const forward = new Map<number, GraphNodeIR[]>();
    for (const node of graph.nodes) if (node.op.name === "conv2d") forward.set(node.inputs[0]!, [...(forward.get(node.inputs[0]!) ?? []), node]);
    const rewritten = new Map<GraphNodeIR, GraphNodeIR[]>();
    for (const grad of graph.nodes) {
      if (grad.op.name !== "conv2dBackpropFilter") continue;
      const attrs = grad.attrs as ConvFilterAttrs;
      const conv = forward.get(grad.inputs[0]!)?.find((n) => !rewritten.has(n) && sameConv(n.attrs as ConvAttrs, attrs) && graph.values.get(n.inputs[1]!)!.shape.every((d, i) => d === attrs.filterShape[i]));
      if (!conv || !shareable(graph, conv, grad)) continue;
      const [col, forwardNodes] = convAsMatmul(graph, conv);
      rewritten.set(conv, forwardNodes);
      rewritten.set(grad, filterGradAsMatmul(graph, grad, col));
    }
    if (rewritten.size === 0) return "no convolution with its filter gradient";
    graph.nodes = graph.nodes.flatMap((n) => rewritten.get(n) ?? [n]);
    return `shared the column matrix of ${plural(rewritten.size / 2, "conv2d / filter-gradient pair")}`;
  },
};

/**
 * Whether the pair's values are float32 and the convolution is ungrouped. An unknown batch
 * dimension is fine (fit's compiled step has one): the column matrix's rows, the reshapes'
 * targets and im2col's output shape are then multiples of it, which specialisation rewrites
 * for each batch size like any other (graph/unknown-batch.ts).
 */
function shareable(graph: GraphIR, conv: GraphNodeIR, grad: GraphNodeIR): boolean {
  const values = [...conv.inputs, ...conv.outputs, ...grad.inputs, ...grad.outputs].map((v) => graph.values.get(v)!);
  return (conv.attrs as ConvAttrs).groups === 1 && values.every((info) => info.dtype === "float32");
}

/** A new value of `shape` (float32) and its id. */
function newValue(graph: GraphIR, shape: readonly number[]): number {
  const value = graph.nextId++;
  graph.values.set(value, { shape: [...shape], dtype: "float32" });
  return value;
}

function node(graph: GraphIR, opName: string, attrs: unknown, inputs: number[], outputs: number[], scope: readonly string[]): GraphNodeIR {
  return { id: graph.nextId++, op: opName === im2colOp.name ? im2colOp : findOp(opName)!, attrs, inputs, outputs, scope };
}

/** conv2d(x, w) as reshape(im2col(x) · reshape(w)): the nodes, and the column matrix's value. */
function convAsMatmul(graph: GraphIR, conv: GraphNodeIR): [number, GraphNodeIR[]] {
  const [x, w] = conv.inputs as [number, number];
  const filterShape = graph.values.get(w)!.shape;
  const outputShape = graph.values.get(conv.outputs[0]!)!.shape;
  const { strides, dilations, pads, groups } = conv.attrs as ConvAttrs;
  const colAttrs: Im2colAttrs = { strides, dilations, pads, groups, filterShape: [...filterShape], outputShape: [...outputShape] };
  const [rows, width, co] = [outputShape[0]! * outputShape[1]! * outputShape[2]!, filterShape[0]! * filterShape[1]! * filterShape[2]!, filterShape[3]!];
  const [col, w2, y2] = [newValue(graph, [rows, width]), newValue(graph, [width, co]), newValue(graph, [rows, co])];
  return [col, [
    node(graph, im2colOp.name, colAttrs, [x], [col], conv.scope),
    node(graph, "reshape", { shape: [width, co] }, [w], [w2], conv.scope),
    node(graph, "matmul", { transposeA: false, transposeB: false } satisfies MatmulAttrs, [col, w2], [y2], conv.scope),
    node(graph, "reshape", { shape: [...outputShape] }, [y2], [conv.outputs[0]!], conv.scope),
  ]];
}

/** conv2dBackpropFilter(x, dy) as reshape(colᵀ · reshape(dy)), col being im2col(x). */
function filterGradAsMatmul(graph: GraphIR, grad: GraphNodeIR, col: number): GraphNodeIR[] {
  const dy = grad.inputs[1]!;
  const dyShape = graph.values.get(dy)!.shape;
  const { filterShape } = grad.attrs as ConvFilterAttrs;
  const [rows, width, co] = [dyShape[0]! * dyShape[1]! * dyShape[2]!, filterShape[0]! * filterShape[1]! * filterShape[2]!, filterShape[3]!];
  const [dy2, dw2] = [newValue(graph, [rows, co]), newValue(graph, [width, co])];
  return [
    node(graph, "reshape", { shape: [rows, co] }, [dy], [dy2], grad.scope),
    node(graph, "matmul", { transposeA: true, transposeB: false } satisfies MatmulAttrs, [col, dy2], [dw2], grad.scope),
    node(graph, "reshape", { shape: [...filterShape] }, [dw2], [grad.outputs[0]!], grad.scope),
  ];
}
