// The saved form of a graph (format "gradbook-graph"): a JSON document and the tensors it
// refers to by name (variables' current values, constants, tensor attributes), which save.ts
// writes as graph.json and weights.safetensors. No file access here. Version 2 adds graphs of
// unknown batch size ("unknownBatch") and random draws (hostValue nodes with a "random"
// attribute); a graph that needs neither is written as version 1, which older readers take.
import type { DType } from "../tensor/dtype.js";
import { hostValueOp, type HostValueAttrs } from "../tensor/engine.js";
import { randomProducer } from "../tensor/random.js";
import { UNKNOWN_BATCH } from "../tensor/unknown-batch.js";
import { GradbookError } from "../tensor/errors.js";
import { findOp, type OpDef } from "../tensor/op.js";
import { Tensor } from "../tensor/tensor.js";
import { Variable } from "../tensor/variable.js";
import { describeNode, type GraphIR, type GraphNodeIR } from "./ir.js";

export const GRAPH_FORMAT = "gradbook-graph";
export const GRAPH_FORMAT_VERSION = 2;

/** A graph that cannot be saved or loaded; the message names the node and why. */
export class GraphFormatError extends GradbookError {}

/** One node as saved: the op by name, attributes in the JSON encoding below, value ids. */
export interface SavedNode {
  id: number;
  op: string;
  attrs: unknown;
  inputs: number[];
  outputs: number[];
  scope: string[];
}

/** A variable the graph reads: recreated by name on load from the weight `weights/<name>`. */
export interface SavedVariable {
  name: string;
  shape: number[];
  dtype: DType;
  trainable: boolean;
  weight: string;
}

/** graph.json. */
export interface SavedGraph {
  format: typeof GRAPH_FORMAT;
  version: number;
  /** The file holding every tensor the document refers to. */
  weights: string;
  /** Each placeholder's shape, null for an unknown batch dimension. */
  placeholders: { name: string; shape: (number | null)[]; dtype: DType }[];
  /**
   * Version 2, graphs of unknown batch size: the number that stands for the batch size in
   * "values" shapes and in attributes (a multiple k of it means k times the batch size).
   */
  unknownBatch?: number;
  variables: SavedVariable[];
  values: { id: number; shape: number[]; dtype: DType }[];
  nodes: SavedNode[];
  outputs: number[];
}

/**
 * Attribute values in JSON: numbers, strings, booleans, null, arrays and plain objects as
 * themselves; a non-finite number as `{"$number": "NaN" | "Infinity" | "-Infinity"}`;
 * `undefined` as `{"$undefined": true}`; a tensor as `{"$tensor": "<weight name>"}`; a
 * variable as `{"$variable": "<name>"}`; a typed array as `{"$typed": "Int32Array",
 * "values": [...]}`. Functions and other objects cannot be saved.
 */
type Encoded = unknown;

const TYPED = { Float32Array, Float64Array, Int32Array, Uint8Array, Uint32Array, Int8Array, Int16Array, Uint16Array } as const;

/**
 * The saved form of an inference graph and the tensors it refers to (by weight name).
 * Throws a GraphFormatError naming the node when something cannot be saved: host values
 * (random ops, per-step scalars), closures (customGrad), variable assignments.
 * @example const { document, tensors } = encodeGraph(jit(f).graphFor(x).ir)
 */
