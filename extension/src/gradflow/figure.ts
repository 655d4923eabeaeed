/**
 * The gradient-flow view's Plotly figures, free of the DOM: the layers × steps heatmap
 * of one statistic with the current-step bars beside it (sharing the layer axis), and
 * the histograms of one layer's weights and gradients over time.
 */
import type { GradFlowPayload } from "gradbook/payloads";
import { format, plotlyText, type Locale, type PlotlyData, type PlotlyLayout } from "../common/index.js";
import { strings } from "./strings.js";

export const STATISTICS = ["gradNorm", "meanAbsGrad", "maxAbsGrad", "updateRatio"] as const;
export type Statistic = (typeof STATISTICS)[number];

export interface FlowOptions { statistic: Statistic; logColor: boolean; locale: Locale }

const FLAG_COLOURS = { vanishing: "#1f77b4", exploding: "#d62728" } as const;

/** The statistic's matrix, [layer][step], with missing rows and cells as null. */
export function statisticMatrix(payload: GradFlowPayload, statistic: Statistic): (number | null)[][] {
  const matrix = Array.isArray(payload[statistic]) ? payload[statistic] : [];
  return payload.layers.map((_, layer) => payload.steps.map((_, step) => {
    const value = matrix[layer]?.[step];
    return typeof value === "number" && Number.isFinite(value) ? value : null;
  }));
}

/**
 * log10 of positive values (others become gaps), and colour-bar ticks inside the data's
 * range (Plotly hides ticks outside it): powers of ten, or 1-2-5 steps when the values
 * span less than two decades, or else the two ends.
 * @example logMatrix([[0.02, 0.08]]).ticktext // ["0.02", "0.05"]
 */
export function logMatrix(matrix: (number | null)[][]): { z: (number | null)[][]; tickvals: number[]; ticktext: string[] } {
  const z = matrix.map((row) => row.map((v) => (v !== null && v > 0 ? Math.log10(v) : null)));
  const finite = z.flat().filter((v): v is number => v !== null);
  if (finite.length === 0) return { z, tickvals: [], ticktext: [] };
  const [min, max] = [Math.min(...finite), Math.max(...finite)];
  const inside = (k: number) => k >= min - 1e-9 && k <= max + 1e-9;
  const decades: number[] = [];
  for (let k = Math.ceil(min - 1e-9); k <= Math.floor(max + 1e-9); k++) decades.push(k);
  const step = Math.max(1, Math.ceil(decades.length / 8));
  let tickvals = decades.filter((_, i) => i % step === 0);
  if (tickvals.length < 2) {
    tickvals = [];
    for (let k = Math.floor(min); k <= Math.ceil(max); k++) for (const m of [1, 2, 5]) if (inside(k + Math.log10(m))) tickvals.push(k + Math.log10(m));
  }
  if (tickvals.length < 2) tickvals = min === max ? [min] : [min, max];
  return { z, tickvals, ticktext: tickvals.map((k) => shortNumber(10 ** k)) };
}

function shortNumber(value: number): string {
  const magnitude = Math.abs(value);
  return magnitude !== 0 && (magnitude >= 1e4 || magnitude < 1e-3) ? value.toExponential(0) : String(Number(value.toPrecision(2)));
}

/** Columns a heatmap gets at most: beyond that, steps are averaged in bins (one column per ~2 px). */
export const MAX_COLUMNS = 300;

/**
 * Averages runs of consecutive steps so a long fit draws at most `maxColumns` columns; each
 * bin is labelled by its last step. Missing values are skipped (an empty bin stays null).
 * @example binSteps([1, 2, 3, 4], [[1, 3, 5, 7]], 2) // { steps: [2, 4], matrix: [[2, 6]] }
 */
export function binSteps(steps: readonly number[], matrix: (number | null)[][], maxColumns = MAX_COLUMNS): { steps: number[]; matrix: (number | null)[][] } {
  if (steps.length <= maxColumns) return { steps: [...steps], matrix };
  const bins = Array.from({ length: maxColumns }, (_, b) => [Math.floor((b * steps.length) / maxColumns), Math.floor(((b + 1) * steps.length) / maxColumns)] as const);
  const mean = (row: (number | null)[], [start, end]: readonly [number, number]) => {
    const values = row.slice(start, end).filter((v): v is number => v !== null);
    return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
  };
  return { steps: bins.map(([, end]) => steps[end - 1]!), matrix: matrix.map((row) => bins.map((bin) => mean(row, bin))) };
}

