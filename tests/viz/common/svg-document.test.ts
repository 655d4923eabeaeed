import { test } from "node:test";
import assert from "node:assert/strict";
import { svgDocument, svgImageHtml, SVG_BACKGROUND } from "../../../kernel/src/viz/common/svg-document.js";
import { lineChartSvg } from "../../../kernel/src/viz/line-chart.js";

test("a fallback SVG paints its own light background first, so dark text reads on a dark page", () => {
  const svg = svgDocument(120, 40, '<text x="4" y="20">loss</text>');
  assert.match(svg, /^<svg [^>]*width="120" height="40" viewBox="0 0 120 40"[^>]*><rect width="120" height="40" fill="#ffffff"\/><text/);
  assert.equal(SVG_BACKGROUND, "#ffffff");
});

test("the line chart (and so the schedule plot) is drawn on that background", () => {
  const svg = lineChartSvg([{ label: "lr", ys: [1, 0.5] }], { width: 200, height: 100 });
  assert.ok(svg.startsWith(svgDocument(200, 100, "").replace("</svg>", "")), svg.slice(0, 200));
});

test("the HTML image form carries the SVG as a data: URL (kept by JupyterLab's sanitiser), its alt text escaped", () => {
  const svg = svgDocument(10, 10, "");
  const html = svgImageHtml(svg, 'a "b" <c>');
  const [, alt, data] = /^<img alt="([^"]*)" src="data:image\/svg\+xml;base64,([^"]+)"\/>$/.exec(html) ?? [];
  assert.equal(alt, "a &quot;b&quot; &lt;c>");
  assert.equal(Buffer.from(data!, "base64").toString("utf8"), svg);
});