export function encodeGraph(ir: GraphIR): { document: SavedGraph; tensors: Map<string, Tensor> } {
  if (ir.assigns.length > 0 || ir.effects.length > 0) {
    const names = ir.assigns.map((a) => `"${a.variable.name}"`).join(", ");
    throw new GraphFormatError(
      names
        ? `graph.save: this graph assigns the variables ${names} (a training step); only inference graphs can be saved — trace the forward pass alone (e.g. jit((x) => model.apply(x)))`
        : "graph.save: this graph runs host code after each run (a training step); only inference graphs can be saved — trace the forward pass alone (e.g. jit((x) => model.apply(x)))",
    );
  }
  const tensors = new Map<string, Tensor>();
  const variables = new Map<string, Variable>();
  const nodes = ir.nodes.map((node) => {
    const where = describeNode(node);
    if (node.op === hostValueOp && !(node.attrs as HostValueAttrs).random) {
      const { label } = node.attrs as HostValueAttrs;
      throw new GraphFormatError(`graph.save: ${where} computes "${label}" values with host code at each run (an optimizer's per-step scalar, or a hostTensor()); that code is a closure and cannot be saved — trace the forward pass alone, or make the value a variable or a placeholder`);
    }
    // A random draw is saved as data: the loaded graph draws again from its description.
    const attrs = encodeValue(node.op === hostValueOp ? withoutProducer(node.attrs as HostValueAttrs) : node.attrs, {
      where,
      path: "attrs",
      tensor: (t, path) => {
        const name = node.op.source ? `constant/${node.id}` : `attr/${node.id}/${path}`;
        tensors.set(name, t);
        return name;
      },
      variable: (v) => {
        const other = variables.get(v.name);
        if (other && other !== v) throw new GraphFormatError(`graph.save: two different variables are both named "${v.name}"; loading recreates variables by name, so give them distinct names`);
        variables.set(v.name, v);
        return v.name;
      },
    });
    return { id: node.id, op: node.op.name, attrs, inputs: [...node.inputs], outputs: [...node.outputs], scope: [...node.scope] };
  });
  const saved: SavedVariable[] = [...variables.values()].map((v) => {
    tensors.set(`variable/${v.name}`, v.value);
    return { name: v.name, shape: [...v.shape], dtype: v.dtype, trainable: v.trainable, weight: `variable/${v.name}` };
  });
  const placeholders = ir.nodes.filter((n) => n.op.name === "placeholder").map((n) => ({
    name: n.attrs.name as string,
    shape: (n.attrs.shape as number[]).map((d) => (d === UNKNOWN_BATCH ? null : d)),
    dtype: n.attrs.dtype as DType,
  }));
  const values = [...ir.values].map(([id, info]) => ({ id, shape: [...info.shape], dtype: info.dtype }));
  const batched = placeholders.some((p) => p.shape.includes(null));
  const version = batched || ir.nodes.some((n) => n.op === hostValueOp) ? 2 : 1;
  const document: SavedGraph = {
    format: GRAPH_FORMAT, version, weights: "weights.safetensors", placeholders, ...(batched ? { unknownBatch: UNKNOWN_BATCH } : {}),
    variables: saved, values, nodes, outputs: [...ir.outputs],
  };
  return { document, tensors };
}

/**
 * The graph a saved document describes. Variables come from `variables` when it has one of
 * that name (to share weights with a live model), else are made from their saved values.
 * @example const ir = decodeGraph(JSON.parse(text), tensors, new Map())
 */
export function decodeGraph(document: SavedGraph, tensors: ReadonlyMap<string, Tensor>, variables: ReadonlyMap<string, Variable>, source = "graph.json"): GraphIR {
  if (document?.format !== GRAPH_FORMAT) throw new GraphFormatError(`loadGraph: ${source} is not a saved gradbook graph (its "format" is ${JSON.stringify(document?.format)}, expected "${GRAPH_FORMAT}")`);
  if (document.version > GRAPH_FORMAT_VERSION) throw new GraphFormatError(`loadGraph: ${source} has format version ${document.version}; this gradbook reads versions up to ${GRAPH_FORMAT_VERSION} — update gradbook`);
  const weight = (name: string, what: string): Tensor => {
    const t = tensors.get(name);
    if (!t) throw new GraphFormatError(`loadGraph: ${what} refers to the weight "${name}", which is not in ${document.weights}`);
    return t;
  };
  const live = new Map<string, Variable>();
  for (const v of document.variables) {
    const given = variables.get(v.name);
    if (given && (given.shape.join() !== v.shape.join() || given.dtype !== v.dtype)) {
      throw new GraphFormatError(`loadGraph: the variable "${v.name}" given has ${given.dtype}[${given.shape.join(", ")}], the saved graph reads ${v.dtype}[${v.shape.join(", ")}]`);
    }
    live.set(v.name, given ?? new Variable(weight(v.weight, `variable "${v.name}"`), { name: v.name, trainable: v.trainable, dtype: v.dtype }));
  }
  const values = new Map(document.values.map((v) => [v.id, { shape: Object.freeze([...v.shape]), dtype: v.dtype }]));
  const written = new Set<number>();
  const nodes: GraphNodeIR[] = document.nodes.map((saved) => {
    const where = `node ${saved.id} (op "${saved.op}")`;
    for (const v of saved.inputs) if (!written.has(v)) throw new GraphFormatError(`loadGraph: ${source}: ${where} reads value ${v} before any node writes it`);
    for (const v of saved.outputs) {
      if (!values.has(v)) throw new GraphFormatError(`loadGraph: ${source}: ${where} writes value ${v}, which has no shape in "values"`);
      written.add(v);
    }
    const attrs = decodeValue(saved.attrs, {
      tensor: (name) => weight(name, where),
      variable: (name) => {
        const v = live.get(name);
        if (!v) throw new GraphFormatError(`loadGraph: ${source}: ${where} reads the variable "${name}", which is not listed in "variables"`);
        return v;
      },
    });
    const op = loadedOp(saved.op, attrs);
    if (!op) throw new GraphFormatError(`loadGraph: ${source}: ${where} names an op this gradbook does not define`);
    return { id: saved.id, op, attrs: op === hostValueOp ? withProducer(attrs as HostValueAttrs, where, source) : attrs, inputs: saved.inputs, outputs: saved.outputs, scope: saved.scope };
  });
  for (const v of document.outputs) if (!written.has(v)) throw new GraphFormatError(`loadGraph: ${source}: output value ${v} is written by no node`);
  const ids = [...values.keys(), ...nodes.map((n) => n.id)];
  return { nodes, values, outputs: [...document.outputs], assigns: [], effects: [], nextId: Math.max(-1, ...ids) + 1 };
}

