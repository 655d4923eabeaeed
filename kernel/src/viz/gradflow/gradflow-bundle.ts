/**
 * The gradient-flow bundle: payload, and an SVG of a layers × steps heat map of log10 ‖g‖
 * with the latest step's bars and the thresholds, plus the latest histograms of the
 * chosen layer; an HTML table of the latest values per layer; text.
 */
import { escapeHtml } from "../../jupyter/display/html.js";
import { viewBundle, htmlTable, textTable, formatNumber, type ViewBundle } from "../common/bundle.js";
import { viridis } from "../common/colors.js";
import { lineChartSvg, svgGrid } from "../line-chart.js";
import type { GradFlowPayload } from "../payloads.js";
import { svgDocument } from "../common/svg-document.js";

const MAX_SVG_COLUMNS = 80;

/** The latest finite value of a row. */
const latest = (row: readonly number[]) => {
  for (let i = row.length - 1; i >= 0; i--) if (row[i] !== null && !Number.isNaN(row[i]!)) return row[i]!;
  return Number.NaN;
};

function heatmapSvg(p: GradFlowPayload): { svg: string; width: number; height: number } {
  const label = 110;
  const cell = { w: 0, h: 18 };
  const stride = Math.max(1, Math.ceil(p.steps.length / MAX_SVG_COLUMNS));
  const columns = Math.ceil(p.steps.length / stride);
  cell.w = Math.max(3, Math.min(14, Math.floor(360 / Math.max(1, columns))));
  const barsX = label + columns * cell.w + 16;
  const barW = 150;
  const width = barsX + barW + 70;
  const top = 40;
  const height = top + p.layers.length * cell.h + 46;
  const logs = p.gradNorm.flat().filter((v) => v > 0 && Number.isFinite(v)).map(Math.log10);
  const [lo, hi] = logs.length ? [Math.min(...logs), Math.max(...logs)] : [0, 1];
  const colour = (v: number) => (v === null || Number.isNaN(v) ? "#eee" : !Number.isFinite(v) ? "#d62728" : v <= 0 ? viridis(0) : viridis(hi > lo ? (Math.log10(v) - lo) / (hi - lo) : 0.5));
  const parts: string[] = [];
  p.layers.forEach((layer, r) => {
    const y = top + r * cell.h;
    parts.push(`<text x="${label - 6}" y="${y + 13}" font-size="11" text-anchor="end">${escapeHtml(layer.length > 16 ? `${layer.slice(0, 15)}…` : layer)}</text>`);
    for (let c = 0; c < columns; c++) {
      const i = Math.min(p.steps.length - 1, c * stride + stride - 1);
      const v = p.gradNorm[r]![i]!;
      parts.push(`<rect x="${label + c * cell.w}" y="${y}" width="${cell.w}" height="${cell.h - 1}" fill="${colour(v)}"><title>${escapeHtml(`${layer}, step ${p.steps[i]}: ‖g‖ ${formatNumber(v)}`)}</title></rect>`);
    }
    // Bars of the latest ‖g‖ on a log axis from the vanishing to the exploding threshold.
    const v = latest(p.gradNorm[r]!);
    const [tlo, thi] = [Math.log10(p.thresholds.vanishing) - 1, Math.log10(p.thresholds.exploding) + 1];
    const t = Number.isFinite(v) && v > 0 ? Math.min(1, Math.max(0, (Math.log10(v) - tlo) / (thi - tlo))) : !Number.isFinite(v) && !Number.isNaN(v) ? 1 : 0;
    const flagged = v < p.thresholds.vanishing ? "vanishing" : v > p.thresholds.exploding ? "exploding" : "";
    const fill = flagged === "vanishing" ? "#1f77b4" : flagged === "exploding" ? "#d62728" : "#2ca02c";
    parts.push(`<rect x="${barsX}" y="${y + 2}" width="${(t * barW).toFixed(1)}" height="${cell.h - 5}" fill="${fill}"><title>${escapeHtml(`${layer}: latest ‖g‖ ${formatNumber(v)}${flagged ? ` (${flagged})` : ""}`)}</title></rect>`);
    parts.push(`<text x="${barsX + barW + 4}" y="${y + 13}" font-size="10">${escapeHtml(formatNumber(v))}${flagged ? ` ${flagged}` : ""}</text>`);
  });
  const first = p.steps[0];
  const last = p.steps.at(-1);
  const bottom = top + p.layers.length * cell.h;
  parts.push(`<text x="${label}" y="${bottom + 14}" font-size="10">step ${first ?? ""}</text><text x="${label + columns * cell.w}" y="${bottom + 14}" font-size="10" text-anchor="end">${last ?? ""}</text>`);
  parts.push(`<text x="${label}" y="${top - 8}" font-size="11">‖gradient‖ per layer over steps (log colour ${formatNumber(10 ** lo)} … ${formatNumber(10 ** hi)})</text>`);
  parts.push(`<text x="${barsX}" y="${top - 8}" font-size="11">latest ‖g‖</text>`);
  parts.push(`<text x="${label}" y="${bottom + 32}" font-size="10" fill="#555">flags: vanishing below ${formatNumber(p.thresholds.vanishing)}, exploding above ${formatNumber(p.thresholds.exploding)}</text>`);
  const title = p.title ? `<text x="${width / 2}" y="16" font-size="13" text-anchor="middle">${escapeHtml(p.title)}</text>` : "";
  return { svg: svgDocument(width, height, `${title}${parts.join("")}`), width, height };
}

