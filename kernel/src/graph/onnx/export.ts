// ONNX export of inference graphs (opset 17): each gradbook op maps to one or a few ONNX
// nodes; placeholders become graph inputs, variables and constants initializers (named
// after the variable). gradbook's images are NHWC and its filters [h, w, in, out], ONNX's are
// NCHW and [out, in, h, w]: convolutions and pools are wrapped in Transpose nodes.
import { GradbookError } from "../../tensor/errors.js";
import { readVariableOp, type ReadVariableAttrs } from "../../tensor/engine.js";
import { Tensor } from "../../tensor/tensor.js";
import { constantOp, describeNode, placeholderOp, type ConstantAttrs, type GraphIR, type GraphNodeIR, type PlaceholderAttrs } from "../ir.js";
import { encodeModel, type OnnxAttribute, type OnnxInitializer, type OnnxNode, type OnnxValue } from "./messages.js";
import { hasBatchPlaceholder } from "../unknown-batch.js";
import { isFused } from "../passes/fused-op.js";

export const ONNX_OPSET = 17;

/** A graph that has an op ONNX export does not map, or is not an inference graph. */
export class OnnxExportError extends GradbookError {}

/** What a mapping rule gets: the node, its input names, its output names, and ways to add nodes and constants. */
interface RuleContext {
  node: GraphNodeIR;
  inputs: readonly string[];
  outputs: readonly string[];
  /** Adds a node; returns its (first) output name, a fresh one unless given. */
  emit(opType: string, inputs: readonly string[], attributes?: Record<string, OnnxAttribute>, outputs?: readonly string[]): string;
  /** An int64 initializer (shapes, axes). */
  int64s(values: readonly number[]): string;
  rank(input: number): number;
}

type Rule = (ctx: RuleContext) => void;

const same = (opType: string): Rule => ({ inputs, outputs, emit }) => void emit(opType, inputs, {}, outputs);
const NHWC_TO_NCHW = [0, 3, 1, 2];
const NCHW_TO_NHWC = [0, 2, 3, 1];
/** gradbook's [top, bottom, left, right] as ONNX's [top, left, bottom, right]. */
const onnxPads = ([t, b, l, r]: readonly number[]) => [t!, l!, b!, r!];

/** Runs an NCHW op on an NHWC input and gives back NHWC. */
function channelsFirst(ctx: RuleContext, opType: string, extraInputs: readonly string[], attributes: Record<string, OnnxAttribute>): void {
  const x = ctx.emit("Transpose", [ctx.inputs[0]!], { perm: NHWC_TO_NCHW });
  const y = ctx.emit(opType, [x, ...extraInputs], attributes);
  ctx.emit("Transpose", [y], { perm: NCHW_TO_NHWC }, ctx.outputs);
}

function reduction(opType: string, axesAsInput: boolean): Rule {
  return (ctx) => {
    const { axes, keepDims } = ctx.node.attrs as { axes: number[]; keepDims: boolean };
    if (axes.length === 0) return void ctx.emit("Identity", ctx.inputs, {}, ctx.outputs);
    const keepdims = keepDims ? 1 : 0;
    if (axesAsInput) ctx.emit(opType, [ctx.inputs[0]!, ctx.int64s(axes)], { keepdims }, ctx.outputs);
    else ctx.emit(opType, ctx.inputs, { axes, keepdims }, ctx.outputs);
  };
}

function softmaxLike(opType: string): Rule {
  return (ctx) => {
    const { axes } = ctx.node.attrs as { axes: number[] };
    if (axes.length !== 1) throw new OnnxExportError(`exportOnnx: ${opType} over several axes (${axes.join(", ")}) has no ONNX mapping; ONNX's ${opType} takes one axis`);
    ctx.emit(opType, ctx.inputs, { axis: axes[0]! }, ctx.outputs);
  };
}

