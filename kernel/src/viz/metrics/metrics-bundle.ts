/**
 * The metrics bundle from a payload: the JSON for the extension, and an SVG of one panel per
 * metric group (train solid, validation dashed, best marked, early stop as a line, the
 * learning rate in its own panel), an HTML table of current and best values, and text.
 */
import { escapeHtml } from "../../jupyter/display/html.js";
import { viewBundle, htmlTable, textTable, formatNumber, type ViewBundle } from "../common/bundle.js";
import { seriesColor } from "../common/colors.js";
import { lineChartSvg, svgGrid, type ChartMarker, type ChartVerticalLine, type LineSeries } from "../line-chart.js";
import type { MetricSeries, MetricsPayload } from "../payloads.js";

const PANEL = { width: 380, height: 230 };

type Run = MetricsPayload["runs"][number];

/** Per run and split, the series of a group worth drawing: per epoch when there is one, else per batch. */
function panelSeries(run: Run, group: string): MetricSeries[] {
  const inGroup = run.series.filter((s) => s.group === group);
  return (["train", "validation"] as const).flatMap((split) => {
    const own = inGroup.filter((s) => s.split === split);
    const epoch = own.filter((s) => s.resolution === "epoch" && s.x.length > 0);
    return epoch.length > 0 ? epoch : own.filter((s) => s.resolution === "batch");
  });
}

function metricsSvg(payload: MetricsPayload): string {
  const groups = [...new Set(payload.runs.flatMap((r) => r.series.map((s) => s.group)))];
  const several = payload.runs.length > 1;
  const panels = groups.map((group) => {
    const lines: LineSeries[] = [];
    const markers: ChartMarker[] = [];
    const verticalLines: ChartVerticalLine[] = [];
    payload.runs.forEach((run, r) => {
      const prefix = several ? `${run.label}: ` : "";
      for (const s of panelSeries(run, group)) {
        const color = several ? seriesColor(r) : seriesColor(s.split === "train" ? 0 : 1);
        lines.push({ label: `${prefix}${s.name}${s.resolution === "batch" ? " (per batch)" : ""}`, xs: s.x, ys: s.y, dashed: s.split === "validation", color });
        const best = run.best[s.name];
        if (best && s.resolution === "epoch") markers.push({ x: best.epoch, y: best.value, label: `${prefix}best ${s.name} ${formatNumber(best.value)} at epoch ${best.epoch}`, color });
      }
      if (run.earlyStopEpoch !== undefined) verticalLines.push({ x: run.earlyStopEpoch, label: `${prefix}early stop at epoch ${run.earlyStopEpoch}`, color: several ? seriesColor(r) : "#555" });
    });
    return { svg: lineChartSvg(lines, { ...PANEL, title: group, xLabel: "epoch", markers, verticalLines }), ...PANEL };
  });
  const rates = payload.runs.filter((r) => (r.learningRate?.x.length ?? 0) > 0);
  if (rates.length > 0) {
    const values = rates.flatMap((r) => r.learningRate!.y.filter((v) => v > 0));
    const logY = values.length > 0 && Math.max(...values) / Math.min(...values) > 100;
    const lines = rates.map((r) => ({ label: several ? `${r.label}: learning rate` : "learning rate", xs: r.learningRate!.x, ys: r.learningRate!.y, step: true, color: seriesColor(payload.runs.indexOf(r)) }));
    panels.push({ svg: lineChartSvg(lines, { ...PANEL, title: "learning rate", xLabel: "epoch", logY }), ...PANEL });
  }
  if (panels.length === 0) panels.push({ svg: lineChartSvg([], { ...PANEL, title: "waiting for the first values…" }), ...PANEL });
  return svgGrid(panels, 2, payload.title ?? "");
}

/** Last value of each series, per run: [run label, series name, last, best, best epoch]. */
function summaryRows(payload: MetricsPayload): (string | number | undefined)[][] {
  return payload.runs.flatMap((run) => {
    const names = [...new Set(run.series.map((s) => s.name))];
    return names.map((name) => {
      const s = run.series.find((x) => x.name === name && x.resolution === "epoch" && x.y.length > 0) ?? run.series.find((x) => x.name === name)!;
      const best = run.best[name];
      return [run.label, name, s.y.at(-1), best?.value, best?.epoch];
    });
  });
}

function statusLine(run: Run): string {
  const total = run.epochs.total === null ? "" : `/${run.epochs.total}`;
  // The chart counts epochs from 1 (x = epochs done), callbacks from 0: say both, so the
  // number matches EarlyStopping.stoppedEpoch as well as the axis.
  const stop = run.earlyStopEpoch !== undefined ? `, stopped early at epoch ${run.earlyStopEpoch} (stoppedEpoch = ${run.earlyStopEpoch - 1}, counted from 0)` : "";
  const state = run.interrupted ? " (interrupted)" : run.done ? " (done)" : "";
  return `${run.label}: epoch ${run.epochs.done}${total}${state}${stop}`;
}

/**
 * The full metrics bundle for a payload (already downsampled; see MetricsPlot).
 * @example display(metricsBundle({ version: 1, runs: [...] }))
 */
export function metricsBundle(payload: MetricsPayload): ViewBundle {
  const header = ["run", "metric", "last", "best", "best epoch"];
  const rows = summaryRows(payload);
  const status = payload.runs.map((r) => `<div>${escapeHtml(statusLine(r))}</div>`).join("");
  const plain = [payload.title ?? "Training metrics", ...payload.runs.map(statusLine), textTable(header, rows)].join("\n");
  return viewBundle("metrics", payload, metricsSvg(payload), `<div style="font-size:12px">${status}</div>${htmlTable(header, rows)}`, plain);
}
