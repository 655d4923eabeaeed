/**
 * Gradient flow per layer over training steps: a heatmap of the chosen statistic with
 * the current step's bars beside it, the vanishing/exploding flags listed with their
 * thresholds explained in words, and one layer's weight and gradient histograms over
 * time. Controls and chart elements are made once; live updates call Plotly.react on the
 * same elements with fixed uirevisions, and skip charts whose input did not change.
 */
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import type { GradFlowPayload } from "gradbook/payloads";
import { GradbookRenderer, commonStrings, format, h, loadPlotlyInto, replaceChildren, setText, themeColors, themeName, themed, type Locale, type PlotlyApi, type RenderContext } from "../common/index.js";
import { buildFlowFigure, buildHistogramFigure, histogramLayers, STATISTICS, summariseFlags, type Statistic } from "./figure.js";
import { strings } from "./strings.js";

const CONFIG = { displaylogo: false, responsive: true };
const short = (value: number) => (Number.isFinite(value) ? (Math.abs(value) < 1e-3 || Math.abs(value) >= 1e4 ? value.toExponential(0) : String(value)) : String(value));

export class GradFlowRenderer extends GradbookRenderer<"gradflow"> {
  private locale: Locale = "en";
  private payload: GradFlowPayload | undefined;
  private statistic: Statistic = "gradNorm";
  private logColor = true;
  private layer: string | undefined; // histogram layer the user picked
  private plotly: PlotlyApi | undefined;
  private drawnFlow = "";
  private drawnHistograms = "";
  private readonly heading = h("div", { class: "gb-gradflow-heading" });
  private readonly titleText = h("span", { class: "gb-title" });
  private readonly status = h("span", { class: "gb-gradflow-status" });
  private readonly toolbar = h("div", { class: "gb-toolbar" });
  private readonly statisticSelect = h("select", { class: "gb-gradflow-statistic" });
  private readonly logInput = h("input", { class: "gb-gradflow-log", type: "checkbox" });
  private readonly chart = h("div", { class: "gb-gradflow-chart" });
  private readonly thresholds = h("p", { class: "gb-gradflow-thresholds" });
  private readonly flags = h("ul", { class: "gb-gradflow-flags" });
  private readonly histogramHeading = h("div", { class: "gb-gradflow-histogram-heading" });
  private readonly layerSelect = h("select", { class: "gb-gradflow-layer" });
  private readonly histogramChart = h("div", { class: "gb-gradflow-histograms" });
  private readonly histogramEmpty = h("p", { class: "gb-gradflow-nohistograms", hidden: true });

  constructor(options: IRenderMime.IRendererOptions) {
    super("gradflow", options);
    this.heading.append(this.titleText, this.status);
    this.content.append(this.heading, this.toolbar, this.chart, this.thresholds, this.flags, this.histogramHeading, this.histogramEmpty, this.histogramChart);
    this.statisticSelect.addEventListener("change", () => this.applyControl(() => (this.statistic = this.statisticSelect.value as Statistic)));
    this.logInput.addEventListener("change", () => this.applyControl(() => (this.logColor = this.logInput.checked)));
    this.layerSelect.addEventListener("change", () => this.applyControl(() => (this.layer = this.layerSelect.value)));
  }

  protected async render(payload: GradFlowPayload, context: RenderContext): Promise<void> {
    this.payload = payload;
    if (this.locale !== context.locale || context.renderCount === 0) {
      this.locale = context.locale;
      this.buildFrame();
    }
    const text = strings[this.locale];
    setText(this.titleText, payload.title ?? text.title);
    const steps = payload.steps.length;
    setText(this.status, steps ? format(text.status, { layers: payload.layers.length, steps, step: payload.steps[steps - 1]! }) : text.noSteps);
    setText(this.thresholds, format(text.thresholds, { vanishing: short(payload.thresholds?.vanishing), exploding: short(payload.thresholds?.exploding) }));
    this.fillFlags(payload);
    this.fillLayers(payload);
    await this.draw();
  }

