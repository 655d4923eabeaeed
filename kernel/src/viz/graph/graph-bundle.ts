/**
 * The graph bundle: the payload for the extension's interactive view, and a static SVG
 * (layered layout, layer scopes as labelled boxes, edges coloured by gradient norm) with
 * a node table for notebooks without it.
 */
import { escapeHtml } from "../../jupyter/display/html.js";
import { display } from "../../jupyter/display/display.js";
import { viewBundle, htmlTable, textTable, formatNumber, type ViewBundle } from "../common/bundle.js";
import { viridis } from "../common/colors.js";
import type { GraphPayload } from "../payloads.js";
import { graphPayload, type GraphOptions, type GraphTarget } from "./graph-payload.js";
import { compiledGraphPayload } from "./compiled-payload.js";
import { Graph, setGraphRenderer } from "../../graph/graph.js";
import { layeredLayout } from "./layout.js";
import { svgDocument } from "../common/svg-document.js";

type PNode = GraphPayload["nodes"][number];

const BOX = { width: 124, height: 36, dx: 148, dy: 70, margin: 24 };
/** Beyond this many boxes the SVG shows each scope (layer) as one box. */
const MAX_DRAWN = 120;

const shapeText = (shape: readonly (number | null)[]) => `[${shape.map((d) => d ?? "?").join(", ")}]`;

/** Scope path as one key ("" for none). */
const scopeKey = (n: PNode) => n.scope.join("/");

interface DrawNode {
  id: string;
  label: string;
  sub: string;
  tooltip: string;
  fill: string;
  group: string;
}

function nodeTooltip(n: PNode): string {
  const lines = [`${n.op}${n.label !== n.op ? ` “${n.label}”` : ""}`, ...n.outputs.map((o) => `${shapeText(o.shape)} ${o.dtype}`)];
  if (n.scope.length) lines.push(`scope: ${n.scope.join(" / ")}`);
  const attrs = Object.entries(n.attrs).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(", ");
  if (attrs) lines.push(attrs.length > 200 ? `${attrs.slice(0, 200)}…` : attrs);
  const v = n.value;
  if (v) lines.push(v.values ? `values: ${v.values.map(formatNumber).join(", ")}` : `min ${formatNumber(v.min)}, max ${formatNumber(v.max)}, mean ${formatNumber(v.mean)}, std ${formatNumber(v.std)}`);
  return lines.join("\n");
}

const fillOf = (n: PNode) => (n.kind === "op" ? "#dbe9f6" : n.op === "variable" ? "#fff2cc" : n.op === "input" ? "#d9f2d9" : "#eeeeee");

/** The boxes to draw: every node, or one box per scope when the graph is large. */
function drawable(payload: GraphPayload): { nodes: DrawNode[]; edges: { from: string; to: string; gradNorm?: number; title: string }[]; collapsed: boolean } {
  const collapsed = payload.nodes.length > MAX_DRAWN;
  const boxOf = new Map<string, string>();
  const nodes: DrawNode[] = [];
  const groups = new Map<string, PNode[]>();
  for (const n of payload.nodes) {
    const key = scopeKey(n);
    if (collapsed && key) {
      boxOf.set(n.id, `scope:${key}`);
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key)!.push(n);
      continue;
    }
    boxOf.set(n.id, n.id);
    nodes.push({ id: n.id, label: n.label, sub: n.outputs[0] ? shapeText(n.outputs[0].shape) : "", tooltip: nodeTooltip(n), fill: fillOf(n), group: collapsed ? "" : key });
  }
  for (const [key, members] of groups) {
    const ops = members.filter((m) => m.kind === "op").length;
    nodes.push({ id: `scope:${key}`, label: key.split("/").at(-1)!, sub: `${ops} ops`, tooltip: `${key}: ${members.length} nodes (${[...new Set(members.map((m) => m.op))].join(", ")})`, fill: "#e8def8", group: "" });
  }
  const order = new Map(payload.nodes.map((n, i) => [n.id, i]));
  // Keep graphOf's topological order for the layout (a collapsed box at its first member).
  const firstIndex = (d: DrawNode) => (d.id.startsWith("scope:") ? order.get(groups.get(d.id.slice(6))![0]!.id)! : order.get(d.id)!);
  nodes.sort((a, b) => firstIndex(a) - firstIndex(b));
  const seen = new Set<string>();
  const edges = payload.edges.flatMap((e) => {
    const [from, to] = [boxOf.get(e.from)!, boxOf.get(e.to)!];
    const key = `${from}\u0000${to}`;
    if (from === to || seen.has(key)) return [];
    seen.add(key);
    const title = `${shapeText(e.shape)} ${e.dtype}${e.gradNorm !== undefined ? `, ‖grad‖ ${formatNumber(e.gradNorm)}` : ""}`;
    return [{ from, to, gradNorm: e.gradNorm, title }];
  });
  return { nodes, edges, collapsed };
}