function histogramPanels(p: GradFlowPayload): { svg: string; width: number; height: number }[] {
  return p.histograms.map((h) => {
    const centres = h.binEdges.slice(0, -1).map((e, i) => (e + h.binEdges[i + 1]!) / 2);
    const shown = [0, Math.floor((h.counts.length - 1) / 2), h.counts.length - 1].filter((v, i, a) => a.indexOf(v) === i);
    const lines = shown.map((i, k) => ({ label: `step ${h.steps[i]}`, xs: centres, ys: h.counts[i]!, step: true, color: viridis(shown.length === 1 ? 1 : k / (shown.length - 1)) }));
    return { svg: lineChartSvg(lines, { width: 300, height: 200, title: `${h.layer}: ${h.of}`, xLabel: "value", yLabel: "count" }), width: 300, height: 200 };
  });
}

/**
 * The gradient-flow bundle of a payload.
 * @example display(gradFlowBundle(flow.payload()))
 */
export function gradFlowBundle(p: GradFlowPayload): ViewBundle {
  const header = ["layer", "‖g‖", "mean |g|", "max |g|", "‖Δw‖/‖w‖", "flag"];
  const rows = p.layers.map((layer, r) => {
    const g = latest(p.gradNorm[r]!);
    const flag = g < p.thresholds.vanishing ? "vanishing" : g > p.thresholds.exploding ? "exploding" : "";
    return [layer, g, latest(p.meanAbsGrad[r]!), latest(p.maxAbsGrad[r]!), latest(p.updateRatio[r]!), flag];
  });
  const heat = heatmapSvg(p);
  const panels = [heat, ...histogramPanels(p)];
  const svg = panels.length === 1 ? heat.svg : svgGrid(panels, 1);
  const caption = `gradient flow at step ${p.steps.at(-1) ?? "–"} (${p.steps.length} columns); vanishing below ${formatNumber(p.thresholds.vanishing)}, exploding above ${formatNumber(p.thresholds.exploding)}`;
  // Flags come one per flagged column; the text names where each run of them starts.
  const flagged = new Set(p.flags.map((f) => `${f.layer}\u0000${f.kind}\u0000${f.step}`));
  const previousStep = new Map(p.steps.map((step, c) => [step, p.steps[c - 1]]));
  const starts = p.flags.filter((f) => !flagged.has(`${f.layer}\u0000${f.kind}\u0000${previousStep.get(f.step)}`));
  const plain = [`${p.title ? `${p.title}: ` : ""}${caption}`, textTable(header, rows), ...starts.slice(-10).map((f) => `${f.layer}: ${f.kind} from step ${f.step}`)].join("\n");
  return viewBundle("gradflow", p, svg, htmlTable(header, rows, caption), plain);
}
