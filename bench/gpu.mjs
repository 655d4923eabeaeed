// GPU benchmark: gradbook's webgpu backend against PyTorch CUDA (TF32 off and on) and
// tfjs-backend-webgpu, all in one run on one card, so only the ratios count.
//
//   node bench/gpu.mjs [--quick]          (after `npm run build`; --quick: small sizes, for lavapipe)
//
// Times matmul 1024²–4096² (GPU time: many products per submit, then a wait), per-op
// overhead (tiny adds recorded back to back), and eager training steps of an MLP
// (784-512-512-10, batch 128) and a CNN (2 conv + pool, batch 32), with parameters updated
// on the device and no reads. PyTorch runs through `python3 -c` when it imports; tfjs-webgpu
// from build/tfjs-webgpu.cjs (bundled by bench/gpu-carry.sh).
// Prints a table last; writes results to $OUT/gpu-bench.json when OUT is set.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

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
  g.tidy(() => f()); // compile the pipelines
  await rt.sync();
  let best = Infinity;
  for (let trial = 0; trial < 3; trial++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) g.tidy(() => f());
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
  for (const n of SIZES.slice(-2)) ours[`matmul${n}_${variantName(variant)}`] = await matmulRate(n);
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

/** One eager SGD step of `loss` over `params` (variables), no reads. */
function sgdStep(params, loss) {
  const grads = g.grads((...ps) => loss(...ps))(...params);
  params.forEach((p, i) => p.assignSub(grads[i].mul(0.01)));
}

// MLP 784-512-512-10, batch 128
{
  const batch = quick ? 16 : 128;
  const x = g.randomNormal([batch, 784]);
  const y = g.oneHot(g.randomInt([batch], 0, 10), 10);
  const ps = [[784, 512], [512], [512, 512], [512], [512, 10], [10]].map((s) => g.variable(g.randomNormal(s).mul(0.05)));
  const loss = (w1, b1, w2, b2, w3, b3) => g.categoricalCrossentropy(y, g.softmax(g.relu(g.relu(x.matmul(w1).add(b1)).matmul(w2).add(b2)).matmul(w3).add(b3))).mean();
  ours.mlpMs = (await gpuTime(() => sgdStep(ps, loss), quick ? 3 : 50)) * 1e3;
  // The same step compiled by jit: one graph, run without the op front-ends.
  const compiled = g.jit(() => sgdStep(ps, loss));
  ours.mlpCompiledMs = (await gpuTime(() => compiled(), quick ? 3 : 50)) * 1e3;
  // And optimised as fit does it: graph passes, elementwise chains fused into generated WGSL.
  const optimised = g.jit(() => sgdStep(ps, loss), { onTrace: (graph) => void graph.optimize() });
  ours.mlpOptimisedMs = (await gpuTime(() => optimised(), quick ? 3 : 50)) * 1e3;
}

// CNN: conv 3×3×32, pool 2, conv 3×3×64, pool 2, dense 10; 28×28×1 images, batch 32
{
  const batch = quick ? 4 : 32;
  const x = g.randomNormal([batch, 28, 28, 1]);
  const y = g.oneHot(g.randomInt([batch], 0, 10), 10);
  const ps = [[3, 3, 1, 32], [3, 3, 32, 64], [7 * 7 * 64, 10]].map((s) => g.variable(g.randomNormal(s).mul(0.05)));
  const loss = (k1, k2, w) => {
    const h1 = g.maxPool2d(g.relu(g.conv2d(x, k1, { padding: "same" })), 2);
    const h2 = g.maxPool2d(g.relu(g.conv2d(h1, k2, { padding: "same" })), 2);
    return g.categoricalCrossentropy(y, g.softmax(h2.reshape([batch, 7 * 7 * 64]).matmul(w))).mean();
  };
  ours.cnnMs = (await gpuTime(() => sgdStep(ps, loss), quick ? 2 : 20)) * 1e3;
  const compiled = g.jit(() => sgdStep(ps, loss));
  ours.cnnCompiledMs = (await gpuTime(() => compiled(), quick ? 2 : 20)) * 1e3;
  const optimised = g.jit(() => sgdStep(ps, loss), { onTrace: (graph) => void graph.optimize() });
  ours.cnnOptimisedMs = (await gpuTime(() => optimised(), quick ? 2 : 20)) * 1e3;
}

