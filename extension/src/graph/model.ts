/**
 * The graph view's data work, free of the DOM: the tree of scope groups, which boxes are
 * visible for a set of expanded groups (edges rerouted to the nearest visible box and
 * merged), the default expansion, search, and the gradient colour scale.
 */
import type { GraphPayload } from "gradbook/payloads";

export type GraphNode = GraphPayload["nodes"][number];
export type GraphEdge = GraphPayload["edges"][number];

/** A nameScope (layer or user scope) holding nodes and nested scopes. */
export interface Group {
  key: string;
  /** Scope path, outermost first. */
  path: string[];
  name: string;
  parent: string | undefined;
  childGroups: string[];
  childNodes: string[];
  /** Number of nodes inside, nested scopes included. */
  size: number;
}

export interface GraphIndex {
  payload: GraphPayload;
  nodes: Map<string, GraphNode>;
  groups: Map<string, Group>;
  /** Key of each node's innermost group (absent for top-level nodes). */
  nodeGroup: Map<string, string>;
  topGroups: string[];
  topNodes: string[];
}

/** Keys of boxes drawn: a node is `node:<id>`, a group `group:<path as JSON>`. */
export const nodeKey = (id: string) => `node:${id}`;
export const groupKey = (path: readonly string[]) => `group:${JSON.stringify(path)}`;

/**
 * Groups the nodes by scope prefix.
 * @example indexGraph(payload).groups.get(groupKey(["dense_1"]))?.size // 4
 */
export function indexGraph(payload: GraphPayload): GraphIndex {
  const nodes = new Map<string, GraphNode>();
  const groups = new Map<string, Group>();
  const nodeGroup = new Map<string, string>();
  const topGroups: string[] = [];
  const topNodes: string[] = [];
  const scopeOf = (node: GraphNode) => (Array.isArray(node.scope) ? node.scope.map(String) : []);
  for (const node of payload.nodes) {
    nodes.set(node.id, node);
    const scope = scopeOf(node);
    let parent: string | undefined;
    for (let depth = 1; depth <= scope.length; depth++) {
      const path = scope.slice(0, depth);
      const key = groupKey(path);
      let group = groups.get(key);
      if (!group) {
        group = { key, path, name: path[path.length - 1]!, parent, childGroups: [], childNodes: [], size: 0 };
        groups.set(key, group);
        if (parent) groups.get(parent)!.childGroups.push(key);
        else topGroups.push(key);
      }
      group.size += 1;
      parent = key;
    }
    if (parent) {
      groups.get(parent)!.childNodes.push(node.id);
      nodeGroup.set(node.id, parent);
    } else topNodes.push(node.id);
  }
  return { payload, nodes, groups, nodeGroup, topGroups, topNodes };
}

/** One box or container of the visible graph. */
export interface VisibleItem {
  key: string;
  kind: "node" | "group";
  /** The expanded group drawn around it, if any. */
  parent: string | undefined;
  /** For groups: drawn as a container of its children (true) or as one box (false). */
  expanded: boolean;
  node?: GraphNode;
  group?: Group;
  /** Children keys, for expanded groups. */
  children: string[];
}

/** An edge between visible boxes; several payload edges may merge into one. */
export interface VisibleEdge {
  key: string;
  from: string;
  to: string;
  shape: (number | null)[];
  dtype: string;
  /** Largest gradient norm among the merged edges. */
  gradNorm?: number;
  /** How many payload edges it stands for. */
  count: number;
}

export interface VisibleGraph {
  items: Map<string, VisibleItem>;
  roots: string[];
  edges: VisibleEdge[];
  /** Boxes drawn: nodes plus collapsed groups. */
  boxCount: number;
  /** Payload nodes drawn as their own box. */
  nodeCount: number;
}

/**
 * The box a node is drawn in: the outermost collapsed group around it, or itself.
 * @example visibleKeyOf(index, new Set(), "matmul_1") // 'group:["dense_1"]'
 */
