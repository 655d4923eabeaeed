/**
 * A hyperparameter sweep: a sortable table of runs, a heatmap of the metric when two
 * parameters were searched, parallel coordinates when more were, and the learning curves
 * of the selected runs. Updates (a sweep in progress) rebuild the table and re-react the
 * charts in place; the sort order and the selection are the user's and survive them.
 */
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import type { SweepPayload } from "gradbook/payloads";
import {
  GradbookRenderer, format, h, loadPlotly, plotlyText, replaceChildren, seriesColor, setText, svg, themeName, themed,
  type Locale, type PlotlyApi, type RenderContext,
} from "../common/index.js";
import { finalMetrics, formatTick, heatmapMatrix, parallelAxes, rankRuns, sortRuns, type Column, type SortOrder, type SweepRun } from "./model.js";
import { strings } from "./strings.js";

const formatValue = (value: unknown) => (typeof value === "number" ? formatTick(value) : value === undefined ? "–" : String(value));
const sameColumn = (a: Column, b: Column) => a.kind === b.kind && ("name" in a ? a.name : "") === ("name" in b ? b.name : "");

export class SweepRenderer extends GradbookRenderer<"sweep"> {
  private payload: SweepPayload | undefined;
  private locale: Locale = "en";
  private order: SortOrder = { column: { kind: "rank" }, descending: false };
  /** The runs whose curves are drawn; undefined until the user picks (then the top 3). */
  private selected: Set<string> | undefined;
  private plotly: PlotlyApi | undefined;
  private drawnKey = "";
  private readonly heading = h("div", { class: "gb-sweep-heading" });
  private readonly table = h("table", { class: "gb-table gb-sweep-table" });
  private readonly heatmap = h("div", { class: "gb-sweep-heatmap" });
  private readonly parallel = h("div", { class: "gb-sweep-parallel" });
  private readonly curves = h("div", { class: "gb-sweep-curves" });
  private readonly curvesNote = h("div", { class: "gb-note" });

  constructor(options: IRenderMime.IRendererOptions) {
    super("sweep", options);
    this.content.append(this.heading, this.table, this.heatmap, this.parallel, this.curvesNote, this.curves);
  }

  protected async render(payload: SweepPayload, context: RenderContext): Promise<void> {
    this.payload = payload;
    this.locale = context.locale;
    await this.refresh();
  }

  /** The selected run ids: the user's choice, else the three best finished runs. */
  private selection(payload: SweepPayload): Set<string> {
    if (this.selected) return this.selected;
    const finished = new Set(payload.runs.filter((run) => run.final[payload.metric] !== undefined).map((run) => run.id));
    return new Set(rankRuns(payload).filter((id) => finished.has(id)).slice(0, 3));
  }

  private toggle(id: string): void {
    if (!this.payload) return;
    const next = new Set(this.selection(this.payload));
    if (next.has(id)) next.delete(id);
    else next.add(id);
    this.selected = next;
    void this.refresh().catch((error: unknown) => this.showError(String(error), this.locale));
  }

  private async refresh(): Promise<void> {
    const payload = this.payload;
    if (!payload) return;
    const text = strings[this.locale];
    const done = payload.runs.filter((run) => run.status === "done").length;
    replaceChildren(this.heading,
      h("span", { class: "gb-title" }, payload.title ?? text.title),
      h("span", { class: "gb-sweep-ranked" }, format(text.rankedBy, { metric: payload.metric, goal: payload.goal === "min" ? text.lowerBetter : text.higherBetter })),
      " · ",
      h("span", { class: "gb-sweep-progress" }, format(text.progress, { done, total: payload.runs.length })),
    );
    this.fillTable(payload);
    this.drawParallel(payload);
    await this.drawCharts(payload);
  }

