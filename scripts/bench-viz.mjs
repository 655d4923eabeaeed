// `node scripts/bench-viz.mjs [--check]`: how long the kernel side takes to build view
// bundles (the target: a metrics bundle in ≤ 2 ms for typical sizes), and how big
// they are. Builds kernel/ first. --check exits 1 when the metrics target is missed.
// Results also go to build/bench-viz.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { root, ensureNodeModules, ensureBuild } from "./ensure.mjs";

const check = process.argv.includes("--check");
ensureNodeModules();
try {
  ensureBuild();
} catch {
  console.warn("gradbook: the build reported type errors; benchmarking the JavaScript it emitted");
}
const gb = await import(pathToFileURL(join(root, "kernel", "dist", "index.js")).href);

/** Median and p90 milliseconds of `fn` over `runs` runs after a warm-up. */
function time(fn, runs = 200) {
  for (let i = 0; i < 20; i++) fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(runs / 2)], p90Ms: times[Math.floor(runs * 0.9)] };
}

function metricsCase(runs, epochs, batches) {
  const plot = gb.metricsPlot({ display: false });
  for (let r = 0; r < runs; r++) {
    const run = plot.run(`run ${r + 1}`);
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let batch = 0; batch < batches; batch++) run.log({ loss: Math.exp(-(epoch + batch / batches) / 5) + 0.01 * Math.sin(batch), accuracy: 1 - Math.exp(-epoch / 5) }, { epoch, batch, batches });
      run.log({ loss: Math.exp(-epoch / 5), accuracy: 1 - Math.exp(-epoch / 5), val_loss: Math.exp(-epoch / 5) + 0.05, val_accuracy: 0.95 - Math.exp(-epoch / 5), lr: 1e-3 * 0.9 ** epoch }, { epoch });
    }
  }
  return plot;
}

const results = [];
const record = (name, fn, bundle) => {
  const t = time(fn);
  const payloadKB = JSON.stringify(Object.entries(bundle).find(([k]) => k.startsWith("application/vnd.gradbook"))[1]).length / 1024;
  results.push({ name, ...t, payloadKB, svgKB: bundle["image/svg+xml"].length / 1024 });
};

for (const [name, plot] of [
  ["metrics: 1 run, 20 epochs × 100 batches", metricsCase(1, 20, 100)],
  ["metrics: 2 runs, 20 epochs × 100 batches", metricsCase(2, 20, 100)],
  ["metrics: 1 run, 50 epochs × 2000 batches (100k points)", metricsCase(1, 50, 2000)],
]) record(name, () => plot.bundle(), plot.bundle());

const flow = gb.gradientFlowPlot({ display: false });
for (let step = 0; step < 1000; step++) flow.recordLayers(step, Array.from({ length: 6 }, (_, l) => ({ layer: `dense_${l}`, grads: [new Float32Array(64).fill(Math.sin(step) + l)] })));
record("gradflow: 6 layers × 1000 steps", () => flow.bundle(), flow.bundle());

const model = gb.sequential([new gb.Dense({ units: 32, activation: "relu", inputShape: [16] }), new gb.Dense({ units: 32, activation: "relu" }), new gb.Dense({ units: 10 })]);
const graph = gb.graphPayload(model);
record(`graph: 3-layer MLP (${graph.nodes.length} nodes)`, () => gb.graphBundleOf(graph), gb.graphBundleOf(graph));

const surface = gb.surfacePayload(gb.rosenbrock, { optimizers: [{ optimizer: new gb.Adam({ learningRate: 0.05 }) }, { optimizer: new gb.SGD({ learningRate: 1e-3 }) }], steps: 200 });
record("surface: 80×80 grid, 2 × 200 steps (drawing only)", () => gb.surfaceBundle(surface), gb.surfaceBundle(surface));

console.log(`\nView bundle benchmark: Node ${process.version}\n`);
console.log(["case".padEnd(58), "median ms".padStart(10), "p90 ms".padStart(8), "payload KB".padStart(11), "svg KB".padStart(8)].join(" "));
for (const r of results) console.log([r.name.padEnd(58), r.medianMs.toFixed(3).padStart(10), r.p90Ms.toFixed(3).padStart(8), r.payloadKB.toFixed(1).padStart(11), r.svgKB.toFixed(1).padStart(8)].join(" "));
const target = 2;
const typical = results.filter((r) => r.name.startsWith("metrics") && !r.name.includes("100k"));
const ok = typical.every((r) => r.medianMs <= target);
console.log(`\nmetrics bundle target ≤ ${target} ms (typical sizes): ${ok ? "met" : "MISSED"}`);
mkdirSync(join(root, "build"), { recursive: true });
writeFileSync(join(root, "build", "bench-viz.json"), `${JSON.stringify({ node: process.version, targetMs: target, results }, null, 2)}\n`);
if (check && !ok) process.exit(1);
