/** Shared helpers for renderer tests (import "./dom.js" before this). */
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { Widget } from "@lumino/widgets";
import { setPlotlyLoader, type PlotlyApi, type PlotlyData, type PlotlyLayout } from "../../extension/src/common/index.js";

/** A MIME model as JupyterLab hands it to a renderer. */
export function mimeModel(mimeType: string, data: unknown, trusted = true): IRenderMime.IMimeModel {
  return { trusted, data: { [mimeType]: data } as IRenderMime.IMimeModel["data"], metadata: {}, setData: () => undefined };
}

/** Attaches a renderer widget to the document (as JupyterLab would). */
export function attach<T extends Widget>(widget: T): T {
  Widget.attach(widget, document.body);
  return widget;
}

/** A Plotly stand-in that records each `react` call. */
export class FakePlotly implements PlotlyApi {
  calls: { data: PlotlyData[]; layout: PlotlyLayout; config?: Record<string, unknown> }[] = [];
  /** Delay of each react call in ms (to test that renders never overlap). */
  delay = 0;
  active = 0;
  maxActive = 0;
  async react(_root: HTMLElement, data: PlotlyData[], layout: PlotlyLayout = {}, config?: Record<string, unknown>): Promise<unknown> {
    this.active += 1;
    this.maxActive = Math.max(this.maxActive, this.active);
    if (this.delay) await new Promise((resolve) => setTimeout(resolve, this.delay));
    this.calls.push({ data, layout, config });
    this.active -= 1;
    return undefined;
  }
  purge(): void {}
  async toImage(_root: HTMLElement, options: { format: "png" | "svg" }): Promise<string> {
    return options.format === "svg" ? "data:image/svg+xml,<svg/>" : "data:image/png;base64,AAAA";
  }
  get last() {
    return this.calls[this.calls.length - 1]!;
  }
}

/** Installs a fresh FakePlotly as the views' Plotly and returns it. */
export function fakePlotly(): FakePlotly {
  const fake = new FakePlotly();
  setPlotlyLoader(async () => fake);
  return fake;
}

/** All text a user would read in an element (what textContent shows). */
export const textOf = (element: Element) => element.textContent ?? "";
