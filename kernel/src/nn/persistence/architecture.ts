/**
 * A model's architecture as plain JSON data, and back: sequential models as their list of
 * layers; functional models as their inputs, layers and the graph of layer calls (nodes).
 * Every layer is saved as `{ className, config }` from `getConfig()` and rebuilt with
 * `layerFromConfig` (the layer registry); a model used as a layer is saved recursively.
 */
import { ArgumentError, GradbookError } from "../../tensor/errors.js";
import type { DType } from "../../tensor/dtype.js";
import { Layer } from "../layer.js";
import { layerFromConfig } from "../layer-registry.js";
import { Model, Sequential } from "../model.js";
import { SymbolicTensor, input, type SymbolicShape } from "../symbolic.js";

/** Where a tensor of the graph comes from: a model input, or output `output` of call `node` of a layer. */
export type TensorRef = { input: string } | { layer: string; node: number; output: number };

/** One layer call of a functional model. */
export interface SavedNode {
  layer: string;
  /** The call's inputs. */
  inputs: TensorRef[];
  /** Whether the layer was called with a list (`layer.apply([a, b])`), even a list of one. */
  asList: boolean;
}

export interface SavedInput {
  name: string;
  /** The shape of one sample (no batch axis). */
  shape: number[];
  /** A fixed batch size, or null (any). */
  batchSize: number | null;
  dtype: DType;
}

/** A plain layer. */
export interface SavedLayer {
  className: string;
  config: Record<string, unknown>;
}

export interface SavedSequential {
  className: "Sequential";
  config: Record<string, unknown>;
  layers: SavedEntry[];
  /** The input shape the model was built for (batch axis null), when its first layer has no inputShape. */
  buildInputShape: SymbolicShape | null;
}

export interface SavedFunctional {
  className: "Functional";
  config: Record<string, unknown>;
  inputs: SavedInput[];
  layers: SavedEntry[];
  /** The layer calls in execution order; a layer's n-th node is its n-th entry here. */
  nodes: SavedNode[];
  outputs: TensorRef[];
  /** Whether the model takes (returns) one tensor rather than a list. */
  singleInput: boolean;
  singleOutput: boolean;
}

export type SavedArchitecture = SavedSequential | SavedFunctional;
export type SavedEntry = SavedLayer | SavedArchitecture;

/** One recorded layer call of a functional model. */
export interface GraphNode {
  layer: Layer;
  inputs: readonly SymbolicTensor[];
  outputs: SymbolicTensor[];
  asList: boolean;
}

/** The layer calls of a functional model from its inputs to its outputs, in execution order. */
export function graphNodes(model: Model): GraphNode[] {
  const inputSet = new Set(model.inputs);
  const nodes = new Map<readonly SymbolicTensor[], GraphNode>();
  const order: GraphNode[] = [];
  const visit = (t: SymbolicTensor): void => {
    if (inputSet.has(t) || t.layer === null) return;
    let node = nodes.get(t.inputs);
    if (!node) {
      node = { layer: t.layer, inputs: t.inputs, outputs: [], asList: t.calledWithList };
      nodes.set(t.inputs, node);
      t.inputs.forEach(visit);
      order.push(node);
    }
    node.outputs[t.outputIndex] = t;
  };
  model.outputs.forEach(visit);
  return order;
}

/** True when `model` is a graph of layers (sequential or functional) rather than code in an overridden call(). */
function kindOf(model: Model): "sequential" | "functional" | "subclass" {
  const ownCall = Object.getPrototypeOf(model).call;
  if (model instanceof Sequential) return ownCall === Sequential.prototype.call ? "sequential" : "subclass";
  if (model.isFunctional && ownCall === Model.prototype.call) return "functional";
  return "subclass";
}

/** The error for a model whose architecture cannot be saved. */
export function subclassError(model: Model, what: string): GradbookError {
  return new GradbookError(
    `${what}: "${model.name}" is a subclassed model (${model.className}): its call() is code, not a graph of layers, so its architecture cannot be saved. ` +
      `Save its weights instead with await model.saveWeights("${model.name}.weights.safetensors"); to restore, construct a new ${model.className}, call it once on a batch so its layers are built, then await model.loadWeights(path).`,
  );
}

