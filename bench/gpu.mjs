// GPU benchmark: gradbook's webgpu backend against PyTorch CUDA (TF32 off and on) and
// tfjs-backend-webgpu, all in one run on one card, so only the ratios count.
//
//   node bench/gpu.mjs [--quick]          (after `npm run build`; --quick: small sizes, for lavapipe)
//
// Times matmul 1024²–4096² (GPU time: many products per submit, then a wait for the queue),
// per-op overhead (tiny adds recorded back to back), and Adam training steps of the MLP
// (784-256-128-10, batch 128) and the CNN (conv32-pool-conv64-pool-dense128-dense10, batch
// 64) of the CPU benchmark, eager, compiled by jit and compiled with graph.optimize(), with
// parameters updated on the device and no reads. PyTorch runs through `python3 -c` (or
// $GRADBOOK_PEERS_PYTHON) when it imports with CUDA; tfjs-webgpu from build/tfjs-webgpu.cjs
// (bundled on first use, or by bench/gpu-carry.sh). A peer that cannot run says why.
// Prints a table and issue 12's targets as ratios last; writes $OUT/gpu-bench.json when OUT is set.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { benchCnn, benchMlp } from "../scripts/bench-models.mjs";
import { tfjsWebGpuBundle } from "./tfjs-webgpu-bundle.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const quick = process.argv.includes("--quick");
const matmulOnly = process.argv.includes("--matmul-only");
const SIZES = quick ? [128, 256] : [1024, 2048, 4096];
const g = await import(join(root, "kernel/dist/index.js"));
const rows = [];
const row = (what, ours, torchOff, torchOn, tfjs, unit) => rows.push({ what, ours, torchOff, torchOn, tfjs, unit });

if (!(await (matmulOnly ? quietly(g.useWebGpu) : g.useWebGpu()))) {
  console.log("no WebGPU adapter: nothing to measure");
  process.exit(1);
}
const backend = g.getBackend();

/** Runs `f` with stdout silenced (the child's stdout carries one JSON line). */
async function quietly(f) {
  const write = process.stdout.write;
  process.stdout.write = () => true;
  try {
    return await f();
  } finally {
    process.stdout.write = write;
  }
}
const rt = backend.runtime;

/** Seconds per call of `f` (recorded `reps` times between two waits for the GPU), best of 3. */
async function gpuTime(f, reps) {
  g.dispose(g.tidy(() => f())); // compile the pipelines
  await rt.sync();
  let best = Infinity;
  for (let trial = 0; trial < 3; trial++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) g.dispose(g.tidy(() => f()));
    await rt.sync();
    best = Math.min(best, (performance.now() - t0) / 1000 / reps);
  }
  return best;
}

// matmul, with the kernel's own choice of register block, then each block forced
const { matmulTuning } = await import(join(root, "kernel/dist/backend/webgpu/kernels/matmul.js"));
const ours = {};
async function matmulRate(n) {
  const a = g.randomNormal([n, n]);
  const b = g.randomNormal([n, n]);
  const s = await gpuTime(() => g.matmul(a, b), n >= 4096 ? 10 : 20);
  g.dispose([a, b]);
  return (2 * n ** 3) / s / 1e9;
}
for (const n of SIZES) ours[`matmul${n}`] = await matmulRate(n);
if (matmulOnly) {
  console.log(JSON.stringify(ours));
  process.exit(0);
}
const defaults = { ...matmulTuning };
const variants = [4, 8].flatMap((block) => [false, true].flatMap((pad) => [false, true].map((unroll) => ({ block, pad, unroll }))));
const variantName = ({ block, pad, unroll }) => `block${block}${pad ? "-pad" : ""}${unroll ? "-unroll" : ""}`;
for (const variant of variants) {
  Object.assign(matmulTuning, variant);
  for (const n of SIZES) ours[`matmul${n}_${variantName(variant)}`] = await matmulRate(n);
}
Object.assign(matmulTuning, defaults, { block: undefined });
// Dawn's robustness (bounds clamping on every access) off, in a child process
const unsafe = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--matmul-only", ...(quick ? ["--quick"] : [])], {
  encoding: "utf8",
  env: { ...process.env, GRADBOOK_WEBGPU_FLAGS: "enable-dawn-features=allow_unsafe_apis,disable_robustness" },
  timeout: 120_000,
});
try {
  const rates = JSON.parse(unsafe.stdout.trim().split("\n").pop());
  for (const [k, v] of Object.entries(rates)) ours[`${k}_norobust`] = v;
} catch {
  ours.norobustError = (unsafe.stderr || "no output").trim().split("\n").pop();
}

