/**
 * Live training curves. The toolbar (resolution, smoothing, log scale, export) and the
 * chart element are created once; each update rebuilds the small summary table and
 * calls Plotly.react on the same element with a fixed uirevision, so the user's zoom
 * and hidden legend entries survive the ~4 updates per second of a running fit. Long
 * series reach Plotly reduced to the chart's width (decimate.ts); the full series stay
 * in the payload for the CSV export.
 */
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { Widget } from "@lumino/widgets";
import type { MetricsPayload } from "gradbook/payloads";
import {
  GradbookRenderer, commonStrings, download, fileStem, format, h, loadPlotlyInto, replaceChildren, setText, themeName, themed,
  type Locale, type PlotlyApi, type RenderContext,
} from "../common/index.js";
import { buildFigure, defaultResolution, type Resolution } from "./figure.js";
import { metricsCsv } from "./csv.js";
import { strings } from "./strings.js";

/**
 * A cheap identity of what the chart shows: everything but the series values as JSON,
 * and each series by its length and sums (a full JSON of 8000 points costs milliseconds).
 */
function fingerprint(settings: unknown[], payload: MetricsPayload): string {
  const sum = (values: readonly number[]) => values.reduce((total, v, i) => total + v * (1 + (i % 7)), 0);
  const runs = payload.runs.map((run) => ({
    ...run,
    series: run.series.map((s) => [s.name, s.group, s.split, s.resolution, s.x.length, sum(s.x), sum(s.y)]),
    learningRate: run.learningRate && [run.learningRate.x.length, sum(run.learningRate.x), sum(run.learningRate.y)],
  }));
  return JSON.stringify([settings, runs]);
}

/** The same config at every update (Plotly.react compares it with the last one to decide on a full redraw). */
const PLOT_CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["toImage"] };

/** The chart's width before it is laid out (detached or hidden): also the export's width. */
const FALLBACK_WIDTH = 900;

const formatValue = (value: number) => (Number.isFinite(value) ? Number(value.toPrecision(4)).toString() : String(value));

export class MetricsRenderer extends GradbookRenderer<"metrics"> {
  private resolution: Resolution | undefined; // undefined until the user picks one
  private smoothing = 0;
  private logScale = false;
  private payload: MetricsPayload | undefined;
  private locale: Locale = "en";
  private drawnKey = "";
  private plotly: PlotlyApi | undefined;
  private readonly heading = h("div", { class: "gb-metrics-heading" });
  private readonly status = h("span", { class: "gb-metrics-status" });
  private readonly toolbar = h("div", { class: "gb-toolbar" });
  private readonly summary = h("table", { class: "gb-table gb-metrics-summary" });
  private readonly chart = h("div", { class: "gb-metrics-chart" });
  private readonly notes = h("div", { class: "gb-metrics-notes" });
  /** Time the last Plotly.react took, in ms (read by the browser benchmark). */
  lastDrawMs = 0;

  constructor(options: IRenderMime.IRendererOptions) {
    super("metrics", options);
  }

  protected async render(payload: MetricsPayload, context: RenderContext): Promise<void> {
    this.payload = payload;
    if (this.locale !== context.locale || context.renderCount === 0) {
      this.locale = context.locale;
      this.buildFrame();
    }
    const text = strings[this.locale];
    setText(this.heading.firstChild as Element, payload.title ?? text.title);
    setText(this.status, this.statusText(payload));
    this.fillSummary(payload);
    await this.draw();
  }

  private statusText(payload: MetricsPayload): string {
    const text = strings[this.locale];
    return payload.runs
      .map((run) => {
        const epochs = run.epochs.total === null ? format(text.epochOnly, { done: run.epochs.done }) : format(text.epochOf, { done: run.epochs.done, total: run.epochs.total });
        const state = run.interrupted ? text.interrupted : run.done ? text.done : text.running;
        return payload.runs.length > 1 ? `${run.label}: ${epochs}, ${state}` : `${epochs}, ${state}`;
      })
      .join(" · ");
  }

  /** The parts that only change with the language: heading, controls. */
  private buildFrame(): void {
    const text = strings[this.locale];
    const common = commonStrings[this.locale];
    replaceChildren(this.heading, h("span", { class: "gb-title" }), this.status);
    const resolution = h("select", { class: "gb-resolution", "aria-label": text.resolution, onchange: (event) => this.applyControl(() => (this.resolution = (event.target as HTMLSelectElement).value as Resolution)) },
      h("option", { value: "epoch" }, text.perEpoch),
      h("option", { value: "batch" }, text.perBatch),
    );
    const smoothingValue = h("span", { class: "gb-smoothing-value" }, this.smoothing.toFixed(2));
    const smoothing = h("input", {
      class: "gb-smoothing", type: "range", min: 0, max: 0.99, step: 0.01, value: this.smoothing, "aria-label": text.smoothing,
      oninput: (event) => this.applyControl(() => {
        this.smoothing = Number((event.target as HTMLInputElement).value);
        setText(smoothingValue, this.smoothing.toFixed(2));
      }),
    });
    const log = h("input", { class: "gb-log-scale", type: "checkbox", checked: this.logScale, onchange: (event) => this.applyControl(() => (this.logScale = (event.target as HTMLInputElement).checked)) });
    const exportButton = (label: string, kind: "png" | "svg" | "csv") =>
      h("button", { class: `gb-button gb-export-${kind}`, type: "button", title: format(common.exportTitle, { format: label }), onclick: () => void this.export(kind) }, label);
    replaceChildren(this.toolbar,
      h("label", {}, `${text.resolution} `, resolution),
      h("label", {}, `${text.smoothing} `, smoothing, " ", smoothingValue),
      h("label", {}, log, ` ${text.logScale}`),
      h("span", { class: "gb-spacer" }),
      exportButton(common.exportPng, "png"), exportButton(common.exportSvg, "svg"), exportButton(common.exportCsv, "csv"),
    );
    if (!this.content.contains(this.toolbar)) this.content.append(this.heading, this.toolbar, this.summary, this.chart, this.notes);
    this.drawnKey = "";
    replaceChildren(this.summary);
  }