/** A random draw's attributes without its code (the description in "random" makes it again). */
function withoutProducer({ produce: _code, ...data }: HostValueAttrs): Omit<HostValueAttrs, "produce"> {
  return data;
}

/** A saved random draw's attributes with the code that draws it again. */
function withProducer(attrs: HostValueAttrs, where: string, source: string): HostValueAttrs {
  if (!attrs.random) throw new GraphFormatError(`loadGraph: ${source}: ${where} has no "random" attribute; only random draws are saved as host values`);
  try {
    return { ...attrs, produce: randomProducer(attrs.random, attrs.dtype) };
  } catch (error) {
    throw new GraphFormatError(`loadGraph: ${source}: ${where}: ${(error as Error).message}`);
  }
}

/**
 * Recreates ops that are made at run time under generated names (elementwise fusion's
 * `fused_<n>`, whose attributes hold the program): given a saved op name and its decoded
 * attributes, returns the op, or undefined for names it does not make.
 */
export type OpLoader = (name: string, attrs: any) => OpDef<any> | undefined;

const opLoaders: OpLoader[] = [];

/**
 * Lets loadGraph recreate generated ops; loaders are asked before ops defined by name, since
 * a generated name may mean another op in another process.
 * @example registerOpLoader((name, attrs) => (name.startsWith("fused_") ? fusedOpFor(attrs.program) : undefined))
 */
export function registerOpLoader(loader: OpLoader): void {
  opLoaders.push(loader);
}

/**
 * The op a node named `name` with these attributes runs: one a registered loader makes
 * (generated ops), else the op defined under that name.
 * @example loadedOp("fused_3", { program, members }) // fusion's op for that program
 */
export function loadedOp(name: string, attrs: unknown): OpDef<any> | undefined {
  for (const loader of opLoaders) {
    const op = loader(name, attrs);
    if (op) return op;
  }
  return findOp(name);
}


interface EncodeContext {
  where: string;
  path: string;
  tensor: (t: Tensor, path: string) => string;
  variable: (v: Variable) => string;
}

function encodeValue(value: unknown, ctx: EncodeContext): Encoded {
  const at = (key: string | number) => ({ ...ctx, path: `${ctx.path}.${key}` });
  if (value === undefined) return { $undefined: true };
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : { $number: String(value) };
  if (value instanceof Tensor) return { $tensor: ctx.tensor(value, ctx.path) };
  if (value instanceof Variable) return { $variable: ctx.variable(value) };
  if (Array.isArray(value)) return value.map((v, i) => encodeValue(v, at(i)));
  if (ArrayBuffer.isView(value) && value.constructor.name in TYPED) return { $typed: value.constructor.name, values: Array.from(value as unknown as ArrayLike<number>) };
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeValue(v, at(k))]));
  }
  if (typeof value === "function") {
    throw new GraphFormatError(`graph.save: ${ctx.where} has the attribute ${ctx.path} that is a function (a closure: its code and captured values cannot be written to a file); this graph cannot be saved`);
  }
  throw new GraphFormatError(`graph.save: ${ctx.where} has the attribute ${ctx.path} that is an object of class ${(value as object).constructor?.name ?? "unknown"}; this graph cannot be saved`);
}

interface DecodeContext {
  tensor: (name: string) => Tensor;
  variable: (name: string) => Variable;
}

function decodeValue(value: Encoded, ctx: DecodeContext): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return Object.freeze(value.map((v) => decodeValue(v, ctx)));
  const record = value as Record<string, unknown>;
  if ("$undefined" in record) return undefined;
  if ("$number" in record) return Number(record.$number);
  if ("$tensor" in record) return ctx.tensor(String(record.$tensor));
  if ("$variable" in record) return ctx.variable(String(record.$variable));
  if ("$typed" in record) {
    const kind = TYPED[record.$typed as keyof typeof TYPED];
    if (!kind) throw new GraphFormatError(`loadGraph: unknown typed array "${String(record.$typed)}" in an attribute`);
    return kind.from(record.values as number[]);
  }
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, decodeValue(v, ctx)]));
}
