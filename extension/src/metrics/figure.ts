/**
 * The metrics chart as data: payload + the user's choices → Plotly traces and layout.
 * One panel per metric group (loss, accuracy, …) and one for a changing learning rate (a
 * constant one is a line of text instead); a colour per metric and run, validation dashed
 * in its training curve's hue; best values starred; early stop marked.
 */
import type { MetricSeries, MetricsPayload } from "gradbook/payloads";
import { plotlyText, seriesColor, type PlotlyData, type PlotlyLayout } from "../common/plotly.js";
import { format, type Locale } from "../common/strings.js";
import { decimateToColumns } from "./decimate.js";
import { strings } from "./strings.js";

export type Resolution = "epoch" | "batch";

export interface FigureOptions {
  resolution: Resolution;
  /** EMA weight in [0, 1): 0 draws the raw values. */
  smoothing: number;
  logScale: boolean;
  locale: Locale;
  /** The chart's width in px: long series are reduced to what a panel this wide can show. */
  width: number;
}

export interface Figure {
  data: PlotlyData[];
  layout: PlotlyLayout;
  /** Metric groups in panel order (the learning-rate panel, when present, comes last). */
  panels: string[];
  /** Lines of text under the chart: a constant learning rate, what a per-batch curve is. */
  notes: string[];
}

type Run = MetricsPayload["runs"][number];

/** Metric groups in order of first appearance, loss first. */
export function metricGroups(payload: MetricsPayload): string[] {
  const groups: string[] = [];
  for (const run of payload.runs) for (const series of run.series) if (!groups.includes(series.group)) groups.push(series.group);
  return groups.sort((a, b) => Number(b === "loss") - Number(a === "loss"));
}

/** The resolution worth showing first: per epoch once there are two epochs, else per batch. */
export function defaultResolution(payload: MetricsPayload): Resolution {
  const epochPoints = Math.max(0, ...payload.runs.flatMap((run) => run.series.filter((s) => s.resolution === "epoch").map((s) => s.x.length)));
  const hasBatches = payload.runs.some((run) => run.series.some((s) => s.resolution === "batch" && s.x.length > 0));
  return epochPoints >= 2 || !hasBatches ? "epoch" : "batch";
}

/**
 * The series drawn at a resolution: per batch shows batch series and, for a metric and
 * split logged only per epoch (validation, usually), its epoch series.
 */
export function visibleSeries(run: Run, resolution: Resolution): MetricSeries[] {
  const wanted = run.series.filter((s) => s.resolution === resolution);
  const covered = new Set(wanted.map((s) => `${s.group}\u0000${s.split}`));
  const fallback = run.series.filter((s) => s.resolution !== resolution && !covered.has(`${s.group}\u0000${s.split}`));
  return [...wanted, ...fallback];
}

/**
 * Exponential moving average with TensorBoard's debiasing (the first values are not
 * pulled towards 0); non-finite values pass through and do not disturb the average.
 * @example smooth([1, 1, 1], 0.9) // [1, 1, 1]
 */
export function smooth(values: readonly number[], weight: number): number[] {
  if (weight <= 0) return values.slice();
  const out = new Array<number>(values.length);
  let average = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (!Number.isFinite(value)) {
      out[i] = value;
      continue;
    }
    average = average * weight + (1 - weight) * value;
    count += 1;
    out[i] = average / (1 - weight ** count);
  }
  return out;
}

/** Width of a decimation column in px: the lines are 2 px wide, so finer columns would not show. */
export const PIXELS_PER_COLUMN = 2;

/** Axis names of panel i (0-based): "x"/"y", "x2"/"y2", … */
function axes(index: number) {
  const suffix = index === 0 ? "" : String(index + 1);
  return { x: `x${suffix}`, y: `y${suffix}`, xKey: `xaxis${suffix}`, yKey: `yaxis${suffix}` };
}

export const PANEL_HEIGHT = 240;

/** The chart's margins in px (the left one holds the tick labels and a panel title). */
const MARGIN = { l: 70, r: 20, t: 40, b: 40 };

/** Axis titles' size: Plotly's own axis-title size for the chart's 11 px font. */
const AXIS_TITLE_FONT = { size: 13 };