// per-op overhead: a chain of tiny adds
{
  const x = g.ones([16]);
  const s = await gpuTime(() => {
    let y = x;
    for (let i = 0; i < 100; i++) y = y.add(1);
    return y;
  }, quick ? 5 : 50);
  ours.tinyOpUs = (s / 100) * 1e6;
  x.dispose();
}

// The training steps of the CPU and graph benchmarks (scripts/bench-models.mjs): one Adam
// step of the MLP 784-256-128-10 (batch 128) and of the CNN conv32-pool-conv64-pool-dense128-
// dense10 on 28×28×1 (batch 64), through Optimizer.minimize as a student's loop runs it,
// eager, compiled by jit, and compiled with graph.optimize() (elementwise chains fused into
// generated WGSL). The parameters are updated on the device; nothing is read back.
const models = {
  mlp: { make: benchMlp, x: (batch) => [batch, 784], batch: quick ? 16 : 128, reps: quick ? 3 : 50 },
  cnn: { make: benchCnn, x: (batch) => [batch, 28, 28, 1], batch: quick ? 4 : 64, reps: quick ? 2 : 20 },
};
for (const [name, { make, x: shape, batch, reps }] of Object.entries(models)) {
  const x = g.randomNormal(shape(batch), { seed: 3 });
  const y = g.randomInt([batch], 0, 10, { seed: 4 });
  const loss = g.getLoss(new g.losses.SparseCategoricalCrossentropy({ fromLogits: true }));
  /** A step function over a fresh model and Adam (the same seed: the same weights). */
  const stepFor = () => {
    g.seed(0);
    const model = make(g);
    const optimizer = new g.Adam({ learningRate: 1e-3 });
    return () => optimizer.minimize(() => g.mean(loss.perSample(y, model.apply(x, { training: true }))), model.trainableWeights);
  };
  ours[`${name}Ms`] = (await gpuTime(stepFor(), reps)) * 1e3;
  ours[`${name}CompiledMs`] = (await gpuTime(g.jit(stepFor()), reps)) * 1e3;
  ours[`${name}OptimisedMs`] = (await gpuTime(g.jit(stepFor(), { onTrace: (graph) => void graph.optimize() }), reps)) * 1e3;
  // The same, with the matmul's tiling as before 2026-12-06 (no smaller tiles or k splits for products of few tiles).
  matmulTuning.fill = false;
  ours[`${name}OptimisedNoFillMs`] = (await gpuTime(g.jit(stepFor(), { onTrace: (graph) => void graph.optimize() }), reps)) * 1e3;
  matmulTuning.fill = true;
}

