import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { lineChartSvg, logScale, niceScale } from "../../kernel/src/viz/line-chart.js";
import { metricsPlot } from "../../kernel/src/viz/metrics/metrics-plot.js";

/** The tick labels of an SVG chart: the y axis's (text-anchor end) and the x axis's (middle, on the bottom row). */
function tickLabels(svg: string, height = 300): { y: string[]; x: string[] } {
  const texts = [...svg.matchAll(/<text x="[^"]*" y="([^"]*)" font-size="10" text-anchor="(end|middle)">([^<]*)<\/text>/g)];
  return {
    y: texts.filter((m) => m[2] === "end").map((m) => m[3]!),
    x: texts.filter((m) => m[2] === "middle" && Number(m[1]) === height - 40 + 14).map((m) => m[3]!),
  };
}

test("niceScale: round bounds and ticks every 1, 2 or 5 × 10^k", () => {
  assert.deepEqual(niceScale(0.0278, 20), { min: 0, max: 20, ticks: [0, 5, 10, 15, 20] });
  assert.deepEqual(niceScale(0.31, 2.3), { min: 0, max: 2.5, ticks: [0, 0.5, 1, 1.5, 2, 2.5] });
  assert.deepEqual(niceScale(-3, 7), { min: -4, max: 8, ticks: [-4, -2, 0, 2, 4, 6, 8] });
  assert.deepEqual(niceScale(0.1, 0.3).ticks, [0.1, 0.15, 0.2, 0.25, 0.3]);
});

test("niceScale pads a constant by 10% of its value, or by 1 around 0", () => {
  assert.deepEqual(niceScale(0.01, 0.01), { min: 0.009, max: 0.011, ticks: [0.009, 0.0095, 0.01, 0.0105, 0.011] });
  assert.deepEqual(niceScale(-50, -50), { min: -56, max: -44, ticks: [-56, -54, -52, -50, -48, -46, -44] });
  // A "constant" whose wiggle is below float precision is treated as one.
  assert.deepEqual(niceScale(1e6, 1e6 + 1e-7), { min: 900000, max: 1100000, ticks: [900000, 950000, 1000000, 1050000, 1100000] });
  assert.deepEqual(niceScale(0, 0), { min: -1, max: 1, ticks: [-1, -0.5, 0, 0.5, 1] });
});

test("logScale widens to whole decades", () => {
  assert.deepEqual(logScale(-3.2, -0.5), { min: -4, max: 0, ticks: [-4, -3, -2, -1, 0] });
  assert.deepEqual(logScale(-2, -2), { min: -3, max: -1, ticks: [-3, -2, -1] });
  assert.deepEqual(logScale(-12, 2), { min: -12, max: 3, ticks: [-12, -9, -6, -3, 0, 3] });
});

test("property: the nice range covers the data, ticks are evenly spaced round numbers, and there are 3 to 11 of them", () => {
  fc.assert(
    fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }), (lo, span) => {
      const hi = lo + span;
      const { min, max, ticks } = niceScale(lo, hi);
      assert.ok(ticks.length >= 3 && ticks.length <= 11, `${ticks.length} ticks for ${lo}..${hi}`);
      const step = ticks[1]! - ticks[0]!;
      // Covered up to a billionth of a step (the slack that absorbs rounding noise).
      assert.ok(min <= lo + step * 1e-9 && max >= hi - step * 1e-9, `${min}..${max} covers ${lo}..${hi}`);
      // Ticks carry 12 significant digits, so over a span a millionth of the values' size the step is exact to ~5.
      const mantissa = Number((step / 10 ** Math.floor(Math.log10(step * (1 + 1e-4)))).toPrecision(3));
      assert.ok([1, 2, 5].includes(mantissa), `step ${step}`);
      for (let i = 1; i < ticks.length; i++) assert.ok(Math.abs(ticks[i]! - ticks[i - 1]! - step) <= 1e-9 * Math.max(1, Math.abs(step), Math.abs(ticks[i]!)));
    }),
  );
});

test("a constant series sits mid-panel with round tick labels; the axis labels are round numbers", () => {
  const svg = lineChartSvg([{ label: "learning rate", xs: [0.0278, 20], ys: [0.01, 0.01], step: true }]);
  const { y, x } = tickLabels(svg);
  assert.deepEqual(y, ["0.009", "0.0095", "0.01", "0.0105", "0.011"]);
  assert.deepEqual(x, ["0", "5", "10", "15", "20"]);
  // The line is drawn at half height: y = top + plotH / 2 = 12 + 248 / 2.
  assert.match(svg, /<path d="M[\d.]+,136\.0H[\d.]+L[\d.]+,136\.0"/);
});

test("the metrics fallback's learning-rate panel for a constant rate runs around the rate, from epoch 0", () => {
  const plot = metricsPlot({ display: false });
  for (let epoch = 0; epoch < 3; epoch++) {
    for (let batch = 0; batch < 36; batch++) plot.log({ loss: 1 / (epoch + 1 + batch / 36), lr: 0.01 }, { epoch, batch, batches: 36 });
    plot.log({ loss: 1 / (epoch + 1), lr: 0.01 }, { epoch });
  }
  const svg = plot.bundle()["image/svg+xml"] as string;
  const panels = svg.split("<g transform=").slice(1);
  const rate = panels.find((p) => p.includes(">learning rate</text>"))!;
  const { y, x } = tickLabels(rate, 230);
  assert.deepEqual(y, ["0.009", "0.0095", "0.01", "0.0105", "0.011"]);
  assert.equal(x[0], "0");
  assert.ok(!/0\.0278|-0\.99|1\.01/.test(rate), "neither the raw first x nor the ±1 padding");
});
