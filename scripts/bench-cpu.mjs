// `node scripts/bench-cpu.mjs [--quick]`: the library on the CPU against its JavaScript peers,
// measured in the same run on the same machine: tfjs-backend-cpu and tfjs-backend-wasm
// (devDependencies). Figures: float32 matmul (plain and with a transposed operand, as in the
// backward pass) in GFLOP/s, one training step of an MLP 784-256-128-10 with Adam on a
// batch of 128 (forward, gradients, update) in ms, and converting a JavaScript array of numbers
// to a tensor (tensor(array) / tf.tensor(array)) in ms, with a typed-array copy of the same
// array (Float32Array.set) as the floor. Ratios > 1 mean gradbook is faster.
// The MLP step has no tfjs figure: the Node build of tfjs-core registers no gradients (only
// the 290 MB @tensorflow/tfjs bundle does), so tfjs is compared on matmul only.
// Results also go to build/bench-cpu.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import { root, ensureNodeModules, ensureBuild } from "./ensure.mjs";

const quick = process.argv.includes("--quick");
ensureNodeModules();
ensureBuild();
const gb = await import(pathToFileURL(join(root, "kernel", "dist", "index.js")).href);

/** Median milliseconds of `fn` (sync or async) over `runs` runs after `warmup` runs. */
async function time(fn, runs, warmup = 3) {
  for (let i = 0; i < warmup; i++) await fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)];
}

const sizes = quick ? [256] : [256, 512, 1024];
const runsFor = (n) => (n >= 1024 ? 5 : n >= 512 ? 10 : 30);
const mlpSteps = quick ? 5 : 20;
const convertSize = quick ? 1e6 : 1e7;
const convertKey = `tensor([${convertSize.toExponential(0).replace("+", "")}]) ms`;
const numbers = Array.from({ length: convertSize }, (_, i) => (i % 1000) / 7);
const copyMs = await time(() => void new Float32Array(convertSize).set(numbers), 5);

/** gradbook's figures. */
async function gradbook() {
  const out = { name: "gradbook (cpu)" };
  for (const n of sizes) {
    const a = gb.randomNormal([n, n], { seed: 1 });
    const b = gb.randomNormal([n, n], { seed: 2 });
    const flops = 2 * n ** 3;
    out[`matmul ${n}`] = flops / (await time(() => gb.tidy(() => void gb.matmul(a, b)), runsFor(n))) / 1e6;
    out[`matmul ${n} Aᵀ·B`] = flops / (await time(() => gb.tidy(() => void gb.matmul(a, b, { transposeA: true })), runsFor(n))) / 1e6;
  }
  gb.seed(0);
  const model = gb.sequential([
    new gb.Dense({ units: 256, activation: "relu", inputShape: [784] }),
    new gb.Dense({ units: 128, activation: "relu" }),
    new gb.Dense({ units: 10 }),
  ]);
  const x = gb.randomNormal([128, 784], { seed: 3 });
  const y = gb.randomInt([128], 0, 10, { seed: 4 });
  const optimizer = new gb.Adam({ learningRate: 1e-3 });
  const loss = gb.getLoss(new gb.losses.SparseCategoricalCrossentropy({ fromLogits: true }));
  const weights = model.trainableWeights;
  out[convertKey] = await time(() => gb.tensor(numbers).dispose(), 5);
  out["MLP step ms"] = await time(() => optimizer.minimize(() => gb.mean(loss.perSample(y, model.apply(x, { training: true }))), weights), mlpSteps);
  return out;
}

/** The matmul figures with TensorFlow.js on one of its CPU backends (its Node builds, via require). */
async function tfjs(backend) {
  const require = createRequire(join(root, "package.json"));
  const tf = require("@tensorflow/tfjs-core");
  require(backend === "wasm" ? "@tensorflow/tfjs-backend-wasm" : "@tensorflow/tfjs-backend-cpu");
  await tf.setBackend(backend);
  await tf.ready();
  const out = { name: `tfjs-backend-${backend}` };
  for (const n of sizes) {
    const a = tf.randomNormal([n, n]);
    const b = tf.randomNormal([n, n]);
    const flops = 2 * n ** 3;
    out[`matmul ${n}`] = flops / (await time(() => tf.tidy(() => void tf.matMul(a, b).dataSync()), runsFor(n))) / 1e6;
    out[`matmul ${n} Aᵀ·B`] = flops / (await time(() => tf.tidy(() => void tf.matMul(a, b, true, false).dataSync()), runsFor(n))) / 1e6;
  }
  out[convertKey] = await time(() => tf.tensor(numbers).dispose(), 5);
  return out;
}

const rows = [await gradbook()];
for (const backend of ["cpu", "wasm"]) {
  try {
    rows.push(await tfjs(backend));
  } catch (error) {
    console.log(`tfjs-backend-${backend}: not measured (${error.message.split("\n")[0]})`);
  }
}

const keys = Object.keys(rows[0]).filter((k) => k !== "name");
const pad = (s, n) => String(s).padEnd(n);
console.log(`\n${pad("figure", 20)}${rows.map((r) => pad(r.name, 22)).join("")}ratios (gradbook vs each peer; > 1 = faster)`);
for (const key of keys) {
  const unit = key.endsWith("ms") ? "" : " GFLOP/s";
  const ratio = (peer) => (key.endsWith("ms") ? peer[key] / rows[0][key] : rows[0][key] / peer[key]);
  const cell = (r) => pad(r[key] === undefined ? "n/a" : `${r[key].toFixed(2)}${unit}`, 22);
  const ratios = rows.slice(1).map((p) => (p[key] === undefined ? "n/a" : `${ratio(p).toFixed(2)}×`));
  console.log(`${pad(key, 20)}${rows.map(cell).join("")}${ratios.join("  ")}`);
}
console.log(`${pad("Float32Array.set ms", 20)}${pad(copyMs.toFixed(2), 22)}(the floor for ${convertKey}: gradbook takes ${(rows[0][convertKey] / copyMs).toFixed(2)}× a typed-array copy)`);
mkdirSync(join(root, "build"), { recursive: true });
writeFileSync(join(root, "build", "bench-cpu.json"), JSON.stringify({ date: new Date().toISOString(), rows, typedArrayCopyMs: copyMs }, null, 1));
