// `node scripts/bench-graph.mjs [--quick]`: graph mode against eager mode on the same
// backend in the same run, for each CPU backend ("cpu-js" and the WebAssembly "cpu"): one training step (forward, gradients, Adam update) of an MLP
// 784-256-128-10 on a batch of 128 and of a small CNN (conv32-pool-conv64-pool-dense128-
// dense10 on 28×28×1) on a batch of 64, eager and compiled (jit + graph.optimize()).
// Prints ms per step, the speed-up, the compiled step's time in matrix products (and so the
// most graph mode could gain), node counts before/after optimisation, fused kernels, peak
// memory of the plan and the trace (+ optimise) time; then, on "cpu", model.fit's time per
// batch eager (runEagerly) and compiled (fit's default); writes build/bench-graph.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { root, importBuiltLibrary } from "./ensure.mjs";
import { benchCnn, benchMlp } from "./bench-models.mjs";
import { warmUpMs } from "./bench-gradbook.mjs";

const quick = process.argv.includes("--quick");
const gb = await importBuiltLibrary();
// Each side runs for about this long (at least MIN_STEPS steps): a 3 ms MLP step timed
// over 10 steps gave speed-ups from 1.1× to 1.5× run to run on a shared 2-core machine.
const secondsPerSide = quick ? 0.2 : 2;
const MIN_STEPS = quick ? 3 : 10;
const MAX_STEPS = 500;

/** The middle value of a list of times (the upper one of an even count). */
const median = (list) => [...list].sort((a, b) => a - b)[list.length >> 1];

/**
 * Median milliseconds of each function over as many rounds as fill `secondsPerSide`
 * (measured on the last warm-up rounds); the functions take turns within a round, so a change
 * in the machine's load (it is shared) hits them alike. Each side warms up for warmUpMs (at
 * least `warmup` rounds): an eager step, with more JavaScript than a compiled one, is the
 * slower to reach its steady speed.
 */
function timeInTurns(fns, warmup = 3) {
  const warmEnd = performance.now() + warmUpMs(quick) * fns.length;
  let roundMs = 0; // an average that halves the weight of older rounds
  for (let i = 0; i < warmup || performance.now() < warmEnd; i++) {
    const roundStart = performance.now();
    for (const fn of fns) gb.tidy(fn);
    const elapsed = performance.now() - roundStart;
    roundMs = i === 0 ? elapsed : (roundMs + elapsed) / 2;
  }
  const runs = Math.min(MAX_STEPS, Math.max(MIN_STEPS, Math.ceil((secondsPerSide * 1000 * fns.length) / roundMs)));
  const times = fns.map(() => []);
  for (let i = 0; i < runs; i++) {
    fns.forEach((fn, k) => {
      const start = performance.now();
      gb.tidy(fn);
      times[k].push(performance.now() - start);
    });
  }
  return { runs, medians: times.map(median) };
}

/** Ops whose kernels are matrix products (GEMMs), the same kernels in both modes (with the fused relu gradient's mask and Adam step of matmulReluGrad and matmulAdamUpdate). */
const PRODUCTS = new Set(["matmul", "matmulBiasRelu", "matmulReluGrad", "matmulAdamUpdate", "conv2d", "conv2dTranspose", "conv2dBackpropFilter"]);

/**
 * The share of `fn`'s time spent in matrix products: each product's median by the per-op timer
 * of debug level 1 (the line "[gradbook] op … ms" it prints per op, read here instead of
 * printed), summed, over the median of steps timed without the timer in turns with those
 * (a ratio within one phase: a machine slower or faster than during the timing still gives
 * the same share, and the timer's own cost stays out of it).
 */
