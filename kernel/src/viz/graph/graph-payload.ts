/**
 * The graph view's payload: graphOf() of whatever the user points at (tensors, a function
 * traced on given inputs, a model or layer called eagerly, a loss), with value summaries
 * for hover and, after a backward pass, the gradient norm of every edge's tensor.
 */
import { checkOptions, optionNames } from "../../tensor/options.js";
import { ArgumentError, GradbookError } from "../../tensor/errors.js";
import { Tensor } from "../../tensor/tensor.js";
import { Variable } from "../../tensor/variable.js";
import { isFloat } from "../../tensor/dtype.js";
import { zeros } from "../../tensor/creation.js";
import { toTensor, type TensorLike } from "../../tensor/convert.js";
import { gradients } from "../../autograd/backprop.js";
import { graphOf, isLeaf } from "../../graph/graph-of.js";
import { Layer } from "../../nn/layer.js";
import { roundTo } from "../common/downsample.js";
import { PAYLOAD_VERSION, type GraphPayload, type Locale } from "../payloads.js";
import { localeField } from "../common/locale-field.js";

/** What the graph view can show. */
export type GraphTarget = Tensor | Variable | readonly (Tensor | Variable)[] | Layer | ((...inputs: Tensor[]) => Tensor | Tensor[]);

export interface GraphOptions {
  /** Inputs to call a function or a model on (default for a model: zeros of its input shape, batch 1). */
  inputs?: TensorLike | readonly TensorLike[];
  /** Run a backward pass from the (first) output and colour edges by ‖gradient‖. */
  gradients?: boolean;
  title?: string;
  locale?: Locale;
}

type Summary = NonNullable<GraphPayload["nodes"][number]["value"]>;

/** Values for ≤ 16 elements, statistics for all: what hover shows. */
export function valueSummary(t: Tensor): Summary | undefined {
  if (t.isDisposed || t.size === 0) return undefined;
  let data: ArrayLike<number>;
  try {
    data = t.dataSync() as ArrayLike<number>;
  } catch {
    return undefined; // a backend that reads asynchronously: no hover values
  }
  if (typeof data[0] === "bigint") return undefined;
  let [min, max, sum, sumSq] = [Infinity, -Infinity, 0, 0];
  for (let i = 0; i < data.length; i++) {
    const v = Number(data[i]);
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    sumSq += v * v;
  }
  const mean = sum / data.length;
  const std = Math.sqrt(Math.max(0, sumSq / data.length - mean * mean));
  const summary: Summary = { min: roundTo(min), max: roundTo(max), mean: roundTo(mean), std: roundTo(std) };
  if (data.length <= 16) summary.values = Array.from(data, (v) => roundTo(Number(v)));
  return summary;
}

function asTensor(x: Tensor | Variable): Tensor {
  return x instanceof Variable ? x.value : x;
}

function asInputs(inputs: GraphOptions["inputs"]): Tensor[] {
  if (inputs === undefined) return [];
  if (inputs instanceof Tensor || inputs instanceof Variable) return [asTensor(inputs)];
  if (Array.isArray(inputs) && inputs.length > 0 && inputs.every((x) => x instanceof Tensor || x instanceof Variable)) return (inputs as unknown as (Tensor | Variable)[]).map(asTensor);
  return [toTensor(inputs as TensorLike)];
}

