/**
 * model.summary(): the Keras table of a model's layers (Layer (type) | Output Shape |
 * Param #, plus "Connected to" for functional models that are not a simple chain) and the
 * parameter totals, as text and as HTML.
 */
import { checkOptions, optionNames } from "../tensor/options.js";
import { inspect } from "node:util";
import { bytesPer } from "../tensor/dtype.js";
import type { Variable } from "../tensor/variable.js";
import { escapeHtml } from "../jupyter/display/html.js";
import { outputSink } from "../jupyter/display/sink.js";
import type { Layer } from "./layer.js";
import { Model } from "./model.js";
import type { SymbolicShape } from "./symbolic.js";
import { graphNodes, type GraphNode } from "./persistence/architecture.js";
import { message } from "../locale/messages.js";

/** One row of the table. */
export interface SummaryRow {
  /** The layer's name ("dense_1"). */
  name: string;
  /** Its class ("Dense"; "InputLayer" for a functional model's inputs). */
  type: string;
  /** "(None, 64)", a list for several outputs, or "?" before the first call. */
  outputShape: string;
  /** Its parameter count (undefined while unbuilt). */
  params: number | undefined;
  /** Inbound tensors "layer[node][output]" (functional models). */
  connectedTo: string[];
}

export interface SummaryTotals {
  total: number;
  trainable: number;
  nonTrainable: number;
  /** Bytes of the weights. */
  totalBytes: number;
  trainableBytes: number;
  nonTrainableBytes: number;
  /** Elements of the optimizer's state (slot variables) once it has stepped; undefined when not compiled. */
  optimizer?: number;
  optimizerBytes?: number;
}

export interface SummaryOptions {
  /** Print the text with console.log when no notebook is attached (default true). */
  print?: boolean;
}

/**
 * The summary of a model: `String(summary)` is the text table; as the last expression of a
 * notebook cell it shows as an HTML table.
 * @example const text = String(model.summary({ print: false }));
 */
export class ModelSummary {
  readonly text: string;
  readonly html: string;

  constructor(
    readonly modelName: string,
    readonly rows: readonly SummaryRow[],
    readonly totals: SummaryTotals,
    /** Whether the table has the "Connected to" column. */
    readonly showConnections: boolean,
  ) {
    this.text = renderText(this);
    this.html = renderHtml(this);
  }

  toString(): string {
    return this.text;
  }

  [Symbol.for("gradbook.mimebundle")](): Record<string, string> {
    return { "text/plain": this.text, "text/html": this.html };
  }

  [inspect.custom](): string {
    return this.text;
  }
}

