/**
 * Plotly (its cartesian dist bundle, ~1 MB) is loaded on first use through a dynamic
 * import, so the bundler puts it in a chunk of its own and notebooks without charts
 * never fetch it. Tests swap in a recording fake with `setPlotlyLoader`.
 */

import { h } from "./dom.js";

/** One trace or layout: Plotly's own option objects, kept loose on purpose. */
export type PlotlyData = Record<string, unknown>;
export type PlotlyLayout = Record<string, unknown>;

/** The subset of Plotly's API the views use. */
export interface PlotlyApi {
  react(root: HTMLElement, data: PlotlyData[], layout?: PlotlyLayout, config?: Record<string, unknown>): Promise<unknown>;
  purge(root: HTMLElement): void;
  toImage(root: HTMLElement, options: { format: "png" | "svg"; width?: number; height?: number; scale?: number }): Promise<string>;
  Plots?: { resize(root: HTMLElement): void };
}

let loader: () => Promise<PlotlyApi> = async () => {
  const module = (await import("plotly.js-cartesian-dist-min")) as unknown as { default?: PlotlyApi } & PlotlyApi;
  return module.default ?? module;
};
let loaded: Promise<PlotlyApi> | undefined;

/** Plotly, loaded once. */
export function loadPlotly(): Promise<PlotlyApi> {
  loaded ??= loader().catch((error: unknown) => {
    loaded = undefined; // let the next render try again
    throw error;
  });
  return loaded;
}

/**
 * Plotly for a view's chart element: while the first load runs, an empty chart shows
 * `loadingText`, removed once Plotly is there.
 * @example this.plotly ??= await loadPlotlyInto(this.chart, commonStrings[this.locale].loading);
 */
export async function loadPlotlyInto(chart: HTMLElement, loadingText: string): Promise<PlotlyApi> {
  if (!chart.firstChild) chart.append(h("div", { class: "gb-loading" }, loadingText));
  const plotly = await loadPlotly();
  chart.querySelector(".gb-loading")?.remove();
  return plotly;
}

/** Replaces how Plotly is loaded (tests); forgets any loaded copy. */
export function setPlotlyLoader(load: () => Promise<PlotlyApi>): void {
  loader = load;
  loaded = undefined;
}

/**
 * Colours for runs and series, readable on light and dark JupyterLab themes.
 * @example seriesColor(0) // "#1f77b4"
 */
export function seriesColor(index: number): string {
  const palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
  return palette[((index % palette.length) + palette.length) % palette.length]!;
}

/**
 * Plotly reads a few HTML-like tags and entities in names and titles; escaping `&`, `<`
 * and `>` makes it show a data label exactly as written (`<script>` stays text).
 * @example plotlyText("a<b") // "a&lt;b"
 */
export function plotlyText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
