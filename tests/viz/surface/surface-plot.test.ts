import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, variable, rosenbrock, himmelblau, Adam, SGD, ExponentialDecay, type Tensor } from "../../../kernel/src/index.js";
import { surfacePlot, surfacePayload, optimizerTrajectory } from "../../../kernel/src/viz/surface/surface-plot.js";
import { surfaceBundle } from "../../../kernel/src/viz/surface/surface-bundle.js";
import { contourSegments } from "../../../kernel/src/viz/surface/contour.js";
import { mimeTypeOf, validatePayload, type SurfacePayload } from "../../../kernel/src/viz/payloads.js";
import { recordingSink } from "../helpers/sink.js";

const MIME = mimeTypeOf("surface");

/** The same optimizer run by hand, as a student would write it. */
function byHand(f: (p: Tensor) => Tensor, optimizer: SGD | Adam, start: [number, number], steps: number) {
  const p = variable(tensor(start, { dtype: "float64" }));
  const points: number[][] = [start];
  const rates: number[] = [];
  for (let i = 0; i < steps; i++) {
    rates.push(optimizer.currentLearningRate());
    optimizer.minimize(() => f(p.value), [p]);
    points.push([...(p.value.dataSync() as Float64Array)]);
  }
  return { points, rates };
}

test("trajectories equal running each optimizer by hand from the same start", () => {
  const start: [number, number] = [-1.2, 1];
  const schedule = new ExponentialDecay({ initialLearningRate: 1e-3, decaySteps: 10, decayRate: 0.5 });
  const payload = surfacePayload(rosenbrock, {
    optimizers: [{ label: "SGD decaying", optimizer: new SGD({ learningRate: schedule }) }, { label: "Adam", optimizer: new Adam({ learningRate: 0.05 }) }],
    steps: 30,
    resolution: 40,
    start,
  });
  assert.ok(validatePayload("surface", payload).ok);
  const expected = [byHand(rosenbrock, new SGD({ learningRate: schedule }), start, 30), byHand(rosenbrock, new Adam({ learningRate: 0.05 }), start, 30)];
  payload.trajectories.forEach((t, k) => {
    assert.equal(t.points.length, 31);
    assert.equal(t.losses.length, 31);
    assert.equal(t.learningRates.length, 30);
    t.points.forEach(([x, y], i) => {
      assert.ok(Math.abs(x - expected[k]!.points[i]![0]!) < 1e-6 && Math.abs(y - expected[k]!.points[i]![1]!) < 1e-6, `${t.label} step ${i}`);
      assert.ok(Math.abs(t.losses[i]! - rosenbrock(tensor([x, y], { dtype: "float64" })).item()) < 1e-5 * Math.max(1, t.losses[i]!));
    });
    t.learningRates.forEach((r, i) => assert.ok(Math.abs(r - expected[k]!.rates[i]!) <= 1e-6 * expected[k]!.rates[i]!, `rate ${i}: ${r}`));
  });
  assert.deepEqual(payload.trajectories.map((t) => [t.label, t.optimizer]), [["SGD decaying", "SGD"], ["Adam", "Adam"]]);
  assert.equal(payload.trajectories[0]!.learningRates[20], 1e-3 * 0.5 ** 2);
  assert.equal(payload.function, "Rosenbrock");
  assert.deepEqual(payload.minima, [[1, 1]]);
  assert.equal(payload.logColor, true);
});

test("the grid holds f at each (x, y), z[iy][ix], for a function of a point or of x and y", () => {
  const payload = surfacePayload(himmelblau, { resolution: 9, display: false });
  const { xs, ys, z } = payload.grid;
  assert.equal(xs.length, 9);
  assert.equal(z.length, 9);
  const at = (ix: number, iy: number) => himmelblau(tensor([xs[ix]!, ys[iy]!], { dtype: "float64" })).item();
  assert.ok(Math.abs(z[2]![7]! - at(7, 2)) < 1e-4 * Math.max(1, at(7, 2)));
  const xy = surfacePayload((x: Tensor, y: Tensor) => x.square().add(y.mul(3)), { xRange: [-1, 1], yRange: [0, 2], resolution: 3, optimizers: [{ optimizer: "sgd" }], steps: 5, start: [0.5, 1] });
  assert.deepEqual(xy.grid.z, [[1, 0, 1], [4, 3, 4], [7, 6, 7]]);
  assert.equal(xy.function, "f");
  const [x, y] = xy.trajectories[0]!.points[1]!;
  assert.ok(Math.abs(x - (0.5 - 0.01 * 1)) < 1e-12 && Math.abs(y - (1 - 0.01 * 3)) < 1e-12, "one SGD step with the default learning rate 0.01");
});

test("surfacePlot displays a bundle with SVG contours and trajectories, escaping labels", () => {
  const { sent, restore } = recordingSink();
  try {
    const plot = surfacePlot(himmelblau, { optimizers: [{ label: "<script>x</script>", optimizer: new Adam({ learningRate: 0.1 }) }], steps: 50, resolution: 50, start: [0, 0], title: "<b>t</b>" });
    assert.equal(sent.length, 1);
    const bundle = sent[0]!.data;
    const checked = validatePayload("surface", bundle[MIME]);
    assert.ok(checked.ok);
    assert.equal((checked.payload as SurfacePayload).trajectories[0]!.points.length, 51);
    const svg = bundle["image/svg+xml"] as string;
    assert.match(svg, /<polyline points="[^"]+"/);
    assert.match(svg, /<path d="M[^"]+" fill="none" stroke="#fff"/, "contour lines");
    assert.ok(svg.length < 100 * 1024, `svg ${svg.length} bytes`);
    for (const type of ["image/svg+xml", "text/html"]) {
      assert.ok(!(bundle[type] as string).includes("<script"), type);
      assert.ok((bundle[type] as string).includes("&lt;script&gt;"), type);
    }
    assert.equal(typeof bundle["text/plain"], "string");
    assert.match(String(plot), /surface of Himmelblau/);
    assert.ok(JSON.stringify(bundle[MIME]).length < 100 * 1024);
  } finally {
    restore();
  }
});

test("a diverging optimizer stops at the first non-finite value", () => {
  const run = optimizerTrajectory((p: Tensor) => p.square().sum().exp().exp(), new SGD({ learningRate: 10 }), [1, 1], 50);
  assert.ok(run.points.length < 51);
  assert.ok(!Number.isFinite(run.losses.at(-1)!) || !run.points.at(-1)!.every(Number.isFinite));
});

test("marching squares finds the crossing of a level on a cell's edges", () => {
  // z = x on a 2×2 grid: the level 0.5 crosses vertically through the middle.
  assert.deepEqual(contourSegments([[0, 1], [0, 1]], 0.5), [[0.5, 0, 0.5, 1]]);
  assert.deepEqual(contourSegments([[0, 0], [0, 0]], 0.5), []);
  assert.ok(surfaceBundle(surfacePayload(rosenbrock, { resolution: 5 }))["image/svg+xml"]);
});