/**
 * A panel's axis titles ("epoch" under it, its name left of it) as annotations at a fixed
 * distance from the axes. Plotly's own axis titles keep clear of the tick labels by
 * measuring every label's box at each redraw, a forced layout of the whole JupyterLab page
 * per label (the largest cost left in a live update); an annotation's text is measured
 * once and cached. Plotly's tick labels fit within these distances.
 */
function axisTitles(panelAxes: ReturnType<typeof axes>, xTitle: string, yTitle: string): PlotlyLayout[] {
  const xref = `${panelAxes.x} domain`;
  const yref = `${panelAxes.y} domain`;
  return [
    { text: plotlyText(xTitle), xref, yref, x: 0.5, y: 0, yshift: -20, xanchor: "center", yanchor: "top", showarrow: false, font: { ...AXIS_TITLE_FONT } },
    { text: plotlyText(yTitle), xref, yref, x: 0, y: 0.5, xshift: -48, xanchor: "right", yanchor: "middle", textangle: -90, showarrow: false, font: { ...AXIS_TITLE_FONT } },
  ];
}

/** The learning rate when it never changes in any run ("0.01"; several runs: "a: 0.01, b: 0.1"), else undefined. */
function constantLearningRate(payload: MetricsPayload): string | undefined {
  const rated = payload.runs.filter((run) => (run.learningRate?.y.length ?? 0) > 0);
  const constant = rated.every((run) => run.learningRate!.y.every((v) => Math.abs(v - run.learningRate!.y[0]!) <= 1e-12 * Math.abs(v)));
  if (rated.length === 0 || !constant) return undefined;
  const value = (run: Run) => String(Number(run.learningRate!.y[0]!.toPrecision(4)));
  return rated.length === 1 ? value(rated[0]!) : rated.map((run) => `${run.label}: ${value(run)}`).join(", ");
}

/** A group drawn on a log axis when the user asks: losses and errors, not accuracies (values in [0, 1] to maximise). */
function takesLogScale(payload: MetricsPayload, group: string): boolean {
  return !payload.runs.some((run) => run.series.some((s) => s.group === group && run.best[s.name]?.goal === "max"));
}

/**
 * Builds the figure.
 * @example buildFigure(payload, { resolution: "epoch", smoothing: 0, logScale: false, locale: "en", width: 900 })
 */