/** Python-style shape: (None, 64), (None,). */
export function formatShape(shape: SymbolicShape | readonly SymbolicShape[] | undefined): string {
  if (shape === undefined) return "?";
  if (shape.length > 0 && Array.isArray(shape[0])) return `[${(shape as readonly SymbolicShape[]).map((s) => formatShape(s)).join(", ")}]`;
  const dims = (shape as SymbolicShape).map((d) => (d === null ? "None" : String(d)));
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(", ")})`;
}

/** Keras's readable size: 2.01 KB. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB", "PB"];
  let value = bytes;
  for (const unit of units) {
    if (value / 1024 < 1) return `${value.toFixed(2)} ${unit}`;
    value /= 1024;
  }
  return `${value.toFixed(2)} PB`;
}

function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

function sizes(weights: readonly Variable[]): { count: number; bytes: number } {
  return weights.reduce((acc, w) => ({ count: acc.count + w.value.size, bytes: acc.bytes + w.value.size * bytesPer(w.dtype) }), { count: 0, bytes: 0 });
}

function layerParams(layer: Layer): number | undefined {
  const count = layer.countParams();
  return count === 0 && !layer.built ? undefined : count;
}

/** A functional model that is a plain chain (one input, one output, one tensor per call) needs no "Connected to". */
function isChain(model: Model, nodes: readonly GraphNode[]): boolean {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) return false;
  const layers = new Set<Layer>();
  const consumed = new Set<unknown>();
  for (const node of nodes) {
    if (node.inputs.length !== 1 || node.outputs.length !== 1 || layers.has(node.layer) || consumed.has(node.inputs[0])) return false;
    layers.add(node.layer);
    consumed.add(node.inputs[0]);
  }
  return true;
}

function functionalRows(model: Model): { rows: SummaryRow[]; connections: boolean } {
  const nodes = graphNodes(model);
  const nodeIndex = new Map<GraphNode, number>();
  const calls = new Map<Layer, GraphNode[]>();
  for (const node of nodes) {
    const list = calls.get(node.layer) ?? [];
    nodeIndex.set(node, list.length);
    list.push(node);
    calls.set(node.layer, list);
  }
  const producer = new Map<unknown, string>();
  for (const t of model.inputs) producer.set(t, `${t.name}[0][0]`);
  for (const node of nodes) node.outputs.forEach((t, i) => producer.set(t, `${node.layer.name}[${nodeIndex.get(node)}][${i}]`));
  const rows: SummaryRow[] = model.inputs.map((t) => ({ name: t.name, type: "InputLayer", outputShape: formatShape(t.shape), params: 0, connectedTo: [] }));
  for (const [layer, layerNodes] of calls) {
    const first = layerNodes[0]!;
    const shapes = first.outputs.map((t) => t.shape);
    rows.push({
      name: layer.name,
      type: layer.className,
      outputShape: first.outputs.length === 1 ? formatShape(shapes[0]) : formatShape(shapes),
      params: layerParams(layer),
      connectedTo: layerNodes.flatMap((node) => node.inputs.map((t) => producer.get(t) ?? t.name)),
    });
  }
  return { rows, connections: !isChain(model, nodes) };
}

/**
 * The summary of a model (also `model.summary()`); prints the text outside a notebook.
 * @example console.log(String(modelSummary(model, { print: false })))
 */
export function modelSummary(model: Model, options: SummaryOptions = {}): ModelSummary {
  checkOptions("summary", options, optionNames<SummaryOptions>({ print: true }));
  let rows: SummaryRow[];
  let connections = false;
  if (model.isFunctional) ({ rows, connections } = functionalRows(model));
  else rows = model.layers.map((layer) => ({ name: layer.name, type: layer.className, outputShape: formatShape(layer.outputShape), params: layerParams(layer), connectedTo: [] }));
  const all = sizes(model.weights);
  const trainable = sizes(model.trainableWeights);
  const totals: SummaryTotals = {
    total: all.count,
    trainable: trainable.count,
    nonTrainable: all.count - trainable.count,
    totalBytes: all.bytes,
    trainableBytes: trainable.bytes,
    nonTrainableBytes: all.bytes - trainable.bytes,
  };
  const optimizer = (model as unknown as { compiled?: { optimizer?: { getState(): { slots: { value: { size: number; dtype: Variable["dtype"] } }[] } } } }).compiled?.optimizer;
  if (optimizer) {
    const slots = optimizer.getState().slots;
    totals.optimizer = slots.reduce((n, s) => n + s.value.size, 0);
    totals.optimizerBytes = slots.reduce((n, s) => n + s.value.size * bytesPer(s.value.dtype), 0);
  }
  const summary = new ModelSummary(model.name, rows, totals, connections);
  if (options.print !== false && outputSink() === undefined) console.log(summary.text);
  return summary;
}

function paramText(row: SummaryRow): string {
  return row.params === undefined ? message("summaryUnbuilt") : formatCount(row.params);
}

function totalLines(s: ModelSummary): string[] {
  const t = s.totals;
  return [
    `${message("summaryTotal")}: ${formatCount(t.total)} (${formatBytes(t.totalBytes)})`,
    `${message("summaryTrainable")}: ${formatCount(t.trainable)} (${formatBytes(t.trainableBytes)})`,
    `${message("summaryNonTrainable")}: ${formatCount(t.nonTrainable)} (${formatBytes(t.nonTrainableBytes)})`,
    ...(t.optimizer === undefined ? [] : [`${message("summaryOptimizer")}: ${formatCount(t.optimizer)} (${formatBytes(t.optimizerBytes ?? 0)})`]),
  ];
}

function renderText(s: ModelSummary): string {
  const headers = [message("summaryLayer"), message("summaryOutputShape"), message("summaryParams"), ...(s.showConnections ? [message("summaryConnectedTo")] : [])];
  const cells = s.rows.map((r) => [[`${r.name} (${r.type})`], [r.outputShape], [paramText(r)], ...(s.showConnections ? [r.connectedTo.length ? r.connectedTo : ["-"]] : [])]);
  const widths = headers.map((h, c) => Math.max(h.length, ...cells.map((row) => Math.max(...row[c]!.map((line) => line.length)))));
  const line = (values: string[]): string =>
    (" " + values.map((v, c) => (c === 2 ? v.padStart(widths[c]!) : v.padEnd(widths[c]!))).join("   ")).trimEnd();
  const total = widths.reduce((a, b) => a + b, 0) + 3 * (widths.length - 1) + 2;
  const out = [message("summaryModel", { name: s.modelName }), "_".repeat(total), line(headers), "=".repeat(total)];
  s.rows.forEach((r, i) => {
    const row = cells[i]!;
    const height = Math.max(...row.map((c) => c.length));
    for (let k = 0; k < height; k++) out.push(line(row.map((c) => c[k] ?? "")));
    // With "Connected to", rows span several lines: a blank line separates them.
    if (s.showConnections && i < s.rows.length - 1) out.push("");
  });
  out.push("=".repeat(total), ...totalLines(s), "_".repeat(total));
  return out.join("\n");
}

function renderHtml(s: ModelSummary): string {
  const th = (text: string, right = false): string => `<th style="text-align:${right ? "right" : "left"};padding:2px 12px">${escapeHtml(text)}</th>`;
  const td = (html: string, right = false): string => `<td style="text-align:${right ? "right" : "left"};padding:2px 12px;font-family:monospace">${html}</td>`;
  const head = `<tr>${th(message("summaryLayer"))}${th(message("summaryOutputShape"))}${th(message("summaryParams"), true)}${s.showConnections ? th(message("summaryConnectedTo")) : ""}</tr>`;
  const body = s.rows
    .map(
      (r) =>
        `<tr>${td(`${escapeHtml(r.name)} (${escapeHtml(r.type)})`)}${td(escapeHtml(r.outputShape))}${td(escapeHtml(paramText(r)), true)}` +
        `${s.showConnections ? td(r.connectedTo.length ? r.connectedTo.map(escapeHtml).join("<br>") : "-") : ""}</tr>`,
    )
    .join("");
  const totals = totalLines(s).map((l) => `<div>${escapeHtml(l)}</div>`).join("");
  return (
    `<div class="gradbook-model-summary"><div style="font-weight:bold">${escapeHtml(message("summaryModel", { name: s.modelName }))}</div>` +
    `<table style="border-collapse:collapse"><thead>${head}</thead><tbody>${body}</tbody></table>${totals}</div>`
  );
}