function modelConfig(model: Model): Record<string, unknown> {
  const { name, trainable, dtype } = model.getConfig();
  return { name, trainable, dtype };
}

/** The layers' names must identify them in the saved graph. */
function checkUniqueNames(model: Model, layers: readonly Layer[]): void {
  const seen = new Set<string>();
  for (const layer of layers) {
    if (seen.has(layer.name)) throw new ArgumentError(`save: model "${model.name}" has two layers named "${layer.name}"; give each layer its own name (the saved architecture refers to layers by name)`);
    seen.add(layer.name);
  }
}

/** A layer (or nested model) as saved data. */
export function serializeLayer(layer: Layer): SavedEntry {
  if (layer instanceof Model) return serializeArchitecture(layer);
  return { className: layer.className, config: layer.getConfig() };
}

/**
 * A sequential or functional model's architecture as JSON data; throws for subclassed models.
 * @example JSON.stringify(serializeArchitecture(sequential([new Dense({ units: 1, inputShape: [2] })])))
 */
export function serializeArchitecture(model: Model): SavedArchitecture {
  const kind = kindOf(model);
  if (kind === "subclass") throw subclassError(model, "save");
  checkUniqueNames(model, model.layers);
  if (kind === "sequential") {
    const first = model.layers[0];
    const shape = model.builtInputShape;
    const buildInputShape = model.built && first && !first.inputShape && shape !== undefined && !Array.isArray(shape[0]) ? ([...(shape as SymbolicShape)] as SymbolicShape) : null;
    return { className: "Sequential", config: modelConfig(model), layers: model.layers.map(serializeLayer), buildInputShape };
  }
  const nodes = graphNodes(model);
  const nodeIndex = new Map<GraphNode, number>();
  const callsPerLayer = new Map<Layer, number>();
  for (const node of nodes) {
    const n = callsPerLayer.get(node.layer) ?? 0;
    nodeIndex.set(node, n);
    callsPerLayer.set(node.layer, n + 1);
  }
  const producer = new Map<SymbolicTensor, TensorRef>();
  for (const node of nodes) node.outputs.forEach((t, i) => t && producer.set(t, { layer: node.layer.name, node: nodeIndex.get(node)!, output: i }));
  const inputNames = new Set<string>();
  for (const t of model.inputs) {
    if (inputNames.has(t.name)) throw new ArgumentError(`save: model "${model.name}" has two inputs named "${t.name}"; give each input() its own name`);
    inputNames.add(t.name);
  }
  const ref = (t: SymbolicTensor): TensorRef => {
    if (model.inputs.includes(t)) return { input: t.name };
    const found = producer.get(t);
    if (!found) throw new GradbookError(`save: model "${model.name}": cannot find the layer call that produced ${String(t)}`);
    return found;
  };
  const builtIn = model.builtInputShape as SymbolicShape | SymbolicShape[];
  const builtOut = model.outputShape as SymbolicShape | SymbolicShape[];
  return {
    className: "Functional",
    config: modelConfig(model),
    inputs: model.inputs.map((t) => ({ name: t.name, shape: t.shape.slice(1) as number[], batchSize: t.shape[0] ?? null, dtype: t.dtype })),
    layers: model.layers.map(serializeLayer),
    nodes: nodes.map((node) => ({ layer: node.layer.name, inputs: node.inputs.map(ref), asList: node.asList })),
    outputs: model.outputs.map(ref),
    singleInput: !Array.isArray(builtIn[0]),
    singleOutput: !Array.isArray(builtOut[0]),
  };
}

function isArchitecture(entry: SavedEntry): entry is SavedArchitecture {
  return (entry.className === "Sequential" || entry.className === "Functional") && Array.isArray((entry as SavedArchitecture).layers);
}