/** The static picture of a graph. */
export function graphSvg(payload: GraphPayload): string {
  const { nodes, edges, collapsed } = drawable(payload);
  const layout = layeredLayout({ ids: nodes.map((n) => n.id), edges });
  const columns = Math.max(1, ...layout.layers.map((row) => row.length));
  const width = columns * BOX.dx + 2 * BOX.margin;
  const top = BOX.margin + (payload.title ? 20 : 0) + 8;
  const height = top + layout.layers.length * BOX.dy + BOX.margin;
  const pos = new Map<string, { x: number; y: number }>();
  // Within a row, a scope's members sit side by side, so its frame can be drawn row by row
  // around them alone (one rectangle over several rows covered other scopes' nodes).
  const groupOf = new Map(nodes.map((n) => [n.id, n.group]));
  for (const row of layout.layers) {
    const column = new Map(row.map((id, c) => [id, c]));
    const firstColumn = new Map<string, number>();
    row.forEach((id, c) => firstColumn.has(groupOf.get(id)!) || firstColumn.set(groupOf.get(id)!, c));
    const key = (id: string) => (groupOf.get(id) ? firstColumn.get(groupOf.get(id)!)! : column.get(id)!);
    row.sort((a, b) => key(a) - key(b) || column.get(a)! - column.get(b)!);
  }
  layout.layers.forEach((row, r) => {
    const offset = (width - row.length * BOX.dx) / 2;
    row.forEach((id, c) => pos.set(id, { x: offset + c * BOX.dx + (BOX.dx - BOX.width) / 2, y: top + r * BOX.dy }));
  });
  const norms = edges.map((e) => e.gradNorm).filter((g): g is number => g !== undefined && g > 0);
  const [lo, hi] = norms.length ? [Math.log10(Math.min(...norms)), Math.log10(Math.max(...norms))] : [0, 0];
  const edgeSvg = edges.map((e) => {
    const [a, b] = [pos.get(e.from)!, pos.get(e.to)!];
    const [x1, y1, x2, y2] = [a.x + BOX.width / 2, a.y + BOX.height, b.x + BOX.width / 2, b.y];
    const mid = (y1 + y2) / 2;
    let stroke = "#888";
    let strokeWidth = 1.2;
    if (e.gradNorm !== undefined) {
      const t = e.gradNorm > 0 && hi > lo ? (Math.log10(e.gradNorm) - lo) / (hi - lo) : e.gradNorm > 0 ? 1 : 0;
      stroke = viridis(t);
      strokeWidth = 1.2 + 2.5 * t;
    }
    return `<path d="M${x1.toFixed(1)},${y1.toFixed(1)} C${x1.toFixed(1)},${mid.toFixed(1)} ${x2.toFixed(1)},${mid.toFixed(1)} ${x2.toFixed(1)},${(y2 - 3).toFixed(1)}" fill="none" stroke="${stroke}" stroke-width="${strokeWidth.toFixed(2)}" marker-end="url(#gb-arrow)"><title>${escapeHtml(e.title)}</title></path>`;
  });
  // Scope frames around their members, one per row (only when nodes are drawn one by one); the name on the top one.
  const groupSvg: string[] = [];
  if (!collapsed) {
    const named = new Set<string>();
    for (const row of layout.layers) {
      for (let c = 0; c < row.length; ) {
        const group = groupOf.get(row[c]!)!;
        let end = c;
        while (end + 1 < row.length && groupOf.get(row[end + 1]!) === group) end++;
        if (group) {
          const [first, last] = [pos.get(row[c]!)!, pos.get(row[end]!)!];
          const label = named.has(group) ? "" : `<text x="${first.x - 2}" y="${first.y - 6}" font-size="10" fill="#6a4fa8">${escapeHtml(group)}</text>`;
          named.add(group);
          groupSvg.push(`<g class="gb-scope"><rect x="${first.x - 8}" y="${first.y - 16}" width="${last.x - first.x + BOX.width + 16}" height="${BOX.height + 22}" rx="8" fill="#f6f0ff" fill-opacity="0.5" stroke="#9b7fd1" stroke-dasharray="4 3"/>${label}</g>`);
        }
        c = end + 1;
      }
    }
  }
  const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
  const nodeSvg = nodes.map((n) => {
    const p = pos.get(n.id)!;
    return `<g class="gb-node"><title>${escapeHtml(n.tooltip)}</title><rect x="${p.x.toFixed(1)}" y="${p.y.toFixed(1)}" width="${BOX.width}" height="${BOX.height}" rx="5" fill="${n.fill}" stroke="#556"/><text x="${(p.x + BOX.width / 2).toFixed(1)}" y="${(p.y + 15).toFixed(1)}" font-size="11" text-anchor="middle">${escapeHtml(clip(n.label, 20))}</text><text x="${(p.x + BOX.width / 2).toFixed(1)}" y="${(p.y + 29).toFixed(1)}" font-size="9" fill="#555" text-anchor="middle">${escapeHtml(clip(n.sub, 24))}</text></g>`;
  });
  const title = payload.title ? `<text x="${width / 2}" y="${BOX.margin}" font-size="13" text-anchor="middle">${escapeHtml(payload.title)}</text>` : "";
  const note = collapsed ? `<text x="8" y="${height - 6}" font-size="10" fill="#555">${payload.nodes.length} nodes: each scope drawn as one box</text>` : "";
  return svgDocument(width, height, [
    `<defs><marker id="gb-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0L8,4L0,8z" fill="#666"/></marker></defs>`,
    title,
    ...groupSvg,
    ...edgeSvg,
    ...nodeSvg,
    note,
  ].join(""));
}

