import { escapeHtml } from "../jupyter/display/html.js";
import { downsampleIndices } from "./common/downsample.js";
import { seriesColor } from "./common/colors.js";
import { svgDocument } from "./common/svg-document.js";

export interface LineSeries {
  label: string;
  ys: readonly number[];
  /** Defaults to 0, 1, 2, … */
  xs?: readonly number[];
  dashed?: boolean;
  /** A CSS colour; by default the series' position picks one. */
  color?: string;
  /** Step line (a learning-rate schedule) instead of straight segments. */
  step?: boolean;
}

/** A point drawn as a dot with a tooltip, e.g. the best epoch. */
export interface ChartMarker {
  x: number;
  y: number;
  label: string;
  color?: string;
}

/** A vertical line across the plot, e.g. the early-stop epoch. */
export interface ChartVerticalLine {
  x: number;
  label: string;
  color?: string;
}

export interface LineChartOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  width?: number;
  height?: number;
  /** Logarithmic y axis (non-positive values are skipped). */
  logY?: boolean;
  markers?: readonly ChartMarker[];
  verticalLines?: readonly ChartVerticalLine[];
  /** Most points drawn per series (min/max downsampled beyond); default 400 — the picture is ~500 px wide. */
  maxPoints?: number;
  /** Hide the legend (a caller drawing several panels may show one legend itself). */
  legend?: boolean;
}

function tickLabel(v: number): string {
  return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(1) : String(Number(v.toPrecision(3)));
}

/** An axis: its drawn range and the values that get a tick. */
export interface AxisScale {
  min: number;
  max: number;
  ticks: number[];
}

/**
 * A linear axis over [lo, hi] widened to round numbers, with ticks every 1, 2 or 5 × 10ᵏ
 * (about `count` of them). A single value (a constant series) is first padded by 10% of
 * itself, or by 1 around 0, so it sits mid-panel on an axis of its own size.
 * @example niceScale(0.0278, 20) // { min: 0, max: 20, ticks: [0, 5, 10, 15, 20] }
 * @example niceScale(0.01, 0.01) // { min: 0.009, max: 0.011, ticks: [0.009, 0.0095, 0.01, 0.0105, 0.011] }
 */
export function niceScale(lo: number, hi: number, count = 4): AxisScale {
  // Spans below float precision (or subnormal values) are drawn as the constant they look like.
  if (hi - lo <= Math.max(Math.abs(lo), Math.abs(hi)) * 1e-9 || hi - lo < 1e-290) {
    const middle = (lo + hi) / 2;
    const pad = Math.abs(middle) < 1e-280 ? 1 : Math.abs(middle) * 0.1;
    [lo, hi] = [middle - pad, middle + pad];
  }
  const raw = (hi - lo) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = magnitude * [1, 2, 5, 10].find((m) => raw / magnitude <= m * 1.5 || m === 10)!;
  // A little slack so that 0.011 / 0.0005 = 21.999999999999996 still counts as 22 steps.
  const first = Math.floor(lo / step + 1e-9);
  const last = Math.ceil(hi / step - 1e-9);
  // Round away the binary noise of i · step (0.30000000000000004 → 0.3).
  const at = (i: number) => Number((i * step).toPrecision(12)) + 0; // + 0 turns −0 into 0
  const ticks = Array.from({ length: last - first + 1 }, (_, k) => at(first + k));
  return { min: ticks[0]!, max: ticks.at(-1)!, ticks };
}

/**
 * A log10 axis (values already log10) widened to whole decades, with a tick at each decade
 * (every second or more when there are many).
 * @example logScale(-3.2, -0.5) // { min: -4, max: 0, ticks: [-4, -3, -2, -1, 0] }
 */
export function logScale(lo: number, hi: number): AxisScale {
  let first = Math.floor(lo + 1e-9);
  let last = Math.ceil(hi - 1e-9);
  if (first === last) [first, last] = [first - 1, last + 1];
  const every = Math.ceil((last - first) / 6);
  last = first + every * Math.ceil((last - first) / every); // so the top is a tick too
  const ticks: number[] = [];
  for (let d = first; d <= last; d += every) ticks.push(d + 0); // + 0 turns −0 into 0
  return { min: first + 0, max: last + 0, ticks };
}

/**
 * A static SVG line chart (no script): the fallback picture for notebooks opened without
 * the extension. Non-finite points are skipped; long series are downsampled (extremes kept).
 * @example lineChartSvg([{ label: "loss", ys: [1, 0.5, 0.3] }], { title: "Loss" })
 */