function productShare(fn, steps) {
  const times = new Map(); // op line without its time → ms per step
  const write = process.stdout.write;
  process.stdout.write = (line) => {
    const match = /^\[gradbook\] (\S+)(.*) ([\d.]+) ms\n$/.exec(String(line));
    if (match && PRODUCTS.has(match[1])) {
      const key = match[1] + match[2];
      (times.get(key) ?? times.set(key, []).get(key)).push(Number(match[3]));
    }
    return true;
  };
  const stepMs = [];
  try {
    for (let i = 0; i < steps; i++) {
      gb.debug.setLevel(1);
      gb.tidy(fn);
      gb.debug.setLevel(0);
      const start = performance.now();
      gb.tidy(fn);
      stepMs.push(performance.now() - start);
    }
  } finally {
    gb.debug.setLevel(0);
    process.stdout.write = write;
  }
  let products = 0;
  for (const list of times.values()) products += (median(list) * list.length) / steps;
  return products / median(stepMs);
}

const models = {
  "MLP 784-256-128-10, batch 128": {
    make: () => benchMlp(gb),
    batch: 128,
    x: (n = 128) => gb.randomNormal([n, 784], { seed: 3 }),
    y: (n = 128) => gb.randomInt([n], 0, 10, { seed: 4 }),
  },
  "CNN 28×28×1, batch 64": {
    make: () => benchCnn(gb),
    batch: 64,
    x: (n = 64) => gb.randomNormal([n, 28, 28, 1], { seed: 3 }),
    y: (n = 64) => gb.randomInt([n], 0, 10, { seed: 4 }),
  },
};

/** One step function over a fresh model and optimizer (same seed: same weights). */
function stepFor(spec) {
  gb.seed(0);
  const model = spec.make();
  const optimizer = new gb.Adam({ learningRate: 1e-3 });
  const loss = gb.getLoss(new gb.losses.SparseCategoricalCrossentropy({ fromLogits: true }));
  return (x, y) => optimizer.minimize(() => gb.mean(loss.perSample(y, model.apply(x, { training: true }))), model.trainableWeights);
}

// Every CPU backend: "cpu-js" (where fusion generates kernels) and "cpu" (WebAssembly).
const backends = gb.listBackends().filter((b) => b.startsWith("cpu"));
const rows = [];
const fitRows = [];
for (const backend of backends) for (const [name, spec] of Object.entries(models)) {
  gb.setBackend(backend);
  const x = spec.x();
  const y = spec.y();
  const eager = stepFor(spec);
  let report;
  let traceMs = 0;
  const compiled = gb.jit(stepFor(spec), { onTrace: (graph) => (report = graph.optimize()) });
  const traceStart = performance.now();
  gb.tidy(() => compiled.graphFor(x, y));
  traceMs = performance.now() - traceStart;
  const { runs, medians: [eagerMs, compiledMs] } = timeInTurns([() => void eager(x, y), () => void compiled(x, y)]);
  const productsMs = compiledMs * productShare(() => void compiled(x, y), Math.min(runs, quick ? 3 : 60));
  console.log(`\n${name} on ${backend}\n${report.toString()}`);
  rows.push({
    backend,
    model: name,
    steps: runs,
    eagerMs,
    compiledMs,
    speedup: eagerMs / compiledMs,
    productsMs,
    bound: eagerMs / productsMs,
    nodesBefore: report.nodesBefore,
    nodesAfter: report.nodesAfter,
    fusedKernels: report.fusedKernels,
    peakBytesBefore: report.peakBytesBefore,
    peakBytesAfter: report.peakBytesAfter,
    traceMs,
  });
  // fit right after the same model's steps (the shared machine's speed drifts over a run): on "cpu" only, as the target is.
  if (backend === "cpu") fitRows.push({ backend, model: name, ...(await fitPerBatch(spec)) });
}

/**
 * model.fit's time per batch, what a user waits for: eager (compile's runEagerly: true) and
 * compiled (fit's default), the accuracy metric on, batches shuffled. A batch's time is the gap
 * between consecutive onBatchEnd calls of an epoch (the batch's gather, the step, the metric
 * update, the logs); medians over every measured epoch, the two modes' fit calls in turns after
 * one unmeasured call each (the compiled step's trace and optimisation, and the first step of
 * every fit call, which runs eagerly, are outside the gaps).
 */
