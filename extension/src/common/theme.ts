/**
 * Chart colours from JupyterLab's theme. The `--jp-*` variables live on the document root,
 * so they are read there (a renderer's own node is often not yet attached on its first
 * render, and a detached element has no custom properties: that fell back to dark grey
 * text, unreadable on the dark theme). Views redraw when the theme changes.
 */
import type { PlotlyLayout } from "./plotly.js";

/** The colours a chart needs, as CSS colour strings. */
export interface ThemeColors {
  /** Text: tick labels, axis and legend titles. */
  font: string;
  /** Secondary text and marks (reference lines). */
  muted: string;
  /** Grid and zero lines. */
  grid: string;
  /** The page behind the chart (Plotly's hover labels and outlines use it). */
  background: string;
  fontFamily: string;
  /** Whether the theme is a light one (JupyterLab's data-jp-theme-light). */
  light: boolean;
}

const LIGHT: ThemeColors = { font: "#212121", muted: "#616161", grid: "#e0e0e0", background: "#ffffff", fontFamily: "sans-serif", light: true };

let cache: { name: string; colors: ThemeColors } | undefined;

/** The current JupyterLab theme's name ("JupyterLab Dark"), or "" outside JupyterLab. */
export function themeName(): string {
  return document.body?.dataset.jpThemeName ?? "";
}

/**
 * The theme's colours, read once per theme: getComputedStyle forces a style pass over the
 * whole page, which a live view must not pay 4 times a second.
 * @example themeColors().font // "rgba(255, 255, 255, 1)" on JupyterLab Dark
 */
export function themeColors(): ThemeColors {
  const name = themeName();
  if (cache && cache.name === name) return cache.colors;
  const style = getComputedStyle(document.documentElement);
  const variable = (property: string, fallback: string) => style.getPropertyValue(property).trim() || fallback;
  const colors: ThemeColors = {
    font: variable("--jp-ui-font-color1", LIGHT.font),
    muted: variable("--jp-ui-font-color2", LIGHT.muted),
    grid: variable("--jp-border-color2", LIGHT.grid),
    background: variable("--jp-layout-color0", LIGHT.background),
    fontFamily: variable("--jp-ui-font-family", LIGHT.fontFamily),
    light: document.body?.dataset.jpThemeLight !== "false",
  };
  // Before the theme's CSS has loaded nothing is defined: read again next time.
  if (style.getPropertyValue("--jp-ui-font-color1").trim()) cache = { name, colors };
  return colors;
}

/**
 * `layout` with the theme's colours filled in wherever the layout does not set its own:
 * text, every axis (x, x2, y3, …: grid, zero line, ticks) and the hover labels.
 * @example plotly.react(chart, data, themed({ xaxis: { title: { text: "epoch" } } }))
 */
export function themed(layout: PlotlyLayout): PlotlyLayout {
  const colors = themeColors();
  const result: PlotlyLayout = {
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: "rgba(0,0,0,0)",
    ...layout,
    font: { color: colors.font, family: colors.fontFamily, size: 11, ...(layout.font as object | undefined) },
    hoverlabel: { bgcolor: colors.background, bordercolor: colors.grid, font: { color: colors.font }, ...(layout.hoverlabel as object | undefined) },
  };
  const axisNames = Object.keys(layout).filter((key) => /^[xy]axis\d*$/.test(key));
  for (const name of axisNames.length ? axisNames : ["xaxis", "yaxis"]) {
    result[name] = { gridcolor: colors.grid, zerolinecolor: colors.grid, linecolor: colors.grid, ...(layout[name] as object | undefined) };
  }
  return result;
}

const listeners = new Set<() => void>();
let observer: MutationObserver | undefined;

/**
 * Calls `listener` whenever JupyterLab switches theme; returns the unsubscribe function.
 * @example const stop = onThemeChange(() => this.redraw()); // later: stop()
 */
export function onThemeChange(listener: () => void): () => void {
  listeners.add(listener);
  if (!observer && typeof MutationObserver !== "undefined" && document.body) {
    let last = themeName();
    observer = new MutationObserver(() => {
      if (themeName() === last) return;
      last = themeName();
      cache = undefined;
      for (const each of [...listeners]) each();
    });
    observer.observe(document.body, { attributes: true, attributeFilter: ["data-jp-theme-name", "data-jp-theme-light"] });
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      observer?.disconnect();
      observer = undefined;
    }
  };
}
