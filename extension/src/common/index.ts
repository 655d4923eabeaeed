/**
 * Shared machinery of the gradbook views (read this first when writing a view).
 *
 * - `GradbookRenderer<K>` (renderer.ts): subclass it and implement
 *   `render(payload, { locale, trusted, renderCount })`. The base class validates the
 *   payload (`gradbook/payloads`), shows an error box for malformed or future-version
 *   data, serialises renders (latest wins) and turns exceptions into the error box.
 *   Draw into `this.content` and update in place: `render` is called ~4 times a second
 *   with the full state during training.
 * - `viewExtension(kind, options => new MyRenderer(options))` (extension.ts): the
 *   `IRenderMime.IExtension` to list in extension/src/index.ts.
 * - `h`, `append`, `replaceChildren`, `setText`, `svg` (dom.ts): DOM from data. Never use
 *   innerHTML; every label is a text node.
 * - `defineStrings({ en, ru })`, `format` (strings.ts): one small table per view.
 * - `loadPlotly()` (plotly.ts): Plotly's cartesian bundle, lazily; `seriesColor`,
 *   `plotlyText`. Use `Plotly.react` with a `uirevision` so zoom survives updates.
 * - `themed(layout)`, `themeName()`, `onThemeChange` (theme.ts): JupyterLab's theme colours
 *   on every axis; the base renderer redraws on a theme change, so put `themeName()` in a
 *   view's "already drawn" key.
 * - `download`, `toCsv`, `fileStem` (export.ts): PNG/SVG/CSV export.
 * - Styles: style/<view>.css at the repository root, imported from style/index.css;
 *   use the `gb-` class prefix and JupyterLab's `--jp-*` variables.
 * - Tests: tests/extension/<view>/*.test.ts; tests/extension/helpers.ts sets up jsdom
 *   and gives `renderPayload(renderer, mimeType, data)` and a fake Plotly.
 */
export * from "./dom.js";
export * from "./strings.js";
export * from "./renderer.js";
export * from "./extension.js";
export * from "./plotly.js";
export * from "./theme.js";
export * from "./export.js";
