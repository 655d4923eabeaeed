// The ONNX messages gradbook writes (onnx.proto, IR version 8), with their field numbers.
import type { DType } from "../../tensor/dtype.js";
import { ProtoWriter } from "./protobuf.js";

/** TensorProto.DataType of each gradbook dtype; INT64 for shapes and axes. */
export const ONNX_TYPE = { float32: 1, bool: 9, int32: 6, float64: 11, int64: 7 } as const;

/** An attribute of a node: a number (INT, or FLOAT when `float`), a list of INTs, or a string. */
export type OnnxAttribute = number | { float: number } | readonly number[] | string;

/** One node: op type, input and output value names, attributes. */
export interface OnnxNode {
  opType: string;
  inputs: readonly string[];
  outputs: readonly string[];
  name: string;
  attributes?: Readonly<Record<string, OnnxAttribute>>;
}

/** An initializer: a named tensor of values stored in the model. */
export interface OnnxInitializer {
  name: string;
  type: keyof typeof ONNX_TYPE | DType;
  dims: readonly number[];
  /** Little-endian element bytes (raw_data). */
  raw: Uint8Array;
}

/** A graph input or output: name, element type and shape. */
export interface OnnxValue {
  name: string;
  type: DType;
  dims: readonly number[];
}

/** A whole model. */
export interface OnnxModel {
  name: string;
  nodes: readonly OnnxNode[];
  initializers: readonly OnnxInitializer[];
  inputs: readonly OnnxValue[];
  outputs: readonly OnnxValue[];
  opset: number;
  producerVersion: string;
}

function attribute(name: string, value: OnnxAttribute): ProtoWriter {
  const w = new ProtoWriter().bytes(1, name);
  if (typeof value === "string") return w.bytes(4, value).int(20, 3);
  if (typeof value === "number") return w.int(3, value).int(20, 2);
  if (Array.isArray(value)) return w.packedInts(8, value).int(20, 7);
  return w.float(2, (value as { float: number }).float).int(20, 1);
}

function node(n: OnnxNode): ProtoWriter {
  const w = new ProtoWriter();
  for (const i of n.inputs) w.bytes(1, i);
  for (const o of n.outputs) w.bytes(2, o);
  w.bytes(3, n.name).bytes(4, n.opType);
  for (const [k, v] of Object.entries(n.attributes ?? {})) w.bytes(5, attribute(k, v));
  return w;
}

function initializer(t: OnnxInitializer): ProtoWriter {
  return new ProtoWriter().packedInts(1, t.dims).int(2, ONNX_TYPE[t.type]).bytes(8, t.name).bytes(9, t.raw);
}

function valueInfo(v: OnnxValue): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of v.dims) shape.bytes(1, new ProtoWriter().int(1, d));
  const tensorType = new ProtoWriter().int(1, ONNX_TYPE[v.type]).bytes(2, shape);
  return new ProtoWriter().bytes(1, v.name).bytes(2, new ProtoWriter().bytes(1, tensorType));
}

/**
 * The bytes of an ONNX ModelProto.
 * @example writeFileSync("m.onnx", encodeModel({ name: "g", nodes, initializers, inputs, outputs, opset: 17, producerVersion: "1" }))
 */
export function encodeModel(m: OnnxModel): Uint8Array {
  const graph = new ProtoWriter();
  for (const n of m.nodes) graph.bytes(1, node(n));
  graph.bytes(2, m.name);
  for (const t of m.initializers) graph.bytes(5, initializer(t));
  for (const v of m.inputs) graph.bytes(11, valueInfo(v));
  for (const v of m.outputs) graph.bytes(12, valueInfo(v));
  return new ProtoWriter()
    .int(1, 8)
    .bytes(2, "gradbook")
    .bytes(3, m.producerVersion)
    .bytes(7, graph)
    .bytes(8, new ProtoWriter().bytes(1, "").int(2, m.opset))
    .finish();
}
