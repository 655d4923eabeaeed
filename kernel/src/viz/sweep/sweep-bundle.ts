/**
 * The sweep bundle: payload, an SVG of the ranking metric's curve per run (best first), and
 * an HTML table of the runs in rank order.
 */
import { escapeHtml } from "../../jupyter/display/html.js";
import { viewBundle, htmlTable, textTable, formatNumber, type ViewBundle } from "../common/bundle.js";
import { seriesColor } from "../common/colors.js";
import { lineChartSvg } from "../line-chart.js";
import type { SweepPayload } from "../payloads.js";

type Run = SweepPayload["runs"][number];

/** Runs best first by the final metric (failed and unfinished last, in their order). */
export function rankedRuns(payload: SweepPayload): Run[] {
  const score = (r: Run) => r.final[payload.metric];
  return [...payload.runs].sort((a, b) => {
    const [x, y] = [score(a), score(b)];
    const [okA, okB] = [x !== undefined && Number.isFinite(x), y !== undefined && Number.isFinite(y)];
    if (okA !== okB) return okA ? -1 : 1;
    if (!okA) return 0;
    return payload.goal === "min" ? x! - y! : y! - x!;
  });
}

const paramText = (payload: SweepPayload, run: Run) => payload.parameters.map((p) => `${p}=${typeof run.params[p] === "number" ? formatNumber(run.params[p] as number) : String(run.params[p])}`).join(", ");

/**
 * The sweep bundle of a payload.
 * @example display(sweepBundle(payload))
 */
export function sweepBundle(payload: SweepPayload): ViewBundle {
  const ranked = rankedRuns(payload);
  const drawn = ranked.filter((r) => (r.curves[payload.metric]?.length ?? 0) > 0).slice(0, 10);
  const lines = drawn.map((r, k) => ({ label: `${r.id}: ${paramText(payload, r)}`, ys: r.curves[payload.metric]!, xs: r.curves[payload.metric]!.map((_, i) => i + 1), color: seriesColor(k) }));
  const done = payload.runs.filter((r) => r.status === "done").length;
  const title = `${payload.title ? `${payload.title}: ` : ""}${payload.metric} (${payload.goal === "min" ? "lower" : "higher"} is better), ${done}/${payload.runs.length} runs done`;
  const svg = lineChartSvg(lines, { width: 620, height: 320, title, xLabel: "epoch", yLabel: payload.metric });
  const metrics = [...new Set(payload.runs.flatMap((r) => Object.keys(r.final)))];
  const header = ["rank", "run", "status", ...payload.parameters, ...metrics];
  const rows = ranked.map((r, i) => [r.final[payload.metric] !== undefined ? String(i + 1) : "", r.id, r.error ? `${r.status}: ${r.error}` : r.status, ...payload.parameters.map((p) => (typeof r.params[p] === "number" ? (r.params[p] as number) : String(r.params[p]))), ...metrics.map((m) => r.final[m])]);
  const best = ranked[0];
  const bestLine = best && best.final[payload.metric] !== undefined ? `best: ${best.id} (${paramText(payload, best)}) ${payload.metric} = ${formatNumber(best.final[payload.metric]!)}` : "no finished run yet";
  const plain = [title, bestLine, textTable(header, rows)].join("\n");
  return viewBundle("sweep", payload, svg, `<div style="font-size:12px">${escapeHtml(bestLine)}</div>${htmlTable(header, rows)}`, plain);
}