  /** The parts that change only with the language. */
  private buildFrame(): void {
    const text = strings[this.locale];
    replaceChildren(this.statisticSelect, ...STATISTICS.map((name) => h("option", { value: name }, text[name])));
    this.statisticSelect.value = this.statistic;
    this.statisticSelect.setAttribute("aria-label", text.statistic);
    this.logInput.checked = this.logColor;
    replaceChildren(this.toolbar,
      h("label", {}, `${text.statistic} `, this.statisticSelect),
      h("label", {}, this.logInput, ` ${text.logColor}`));
    replaceChildren(this.histogramHeading, h("span", { class: "gb-subtitle" }, text.histograms), " ", h("label", {}, `${text.histogramLayer} `, this.layerSelect));
    setText(this.histogramEmpty, text.noHistograms);
    this.drawnFlow = "";
    this.drawnHistograms = "";
  }

  private fillFlags(payload: GradFlowPayload): void {
    const text = strings[this.locale];
    const summary = summariseFlags(payload);
    if (summary.length === 0) return replaceChildren(this.flags, h("li", { class: "gb-gradflow-noflags" }, text.noFlags));
    replaceChildren(this.flags, ...summary.map((flag) =>
      h("li", { class: `gb-gradflow-flag gb-flag-${flag.kind}` },
        format(text.flagLine, { layer: flag.layer, kind: text[flag.kind], count: flag.steps.length, first: Math.min(...flag.steps), last: Math.max(...flag.steps) }))));
  }

  private fillLayers(payload: GradFlowPayload): void {
    const layers = histogramLayers(payload);
    const current = [...this.layerSelect.options].map((option) => option.value);
    if (current.length !== layers.length || current.some((value, i) => value !== layers[i])) {
      replaceChildren(this.layerSelect, ...layers.map((layer) => h("option", { value: layer }, layer)));
    }
    if (this.layer !== undefined && layers.includes(this.layer)) this.layerSelect.value = this.layer;
    this.layerSelect.disabled = layers.length === 0;
  }

  private applyControl(change: () => void): void {
    change();
    void this.draw().catch((error: unknown) => this.showError(String(error), this.locale));
  }

  private async draw(): Promise<void> {
    const payload = this.payload;
    if (!payload) return;
    const flowKey = JSON.stringify([this.statistic, this.logColor, this.locale, themeName(), payload.layers, payload.steps, payload[this.statistic], payload.flags, payload.thresholds]);
    const layers = histogramLayers(payload);
    const layer = this.layer !== undefined && layers.includes(this.layer) ? this.layer : layers[0];
    const histogramKey = JSON.stringify([layer, this.locale, themeName(), payload.histograms.filter((histogram) => histogram.layer === layer)]);
    if (flowKey === this.drawnFlow && histogramKey === this.drawnHistograms) return;
    this.plotly ??= await loadPlotlyInto(this.chart, commonStrings[this.locale].loading);
    if (flowKey !== this.drawnFlow) {
      this.drawnFlow = flowKey;
      const figure = buildFlowFigure(payload, { statistic: this.statistic, logColor: this.logColor, locale: this.locale });
      await this.plotly.react(this.chart, figure.data, themed(figure.layout), CONFIG);
    }
    if (histogramKey !== this.drawnHistograms) {
      this.drawnHistograms = histogramKey;
      this.histogramChart.hidden = layer === undefined;
      this.histogramEmpty.hidden = layer !== undefined;
      if (layer === undefined) return;
      const figure = buildHistogramFigure(payload, layer, this.locale, themeColors().light);
      await this.plotly.react(this.histogramChart, figure.data, themed(figure.layout), CONFIG);
    }
  }

  override dispose(): void {
    if (this.plotly && !this.isDisposed) {
      this.plotly.purge(this.chart);
      this.plotly.purge(this.histogramChart);
    }
    super.dispose();
  }
}