async function fitPerBatch(spec) {
  const batches = quick ? 4 : 16;
  const n = spec.batch * batches;
  const x = spec.x(n);
  const y = spec.y(n);
  const fitters = [true, false].map((runEagerly) => {
    gb.seed(0);
    const model = spec.make();
    model.compile({ optimizer: new gb.Adam({ learningRate: 1e-3 }), loss: new gb.losses.SparseCategoricalCrossentropy({ fromLogits: true }), metrics: ["accuracy"], runEagerly });
    const gaps = [];
    let last;
    const timer = new gb.LambdaCallback({
      onEpochBegin: () => void (last = undefined),
      onBatchEnd: () => {
        const now = performance.now();
        if (last !== undefined) gaps.push(now - last);
        last = now;
      },
    });
    return { gaps, run: (epochs) => model.fit(x, y, { epochs, batchSize: spec.batch, verbose: 0, callbacks: [timer] }) };
  });
  for (const fitter of fitters) await fitter.run(1);
  for (const fitter of fitters) fitter.gaps.length = 0;
  for (let round = 0; round < (quick ? 1 : 4); round++) for (const fitter of fitters) await fitter.run(quick ? 1 : 2);
  x.dispose();
  y.dispose();
  const [eagerMs, compiledMs] = fitters.map((f) => median(f.gaps));
  return { eagerMs, compiledMs, speedup: eagerMs / compiledMs, batches: fitters[0].gaps.length };
}

const pad = (s, n) => String(s).padEnd(n);
const mib = (b) => `${(b / 1024 ** 2).toFixed(1)} MiB`;
console.log(`\nmedian of each side's steps (about ${secondsPerSide} s per side, eager and compiled in turns); speed-up = eager / compiled (> 1: graph mode is faster);`);
console.log("products = the compiled step's time in matrix products (its share by the per-op timer), bound = eager / products: the speed-up if all else were free");
console.log(`${pad("backend", 8)}${pad("model", 32)}${pad("steps", 7)}${pad("eager ms", 11)}${pad("compiled ms", 13)}${pad("speed-up", 10)}${pad("products ms", 13)}${pad("bound", 8)}${pad("ops", 12)}${pad("fused", 7)}${pad("peak memory", 22)}trace+optimise ms`);
for (const r of rows) {
  console.log(
    `${pad(r.backend, 8)}${pad(r.model, 32)}${pad(r.steps, 7)}${pad(r.eagerMs.toFixed(1), 11)}${pad(r.compiledMs.toFixed(1), 13)}${pad(`${r.speedup.toFixed(2)}×`, 10)}${pad(r.productsMs.toFixed(1), 13)}${pad(`${r.bound.toFixed(2)}×`, 8)}${pad(`${r.nodesBefore} → ${r.nodesAfter}`, 12)}${pad(r.fusedKernels, 7)}${pad(`${mib(r.peakBytesBefore)} → ${mib(r.peakBytesAfter)}`, 22)}${r.traceMs.toFixed(0)}`,
  );
}
if (fitRows.length > 0) {
  console.log("\nmodel.fit per batch (accuracy metric, shuffled batches; median gap between batches, eager and compiled fit calls in turns):");
  console.log(`${pad("backend", 8)}${pad("model", 32)}${pad("batches", 9)}${pad("eager ms", 11)}${pad("compiled ms", 13)}speed-up`);
  for (const r of fitRows) console.log(`${pad(r.backend, 8)}${pad(r.model, 32)}${pad(r.batches, 9)}${pad(r.eagerMs.toFixed(1), 11)}${pad(r.compiledMs.toFixed(1), 13)}${r.speedup.toFixed(2)}×`);
}
mkdirSync(join(root, "build"), { recursive: true });
writeFileSync(join(root, "build", "bench-graph.json"), JSON.stringify({ date: new Date().toISOString(), rows, fitRows }, null, 1));