/** The tensors to draw the graph of, and the leaves that are the user's inputs. */
function resolveTarget(target: GraphTarget, options: GraphOptions): { outputs: Tensor[]; inputs: Tensor[]; madeUp?: boolean } {
  if (target instanceof Tensor || target instanceof Variable) return { outputs: [asTensor(target)], inputs: [] };
  if (Array.isArray(target)) {
    if (target.length === 0 || !target.every((t) => t instanceof Tensor || t instanceof Variable)) throw new ArgumentError("showGraph: a list must hold tensors or variables");
    return { outputs: target.map(asTensor), inputs: [] };
  }
  if (target instanceof Layer) {
    let inputs = asInputs(options.inputs);
    if (inputs.length === 0) {
      const shape = target.builtInputShape ?? (target.inputShape ? [null, ...target.inputShape] : undefined);
      if (!shape) throw new ArgumentError(`showGraph: ${target.name} is not built yet and has no inputShape; pass { inputs: tensor(...) } to call it on`);
      const shapes = (Array.isArray(shape[0]) ? shape : [shape]) as (number | null)[][];
      inputs = shapes.map((s) => zeros(s.map((d) => d ?? 1), target.dtype));
    }
    const madeUp = asInputs(options.inputs).length === 0;
    const out = target.apply(inputs.length === 1 ? inputs[0]! : inputs);
    return { outputs: Array.isArray(out) ? (out as Tensor[]) : [out as Tensor], inputs, madeUp };
  }
  if (typeof target === "function") {
    const inputs = asInputs(options.inputs);
    if (inputs.length === 0 && target.length > 0) throw new ArgumentError(`showGraph: the function takes ${target.length} argument(s); pass them as { inputs: [...] } so it can be traced`);
    const out = target(...inputs);
    const outputs = Array.isArray(out) ? out : [out];
    if (!outputs.every((t) => t instanceof Tensor)) throw new GradbookError("showGraph: the function must return a tensor or a list of tensors");
    return { outputs, inputs };
  }
  throw new ArgumentError(`showGraph: expected a tensor, a list of tensors, a function of tensors or a model/layer, got ${typeof target}`);
}

/** Every tensor in the graph of `outputs`, by the node id graphOf() gives its producer. */
function tensorsOf(outputs: readonly Tensor[]): { byNode: Map<string, Tensor>; all: Tensor[] } {
  const byNode = new Map<string, Tensor>();
  const seen = new Set<Tensor>();
  const all: Tensor[] = [];
  const stack = [...outputs];
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (seen.has(t)) continue;
    seen.add(t);
    all.push(t);
    const id = t.node ? `n${t.node.id}` : `t${t.id}`;
    if (!byNode.has(id) || t.outputIndex === 0) byNode.set(id, t.node ? t.node.outputs[0]! : t);
    if (t.node) stack.push(...t.node.inputs);
  }
  return { byNode, all };
}

/**
 * ‖gradient‖ of every tensor in the graph, from one backward pass from `root` with
 * respect to its float leaves: hooks on the intermediate tensors see their gradients as
 * the pass goes by (autograd calls them for every tensor it reaches), then are removed.
 */
export function gradientNorms(root: Tensor, tensors: readonly Tensor[]): Map<Tensor, number> {
  const norms = new Map<Tensor, number>();
  const hooks = new Map<Tensor, (g: Tensor) => void>();
  for (const t of tensors) {
    if (!isFloat(t.dtype)) continue;
    const hook = (g: Tensor) => {
      const data = g.dataSync() as ArrayLike<number>;
      let s = 0;
      for (let i = 0; i < data.length; i++) s += Number(data[i]) ** 2;
      norms.set(t, Math.sqrt(s));
    };
    t.gradHooks.push(hook);
    hooks.set(t, hook);
  }
  try {
    const leaves = tensors.filter((t) => isLeaf(t) && isFloat(t.dtype));
    if (leaves.length > 0) gradients(root, leaves);
  } finally {
    for (const [t, hook] of hooks) t.gradHooks.splice(t.gradHooks.indexOf(hook), 1);
  }
  return norms;
}

/**
 * A layer's weights belong in the layer's box: a variable (or a scalar constant an op made
 * from a number, as in x.mul(2)) without a scope takes the scope all its users share.
 * @example adoptUserScopes(payload.nodes, payload.edges)
 */