// PyTorch CUDA in the same run
const PY = `
import json, time, torch
res = {}
if not torch.cuda.is_available():
    print(json.dumps({"error": f"no CUDA device (torch {torch.__version__})"})); raise SystemExit
dev = "cuda"
def timed(f, reps):
    f(); torch.cuda.synchronize()
    best = 1e9
    for _ in range(3):
        t0 = time.perf_counter()
        for _ in range(reps): f()
        torch.cuda.synchronize()
        best = min(best, (time.perf_counter() - t0) / reps)
    return best
for tf32 in (False, True):
    torch.backends.cuda.matmul.allow_tf32 = tf32
    torch.backends.cudnn.allow_tf32 = tf32
    tag = "on" if tf32 else "off"
    for n in ${JSON.stringify(SIZES)}:
        a = torch.randn(n, n, device=dev); b = torch.randn(n, n, device=dev)
        res[f"matmul{n}_{tag}"] = 2 * n**3 / timed(lambda: a @ b, 20) / 1e9
    x = torch.ones(16, device=dev)
    def chain():
        y = x
        for _ in range(100): y = y + 1
    res[f"tinyOpUs_{tag}"] = timed(chain, 50) / 100 * 1e6
    B = ${models.mlp.batch}
    xm = torch.randn(B, 784, device=dev); ym = torch.randint(0, 10, (B,), device=dev)
    mlp = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10)).to(dev)
    opt = torch.optim.Adam(mlp.parameters(), lr=1e-3)
    def mstep():
        opt.zero_grad(); torch.nn.functional.cross_entropy(mlp(xm), ym).backward(); opt.step()
    res[f"mlpMs_{tag}"] = timed(mstep, 50) * 1e3
    Bc = ${models.cnn.batch}
    xc = torch.randn(Bc, 1, 28, 28, device=dev); yc = torch.randint(0, 10, (Bc,), device=dev)
    cnn = torch.nn.Sequential(torch.nn.Conv2d(1, 32, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Conv2d(32, 64, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Flatten(), torch.nn.Linear(1600, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10)).to(dev)
    copt = torch.optim.Adam(cnn.parameters(), lr=1e-3)
    def cstep():
        copt.zero_grad(); torch.nn.functional.cross_entropy(cnn(xc), yc).backward(); copt.step()
    res[f"cnnMs_{tag}"] = timed(cstep, 20) * 1e3
res["device"] = torch.cuda.get_device_name(0); res["torch"] = torch.__version__
print(json.dumps(res))
`;
let torch = {};
// GRADBOOK_PEERS_PYTHON: another interpreter with PyTorch (as for scripts/bench-cpu.mjs).
const python = process.env.GRADBOOK_PEERS_PYTHON ?? "python3";
const py = spawnSync(python, ["-c", PY], { encoding: "utf8", timeout: 300_000 });
try {
  torch = JSON.parse(py.stdout.trim().split("\n").pop() || "{}");
} catch {
  torch = {};
}
if (!torch.device && !torch.error) torch.error = (py.stderr || py.error?.message || `${python} printed nothing`).trim().split("\n").pop();

// tfjs-backend-webgpu on the same Dawn device type
let tfjs = {};
try {
  // tfjs-backend-webgpu registers itself at import only if navigator.gpu exists.
  const { create, globals } = await import("webgpu");
  Object.assign(globalThis, globals);
  globalThis.__tfjsGpu = create([]); // held for the process's life, like gradbook's
  Object.defineProperty(globalThis, "navigator", { value: { gpu: globalThis.__tfjsGpu, userAgent: "node" }, configurable: true });
  const tf = (await import(await tfjsWebGpuBundle())).default;
  await tf.setBackend("webgpu");
  await tf.ready();
  for (const n of SIZES.slice(0, 2)) {
    const a = tf.randomNormal([n, n]);
    const b = tf.randomNormal([n, n]);
    const run = async (reps) => {
      const outs = [];
      for (let i = 0; i < reps; i++) outs.push(tf.matMul(a, b));
      await outs.at(-1).data();
      outs.forEach((o) => o.dispose());
    };
    await run(2);
    let best = Infinity;
    for (let trial = 0; trial < 3; trial++) {
      const t0 = performance.now();
      await run(20);
      best = Math.min(best, (performance.now() - t0) / 1000 / 20);
    }
    tfjs[`matmul${n}`] = (2 * n ** 3) / best / 1e9;
  }
} catch (error) {
  tfjs = { error: String(error.message || error).split("\n")[0] };
}

const f = (v, digits = 2) => (typeof v === "number" ? v.toFixed(digits) : "—");
for (const n of SIZES) row(`matmul ${n}² fp32 (GFLOP/s)`, f(ours[`matmul${n}`], 0), f(torch[`matmul${n}_off`], 0), f(torch[`matmul${n}_on`], 0), f(tfjs[`matmul${n}`], 0));
for (const n of SIZES) {
  for (const variant of [...variants.map(variantName), "norobust"]) row(`  matmul ${n}², ${variant}`, f(ours[`matmul${n}_${variant}`], 0), "", "", "");
}
row("tiny op, recorded back to back (µs)", f(ours.tinyOpUs, 1), f(torch.tinyOpUs_off, 1), f(torch.tinyOpUs_on, 1), "—");
const mlp = `MLP 784-256-128-10 Adam step, batch ${models.mlp.batch}`;
const cnn = `CNN conv32-pool-conv64-pool-dense128-dense10 Adam step, batch ${models.cnn.batch}`;
row(`${mlp}, eager (ms)`, f(ours.mlpMs), f(torch.mlpMs_off), f(torch.mlpMs_on), "—");
row(`${cnn}, eager (ms)`, f(ours.cnnMs), f(torch.cnnMs_off), f(torch.cnnMs_on), "—");
row("the MLP step compiled by jit (ms; PyTorch: its eager step)", f(ours.mlpCompiledMs), f(torch.mlpMs_off), f(torch.mlpMs_on), "—");
row("the CNN step compiled by jit (ms; PyTorch: its eager step)", f(ours.cnnCompiledMs), f(torch.cnnMs_off), f(torch.cnnMs_on), "—");
row("the MLP step compiled and optimised, fused WGSL (ms; PyTorch: eager)", f(ours.mlpOptimisedMs), f(torch.mlpMs_off), f(torch.mlpMs_on), "—");
row("the CNN step compiled and optimised, fused WGSL (ms; PyTorch: eager)", f(ours.cnnOptimisedMs), f(torch.cnnMs_off), f(torch.cnnMs_on), "—");
row("  the same MLP step, matmul tiled as before 2026-12-06 (no fill)", f(ours.mlpOptimisedNoFillMs), "", "", "");
row("  the same CNN step, matmul tiled as before 2026-12-06 (no fill)", f(ours.cnnOptimisedNoFillMs), "", "", "");