  private fillTable(payload: SweepPayload): void {
    const text = strings[this.locale];
    const selected = this.selection(payload);
    const ranks = new Map(rankRuns(payload).map((id, index) => [id, index + 1]));
    const best = payload.runs.find((run) => ranks.get(run.id) === 1 && run.final[payload.metric] !== undefined)?.id;
    const metrics = finalMetrics(payload);
    const columns: { column: Column; label: string }[] = [
      { column: { kind: "rank" }, label: text.rank },
      { column: { kind: "id" }, label: text.run },
      { column: { kind: "status" }, label: text.status },
      ...payload.parameters.map((name) => ({ column: { kind: "param", name } as Column, label: name })),
      ...metrics.map((name) => ({ column: { kind: "final", name } as Column, label: name })),
    ];
    const header = h("tr", {}, h("th", {}),
      ...columns.map(({ column, label }) => {
        const active = sameColumn(column, this.order.column);
        const arrow = active ? (this.order.descending ? " ▼" : " ▲") : "";
        return h("th", {
          class: `gb-sortable${active ? " gb-sorted" : ""}`,
          "aria-sort": active ? (this.order.descending ? "descending" : "ascending") : "none",
          onclick: () => {
            this.order = { column, descending: active ? !this.order.descending : false };
            this.fillTable(payload);
          },
        }, label, arrow);
      }),
      h("th", {}, text.error),
    );
    const statusLabel = (run: SweepRun) => text[run.status] ?? run.status;
    const rows = sortRuns(payload, this.order).map((run) =>
      h("tr", { class: `${run.id === best ? "gb-best-row " : ""}gb-status-${run.status}`, "data-run": run.id },
        h("td", {}, h("input", { type: "checkbox", title: text.select, checked: selected.has(run.id), onchange: () => this.toggle(run.id) })),
        h("td", { class: "gb-number" }, ranks.get(run.id) ?? ""),
        h("td", {}, run.id),
        h("td", {}, statusLabel(run)),
        ...payload.parameters.map((name) => h("td", { class: "gb-number" }, formatValue(run.params[name]))),
        ...metrics.map((name) => h("td", { class: "gb-number" }, formatValue(run.final[name]))),
        h("td", { class: "gb-sweep-error" }, run.error ?? ""),
      ),
    );
    replaceChildren(this.table, h("thead", {}, header), h("tbody", {}, ...rows));
  }

  /** Parallel coordinates in plain SVG (Plotly's parcoords needs WebGL): one line per run. */
  private drawParallel(payload: SweepPayload): void {
    if (payload.parameters.length < 3) {
      this.parallel.hidden = true;
      return;
    }
    this.parallel.hidden = false;
    const text = strings[this.locale];
    const axes = parallelAxes(payload);
    const selected = this.selection(payload);
    const width = Math.max(480, 130 * axes.length);
    const height = 260;
    const top = 30;
    const bottom = 20;
    const left = 50;
    const step = (width - 2 * left) / Math.max(1, axes.length - 1);
    const y = (at: number) => top + (1 - at) * (height - top - bottom);
    const metricValues = payload.runs.map((run) => run.final[payload.metric]).filter((v): v is number => typeof v === "number");
    const [min, max] = [Math.min(...metricValues), Math.max(...metricValues)];
    const quality = (v: number | undefined) => (v === undefined || max === min ? 0.5 : payload.goal === "min" ? (max - v) / (max - min) : (v - min) / (max - min));
    const root = svg("svg", { class: "gb-parallel", width, height, viewBox: `0 0 ${width} ${height}`, role: "img" });
    for (const run of payload.runs) {
      const points = axes.map((axis, i) => {
        const at = axis.position(axis.source === "metric" ? run.final[payload.metric] : run.params[axis.name]);
        return at === undefined ? undefined : `${left + i * step},${y(at)}`;
      });
      if (points.some((p) => p === undefined)) continue;
      const isSelected = selected.has(run.id);
      const hue = Math.round(120 * quality(run.final[payload.metric]));
      const line = svg("polyline", {
        class: `gb-parallel-line${isSelected ? " gb-selected" : ""}`, points: points.join(" "), fill: "none",
        stroke: `hsl(${hue}, 70%, 45%)`, "stroke-width": isSelected ? 3 : 1.5, "stroke-opacity": isSelected ? 1 : 0.55, "data-run": run.id,
      }, svg("title", {}, `${run.id}: ${payload.metric} = ${formatValue(run.final[payload.metric])}`));
      line.addEventListener("click", () => this.toggle(run.id));
      root.append(line);
    }
    axes.forEach((axis, i) => {
      const x = left + i * step;
      root.append(svg("line", { x1: x, x2: x, y1: y(0), y2: y(1), class: "gb-parallel-axis" }));
      root.append(svg("text", { x, y: 14, "text-anchor": "middle", class: "gb-parallel-name" }, axis.name));
      for (const tick of axis.ticks) root.append(svg("text", { x: x - 4, y: y(tick.at) + 3, "text-anchor": "end", class: "gb-parallel-tick" }, tick.label));
    });
    replaceChildren(this.parallel, h("div", { class: "gb-subtitle" }, text.parallel), root);
  }