/** Rebuilds a layer (or nested model) from saved data, with a hint for unregistered custom layers. */
export function deserializeLayer(entry: SavedEntry): Layer {
  if (entry === null || typeof entry !== "object" || typeof entry.className !== "string") throw new GradbookError(`loadModel: the saved architecture is invalid: a layer entry must be { className, config }, got ${JSON.stringify(entry)} (model.json was edited or is corrupt; save the model again)`);
  if (isArchitecture(entry)) return deserializeArchitecture(entry);
  try {
    return layerFromConfig({ className: entry.className, config: entry.config ?? {} });
  } catch (error) {
    if (error instanceof ArgumentError && /unknown layer/.test(error.message)) {
      throw new GradbookError(
        `loadModel: the model uses the layer class "${entry.className}" (layer "${String(entry.config?.name)}"), which is not registered. ` +
          `If it is a custom layer, define it and register it before loading: registerLayer(${entry.className}, (config) => new ${entry.className}(config)).`,
      );
    }
    throw error;
  }
}

/**
 * Rebuilds a sequential or functional model (new, unbuilt weights) from saved data.
 * @example deserializeArchitecture(serializeArchitecture(m)).summary()
 */
export function deserializeArchitecture(saved: SavedArchitecture): Model {
  if (!Array.isArray(saved.layers)) throw new GradbookError(`loadModel: the saved architecture is invalid: "layers" must be a list (model.json was edited or is corrupt; save the model again)`);
  const layers = saved.layers.map(deserializeLayer);
  const { name, trainable, dtype } = saved.config ?? {};
  const config = { ...(typeof name === "string" ? { name } : {}), ...(typeof trainable === "boolean" ? { trainable } : {}), ...(typeof dtype === "string" ? { dtype: dtype as DType } : {}) };
  if (saved.className === "Sequential") {
    const built = new Sequential(layers, config);
    if (saved.buildInputShape && !built.built) built.ensureBuilt(saved.buildInputShape);
    return built;
  }
  if (saved.className !== "Functional") {
    throw new GradbookError(`loadModel: the saved architecture is invalid: unknown model class ${JSON.stringify((saved as { className: unknown }).className)} (model.json was edited or is corrupt; save the model again)`);
  }
  if (!Array.isArray(saved.inputs) || !Array.isArray(saved.nodes) || !Array.isArray(saved.outputs)) {
    throw new GradbookError(`loadModel: the saved architecture is invalid: a functional model needs "inputs", "nodes" and "outputs" lists (model.json was edited or is corrupt; save the model again)`);
  }
  const byName = new Map(layers.map((l) => [l.name, l]));
  const inputs = new Map<string, SymbolicTensor>();
  for (const i of saved.inputs) inputs.set(i.name, input({ shape: i.shape, dtype: i.dtype, name: i.name, ...(i.batchSize === null ? {} : { batchSize: i.batchSize }) }));
  const produced = new Map<string, SymbolicTensor[][]>();
  const resolve = (r: TensorRef): SymbolicTensor => {
    const t = "input" in r ? inputs.get(r.input) : produced.get(r.layer)?.[r.node]?.[r.output];
    if (t) return t;
    throw new GradbookError(
      "input" in r
        ? `loadModel: the saved architecture is invalid: no input named "${r.input}" (model.json was edited or is corrupt; save the model again)`
        : `loadModel: the saved architecture is invalid: output ${r.output} of call ${r.node} of layer "${r.layer}" is used before it is computed or does not exist (model.json was edited or is corrupt; save the model again)`,
    );
  };
  for (const node of saved.nodes) {
    const layer = byName.get(node.layer);
    if (!layer) throw new GradbookError(`loadModel: the saved architecture is invalid: a call of layer "${node.layer}", which is not among the layers (model.json was edited or is corrupt; save the model again)`);
    const args = node.inputs.map(resolve);
    const out = layer.apply(node.asList ? args : args[0]!);
    const list = produced.get(node.layer) ?? [];
    list.push(Array.isArray(out) ? out : [out as SymbolicTensor]);
    produced.set(node.layer, list);
  }
  const inputList = saved.inputs.map((i) => inputs.get(i.name)!);
  const outputList = saved.outputs.map(resolve);
  return new Model({ ...config, inputs: saved.singleInput ? inputList[0]! : inputList, outputs: saved.singleOutput ? outputList[0]! : outputList });
}