export function visibleKeyOf(index: GraphIndex, expanded: ReadonlySet<string>, nodeId: string): string {
  const node = index.nodes.get(nodeId);
  const scope = node && Array.isArray(node.scope) ? node.scope.map(String) : [];
  for (let depth = 1; depth <= scope.length; depth++) {
    const key = groupKey(scope.slice(0, depth));
    if (!expanded.has(key)) return key;
  }
  return nodeKey(nodeId);
}

/** The boxes and edges shown when the groups in `expanded` are open. */
export function visibleGraph(index: GraphIndex, expanded: ReadonlySet<string>): VisibleGraph {
  const items = new Map<string, VisibleItem>();
  let boxCount = 0;
  let nodeCount = 0;
  const addNode = (id: string, parent: string | undefined): string => {
    const key = nodeKey(id);
    items.set(key, { key, kind: "node", parent, expanded: false, node: index.nodes.get(id)!, children: [] });
    boxCount += 1;
    nodeCount += 1;
    return key;
  };
  const addGroup = (key: string, parent: string | undefined): string => {
    const group = index.groups.get(key)!;
    const open = expanded.has(key);
    const item: VisibleItem = { key, kind: "group", parent, expanded: open, group, children: [] };
    items.set(key, item);
    if (open) {
      for (const child of group.childGroups) item.children.push(addGroup(child, key));
      for (const id of group.childNodes) item.children.push(addNode(id, key));
    } else boxCount += 1;
    return key;
  };
  const roots = [...index.topGroups.map((key) => addGroup(key, undefined)), ...index.topNodes.map((id) => addNode(id, undefined))];

  const merged = new Map<string, VisibleEdge>();
  for (const edge of index.payload.edges) {
    if (!index.nodes.has(edge.from) || !index.nodes.has(edge.to)) continue;
    const from = visibleKeyOf(index, expanded, edge.from);
    const to = visibleKeyOf(index, expanded, edge.to);
    if (from === to) continue; // inside one collapsed group
    const key = `${from}->${to}`;
    const existing = merged.get(key);
    const gradNorm = typeof edge.gradNorm === "number" && Number.isFinite(edge.gradNorm) ? edge.gradNorm : undefined;
    if (existing) {
      existing.count += 1;
      if (gradNorm !== undefined) existing.gradNorm = Math.max(existing.gradNorm ?? 0, gradNorm);
    } else {
      merged.set(key, { key, from, to, shape: Array.isArray(edge.shape) ? edge.shape : [], dtype: String(edge.dtype ?? ""), ...(gradNorm !== undefined ? { gradNorm } : {}), count: 1 });
    }
  }
  return { items, roots, edges: [...merged.values()], boxCount, nodeCount };
}

/**
 * The groups to open at first: breadth first, outer scopes before inner, while the
 * number of boxes stays within `budget` (so a 1000-node model opens as its layers).
 */
export function defaultExpanded(index: GraphIndex, budget = 60): Set<string> {
  const expanded = new Set<string>();
  let boxes = index.topGroups.length + index.topNodes.length;
  const queue = [...index.topGroups];
  while (queue.length > 0) {
    const key = queue.shift()!;
    const group = index.groups.get(key)!;
    const opened = boxes - 1 + group.childGroups.length + group.childNodes.length;
    if (opened > budget) continue;
    boxes = opened;
    expanded.add(key);
    queue.push(...group.childGroups);
  }
  return expanded;
}

/** Every group around a node, outermost first. */
export function groupsAround(index: GraphIndex, nodeId: string): string[] {
  const keys: string[] = [];
  for (let key = index.nodeGroup.get(nodeId); key; key = index.groups.get(key)?.parent) keys.unshift(key);
  return keys;
}

/**
 * Node ids whose label, op, id or scope contains `query` (any case), in payload order.
 * @example searchNodes(index, "MatMul") // ["n3", "n7"]
 */
