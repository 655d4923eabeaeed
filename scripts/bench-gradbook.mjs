// One gradbook column of the CPU table of `npm run bench` (scripts/bench-cpu.mjs), on whichever
// backend is active: the CPU backends run it in bench-cpu's process, the GPU backend in a
// child process (scripts/bench-webgpu.mjs). The workloads' shapes and the MLP's starting
// point come from build/bench-data/, written by bench-cpu.mjs, so every column (and the
// Python peers) times the same work from the same weights and data.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { benchCnn, benchMlp } from "./bench-models.mjs";

/**
 * How long every timed workload warms up first (at least), in ms: V8 compiles hot JavaScript
 * in tiers, and an eager MLP step only reaches its steady speed after ~1,000 steps
 * (3–3.5 ms → 2.0–2.1 ms on the 2-core devbox), while a student's fit runs thousands. The
 * Python peers warm up as long (bench_peers.py).
 * @example warmUpMs(false) // 2000
 */
export function warmUpMs(quick) {
  return quick ? 300 : 2000;
}

/**
 * A timer: median and quartiles (ms) of `fn` over at least `runs` runs (more while under the
 * time budget), after a warm-up of at least `warmup` runs and `warmUpMs(quick)`.
 * @example const time = timer(false); const { median } = await time(() => work(), 5);
 */
export function timer(quick) {
  return async function time(fn, runs, warmup = 2) {
    const warm = performance.now() + warmUpMs(quick);
    for (let i = 0; i < warmup || performance.now() < warm; i++) await fn();
    const times = [];
    const budget = performance.now() + (quick ? 500 : 2000);
    while (times.length < runs || (performance.now() < budget && times.length < 200)) {
      const start = performance.now();
      await fn();
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const at = (q) => times[Math.floor(q * (times.length - 1))];
    return { median: at(0.5), low: at(0.25), high: at(0.75), runs: times.length };
  };
}

/** The workload sizes of the 10⁷-number conversion: its name and the numbers. */
export function conversionWorkload(quick) {
  const size = quick ? 1e6 : 1e7;
  return { name: `tensor(array ${size.toExponential(0).replace("+", "")})`, numbers: Array.from({ length: size }, (_, i) => (i % 1000) / 7) };
}

/**
 * The shapes and the MLP's weights and data that bench-cpu.mjs wrote to `dataDir`.
 * @example const data = readBenchData("build/bench-data"); data.matmuls[0].name // "matmul 256²"
 */
export function readBenchData(dataDir) {
  const { matmuls, convs, mlpUnits } = JSON.parse(readFileSync(join(dataDir, "shapes.json"), "utf8"));
  const load = (name, Type) => {
    const bytes = readFileSync(join(dataDir, `${name}.bin`));
    return new Type(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  };
  const mlpData = {
    x: load("mlp-x", Float32Array),
    y: load("mlp-y", Int32Array),
    weights: mlpUnits.flatMap((_, i) => [load(`mlp-w${i}`, Float32Array), load(`mlp-b${i}`, Float32Array)]),
  };
  return { matmuls, convs, mlpUnits, mlpData };
}

/**
 * Times every workload on gradbook's active backend. Each timed run waits until its result
 * is computed: a CPU backend's `dataSync()`, or on a GPU (which computes asynchronously)
 * the queue's completion — a read of the loss for the training steps, whose first value is
 * returned with the MLP's time so that the columns' losses can be compared.
 * @example const column = await gradbookColumn(gb, readBenchData(dir), timer(false), conversionWorkload(false));
 */
export async function gradbookColumn(gb, { matmuls, convs, mlpUnits, mlpData }, time, conversion) {
  const backend = gb.getBackend();
  const finished = async () => {
    if (!backend.canReadSync) await backend.runtime.sync();
  };
  const settle = async (outputs) => {
    if (!backend.canReadSync) return finished();
    for (const t of [outputs].flat()) t.dataSync();
  };
  const firstValue = async (t) => (backend.canReadSync ? t.dataSync() : await t.data())[0];
  /** Runs `f` in a tidy scope, waits for its outputs, then frees them. */
  const timedRun = (f) => async () => {
    const outputs = gb.tidy(f);
    await settle(outputs);
    gb.dispose(outputs);
  };
  const out = {};
  for (const w of matmuls) {
    const a = gb.randomNormal(w.a, { seed: 1 });
    const b = gb.randomNormal(w.b, { seed: 2 });
    const product = timedRun(() => gb.matmul(a, b, { transposeA: w.transposeA, transposeB: w.transposeB }));
    out[w.name] = await time(product, 5);
    if (w.name === "matmul 1024²" && backend.maxThreads > 1) {
      const threads = backend.maxThreads;
      backend.maxThreads = 1;
      out[`${w.name} 1 thread`] = await time(product, 5);
      backend.maxThreads = threads;
    }
    gb.dispose([a, b]);
  }
  for (const c of convs) {
    const x = gb.randomNormal(c.x, { seed: 5 });
    const k = gb.randomNormal(c.w, { seed: 6 });
    out[`${c.name} fwd`] = await time(timedRun(() => gb.conv2d(x, k, { padding: "same" })), 3);
    const both = gb.grads((xi, ki) => gb.conv2d(xi, ki, { padding: "same" }).sum());
    out[`${c.name} fwd+bwd`] = await time(timedRun(() => both(x, k)), 3);
    gb.dispose([x, k]);
  }
  const model = benchMlp(gb);
  model.setWeights(mlpData.weights.map((values, i) => gb.tensor(values, { shape: i % 2 ? [mlpUnits[i >> 1][1]] : mlpUnits[i >> 1] })));
  const x = gb.tensor(mlpData.x, { shape: [mlpData.y.length, mlpUnits[0][0]] });
  const y = gb.tensor(mlpData.y, { shape: [mlpData.y.length], dtype: "int32" });
  const optimizer = new gb.Adam({ learningRate: 1e-3 });
  const loss = gb.getLoss(new gb.losses.SparseCategoricalCrossentropy({ fromLogits: true }));
  const losses = [];
  const step = async () => {
    const value = gb.tidy(() => optimizer.minimize(() => gb.mean(loss.perSample(y, model.apply(x, { training: true }))), model.trainableWeights));
    losses.push(await firstValue(value));
    value.dispose();
  };
  out["MLP step"] = { ...(await time(step, 10)), loss: losses[0] };
  // The same step compiled as model.fit runs it: traced once by jit, then graph.optimize().
  const compiledStep = (model, x, y, optimizer) => {
    const step = gb.jit((xs, ys) => optimizer.minimize(() => gb.mean(loss.perSample(ys, model.apply(xs, { training: true }))), model.trainableWeights), { onTrace: (graph) => void graph.optimize() });
    return () => step(x, y);
  };
  out["MLP step compiled"] = await time(timedRun(compiledStep(model, x, y, optimizer)), 10);
  const cnn = benchCnn(gb);
  const xc = gb.randomNormal([64, 28, 28, 1], { seed: 7 });
  const yc = gb.randomInt([64], 0, 10, { seed: 8 });
  const cnnOptimizer = new gb.Adam({ learningRate: 1e-3 });
  out[conversion.name] = await time(async () => {
    gb.tensor(conversion.numbers).dispose();
    await finished();
  }, 5);
  out["CNN step"] = await time(timedRun(() => cnnOptimizer.minimize(() => gb.mean(loss.perSample(yc, cnn.apply(xc, { training: true }))), cnn.trainableWeights)), 3, 1);
  out["CNN step compiled"] = await time(timedRun(compiledStep(cnn, xc, yc, cnnOptimizer)), 3, 1);
  return out;
}