export function lineChartSvg(series: readonly LineSeries[], options: LineChartOptions = {}): string {
  const { width = 480, height = 300, title = "", xLabel = "", yLabel = "", logY = false, maxPoints = 400, legend = true } = options;
  const margin = { left: 60, right: 16, top: title ? 28 : 12, bottom: 40 };
  const ty = (y: number) => (logY ? (y > 0 ? Math.log10(y) : Number.NaN) : y);
  // Each series reduced to the points worth drawing, in plot coordinates (x, transformed y).
  const drawn = series.map((s) => {
    const n = s.ys.length;
    const indices = downsampleIndices(s.ys, maxPoints);
    const pts: [number, number][] = [];
    for (const i of indices) {
      const x = s.xs?.[i] ?? i;
      const y = ty(s.ys[i]!);
      if (Number.isFinite(x) && Number.isFinite(y) && i < n) pts.push([x, y]);
    }
    return pts;
  });
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  const extend = (x: number, y: number) => {
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  };
  for (const pts of drawn) for (const [x, y] of pts) extend(x, y);
  for (const m of options.markers ?? []) if (Number.isFinite(m.x) && Number.isFinite(ty(m.y))) extend(m.x, ty(m.y));
  if (x0 > x1) [x0, x1] = [0, 1];
  if (y0 > y1) [y0, y1] = [0, 1];
  const xScale = niceScale(x0, x1);
  const yScale = logY ? logScale(y0, y1) : niceScale(y0, y1);
  [x0, x1, y0, y1] = [xScale.min, xScale.max, yScale.min, yScale.max];
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const sx = (x: number) => margin.left + ((x - x0) / (x1 - x0 || 1)) * plotW;
  const sy = (y: number) => margin.top + (1 - (y - y0) / (y1 - y0)) * plotH;
  const paths = series.map((s, k) => {
    let d = "";
    drawn[k]!.forEach(([x, y], i) => {
      if (i > 0 && s.step) d += `H${sx(x).toFixed(1)}`;
      d += `${i === 0 ? "M" : "L"}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`;
    });
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : "";
    return `<path d="${d}" fill="none" stroke="${escapeHtml(s.color ?? seriesColor(k))}" stroke-width="1.5"${dash}><title>${escapeHtml(s.label)}</title></path>`;
  });
  const markers = (options.markers ?? [])
    .filter((m) => Number.isFinite(m.x) && Number.isFinite(ty(m.y)))
    .map((m) => `<circle cx="${sx(m.x).toFixed(1)}" cy="${sy(ty(m.y)).toFixed(1)}" r="4" fill="${escapeHtml(m.color ?? "#000")}" stroke="#fff"><title>${escapeHtml(m.label)}</title></circle>`);
  const vLines = (options.verticalLines ?? [])
    .filter((v) => Number.isFinite(v.x))
    .map((v) => {
      const x = sx(Math.min(x1, Math.max(x0, v.x))).toFixed(1);
      const color = escapeHtml(v.color ?? "#555");
      return `<line x1="${x}" x2="${x}" y1="${margin.top}" y2="${margin.top + plotH}" stroke="${color}" stroke-dasharray="2 3"/><text x="${x}" y="${margin.top + 10}" font-size="10" text-anchor="end" fill="${color}" transform="rotate(-90 ${x} ${margin.top + 10})" dy="-3">${escapeHtml(v.label)}</text>`;
    });
  const legendItems = legend ? series.map((s, k) => `<text x="${margin.left + 8}" y="${margin.top + 14 + 14 * k}" font-size="11" fill="${escapeHtml(s.color ?? seriesColor(k))}">${escapeHtml(s.dashed ? `${s.label} (dashed)` : s.label)}</text>`) : [];
  const tickText = (v: number) => (logY ? tickLabel(10 ** v) : tickLabel(v));
  const yTicks = yScale.ticks.map((v) => `<text x="${margin.left - 6}" y="${(sy(v) + 4).toFixed(1)}" font-size="10" text-anchor="end">${tickText(v)}</text>`);
  const xTicks = xScale.ticks.map((v) => `<text x="${sx(v).toFixed(1)}" y="${height - margin.bottom + 14}" font-size="10" text-anchor="middle">${tickLabel(v)}</text>`);
  return svgDocument(width, height, [
    `<rect x="${margin.left}" y="${margin.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#ccc"/>`,
    title ? `<text x="${width / 2}" y="18" font-size="13" text-anchor="middle">${escapeHtml(title)}</text>` : "",
    ...yTicks,
    ...xTicks,
    `<text x="${margin.left + plotW / 2}" y="${height - 8}" font-size="11" text-anchor="middle">${escapeHtml(xLabel)}</text>`,
    `<text x="14" y="${margin.top + plotH / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 14 ${margin.top + plotH / 2})">${escapeHtml(logY ? `${yLabel} (log)` : yLabel)}</text>`,
    ...vLines,
    ...paths,
    ...markers,
    ...legendItems,
  ].join(""));
}

/**
 * Several SVG pictures side by side (wrapping after `columns`) in one SVG, each in its own
 * nested `<svg>`: the metrics fallback draws one panel per metric this way.
 */
export function svgGrid(panels: readonly { svg: string; width: number; height: number }[], columns = 2, title = ""): string {
  const top = title ? 24 : 0;
  const rows: { svg: string; width: number; height: number }[][] = [];
  panels.forEach((p, i) => (i % columns === 0 ? rows.push([p]) : rows[rows.length - 1]!.push(p)));
  let y = top;
  let width = 0;
  const parts: string[] = [];
  for (const row of rows) {
    let x = 0;
    for (const p of row) {
      parts.push(`<g transform="translate(${x},${y})">${p.svg}</g>`);
      x += p.width;
    }
    width = Math.max(width, x);
    y += Math.max(...row.map((p) => p.height));
  }
  const heading = title ? `<text x="${width / 2}" y="17" font-size="14" font-weight="bold" text-anchor="middle">${escapeHtml(title)}</text>` : "";
  return svgDocument(width, y, `${heading}${parts.join("")}`);
}