/** Flags grouped by layer and kind: how many steps, first and last. */
export function summariseFlags(payload: GradFlowPayload): { layer: string; kind: "vanishing" | "exploding"; steps: number[] }[] {
  const groups = new Map<string, { layer: string; kind: "vanishing" | "exploding"; steps: number[] }>();
  for (const flag of payload.flags) {
    const key = JSON.stringify([flag.layer, flag.kind]);
    const group = groups.get(key) ?? { layer: String(flag.layer), kind: flag.kind === "exploding" ? "exploding" : "vanishing", steps: [] };
    group.steps.push(flag.step);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/**
 * The heatmap (left) and the current-step bars (right) on one layer axis, first layer on
 * top; flagged cells marked; the gradient-norm thresholds drawn on the bars.
 * @example buildFlowFigure(payload, { statistic: "gradNorm", logColor: true, locale: "en" }).data[0].type // "heatmap"
 */
export function buildFlowFigure(payload: GradFlowPayload, options: FlowOptions): { data: PlotlyData[]; layout: PlotlyLayout } {
  const text = strings[options.locale];
  const matrix = statisticMatrix(payload, options.statistic);
  const binned = binSteps(payload.steps, matrix);
  const layerIndex = payload.layers.map((_, i) => i);
  const log = options.logColor ? logMatrix(binned.matrix) : undefined;
  const statisticName = text[options.statistic];
  const heatmap: PlotlyData = {
    type: "heatmap",
    name: plotlyText(statisticName),
    x: binned.steps,
    y: layerIndex,
    z: log ? log.z : binned.matrix,
    customdata: binned.matrix,
    colorscale: "Viridis",
    colorbar: { title: { text: plotlyText(statisticName), side: "top" }, x: 0.63, xanchor: "left", thickness: 14, len: 0.9, ...(log ? { tickvals: log.tickvals, ticktext: log.ticktext } : {}) },
    hovertemplate: `${plotlyText(text.layer)} %{text}<br>${plotlyText(text.step)} %{x}<br>${plotlyText(statisticName)} %{customdata:.3g}<extra></extra>`,
    text: binned.matrix.map((row, i) => row.map(() => plotlyText(payload.layers[i]!))),
    // No gap between steps (1-px gaps between columns read as a barcode); one between layers.
    xgap: 0,
    ygap: 1,
  };
  const last = payload.steps.length - 1;
  const current = matrix.map((row) => (last >= 0 ? row[last] ?? null : null));
  const flaggedNow = new Map(payload.flags.filter((flag) => flag.step === payload.steps[last]).map((flag) => [flag.layer, flag.kind]));
  const bars: PlotlyData = {
    type: "bar",
    orientation: "h",
    name: plotlyText(format(text.atStep, { step: last >= 0 ? payload.steps[last]! : "–" })),
    x: current,
    y: layerIndex,
    xaxis: "x2",
    yaxis: "y2",
    marker: { color: payload.layers.map((layer) => FLAG_COLOURS[flaggedNow.get(layer) as keyof typeof FLAG_COLOURS] ?? "#7f7f7f") },
    hovertemplate: `%{text}: %{x:.3g}<extra></extra>`,
    text: payload.layers.map(plotlyText),
    textposition: "none",
    showlegend: false,
  };
  const data: PlotlyData[] = [heatmap, bars];
  const layerOf = new Map(payload.layers.map((layer, i) => [layer, i]));
  for (const kind of ["vanishing", "exploding"] as const) {
    const flags = payload.flags.filter((flag) => flag.kind === kind && layerOf.has(flag.layer));
    if (flags.length === 0) continue;
    data.push({
      type: "scatter",
      mode: "markers",
      name: plotlyText(text[kind]),
      x: flags.map((flag) => flag.step),
      y: flags.map((flag) => layerOf.get(flag.layer)!),
      marker: { symbol: "x-thin-open", size: 8, color: FLAG_COLOURS[kind], line: { width: 2, color: FLAG_COLOURS[kind] } },
      hovertemplate: `${plotlyText(text[kind])}: %{text}, ${plotlyText(text.step)} %{x}<extra></extra>`,
      text: flags.map((flag) => plotlyText(flag.layer)),
    });
  }
  const shapes = options.statistic === "gradNorm"
    ? (["vanishing", "exploding"] as const).map((kind) => ({
        type: "line", xref: "x2", yref: "paper", x0: payload.thresholds[kind], x1: payload.thresholds[kind], y0: 0, y1: 1,
        line: { color: FLAG_COLOURS[kind], dash: "dash", width: 1 },
      }))
    : [];
  const layout: PlotlyLayout = {
    uirevision: "gradbook-gradflow",
    height: Math.min(720, 140 + 22 * payload.layers.length),
    margin: { l: 110, r: 110, t: 10, b: 40 },
    showlegend: data.length > 2,
    legend: { orientation: "h", y: -0.12 },
    xaxis: { domain: [0, 0.6], title: { text: plotlyText(text.step) } },
    xaxis2: { domain: [0.8, 1], type: options.logColor ? "log" : "linear", title: { text: plotlyText(format(text.atStep, { step: last >= 0 ? payload.steps[last]! : "–" })) } },
    yaxis: { tickvals: layerIndex, ticktext: payload.layers.map(plotlyText), autorange: "reversed" },
    // The bars name their layers too, on their right.
    yaxis2: { matches: "y", anchor: "x2", side: "right", tickvals: layerIndex, ticktext: payload.layers.map(plotlyText) },
    shapes,
  };
  return { data, layout };
}

/** Layers that have histograms, in payload order. */
export function histogramLayers(payload: GradFlowPayload): string[] {
  return [...new Set(payload.histograms.map((histogram) => histogram.layer))];
}

/**
 * Weights and gradients of one layer over time, side by side: steps across, values up,
 * counts as colour (log of 1 + count, so rare tails stay visible).
 */
export function buildHistogramFigure(payload: GradFlowPayload, layer: string, locale: Locale, lightTheme = true): { data: PlotlyData[]; layout: PlotlyLayout } {
  const text = strings[locale];
  const kinds = (["weights", "gradients"] as const).filter((of) => payload.histograms.some((h) => h.layer === layer && h.of === of));
  const data: PlotlyData[] = [];
  const layout: PlotlyLayout = { uirevision: `gradbook-gradflow-histograms`, height: 280, margin: { l: 60, r: 20, t: 28, b: 40 }, annotations: [] as unknown[] };
  kinds.forEach((of, i) => {
    const histogram = payload.histograms.find((h) => h.layer === layer && h.of === of)!;
    const edges = histogram.binEdges;
    const centres = edges.slice(0, -1).map((edge, k) => (edge + edges[k + 1]!) / 2);
    // Plotly wants z[bin][step]; the payload has counts[step][bin].
    const counts = centres.map((_, bin) => histogram.steps.map((_, step) => histogram.counts[step]?.[bin] ?? 0));
    const suffix = i === 0 ? "" : String(i + 1);
    const width = 1 / kinds.length;
    data.push({
      type: "heatmap",
      name: plotlyText(text[of]),
      x: histogram.steps,
      y: centres,
      // Empty bins are gaps, so they show the theme's background (light panels on the dark theme otherwise).
      z: counts.map((row) => row.map((count) => (count > 0 ? Math.log10(1 + count) : null))),
      hoverongaps: false,
      customdata: counts,
      colorscale: "Blues",
      // Plotly's "Blues" runs dark to light: rare bins fade towards the page (light on a light theme, dark on a dark one).
      reversescale: lightTheme,
      showscale: false,
      xaxis: `x${suffix}`,
      yaxis: `y${suffix}`,
      hovertemplate: `${plotlyText(text.step)} %{x}<br>${plotlyText(text.value)} %{y:.3g}<br>${plotlyText(text.count)} %{customdata}<extra>${plotlyText(text[of])}</extra>`,
    });
    layout[`xaxis${suffix}`] = { domain: [i * width + (i ? 0.06 : 0), (i + 1) * width - (i ? 0 : 0.04)], title: { text: plotlyText(text.step) }, anchor: `y${suffix}` };
    layout[`yaxis${suffix}`] = { anchor: `x${suffix}`, title: { text: plotlyText(text.value) } };
    (layout.annotations as unknown[]).push({ text: plotlyText(`${layer} — ${text[of]}`), xref: `x${suffix} domain`, yref: `y${suffix} domain`, x: 0.5, y: 1.08, showarrow: false });
  });
  return { data, layout };
}
