/**
 * The surface view's Plotly figures, free of the DOM: the loss surface as a filled
 * contour (optionally on a log colour scale) with each optimizer's path up to the shown
 * step, and the learning-rate schedule per step with the shown step marked.
 */
import type { SurfacePayload } from "gradbook/payloads";
import { plotlyText, seriesColor, type Locale, type PlotlyData, type PlotlyLayout } from "../common/index.js";
import { strings } from "./strings.js";

/**
 * The last step the slider reaches: the longest trajectory's number of steps (a path of
 * n points has taken n − 1 steps).
 * @example maxSteps({ trajectories: [{ points: [[0, 0], [1, 1], [2, 2]] }] }) // 2
 */
export function maxSteps(payload: Pick<SurfacePayload, "trajectories">): number {
  return Math.max(0, ...payload.trajectories.map((trajectory) => (Array.isArray(trajectory.points) ? trajectory.points.length - 1 : 0)));
}

/**
 * z shifted and logged, log10(z − min + ε), so valleys a millionth deep stay visible,
 * and colour-bar ticks that show the original values.
 */
export function logSurface(z: number[][]): { z: (number | null)[][]; tickvals: number[]; ticktext: string[] } {
  const values = z.flat().filter((v) => typeof v === "number" && Number.isFinite(v));
  const min = values.length ? Math.min(...values) : 0;
  const max = values.length ? Math.max(...values) : 1;
  const epsilon = Math.max((max - min) * 1e-6, 1e-12);
  const logged = z.map((row) => row.map((v) => (typeof v === "number" && Number.isFinite(v) ? Math.log10(v - min + epsilon) : null)));
  const low = Math.ceil(Math.log10(epsilon));
  const high = Math.floor(Math.log10(max - min + epsilon));
  const step = Math.max(1, Math.ceil((high - low) / 7));
  const tickvals: number[] = [];
  for (let k = high; k >= low; k -= step) tickvals.unshift(k);
  // Rounded to the tick's own decade: min + 0.01 with min = 0.0002 reads "0.01", not "0.0102".
  const label = (k: number) => shortNumber(Number((Math.round((min + 10 ** k) / 10 ** k) * 10 ** k).toPrecision(12)));
  return { z: logged, tickvals, ticktext: tickvals.map(label) };
}

function shortNumber(value: number): string {
  if (value === 0) return "0";
  const magnitude = Math.abs(value);
  return magnitude >= 1e4 || magnitude < 1e-3 ? value.toExponential(1) : String(Number(value.toPrecision(3)));
}

export interface SurfaceOptions { step: number; logColor: boolean; locale: Locale }

/**
 * The contour with every trajectory's points 0..step (one colour per optimizer, legend),
 * a marker at each current point, the common start and the minima.
 * @example buildSurfaceFigure(payload, { step: 10, logColor: true, locale: "en" })
 */