const RULES: Record<string, Rule> = {
  add: same("Add"), sub: same("Sub"), mul: same("Mul"), div: same("Div"), pow: same("Pow"),
  maximum: same("Max"), minimum: same("Min"),
  equal: same("Equal"), less: same("Less"), greater: same("Greater"), lessEqual: same("LessOrEqual"), greaterEqual: same("GreaterOrEqual"),
  where: same("Where"),
  neg: same("Neg"), abs: same("Abs"), sign: same("Sign"), exp: same("Exp"), log: same("Log"), sqrt: same("Sqrt"),
  reciprocal: same("Reciprocal"), sin: same("Sin"), cos: same("Cos"), tan: same("Tan"), tanh: same("Tanh"), erf: same("Erf"),
  floor: same("Floor"), ceil: same("Ceil"),
  relu: same("Relu"), sigmoid: same("Sigmoid"), softplus: same("Softplus"), softsign: same("Softsign"), selu: same("Selu"),
  square: ({ inputs, outputs, emit }) => void emit("Mul", [inputs[0]!, inputs[0]!], {}, outputs),
  elu: ({ node, inputs, outputs, emit }) => void emit("Elu", inputs, { alpha: { float: node.attrs.alpha } }, outputs),
  leakyRelu: ({ node, inputs, outputs, emit }) => void emit("LeakyRelu", inputs, { alpha: { float: node.attrs.alpha } }, outputs),
  matmul: (ctx) => {
    const { transposeA, transposeB } = ctx.node.attrs as { transposeA: boolean; transposeB: boolean };
    const swapLast = (i: number) => {
      const r = ctx.rank(i);
      const perm = [...Array(r).keys()];
      [perm[r - 2], perm[r - 1]] = [perm[r - 1]!, perm[r - 2]!];
      return ctx.emit("Transpose", [ctx.inputs[i]!], { perm });
    };
    ctx.emit("MatMul", [transposeA ? swapLast(0) : ctx.inputs[0]!, transposeB ? swapLast(1) : ctx.inputs[1]!], {}, ctx.outputs);
  },
  reshape: (ctx) => void ctx.emit("Reshape", [ctx.inputs[0]!, ctx.int64s(ctx.node.attrs.shape)], {}, ctx.outputs),
  broadcastTo: (ctx) => void ctx.emit("Expand", [ctx.inputs[0]!, ctx.int64s(ctx.node.attrs.shape)], {}, ctx.outputs),
  transpose: (ctx) => void ctx.emit("Transpose", ctx.inputs, { perm: ctx.node.attrs.perm }, ctx.outputs),
  concat: (ctx) => void ctx.emit("Concat", ctx.inputs, { axis: ctx.node.attrs.axis }, ctx.outputs),
  sum: reduction("ReduceSum", true),
  mean: reduction("ReduceMean", false),
  max: reduction("ReduceMax", false),
  min: reduction("ReduceMin", false),
  softmax: softmaxLike("Softmax"),
  logSoftmax: softmaxLike("LogSoftmax"),
  conv2d: (ctx) => {
    const { strides, dilations, pads, groups } = ctx.node.attrs as { strides: number[]; dilations: number[]; pads: number[]; groups: number };
    const w = ctx.emit("Transpose", [ctx.inputs[1]!], { perm: [3, 2, 0, 1] });
    channelsFirst(ctx, "Conv", [w], { strides, dilations, pads: onnxPads(pads), group: groups });
  },
  maxPool2d: (ctx) => {
    const { poolSize, strides, pads } = ctx.node.attrs as { poolSize: number[]; strides: number[]; pads: number[] };
    channelsFirst(ctx, "MaxPool", [], { kernel_shape: poolSize, strides, pads: onnxPads(pads) });
  },
  avgPool2d: (ctx) => {
    const { poolSize, strides, pads } = ctx.node.attrs as { poolSize: number[]; strides: number[]; pads: number[] };
    // gradbook, like TF, averages over the real input positions only: count_include_pad = 0.
    channelsFirst(ctx, "AveragePool", [], { kernel_shape: poolSize, strides, pads: onnxPads(pads), count_include_pad: 0 });
  },
};

/** Names of the gradbook ops that ONNX export maps. */
export function onnxOps(): string[] {
  return Object.keys(RULES).sort();
}

function littleEndian(t: Tensor): Uint8Array {
  const values = t.dataSync();
  const copy = t.dtype === "bool" ? Uint8Array.from(values as ArrayLike<number>) : (values as Float32Array | Float64Array | Int32Array).slice();
  return new Uint8Array(copy.buffer, copy.byteOffset, copy.byteLength);
}