// Issue 12's targets (set for an H200), as ratios measured in this run; eager steps for information.
const big = SIZES.at(-1);
const mid = SIZES.length > 2 ? SIZES[1] : SIZES.at(-1);
const targets = [
  { what: `matmul ${big}² fp32, gradbook / PyTorch TF32 off`, value: ours[`matmul${big}`] / torch[`matmul${big}_off`], peer: "PyTorch", atLeast: 0.6 },
  { what: `matmul ${mid}² fp32, gradbook / tfjs-webgpu`, value: ours[`matmul${mid}`] / tfjs[`matmul${mid}`], peer: "tfjs-webgpu", atLeast: 2.5 },
  { what: "MLP step, gradbook compiled / PyTorch eager", value: ours.mlpCompiledMs / torch.mlpMs_off, peer: "PyTorch", atMost: 2 },
  { what: "CNN step, gradbook compiled / PyTorch eager", value: ours.cnnCompiledMs / torch.cnnMs_off, peer: "PyTorch", atMost: 3 },
  { what: "MLP step, gradbook eager / PyTorch eager", value: ours.mlpMs / torch.mlpMs_off, peer: "PyTorch" },
  { what: "CNN step, gradbook eager / PyTorch eager", value: ours.cnnMs / torch.cnnMs_off, peer: "PyTorch" },
];
/** "0.48 (target ≥ 0.6: not met)", or why there is no ratio. */
function verdict({ value, peer, atLeast, atMost }) {
  if (!Number.isFinite(value)) return `— (${peer}: ${(peer === "PyTorch" ? torch : tfjs).error ?? "no value"})`;
  if (atLeast === undefined && atMost === undefined) return value.toFixed(2);
  const met = atLeast !== undefined ? value >= atLeast : value <= atMost;
  return `${value.toFixed(2)} (target ${atLeast !== undefined ? `≥ ${atLeast}` : `≤ ${atMost}`}: ${met ? "met" : "not met"})`;
}
const ratios = Object.fromEntries(targets.map((t) => [t.what, t.value]));
if (process.env.OUT) writeFileSync(join(process.env.OUT, "gpu-bench.json"), JSON.stringify({ adapter: rt.gpu.adapterName, quick, ours, torch, tfjs, ratios }, null, 1));
const software = /llvmpipe|lavapipe|swiftshader/i.test(rt.gpu.adapterName);
console.log(`\nadapter: ${rt.gpu.adapterName}${software ? " (a software GPU on the CPU: these numbers prove the path, not the speed)" : ""}`);
console.log(`PyTorch: ${torch.device ? `${torch.device}, torch ${torch.torch}` : `not measured: ${torch.error}`}; tfjs-webgpu: ${tfjs.error ? `not measured: ${tfjs.error}` : "on the same Dawn"}`);
console.log("| workload | gradbook webgpu | PyTorch TF32 off | PyTorch TF32 on | tfjs-webgpu |\n|---|---|---|---|---|");
for (const r of rows) console.log(`| ${r.what} | ${r.ours} | ${r.torchOff} | ${r.torchOn} | ${r.tfjs} |`);
console.log(`\nissue 12's targets (set for an H200${quick ? "; --quick measures smaller sizes and batches" : ""}):`);
for (const t of targets) console.log(`${t.what}: ${verdict(t)}`);