export function buildSurfaceFigure(payload: SurfacePayload, options: SurfaceOptions, contour?: PlotlyData): { data: PlotlyData[]; layout: PlotlyLayout; contour: PlotlyData } {
  const text = strings[options.locale];
  const surface = contour ?? contourTrace(payload, options);
  const data: PlotlyData[] = [surface];
  // Drawn last to first, so the first path (plain SGD, usually the shortest) lies on top; legendrank keeps the legend in order.
  [...payload.trajectories].reverse().forEach((trajectory, reversed) => {
    const i = payload.trajectories.length - 1 - reversed;
    const colour = seriesColor(i);
    const points = (Array.isArray(trajectory.points) ? trajectory.points : []).slice(0, options.step + 1);
    const name = plotlyText(trajectory.label);
    data.push({
      type: "scatter",
      mode: "lines+markers",
      name,
      legendgroup: `t${i}`,
      legendrank: i,
      x: points.map((point) => point[0]),
      y: points.map((point) => point[1]),
      customdata: points.map((_, k) => [k, trajectory.losses?.[k] ?? null]),
      line: { color: colour, width: 2 },
      marker: { color: colour, size: 3 },
      hovertemplate: `${name}<br>${plotlyText(text.step)} %{customdata[0]}: (%{x:.3g}, %{y:.3g})<br>${plotlyText(text.loss)} %{customdata[1]:.4g}<extra></extra>`,
    });
    const current = points[points.length - 1];
    if (current) {
      data.push({
        type: "scatter", mode: "markers", legendgroup: `t${i}`, showlegend: false, hoverinfo: "skip",
        x: [current[0]], y: [current[1]], marker: { color: colour, size: 11, line: { color: "#ffffff", width: 2 } },
      });
    }
  });
  const start = payload.trajectories.find((trajectory) => Array.isArray(trajectory.points) && trajectory.points.length > 0)?.points[0];
  if (start) {
    data.push({ type: "scatter", mode: "markers", name: plotlyText(text.start), x: [start[0]], y: [start[1]], marker: { symbol: "circle", size: 12, color: "#ffffff", line: { color: "#000000", width: 2 } }, legendrank: payload.trajectories.length, hovertemplate: `${plotlyText(text.start)} (%{x:.3g}, %{y:.3g})<extra></extra>` });
  }
  if (payload.minima.length > 0) {
    data.push({
      type: "scatter", mode: "markers", name: plotlyText(text.minimum),
      x: payload.minima.map((point) => point[0]), y: payload.minima.map((point) => point[1]),
      marker: { symbol: "star", size: 15, color: "#ffd700", line: { color: "#000000", width: 1 } }, legendrank: payload.trajectories.length + 1,
      hovertemplate: `${plotlyText(text.minimum)} (%{x:.3g}, %{y:.3g})<extra></extra>`,
    });
  }
  const xs = payload.grid.xs;
  const ys = payload.grid.ys;
  const layout: PlotlyLayout = {
    uirevision: "gradbook-surface",
    height: 460,
    margin: { l: 50, r: 10, t: 10, b: 40 },
    // constrain "domain": equal scales shrink the plot area to the grid instead of widening the x range past it.
    xaxis: { range: [Math.min(...xs), Math.max(...xs)], title: { text: "x" }, constrain: "domain" },
    yaxis: { range: [Math.min(...ys), Math.max(...ys)], title: { text: "y" }, scaleanchor: "x", scaleratio: 1, constrain: "domain" },
    legend: { orientation: "h", y: -0.15 },
  };
  return { data, layout, contour: surface };
}

/** The contour trace alone (kept between animation frames: it only changes with the payload or the colour scale). */
export function contourTrace(payload: SurfacePayload, options: Pick<SurfaceOptions, "logColor" | "locale">): PlotlyData {
  const text = strings[options.locale];
  const log = options.logColor ? logSurface(payload.grid.z) : undefined;
  return {
    type: "contour",
    name: plotlyText(text.loss),
    x: payload.grid.xs,
    y: payload.grid.ys,
    z: log ? log.z : payload.grid.z,
    customdata: payload.grid.z,
    colorscale: "Viridis",
    ncontours: 30,
    contours: { coloring: "heatmap", showlines: true },
    line: { width: 0.5, color: "rgba(255,255,255,0.35)" },
    colorbar: { title: { text: plotlyText(text.loss), side: "right" }, ...(log ? { tickvals: log.tickvals, ticktext: log.ticktext } : {}) },
    hovertemplate: `(%{x:.3g}, %{y:.3g})<br>${plotlyText(text.loss)} %{customdata:.4g}<extra></extra>`,
    showlegend: false,
  };
}

/** Learning rate per step for each trajectory, with a line at the shown step. */
export function buildScheduleFigure(payload: SurfacePayload, options: SurfaceOptions): { data: PlotlyData[]; layout: PlotlyLayout } {
  const text = strings[options.locale];
  const data: PlotlyData[] = payload.trajectories.map((trajectory, i) => {
    const rates = Array.isArray(trajectory.learningRates) ? trajectory.learningRates : [];
    return {
      type: "scatter", mode: "lines", name: plotlyText(trajectory.label), legendgroup: `t${i}`, showlegend: false,
      x: rates.map((_, k) => k), y: rates, line: { color: seriesColor(i), width: 2, shape: "hv" },
      hovertemplate: `${plotlyText(trajectory.label)}<br>${plotlyText(text.step)} %{x}: %{y:.3g}<extra></extra>`,
    };
  });
  const rates = payload.trajectories.flatMap((trajectory) => (Array.isArray(trajectory.learningRates) ? trajectory.learningRates : [])).filter((v) => v > 0);
  const spread = rates.length ? Math.max(...rates) / Math.min(...rates) : 1;
  const layout: PlotlyLayout = {
    uirevision: "gradbook-surface-schedule",
    height: 220,
    margin: { l: 50, r: 10, t: 10, b: 36 },
    xaxis: { title: { text: plotlyText(text.step) } },
    yaxis: { title: { text: plotlyText(text.learningRate) }, type: spread > 100 ? "log" : "linear" },
    shapes: [{ type: "line", xref: "x", yref: "paper", x0: options.step, x1: options.step, y0: 0, y1: 1, line: { color: "#888888", dash: "dot", width: 1 } }],
  };
  return { data, layout };
}