/**
 * An inference graph as ONNX model bytes (opset 17): placeholders are the model's inputs (by
 * name), variables its initializers (by variable name, current values). A node whose op has
 * no mapping is an OnnxExportError naming it and the ops that have one.
 * @example writeFileSync("mlp.onnx", graphToOnnx(jit((x: Tensor) => model.apply(x)).graphFor(xTest).ir))
 */
export function graphToOnnx(ir: GraphIR, name = "gradbook"): Uint8Array {
  if (ir.assigns.length > 0 || ir.effects.length > 0) throw new OnnxExportError("exportOnnx: this graph assigns variables or runs host code (a training step); only inference graphs can be exported — trace the forward pass alone");
  // Reshape targets and other shapes become int64 constants: they need the batch size.
  if (hasBatchPlaceholder(ir)) throw new OnnxExportError("exportOnnx: this graph has an unknown batch dimension ([?, ...] placeholders); ONNX export needs every shape — export a graph traced for one batch size (jit(f) without batchPolymorphic, or placeholder([32, 784]))");
  const nodes: OnnxNode[] = [];
  const initializers: OnnxInitializer[] = [];
  const inputs: OnnxValue[] = [];
  const names = new Map<number, string>();
  let fresh = 0;
  const valueName = (v: number) => names.get(v) ?? `v${v}`;
  for (const node of ir.nodes) {
    const out = node.outputs[0]!;
    if (node.op === placeholderOp) {
      const { name: input, shape, dtype } = node.attrs as PlaceholderAttrs;
      names.set(out, input);
      inputs.push({ name: input, type: dtype, dims: shape });
      continue;
    }
    if (node.op === readVariableOp || node.op === constantOp) {
      const t = node.op === constantOp ? (node.attrs as ConstantAttrs).tensor : ((node.attrs as ReadVariableAttrs).variable as unknown as { value: Tensor }).value;
      const init = node.op === constantOp ? `constant_${node.id}` : (node.attrs as ReadVariableAttrs).variable.name;
      names.set(out, init);
      initializers.push({ name: init, type: t.dtype, dims: t.shape, raw: littleEndian(t) });
      continue;
    }
    const rule = RULES[node.op.name];
    const where = describeNode(node);
    if (node.op.source) throw new OnnxExportError(`exportOnnx: ${where} produces values with host code at each run (random ops, per-step scalars); ONNX export needs an inference graph without them`);
    if (!rule && (node.op.fused || isFused(node.op))) {
      throw new OnnxExportError(`exportOnnx: ${where} is a kernel that graph.optimize() fused, and ONNX has no op for it; export the graph as traced, before optimize() (ONNX runtimes fuse on their own)`);
    }
    if (!rule) throw new OnnxExportError(`exportOnnx: ${where} has no ONNX mapping; the ops exported are ${onnxOps().join(", ")}`);
    const base = `${[...node.scope, node.op.name].join("/")}_${node.id}`;
    let part = 0;
    rule({
      node,
      inputs: node.inputs.map(valueName),
      outputs: node.outputs.map(valueName),
      emit: (opType, ins, attributes = {}, outs) => {
        const outputs = outs ?? [`${base}_${fresh++}`];
        nodes.push({ opType, inputs: ins, outputs, name: `${base}${part++ ? `_${part - 1}` : ""}`, attributes });
        return outputs[0]!;
      },
      int64s: (values) => {
        const init = `${base}_i64_${fresh++}`;
        const data = BigInt64Array.from(values.map((v) => BigInt(v)));
        initializers.push({ name: init, type: "int64", dims: [values.length], raw: new Uint8Array(data.buffer) });
        return init;
      },
      rank: (i) => ir.values.get(node.inputs[i]!)!.shape.length,
    });
  }
  // Every output gets a name of its own (an output may also be an input or a weight, or repeat).
  const outputs: OnnxValue[] = ir.outputs.map((v, i) => {
    const info = ir.values.get(v)!;
    nodes.push({ opType: "Identity", inputs: [valueName(v)], outputs: [`output_${i}`], name: `output_${i}` });
    return { name: `output_${i}`, type: info.dtype, dims: info.shape };
  });
  return encodeModel({ name, nodes, initializers, inputs, outputs, opset: ONNX_OPSET, producerVersion: "0.1.0" });
}