  /** Applies a control change and redraws (the payload stays). */
  private applyControl(change: () => void): void {
    change();
    this.redraw();
  }

  /** Draws again if anything drawn changed (settings, width, theme), showing any failure. */
  private redraw(): void {
    void this.draw().catch((error: unknown) => this.showError(String(error), this.locale));
  }

  private fillSummary(payload: MetricsPayload): void {
    const text = strings[this.locale];
    const rows = payload.runs.flatMap((run) =>
      run.series
        .filter((series) => series.resolution === "epoch" || !run.series.some((s) => s.name === series.name && s.resolution === "epoch"))
        .map((series) => {
          const best = run.best[series.name];
          return [
            run.label,
            series.group,
            series.split === "validation" ? text.validation : text.train,
            series.y.length ? formatValue(series.y[series.y.length - 1]!) : "–",
            best ? format(text.bestAt, { value: formatValue(best.value), epoch: best.epoch }) : "–",
          ];
        }),
    );
    // During a fit only the numbers change: update the cells' text in place.
    const body = this.summary.tBodies[0];
    if (body && rows.length > 0 && body.rows.length === rows.length && body.rows[0]!.cells.length === 5) {
      rows.forEach((row, r) => row.forEach((value, c) => setText(body.rows[r]!.cells[c]!, value)));
      return;
    }
    const numeric = [false, false, false, true, true];
    const bodyRows = rows.map((row) => h("tr", {}, ...row.map((value, c) => h("td", { class: numeric[c] ? `gb-number${c === 4 ? " gb-best" : ""}` : undefined }, value))));
    const head = h("tr", {}, ...[text.run, text.metric, text.split, text.current, text.best].map((label) => h("th", {}, label)));
    replaceChildren(this.summary, h("thead", {}, head), h("tbody", {}, ...(bodyRows.length ? bodyRows : [h("tr", {}, h("td", { colspan: 5 }, text.noData))])));
  }

  private async draw(): Promise<void> {
    const payload = this.payload;
    if (!payload) return;
    const resolution = this.resolution ?? defaultResolution(payload);
    const select = this.toolbar.querySelector<HTMLSelectElement>(".gb-resolution");
    if (select && select.value !== resolution) select.value = resolution;
    // Long series are reduced to the chart's width (figure.ts), so the width is part of what is drawn.
    const width = this.chart.clientWidth || FALLBACK_WIDTH;
    // Cheap to call again: the same payload and settings draw nothing.
    const key = fingerprint([resolution, this.smoothing, this.logScale, this.locale, themeName(), width], payload);
    if (key === this.drawnKey) return;
    this.drawnKey = key;
    this.plotly ??= await loadPlotlyInto(this.chart, commonStrings[this.locale].loading);
    const figure = buildFigure(payload, { resolution, smoothing: this.smoothing, logScale: this.logScale, locale: this.locale, width });
    setText(this.notes, figure.notes.join(" · "));
    const started = performance.now();
    await this.plotly.react(this.chart, figure.data, themed(figure.layout), PLOT_CONFIG);
    this.lastDrawMs = performance.now() - started;
    this.chart.dataset.drawMs = this.lastDrawMs.toFixed(2);
    this.chart.dataset.renders = String(Number(this.chart.dataset.renders ?? 0) + 1);
    // How many points Plotly was handed (read by the browser benchmark: bounded by the width, not the series).
    this.chart.dataset.points = String(figure.data.reduce((sum, trace) => sum + ((trace.x as unknown[] | undefined)?.length ?? 0), 0));
  }

  private async export(kind: "png" | "svg" | "csv"): Promise<void> {
    if (!this.payload) return;
    const stem = fileStem(this.payload.title, "metrics");
    if (kind === "csv") return download(`${stem}.csv`, metricsCsv(this.payload), "text/csv");
    if (!this.plotly) return;
    const url = await this.plotly.toImage(this.chart, { format: kind, width: this.chart.clientWidth || FALLBACK_WIDTH, height: this.chart.clientHeight || 500, scale: kind === "png" ? 2 : 1 });
    download(`${stem}.${kind}`, url);
  }

  protected override onResize(message: Widget.ResizeMessage): void {
    super.onResize(message);
    if (this.plotly && this.chart.querySelector(".plot-container")) this.plotly.Plots?.resize(this.chart);
    this.redraw(); // a new width reduces the series to a new number of columns
  }

  override dispose(): void {
    if (this.plotly && !this.isDisposed) this.plotly.purge(this.chart);
    super.dispose();
  }
}
