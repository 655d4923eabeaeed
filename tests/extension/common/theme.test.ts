import "../dom.js";
import { test } from "node:test";
import assert from "node:assert/strict";
import { metricsExtension } from "../../../extension/src/metrics/index.js";
import { themeColors, themed } from "../../../extension/src/common/index.js";
import { attach, fakePlotly, mimeModel } from "../helpers.js";
import { metricsPayload } from "../metrics/fixtures.js";
import { mimeTypeOf } from "gradbook/payloads";

/** Switches the page to a theme the way JupyterLab does: variables on the root, its name on the body. */
function setTheme(name: string, font: string, grid: string): void {
  document.documentElement.style.setProperty("--jp-ui-font-color1", font);
  document.documentElement.style.setProperty("--jp-border-color2", grid);
  document.body.dataset.jpThemeName = name;
}

test("themed() puts the theme's text and grid colours on every axis, keeping the layout's own settings", () => {
  setTheme("Test Dark", "rgb(250, 250, 250)", "rgb(80, 80, 80)");
  const layout = themed({ xaxis: { title: { text: "epoch" } }, xaxis2: { gridcolor: "red" }, yaxis3: {}, font: { size: 14 } });
  assert.equal((layout.font as { color: string; size: number }).color, "rgb(250, 250, 250)");
  assert.equal((layout.font as { size: number }).size, 14, "the layout's own font size stays");
  assert.equal((layout.xaxis as { gridcolor: string }).gridcolor, "rgb(80, 80, 80)");
  assert.deepEqual((layout.xaxis as { title: unknown }).title, { text: "epoch" });
  assert.equal((layout.xaxis2 as { gridcolor: string }).gridcolor, "red", "an axis' own colour wins");
  assert.equal((layout.yaxis3 as { zerolinecolor: string }).zerolinecolor, "rgb(80, 80, 80)", "the third panel's axes too");
});

test("the colours come from the document root, so a renderer not yet attached still gets the theme's", () => {
  setTheme("Test Other", "rgb(1, 2, 3)", "rgb(4, 5, 6)");
  assert.equal(themeColors().font, "rgb(1, 2, 3)");
});

test("a theme change redraws a view with the new theme's colours", async () => {
  const plotly = fakePlotly();
  setTheme("Test Light", "rgb(20, 20, 20)", "rgb(220, 220, 220)");
  const renderer = attach(metricsExtension.rendererFactory.createRenderer({ mimeType: mimeTypeOf("metrics"), sanitizer: {}, resolver: null } as never));
  await renderer.renderModel(mimeModel(mimeTypeOf("metrics"), metricsPayload()));
  assert.equal((plotly.last.layout.font as { color: string }).color, "rgb(20, 20, 20)");
  const before = plotly.calls.length;
  setTheme("Test Dark", "rgb(240, 240, 240)", "rgb(70, 70, 70)");
  await new Promise((resolve) => setTimeout(resolve, 20)); // the MutationObserver, then the render
  assert.equal(plotly.calls.length, before + 1, "one redraw");
  assert.equal((plotly.last.layout.font as { color: string }).color, "rgb(240, 240, 240)");
  assert.equal((plotly.last.layout.yaxis as { gridcolor: string }).gridcolor, "rgb(70, 70, 70)");
  renderer.dispose();
});