  private async drawCharts(payload: SweepPayload): Promise<void> {
    const text = strings[this.locale];
    const selected = [...this.selection(payload)];
    setText(this.curvesNote, selected.length ? text.curves : text.noneSelected);
    const key = JSON.stringify([payload, selected, this.locale, themeName()]);
    if (key === this.drawnKey) return;
    this.drawnKey = key;
    const showHeatmap = payload.parameters.length === 2 && payload.runs.some((run) => run.final[payload.metric] !== undefined);
    this.heatmap.hidden = !showHeatmap;
    const curveRuns = payload.runs.filter((run) => selected.includes(run.id));
    this.curves.hidden = curveRuns.length === 0;
    if (!showHeatmap && curveRuns.length === 0) return;
    this.plotly ??= await loadPlotly();
    const config = { displaylogo: false, responsive: true };
    if (showHeatmap) {
      const [xName, yName] = payload.parameters as [string, string];
      const matrix = heatmapMatrix(payload, xName, yName);
      await this.plotly.react(this.heatmap, [{
        type: "heatmap", x: matrix.x.map(plotlyText), y: matrix.y.map(plotlyText), z: matrix.z, customdata: matrix.ids, colorscale: "Viridis",
        reversescale: payload.goal === "min", hoverongaps: false, colorbar: { title: { text: plotlyText(payload.metric) } },
        hovertemplate: `${plotlyText(xName)}=%{x}<br>${plotlyText(yName)}=%{y}<br>${plotlyText(payload.metric)}=%{z:.4g}<br>%{customdata}<extra></extra>`,
      }], themed({
        uirevision: "gradbook-sweep-heatmap", height: 320, margin: { l: 70, r: 20, t: 30, b: 50 },
        title: { text: plotlyText(format(text.heatmap, { metric: payload.metric, x: xName, y: yName })), font: { size: 12 } },
        xaxis: { type: "category", title: { text: plotlyText(xName) } },
        yaxis: { type: "category", title: { text: plotlyText(yName) } },
      }), config);
    }
    if (curveRuns.length > 0) {
      const curveName = (run: SweepRun) => (run.curves[payload.metric] ? payload.metric : Object.keys(run.curves)[0]);
      const data = curveRuns.flatMap((run) => {
        const name = curveName(run);
        const values = name ? run.curves[name]! : [];
        const index = payload.runs.indexOf(run);
        const params = payload.parameters.map((p) => `${p}=${formatValue(run.params[p])}`).join(", ");
        return [{ type: "scatter", mode: values.length === 1 ? "markers" : "lines", x: values.map((_, i) => i + 1), y: values, name: plotlyText(`${run.id} (${params})`), line: { color: seriesColor(index), width: 2 } }];
      });
      await this.plotly.react(this.curves, data, themed({
        uirevision: "gradbook-sweep-curves", height: 300, margin: { l: 60, r: 20, t: 20, b: 40 }, showlegend: true,
        xaxis: { title: { text: plotlyText(text.epoch) } },
        yaxis: { title: { text: plotlyText(payload.metric) } },
      }), config);
    }
  }

  override dispose(): void {
    if (this.plotly && !this.isDisposed) {
      this.plotly.purge(this.heatmap);
      this.plotly.purge(this.curves);
    }
    super.dispose();
  }
}
