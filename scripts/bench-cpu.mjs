// `npm run bench` (this part: `node scripts/bench-cpu.mjs [--quick] [--peers]`): the CPU
// library against its peers, measured in the same run on the same machine, as one table of
// median milliseconds (with the interquartile range) and ratios, also written to
// build/bench-cpu.json. Columns: gradbook on its WebAssembly backend ("cpu"), on its
// JavaScript reference ("cpu-js") and on its GPU backend ("webgpu", in a child process;
// empty, saying why, without an adapter; on Mesa's lavapipe it proves the path, not the
// speed), tfjs-backend-wasm and tfjs-backend-cpu (devDependencies),
// PyTorch and Keras (TensorFlow CPU) when they are installed in .venv — `--peers` installs
// them there (large downloads; never in CI). Workloads: matmul 256², 1024², 2048²; the three
// products of a 784→256 dense layer's training step at batch 128 (x·W, xᵀ·dy, dy·Wᵀ); conv2d
// forward and forward+backward for [32, 28, 28, 1] → 32 and [32, 14, 14, 32] → 64 filters
// (3×3, "same"); one Adam step of an MLP 784-256-128-10 on a batch of 128 (every column
// starts from the same weights and data, and the first losses are compared); one Adam step
// of a CNN conv32-pool-conv64-pool-dense128-dense10 on 28×28×1, batch 64 (both also compiled
// by jit, as model.fit runs them, against the peers' steps); converting a
// JavaScript array of 10⁷ numbers to a tensor (tensor(array) / tf.tensor(array)), next to a
// typed-array copy of it (Float32Array.set) as the floor.
// tfjs has no MLP/CNN step: the Node build of tfjs-core registers no gradients.
import { mkdirSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { createRequire } from "node:module";
import { root, importBuiltLibrary } from "./ensure.mjs";
import { runPythonPeers } from "./bench-python.mjs";
import { conversionWorkload, gradbookColumn, readBenchData, timer } from "./bench-gradbook.mjs";

const quick = process.argv.includes("--quick");
const peers = process.argv.includes("--peers");
const gb = await importBuiltLibrary();

const time = timer(quick);

const matmuls = [
  ...(quick ? [256] : [256, 1024, 2048]).map((n) => ({ name: `matmul ${n}²`, a: [n, n], b: [n, n], transposeA: false, transposeB: false })),
  { name: "dense x·W", a: [128, 784], b: [784, 256], transposeA: false, transposeB: false },
  { name: "dense xᵀ·dy", a: [128, 784], b: [128, 256], transposeA: true, transposeB: false },
  { name: "dense dy·Wᵀ", a: [128, 256], b: [784, 256], transposeA: false, transposeB: true },
];
const convs = [
  { name: "conv 28²×1→32", x: [32, 28, 28, 1], w: [3, 3, 1, 32] },
  { name: "conv 14²×32→64", x: [32, 14, 14, 32], w: [3, 3, 32, 64] },
];
const conversion = conversionWorkload(quick);
const { name: convertWorkload, numbers } = conversion;
const copyFloor = await time(() => void new Float32Array(numbers.length).set(numbers), 5);
const flopsOf = (w) => 2 * w.a[0] * w.a[1] * (w.transposeB ? w.b[0] : w.b[1]);

// The MLP's shared starting point, written for the Python peers too.
const dataDir = join(root, "build", "bench-data");
mkdirSync(dataDir, { recursive: true });
const mlpUnits = [[784, 256], [256, 128], [128, 10]];
const mlpData = {
  x: gb.randomNormal([128, 784], { seed: 3 }).dataSync(),
  y: gb.randomInt([128], 0, 10, { seed: 4 }).dataSync(),
  weights: mlpUnits.flatMap(([fanIn, units], i) => [
    gb.randomUniform([fanIn, units], { min: -Math.sqrt(6 / (fanIn + units)), max: Math.sqrt(6 / (fanIn + units)), seed: 10 + i }).dataSync(),
    new Float32Array(units),
  ]),
};
const save = (name, values) => writeFileSync(join(dataDir, `${name}.bin`), Buffer.from(values.buffer, values.byteOffset, values.byteLength));
save("mlp-x", mlpData.x);
save("mlp-y", Int32Array.from(mlpData.y));
mlpUnits.forEach((_, i) => (save(`mlp-w${i}`, mlpData.weights[2 * i]), save(`mlp-b${i}`, mlpData.weights[2 * i + 1])));
writeFileSync(join(dataDir, "shapes.json"), JSON.stringify({ matmuls, convs, mlpUnits }));

/** gradbook on one of its CPU backends (the shared column of bench-gradbook.mjs). */
async function gradbook(backend) {
  gb.setBackend(backend);
  return gradbookColumn(gb, readBenchData(dataDir), time, conversion);
}

/**
 * gradbook on its WebGPU backend, in a child process (scripts/bench-webgpu.mjs) with a time
 * limit, so that no adapter, a hang or a native crash leaves this column empty, saying why,
 * instead of stopping the benchmark. The child's notice (the adapter) is printed; Dawn's
 * native warnings on its stderr are not, unless the child fails.
 */
function gradbookWebGpu() {
  const seconds = Number(process.env.GRADBOOK_BENCH_WEBGPU_TIMEOUT ?? (quick ? 300 : 900));
  const child = spawnSync(process.execPath, [join(root, "scripts", "bench-webgpu.mjs"), dataDir, ...(quick ? ["--quick"] : [])], { cwd: root, encoding: "utf8", maxBuffer: 1 << 24, timeout: seconds * 1000, killSignal: "SIGKILL" });
  const lines = (child.stdout ?? "").trim().split("\n");
  let column;
  try {
    column = JSON.parse(lines.at(-1));
    lines.pop();
  } catch {
    const stderr = (child.stderr ?? "").trim().split("\n").at(-1);
    const why = child.error?.code === "ETIMEDOUT" ? `did not finish within ${seconds} s (GRADBOOK_BENCH_WEBGPU_TIMEOUT)` : `its process ended (${child.signal ?? `exit code ${child.status}`})${stderr ? `: ${stderr}` : ""}`;
    column = { error: why };
  }
  for (const line of lines) if (line) console.log(line);
  return column;
}

/** TensorFlow.js on one of its CPU backends (its Node builds, via require). */
async function tfjs(backend) {
  const require = createRequire(join(root, "package.json"));
  const tf = require("@tensorflow/tfjs-core");
  require(backend === "wasm" ? "@tensorflow/tfjs-backend-wasm" : "@tensorflow/tfjs-backend-cpu");
  await tf.setBackend(backend);
  await tf.ready();
  const out = {};
  for (const w of matmuls) {
    const a = tf.randomNormal(w.a);
    const b = tf.randomNormal(w.b);
    out[w.name] = await time(() => tf.tidy(() => void tf.matMul(a, b, w.transposeA, w.transposeB).dataSync()), 3);
  }
  for (const c of convs) {
    const x = tf.randomNormal(c.x);
    const k = tf.randomNormal(c.w);
    out[`${c.name} fwd`] = await time(() => tf.tidy(() => void tf.conv2d(x, k, 1, "same").dataSync()), 3);
    // The backward pass by hand (no gradients in tfjs-core's Node build): dx and dk of sum(conv).
    // tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel: no fwd+bwd figure there.
    if (!tf.getKernel("Conv2DBackpropFilter", backend)) continue;
    const backward = () => {
      const dy = tf.onesLike(tf.conv2d(x, k, 1, "same"));
      tf.conv2dTranspose(dy, k, c.x, 1, "same").dataSync();
      tf.engine().runKernel("Conv2DBackpropFilter", { x, dy }, { strides: [1, 1], pad: "same", dataFormat: "NHWC", filterShape: c.w }).dataSync();
    };
    out[`${c.name} fwd+bwd`] = await time(() => tf.tidy(backward), 3);
  }
  out[convertWorkload] = await time(() => tf.tensor(numbers).dispose(), 5);
  return out;
}

const columns = {};
// GRADBOOK_BENCH_SKIP="gradbook js,tfjs-cpu" leaves out slow columns (they take minutes at 2048²).
const skipped = new Set((process.env.GRADBOOK_BENCH_SKIP ?? "").split(",").map((s) => s.trim()));
for (const [name, produce] of [["gradbook wasm", () => gradbook("cpu")], ["gradbook js", () => gradbook("cpu-js")], ["gradbook webgpu", gradbookWebGpu], ["tfjs-wasm", () => tfjs("wasm")], ["tfjs-cpu", () => tfjs("cpu")]]) {
  if (skipped.has(name)) continue;
  try {
    columns[name] = await produce();
  } catch (error) {
    columns[name] = { error: error.message.split("\n")[0] };
  }
}
Object.assign(columns, runPythonPeers("bench_peers.py", [dataDir, ...(quick ? ["--quick"] : [])], { install: peers }));

const names = Object.keys(columns);
const workloads = [...matmuls.flatMap((w) => (w.name === "matmul 1024²" ? [w.name, `${w.name} 1 thread`] : [w.name])), ...convs.flatMap((c) => [`${c.name} fwd`, `${c.name} fwd+bwd`]), "MLP step", "MLP step compiled", "CNN step", "CNN step compiled", convertWorkload];
// A compiled step has no row of its own in the peers (PyTorch and Keras run eagerly): its
// ratio is taken against the peer's step.
const peerResult = (name, workload) => columns[name][workload] ?? (name.startsWith("gradbook") ? undefined : columns[name][workload.replace(/ compiled$/, "")]);
const pad = (s, n) => String(s).padEnd(n);
const cell = (r) => (r ? `${r.median.toFixed(r.median < 10 ? 3 : 1)} (${r.low.toFixed(r.low < 10 ? 2 : 0)}–${r.high.toFixed(r.high < 10 ? 2 : 0)})` : "n/a");
console.log(`\nmedian ms (interquartile range); ratio = peer's time / gradbook wasm's (> 1: gradbook wasm is faster)\n`);
console.log(pad("workload", 24) + names.map((n) => pad(n, 24)).join("") + "ratios vs " + names.slice(1).join(", "));
for (const workload of workloads) {
  const base = columns["gradbook wasm"][workload];
  const ratios = names.slice(1).map((n) => (base && peerResult(n, workload) ? `${(peerResult(n, workload).median / base.median).toFixed(2)}×` : "n/a"));
  const matmul = matmuls.find((w) => workload.startsWith(w.name));
  const rate = matmul && base ? `  [${(flopsOf(matmul) / base.median / 1e6).toFixed(1)} GFLOP/s]` : "";
  console.log(pad(workload, 24) + names.map((n) => pad(cell(columns[n][workload]), 24)).join("") + ratios.join("  ") + rate);
}
console.log("the compiled steps (jit + graph.optimize(), as model.fit runs them) are compared with each peer's own step");
console.log(`${convertWorkload}: a typed-array copy of the same array (Float32Array.set) takes ${cell(copyFloor)}`);
for (const name of names) if (columns[name].error) console.log(`${name}: not measured: ${columns[name].error}`);
const gpu = columns["gradbook webgpu"];
if (gpu?.adapter) {
  // Mesa's lavapipe (adapter "llvmpipe") and SwiftShader run WGSL on the CPU's cores.
  const software = /llvmpipe|lavapipe|swiftshader/i.test(gpu.adapter);
  console.log(`gradbook webgpu ran on ${gpu.adapter}${software ? ": a software GPU on this machine's CPU, so that column proves the GPU path works, not its speed" : ""}`);
}
const firstLosses = names.filter((n) => columns[n]["MLP step"]?.loss !== undefined).map((n) => `${n} ${columns[n]["MLP step"].loss.toFixed(5)}`);
console.log(`MLP first-step losses (same weights and data): ${firstLosses.join(", ")}`);
const losses = names.map((n) => columns[n]["MLP step"]?.loss).filter((l) => l !== undefined);
const agree = losses.every((l) => Math.abs(l - losses[0]) <= 1e-3 * Math.abs(losses[0]));
console.log(agree ? "the losses agree (within 0.1%)" : "WARNING: the first-step losses differ by more than 0.1%");
mkdirSync(join(root, "build"), { recursive: true });
writeFileSync(join(root, "build", "bench-cpu.json"), JSON.stringify({ date: new Date().toISOString(), quick, columns, typedArrayCopy: copyFloor }, null, 1));
process.exit(agree ? 0 : 1);