const TABLE_ROWS = 40;

/**
 * The graph bundle of a payload.
 * @example display(graphBundleOf(graphPayload(loss)))
 */
export function graphBundleOf(payload: GraphPayload): ViewBundle {
  const header = ["node", "op", "scope", "output", "dtype", "‖grad‖ out"];
  const gradOut = new Map<string, number>();
  for (const e of payload.edges) if (e.gradNorm !== undefined) gradOut.set(e.from, e.gradNorm);
  const rows = payload.nodes.map((n) => [n.label, n.op, n.scope.join("/"), n.outputs.map((o) => shapeText(o.shape)).join(" "), n.outputs[0]?.dtype ?? "", gradOut.get(n.id)]);
  const more = rows.length > TABLE_ROWS ? `<div style="font-size:12px">… and ${rows.length - TABLE_ROWS} more nodes</div>` : "";
  const ops = payload.nodes.filter((n) => n.kind === "op").length;
  const scopes = [...new Set(payload.nodes.map(scopeKey).filter(Boolean))];
  const summary = `${payload.title ? `${payload.title}: ` : ""}graph of ${payload.nodes.length} nodes (${ops} ops, ${payload.nodes.length - ops} leaves), ${payload.edges.length} edges${scopes.length ? `; scopes: ${scopes.join(", ")}` : ""}`;
  const plain = [summary, textTable(header, rows.slice(0, TABLE_ROWS)), rows.length > TABLE_ROWS ? `… and ${rows.length - TABLE_ROWS} more nodes` : ""].filter(Boolean).join("\n");
  return viewBundle("graph", payload, graphSvg(payload), `${htmlTable(header, rows.slice(0, TABLE_ROWS), summary)}${more}`, plain);
}

/**
 * The graph bundle of a tensor, list of tensors, function (traced on `inputs`), model, loss
 * or compiled Graph (jit's graphFor, graphFor, loadGraph).
 * @example const bundle = graphBundle(model, { inputs: xBatch })
 */
export function graphBundle(target: GraphTarget | Graph, options: GraphOptions = {}): ViewBundle {
  return graphBundleOf(target instanceof Graph ? compiledGraphPayload(target, options) : graphPayload(target, options));
}

// display(graph) and a Graph as a cell's value draw it in this view.
setGraphRenderer((graph) => graphBundle(graph));

/**
 * Shows the computation graph of a tensor, a function of tensors, a model, a loss or a
 * compiled Graph (fused nodes are groups of their original ops):
 * ops with output shapes, layers as groups; with `gradients: true` edges are coloured by
 * the norm of the gradient flowing through them.
 * @example showGraph(x.matmul(w).add(b).relu())
 * @example showGraph(model)
 * @example showGraph((a, b) => a.mul(b).sum(), { inputs: [tensor([1, 2]), tensor([3, 4])] })
 * @example showGraph(loss, { gradients: true })
 * @example showGraph(jit(step).graphFor(xBatch, yBatch))
 */
export function showGraph(target: GraphTarget | Graph, options: GraphOptions = {}): void {
  display(graphBundle(target, options));
}