// PyTorch CUDA in the same run
const PY = `
import json, time, torch
res = {}
if not torch.cuda.is_available():
    print(json.dumps({"error": "no CUDA"})); raise SystemExit
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
    B = ${quick ? 16 : 128}
    xm = torch.randn(B, 784, device=dev); ym = torch.randint(0, 10, (B,), device=dev)
    mlp = torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 512), torch.nn.ReLU(), torch.nn.Linear(512, 10)).to(dev)
    opt = torch.optim.SGD(mlp.parameters(), lr=0.01)
    def mstep():
        opt.zero_grad(); torch.nn.functional.cross_entropy(mlp(xm), ym).backward(); opt.step()
    res[f"mlpMs_{tag}"] = timed(mstep, 50) * 1e3
    Bc = ${quick ? 4 : 32}
    xc = torch.randn(Bc, 1, 28, 28, device=dev); yc = torch.randint(0, 10, (Bc,), device=dev)
    cnn = torch.nn.Sequential(torch.nn.Conv2d(1, 32, 3, padding=1, bias=False), torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Conv2d(32, 64, 3, padding=1, bias=False), torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Flatten(), torch.nn.Linear(7 * 7 * 64, 10, bias=False)).to(dev)
    copt = torch.optim.SGD(cnn.parameters(), lr=0.01)
    def cstep():
        copt.zero_grad(); torch.nn.functional.cross_entropy(cnn(xc), yc).backward(); copt.step()
    res[f"cnnMs_{tag}"] = timed(cstep, 20) * 1e3
res["device"] = torch.cuda.get_device_name(0); res["torch"] = torch.__version__
print(json.dumps(res))
`;
let torch = {};
const py = spawnSync("python3", ["-c", PY], { encoding: "utf8", timeout: 300_000 });
try {
  torch = JSON.parse(py.stdout.trim().split("\n").pop() || "{}");
} catch {
  torch = {};
}
if (!torch.device && !torch.error) torch.error = (py.stderr || py.error?.message || "python3 printed nothing").trim().split("\n").pop();

// tfjs-backend-webgpu on the same Dawn device type
let tfjs = {};
try {
  // tfjs-backend-webgpu registers itself at import only if navigator.gpu exists.
  const { create, globals } = await import("webgpu");
  Object.assign(globalThis, globals);
  globalThis.__tfjsGpu = create([]); // held for the process's life, like gradbook's
  Object.defineProperty(globalThis, "navigator", { value: { gpu: globalThis.__tfjsGpu, userAgent: "node" }, configurable: true });
  const tf = (await import(join(root, "build/tfjs-webgpu.cjs"))).default;
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
for (const n of SIZES.slice(-2)) {
  for (const variant of [...variants.map(variantName), "norobust"]) row(`  matmul ${n}², ${variant}`, f(ours[`matmul${n}_${variant}`], 0), "", "", "");
}
row("tiny op, recorded back to back (µs)", f(ours.tinyOpUs, 1), f(torch.tinyOpUs_off, 1), f(torch.tinyOpUs_on, 1), "—");
row("MLP 784-512-512-10 SGD step, eager (ms)", f(ours.mlpMs), f(torch.mlpMs_off), f(torch.mlpMs_on), "—");
row("CNN conv32-pool-conv64-pool-dense SGD step, eager (ms)", f(ours.cnnMs), f(torch.cnnMs_off), f(torch.cnnMs_on), "—");
row("MLP step compiled by jit (ms; PyTorch eager)", f(ours.mlpCompiledMs), f(torch.mlpMs_off), f(torch.mlpMs_on), "—");
row("CNN step compiled by jit (ms; PyTorch eager)", f(ours.cnnCompiledMs), f(torch.cnnMs_off), f(torch.cnnMs_on), "—");
row("MLP step compiled and optimised (fused WGSL) (ms; PyTorch eager)", f(ours.mlpOptimisedMs), f(torch.mlpMs_off), f(torch.mlpMs_on), "—");
row("CNN step compiled and optimised (fused WGSL) (ms; PyTorch eager)", f(ours.cnnOptimisedMs), f(torch.cnnMs_off), f(torch.cnnMs_on), "—");

const big = SIZES.at(-1);
const mid = SIZES.length > 2 ? SIZES[1] : SIZES.at(-1);
const ratios = {
  [`matmul ${big}² vs PyTorch TF32 off`]: ours[`matmul${big}`] / torch[`matmul${big}_off`],
  [`matmul ${mid}² vs tfjs-webgpu`]: ours[`matmul${mid}`] / tfjs[`matmul${mid}`],
  "MLP step: PyTorch / ours": torch.mlpMs_off / ours.mlpMs,
  "CNN step: PyTorch / ours": torch.cnnMs_off / ours.cnnMs,
  "compiled MLP step: ours / PyTorch eager": ours.mlpCompiledMs / torch.mlpMs_off,
  "compiled CNN step: ours / PyTorch eager": ours.cnnCompiledMs / torch.cnnMs_off,
};
if (process.env.OUT) writeFileSync(join(process.env.OUT, "gpu-bench.json"), JSON.stringify({ adapter: rt.gpu.adapterName, ours, torch, tfjs, ratios }, null, 1));
console.log(`\nadapter: ${rt.gpu.adapterName}; PyTorch: ${torch.device ?? torch.error ?? "—"} ${torch.torch ?? ""}; tfjs-webgpu: ${tfjs.error ?? "ok"}`);
console.log("| workload | gradbook webgpu | PyTorch TF32 off | PyTorch TF32 on | tfjs-webgpu |\n|---|---|---|---|---|");
for (const r of rows) console.log(`| ${r.what} | ${r.ours} | ${r.torchOff} | ${r.torchOn} | ${r.tfjs} |`);
for (const [k, v] of Object.entries(ratios)) console.log(`${k}: ${Number.isFinite(v) ? v.toFixed(2) : "—"}`);
