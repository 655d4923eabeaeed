import { escapeHtml } from "../jupyter/display/html.js";

export interface LineSeries {
  label: string;
  ys: readonly number[];
  /** Defaults to 0, 1, 2, … */
  xs?: readonly number[];
  dashed?: boolean;
}

export interface LineChartOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  width?: number;
  height?: number;
}

const COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"];

function tickLabel(v: number): string {
  return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(1) : String(Number(v.toPrecision(3)));
}

/**
 * A static SVG line chart (no script): the fallback picture for notebooks opened without
 * the extension. Non-finite points are skipped.
 * @example lineChartSvg([{ label: "loss", ys: [1, 0.5, 0.3] }], { title: "Loss" })
 */
export function lineChartSvg(series: readonly LineSeries[], options: LineChartOptions = {}): string {
  const { width = 480, height = 300, title = "", xLabel = "", yLabel = "" } = options;
  const margin = { left: 60, right: 16, top: title ? 28 : 12, bottom: 40 };
  const points = series.flatMap((s) => s.ys.map((y, i) => [s.xs?.[i] ?? i, y] as const)).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const xs = points.map(([x]) => x);
  const ys = points.map(([, y]) => y);
  const [x0, x1] = xs.length ? [Math.min(...xs), Math.max(...xs)] : [0, 1];
  let [y0, y1] = ys.length ? [Math.min(...ys), Math.max(...ys)] : [0, 1];
  if (y0 === y1) [y0, y1] = [y0 - 1, y1 + 1];
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const sx = (x: number) => margin.left + ((x - x0) / (x1 - x0 || 1)) * plotW;
  const sy = (y: number) => margin.top + (1 - (y - y0) / (y1 - y0)) * plotH;
  const paths = series.map((s, k) => {
    const d = s.ys
      .map((y, i) => [s.xs?.[i] ?? i, y] as const)
      .filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y))
      .map(([x, y], i) => `${i === 0 ? "M" : "L"}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`)
      .join("");
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : "";
    return `<path d="${d}" fill="none" stroke="${COLORS[k % COLORS.length]}" stroke-width="1.5"${dash}><title>${escapeHtml(s.label)}</title></path>`;
  });
  const legend = series.map((s, k) => `<text x="${margin.left + 8}" y="${margin.top + 14 + 14 * k}" font-size="11" fill="${COLORS[k % COLORS.length]}">${escapeHtml(s.label)}</text>`);
  const yTicks = [y0, (y0 + y1) / 2, y1].map((v) => `<text x="${margin.left - 6}" y="${sy(v) + 4}" font-size="10" text-anchor="end">${tickLabel(v)}</text>`);
  const xTicks = [x0, x1].map((v) => `<text x="${sx(v)}" y="${height - margin.bottom + 14}" font-size="10" text-anchor="middle">${tickLabel(v)}</text>`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<rect x="${margin.left}" y="${margin.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#ccc"/>`,
    title ? `<text x="${width / 2}" y="18" font-size="13" text-anchor="middle">${escapeHtml(title)}</text>` : "",
    ...yTicks,
    ...xTicks,
    `<text x="${margin.left + plotW / 2}" y="${height - 8}" font-size="11" text-anchor="middle">${escapeHtml(xLabel)}</text>`,
    `<text x="14" y="${margin.top + plotH / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 14 ${margin.top + plotH / 2})">${escapeHtml(yLabel)}</text>`,
    ...paths,
    ...legend,
    "</svg>",
  ].join("");
}