export function searchNodes(index: GraphIndex, query: string): string[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return [];
  const hits: string[] = [];
  for (const node of index.payload.nodes) {
    const haystack = [node.label, node.op, node.id, ...(Array.isArray(node.scope) ? node.scope : [])].map((part) => String(part ?? "").toLowerCase());
    if (haystack.some((part) => part.includes(needle))) hits.push(node.id);
  }
  return hits;
}

/** The range of gradient norms for colouring edges; undefined when no edge has one. */
export interface GradientScale { min: number; max: number }

export function gradientScale(edges: readonly { gradNorm?: number }[]): GradientScale | undefined {
  let min = Infinity;
  let max = -Infinity;
  let any = false;
  for (const edge of edges) {
    const value = edge.gradNorm;
    if (typeof value !== "number" || !Number.isFinite(value)) continue;
    any = true;
    if (value > 0) {
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
  }
  if (!any) return undefined;
  if (!Number.isFinite(min)) return { min: 1, max: 1 }; // every gradient is zero
  return { min, max };
}

// A perceptually ordered ramp (viridis stops): dark blue for small, yellow for large.
const RAMP = ["#440154", "#414487", "#2a788e", "#22a884", "#7ad151", "#fde725"];

/** Position of a gradient norm on the log scale, 0..1 (zero gradients at 0). */
export function gradientPosition(value: number, scale: GradientScale): number {
  if (!(value > 0)) return 0;
  const low = Math.log10(scale.min);
  const high = Math.log10(scale.max);
  if (high - low < 1e-12) return 1;
  return Math.min(1, Math.max(0, (Math.log10(value) - low) / (high - low)));
}

/**
 * The colour of a gradient norm, on a log scale between the smallest and largest norm.
 * @example gradientColor(1e-3, { min: 1e-6, max: 1 }) // the middle of the ramp
 */
export function gradientColor(value: number, scale: GradientScale): string {
  return rampColor(gradientPosition(value, scale));
}

/** The colour at `t` in 0..1 on the ramp. */
export function rampColor(t: number): string {
  const position = Math.min(1, Math.max(0, t)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(position));
  const f = position - i;
  const a = hex(RAMP[i]!);
  const b = hex(RAMP[i + 1]!);
  const mix = a.map((channel, k) => Math.round(channel + (b[k]! - channel) * f));
  return `#${mix.map((channel) => channel.toString(16).padStart(2, "0")).join("")}`;
}

/** The ramp's stops, for the legend's gradient. */
export const rampStops = (): string[] => [...RAMP];

function hex(colour: string): number[] {
  return [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
}

/** "[null, 784]" → "[?, 784]": the text of a shape with unknown axes marked. */
export function shapeText(shape: readonly (number | null)[] | undefined): string {
  if (!Array.isArray(shape)) return "[]";
  return `[${shape.map((axis) => (axis === null ? "?" : String(axis))).join(", ")}]`;
}

/** A short number for labels: 4 significant digits, exponent for very small or large. */
export function shortNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return "0";
  const magnitude = Math.abs(value);
  return magnitude >= 1e5 || magnitude < 1e-3 ? value.toExponential(2) : String(Number(value.toPrecision(4)));
}

/** The outputs line of a node box: "[?, 784] float32" (several outputs joined). */
export function outputsText(node: GraphNode): string {
  const outputs = Array.isArray(node.outputs) ? node.outputs : [];
  return outputs.map((output) => `${shapeText(output.shape)} ${output.dtype}`).join(", ");
}

/** A fingerprint of the graph's structure: same fingerprint, same layout. */
export function structureKey(payload: GraphPayload): string {
  return JSON.stringify([
    payload.nodes.map((node) => [node.id, node.label, node.op, node.scope, node.outputs]),
    payload.edges.map((edge) => [edge.from, edge.to]),
  ]);
}