export function buildFigure(payload: MetricsPayload, options: FigureOptions): Figure {
  const text = strings[options.locale];
  const groups = metricGroups(payload);
  const constantRate = constantLearningRate(payload);
  const hasLearningRate = constantRate === undefined && payload.runs.some((run) => (run.learningRate?.x.length ?? 0) > 0);
  const panels = hasLearningRate ? [...groups, text.learningRate] : groups;
  const notes = constantRate === undefined ? [] : [format(text.constantRate, { value: constantRate })];
  if (options.resolution === "batch" && payload.runs.some((run) => run.series.some((s) => s.resolution === "batch"))) notes.push(text.batchNote);
  const columns = panels.length > 1 ? 2 : 1;
  const rows = Math.max(1, Math.ceil(panels.length / columns));
  const gapX = 0.1;
  const panelWidth = (1 - gapX * (columns - 1)) / columns;
  // Decimation columns per panel: a panel's share of the plotting area, in px, over PIXELS_PER_COLUMN.
  const lineColumns = Math.max(1, Math.floor(((options.width - MARGIN.l - MARGIN.r) * panelWidth) / PIXELS_PER_COLUMN));
  const decimated = (x: readonly number[], y: readonly number[]) => decimateToColumns(x, y, lineColumns);
  // Room between rows for the upper panel's "epoch" title (~56 px).
  const gapY = 56 / (rows * PANEL_HEIGHT + 60);
  const data: PlotlyData[] = [];
  const shapes: PlotlyLayout[] = [];
  const annotations: PlotlyLayout[] = [];
  const height = rows * PANEL_HEIGHT + 80;
  const margin = { ...MARGIN };
  const layout: PlotlyLayout = {
    uirevision: "gradbook-metrics",
    height,
    margin,
    showlegend: true,
    // Above the panels, clear of every axis title.
    legend: { orientation: "h", x: 0, xanchor: "left", y: 1 + 12 / (height - margin.t - margin.b), yanchor: "bottom" },
    hovermode: "closest",
  };

  panels.forEach((panel, index) => {
    const column = index % columns;
    const row = Math.floor(index / columns);
    const height = (1 - gapY * (rows - 1)) / rows;
    const x0 = column * (panelWidth + gapX);
    const y1 = 1 - row * (height + gapY);
    const { x, xKey, yKey } = axes(index);
    const isLearningRate = hasLearningRate && index === panels.length - 1;
    const log = isLearningRate || (options.logScale && takesLogScale(payload, panel));
    // Tick labels may overflow the chart's edge ("allow"): Plotly's default hides those that
    // would, measuring every label's box at each update, which forced a page layout per label.
    layout[xKey] = { domain: [x0, x0 + panelWidth], anchor: axes(index).y, uirevision: "x", ticklabeloverflow: "allow" };
    // On a log axis, ticks at 1, 2 and 5 per decade ("D2"), not a label on every digit.
    layout[yKey] = {
      domain: [y1 - height, y1], anchor: x, type: log ? "log" : "linear", uirevision: log ? "log" : "linear", exponentformat: "power",
      ticklabeloverflow: "allow", ...(log ? { dtick: "D2" } : {}),
    };
    annotations.push(...axisTitles(axes(index), text.epoch, panel));
  });

  const multipleRuns = payload.runs.length > 1;
  payload.runs.forEach((run, runIndex) => {
    // One hue per metric group and run (validation dashed in its training curve's hue); the learning rate gets the next.
    const colorOf = (group: number) => seriesColor(runIndex * (groups.length + 1) + group);
    const color = colorOf(groups.length);
    const prefix = multipleRuns ? `${run.label} · ` : "";
    for (const series of visibleSeries(run, options.resolution)) {
      const panel = groups.indexOf(series.group);
      const color = colorOf(panel);
      const { x, y } = axes(panel);
      const dash = series.split === "validation" ? "dash" : "solid";
      const name = plotlyText(`${prefix}${series.name}`);
      const common = { type: "scatter", mode: series.x.length === 1 ? "markers" : "lines", xaxis: x, yaxis: y, legendgroup: `${run.id}/${series.name}` };
      if (options.smoothing > 0) {
        data.push({ ...common, ...decimated(series.x, series.y), name, showlegend: false, hoverinfo: "skip", opacity: 0.25, line: { color, dash, width: 1 } });
      }
      const line = decimated(series.x, smooth(series.y, options.smoothing));
      data.push({ ...common, ...line, name, line: { color, dash, width: 2 }, marker: { color, size: 6 } });
      const best = run.best[series.name];
      if (best) {
        data.push({
          type: "scatter", mode: "markers", xaxis: x, yaxis: y, x: [best.epoch], y: [best.value], showlegend: false, legendgroup: common.legendgroup,
          name: plotlyText(`${prefix}${series.name}: ${text.best}`),
          marker: { symbol: "star", size: 13, color, line: { color: "#000", width: 1 } },
          hovertemplate: `${plotlyText(`${prefix}${series.name}`)}<br>${plotlyText(text.best)} %{y:.4g} @ ${plotlyText(text.epoch)} %{x}<extra></extra>`,
        });
      }
    }
    if (hasLearningRate && run.learningRate && run.learningRate.x.length > 0) {
      const { x, y } = axes(panels.length - 1);
      data.push({ type: "scatter", mode: "lines", ...decimated(run.learningRate.x, run.learningRate.y), xaxis: x, yaxis: y, name: plotlyText(`${prefix}${text.learningRate}`), showlegend: multipleRuns, line: { color, width: 2, shape: "hv" } });
    }
    if (run.earlyStopEpoch !== undefined) {
      panels.forEach((_, index) => {
        const { x, y } = axes(index);
        shapes.push({ type: "line", xref: x, yref: `${y} domain`, x0: run.earlyStopEpoch, x1: run.earlyStopEpoch, y0: 0, y1: 1, line: { color, width: 1.5, dash: "dot" } });
        if (index === 0) {
          annotations.push({ text: plotlyText(text.earlyStop), xref: x, yref: `${y} domain`, x: run.earlyStopEpoch, y: 1, xanchor: "right", yanchor: "top", showarrow: false, textangle: -90, font: { size: 10, color } });
        }
      });
    }
  });
  layout.shapes = shapes;
  layout.annotations = annotations;
  return { data, layout, panels, notes };
}