export function adoptUserScopes(nodes: GraphPayload["nodes"], edges: readonly { from: string; to: string }[]): void {
  const nodeById = new Map(nodes.map((n) => [n.id, n]));
  const userScopes = new Map<string, Set<string>>();
  for (const e of edges) {
    const to = nodeById.get(e.to)!;
    (userScopes.get(e.from) ?? userScopes.set(e.from, new Set()).get(e.from)!).add(to.scope.join("\u0000"));
  }
  for (const n of nodes) {
    const scopes = userScopes.get(n.id);
    const constant = n.op === "tensor" && (n.label === "tensor" || n.label === "constant") && (n.outputs[0]?.shape ?? []).reduce<number>((a, d) => a * (d ?? 1), 1) <= 1;
    if ((n.op === "variable" || constant) && n.scope.length === 0 && scopes?.size === 1) {
      const [only] = scopes;
      if (only) n.scope = only.split("\u0000");
    }
  }
}

/**
 * The graph payload of a target (see showGraph).
 * @example graphPayload((x) => x.square().sum(), { inputs: [tensor([1, 2])], gradients: true })
 */
export function graphPayload(target: GraphTarget, options: GraphOptions = {}): GraphPayload {
  checkOptions("showGraph", options, optionNames<GraphOptions>({ inputs: true, gradients: true, title: true, locale: true }));
  const { outputs, inputs, madeUp } = resolveTarget(target, options);
  const graph = graphOf(outputs);
  const { byNode, all } = tensorsOf(outputs);
  const inputIndex = new Map(inputs.map((t, i) => [`t${t.id}`, i]));
  let norms: Map<Tensor, number> | undefined;
  if (options.gradients) {
    const root = outputs[0]!;
    if (!isFloat(root.dtype)) throw new GradbookError(`showGraph: gradients need a float output, got ${root.dtype}`);
    norms = gradientNorms(root, all);
  }
  const tensorById = new Map(all.map((t) => [t.id, t]));
  const nodes: GraphPayload["nodes"] = graph.nodes.map((n) => {
    const tensor = byNode.get(n.id);
    const input = inputIndex.get(n.id);
    // Traced on made-up zeros, only the weights hold real values: the rest would read "min 0, max 0".
    const real = !madeUp || (n.kind === "leaf" && input === undefined);
    const value = tensor && real ? valueSummary(tensor) : undefined;
    const op = input !== undefined ? "input" : n.op;
    const label = n.kind === "leaf" ? n.name ?? (input !== undefined ? `input ${input}` : op) : n.op;
    return {
      id: n.id,
      kind: n.kind,
      op,
      label,
      scope: n.scope,
      outputs: n.outputs.map((o) => ({ shape: [...o.shape], dtype: o.dtype })),
      attrs: n.attrs,
      ...(value ? { value } : {}),
    };
  });
  adoptUserScopes(nodes, graph.edges);
  const edges: GraphPayload["edges"] = graph.edges.map((e) => {
    const norm = norms?.get(tensorById.get(e.tensorId)!);
    return { from: e.from, to: e.to, shape: [...e.shape], dtype: e.dtype, ...(norm !== undefined ? { gradNorm: roundTo(norm) } : {}) };
  });
  return assemblePayload(options, nodes, edges, graph.outputs, madeUp === true);
}

/**
 * A graph payload from its parts, with the title and locale when given; `symbolicInputs`
 * marks a function traced on made-up inputs (their values mean nothing).
 * @example assemblePayload({ title: "loss" }, nodes, edges, ["n3"])
 */
export function assemblePayload(options: Pick<GraphOptions, "title" | "locale">, nodes: GraphPayload["nodes"], edges: GraphPayload["edges"], outputs: string[], symbolicInputs = false): GraphPayload {
  return {
    version: PAYLOAD_VERSION,
    ...(options.title !== undefined ? { title: options.title } : {}),
    ...localeField(options.locale),
    ...(symbolicInputs ? { symbolicInputs: true as const } : {}),
    nodes,
    edges,
    outputs,
  };
}
