/**
 * The surface bundle: payload, an SVG of the function (a coarse heat map with contour lines,
 * log colour when asked) with each optimizer's trajectory as a polyline from the shared
 * start, and an HTML table of where each optimizer ended.
 */
import { escapeHtml } from "../../jupyter/display/html.js";
import { viewBundle, htmlTable, textTable, formatNumber, type ViewBundle } from "../common/bundle.js";
import { seriesColor, viridis } from "../common/colors.js";
import type { SurfacePayload } from "../payloads.js";
import { contourLevels, contourSegments } from "./contour.js";
import { svgDocument } from "../common/svg-document.js";

const SIZE = { plot: 420, margin: 44, legend: 190 };
const HEAT_CELLS = 20;
/** Contours are traced on at most this many grid points per axis: enough for a 420 px picture. */
const CONTOUR_GRID = 48;

function surfaceSvg(p: SurfacePayload): string {
  const { xs, ys, z } = p.grid;
  const [x0, x1, y0, y1] = [xs[0]!, xs.at(-1)!, ys[0]!, ys.at(-1)!];
  const m = SIZE.margin;
  const top = m + (p.title ? 8 : 0);
  const sx = (x: number) => m + ((x - x0) / (x1 - x0 || 1)) * SIZE.plot;
  const sy = (y: number) => top + (1 - (y - y0) / (y1 - y0 || 1)) * SIZE.plot;
  const finite = z.flat().filter(Number.isFinite);
  const [zMin, zMax] = finite.length ? [Math.min(...finite), Math.max(...finite)] : [0, 1];
  const shade = (v: number) => {
    if (!Number.isFinite(v)) return "#ddd";
    const t = p.logColor ? Math.log10(1 + v - zMin) / Math.log10(1 + zMax - zMin || 10) : (v - zMin) / (zMax - zMin || 1);
    return viridis(t);
  };
  const parts: string[] = [];
  // Heat map at a coarse resolution (each cell the grid value nearest its centre).
  const cw = SIZE.plot / HEAT_CELLS;
  for (let i = 0; i < HEAT_CELLS; i++) {
    for (let j = 0; j < HEAT_CELLS; j++) {
      const [ix, iy] = [Math.round(((j + 0.5) / HEAT_CELLS) * (xs.length - 1)), Math.round(((i + 0.5) / HEAT_CELLS) * (ys.length - 1))];
      parts.push(`<rect x="${(m + j * cw).toFixed(1)}" y="${(top + SIZE.plot - (i + 1) * cw).toFixed(1)}" width="${(cw + 0.3).toFixed(1)}" height="${(cw + 0.3).toFixed(1)}" fill="${shade(z[iy]![ix]!)}" fill-opacity="0.75"/>`);
    }
  }
  // Contour lines, in grid coordinates mapped to the plot.
  const pick = (n: number) => Array.from({ length: Math.min(n, CONTOUR_GRID) }, (_, i) => Math.round((i * (n - 1)) / (Math.min(n, CONTOUR_GRID) - 1 || 1)));
  const [rowsUsed, colsUsed] = [pick(ys.length), pick(xs.length)];
  const coarse = rowsUsed.map((r) => colsUsed.map((c) => z[r]![c]!));
  const gx = (c: number) => m + (c / (colsUsed.length - 1 || 1)) * SIZE.plot;
  const gy = (r: number) => top + (1 - r / (rowsUsed.length - 1 || 1)) * SIZE.plot;
  for (const level of contourLevels(zMin, zMax, 10, p.logColor)) {
    const d = contourSegments(coarse, level).map(([a, b, c, e]) => `M${gx(a!).toFixed(0)} ${gy(b!).toFixed(0)}L${gx(c!).toFixed(0)} ${gy(e!).toFixed(0)}`).join("");
    if (d) parts.push(`<path d="${d}" fill="none" stroke="#fff" stroke-opacity="0.7" stroke-width="0.8"><title>${escapeHtml(`f = ${formatNumber(level)}`)}</title></path>`);
  }
  parts.push(`<rect x="${m}" y="${top}" width="${SIZE.plot}" height="${SIZE.plot}" fill="none" stroke="#666"/>`);
  const inside = (x: number, y: number) => x >= Math.min(x0, x1) && x <= Math.max(x0, x1) && y >= Math.min(y0, y1) && y <= Math.max(y0, y1);
  for (const [mx, my] of p.minima) {
    if (inside(mx, my)) parts.push(`<path d="M${sx(mx) - 5},${sy(my) - 5}L${sx(mx) + 5},${sy(my) + 5}M${sx(mx) - 5},${sy(my) + 5}L${sx(mx) + 5},${sy(my) - 5}" stroke="#fff" stroke-width="2"><title>${escapeHtml(`minimum (${mx}, ${my})`)}</title></path>`);
  }
  p.trajectories.forEach((t, k) => {
    const color = seriesColor(k);
    // Points beyond the window are clamped to its edge so a divergence still shows where it went.
    const clampX = (x: number) => Math.min(Math.max(x, Math.min(x0, x1)), Math.max(x0, x1));
    const clampY = (y: number) => Math.min(Math.max(y, Math.min(y0, y1)), Math.max(y0, y1));
    const pts = t.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y)).map(([x, y]) => `${sx(clampX(x)).toFixed(1)},${sy(clampY(y)).toFixed(1)}`);
    if (pts.length === 0) return;
    parts.push(`<polyline points="${pts.join(" ")}" fill="none" stroke="${color}" stroke-width="2"><title>${escapeHtml(`${t.label} (${t.optimizer}): ${t.points.length - 1} steps`)}</title></polyline>`);
    const [ex, ey] = pts.at(-1)!.split(",");
    parts.push(`<circle cx="${ex}" cy="${ey}" r="3.5" fill="${color}" stroke="#fff"/>`);
    parts.push(`<text x="${m + SIZE.plot + 14}" y="${top + 14 + 16 * k}" font-size="11" fill="${color}">${escapeHtml(`${t.label}: f = ${formatNumber(t.losses.at(-1) ?? Number.NaN)}`)}</text>`);
  });
  const start = p.trajectories[0]?.points[0];
  if (start) parts.push(`<circle cx="${sx(start[0]).toFixed(1)}" cy="${sy(start[1]).toFixed(1)}" r="4" fill="#fff" stroke="#000"><title>start (${start[0]}, ${start[1]})</title></circle>`);
  const width = m + SIZE.plot + SIZE.legend;
  const height = top + SIZE.plot + 36;
  parts.push(`<text x="${m}" y="${top + SIZE.plot + 14}" font-size="10">${formatNumber(x0)}</text><text x="${m + SIZE.plot}" y="${top + SIZE.plot + 14}" font-size="10" text-anchor="end">${formatNumber(x1)}</text>`);
  parts.push(`<text x="${m - 4}" y="${top + SIZE.plot}" font-size="10" text-anchor="end">${formatNumber(y0)}</text><text x="${m - 4}" y="${top + 10}" font-size="10" text-anchor="end">${formatNumber(y1)}</text>`);
  parts.push(`<text x="${m + SIZE.plot / 2}" y="${top + SIZE.plot + 28}" font-size="11" text-anchor="middle">x</text><text x="${m - 30}" y="${top + SIZE.plot / 2}" font-size="11">y</text>`);
  parts.push(`<text x="${m + SIZE.plot + 14}" y="${top + SIZE.plot - 14}" font-size="10" fill="#555">${escapeHtml(p.function)}</text><text x="${m + SIZE.plot + 14}" y="${top + SIZE.plot}" font-size="10" fill="#555">${escapeHtml(`${formatNumber(zMin)} … ${formatNumber(zMax)}${p.logColor ? " (log colour)" : ""}`)}</text>`);
  const title = p.title ? `<text x="${width / 2}" y="20" font-size="13" text-anchor="middle">${escapeHtml(p.title)}</text>` : "";
  return svgDocument(width, height, `${title}${parts.join("")}`);
}

/**
 * The surface bundle of a payload.
 * @example display(surfaceBundle(payload))
 */
export function surfaceBundle(p: SurfacePayload): ViewBundle {
  const header = ["optimizer", "label", "steps", "start f", "final f", "final x", "final y", "last learning rate"];
  const rows = p.trajectories.map((t) => [t.optimizer, t.label, t.points.length - 1, t.losses[0], t.losses.at(-1), t.points.at(-1)?.[0], t.points.at(-1)?.[1], t.learningRates.at(-1)]);
  const caption = `${p.title ? `${p.title}: ` : ""}${p.function} on [${formatNumber(p.grid.xs[0]!)}, ${formatNumber(p.grid.xs.at(-1)!)}] × [${formatNumber(p.grid.ys[0]!)}, ${formatNumber(p.grid.ys.at(-1)!)}]`;
  return viewBundle("surface", p, surfaceSvg(p), htmlTable(header, rows, caption), [caption, textTable(header, rows)].join("\n"));
}
