// The GPU device's lifetime: memory stays flat over many training steps, asynchronous reads
// are the only reads, and a lost device falls back to the CPU with a message instead of a crash.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import * as g from "../../../kernel/src/index.js";
import { WebGpuBackend } from "../../../kernel/src/backend/webgpu/index.js";
import { defineOp } from "../../../kernel/src/tensor/op.js";
import { registerKernel } from "../../../kernel/src/backend/backend.js";
import { CPU, gpuReady, values } from "./gpu.js";
import { printedBy } from "../../helpers/printed.js";

let ready = false;
before(async () => {
  ready = await gpuReady();
});

/** One gradient-descent step of a small MLP, all on the device (no reads). */
function step(x: g.Tensor, y: g.Tensor, w1: g.Variable, w2: g.Variable): void {
  g.tidy(() => {
    const [d1, d2] = g.grads((a, b) => g.categoricalCrossentropy(y, g.softmax(g.relu(x.matmul(a)).matmul(b))).mean())(w1, w2);
    w1.assignSub(d1!.mul(0.1));
    w2.assignSub(d2!.mul(0.1));
  });
}

test("webgpu memory is stable over 1000 training steps and the loss falls like on the CPU", async (t) => {
  if (!ready) return t.skip("no WebGPU adapter (set CI=1 to make this a failure)");
  const losses: Record<string, number[]> = {};
  for (const backend of [CPU, "webgpu"]) {
    g.setBackend(backend);
    const x = g.tensor(values(32)).reshape([8, 4]);
    const y = g.oneHot(g.tensor([0, 1, 2, 0, 1, 2, 0, 1], "int32"), 3);
    const w1 = g.variable(g.tensor(values(24, 2)).reshape([4, 6]));
    const w2 = g.variable(g.tensor(values(18, 3)).reshape([6, 3]));
    const loss = async () => {
      const value = g.tidy(() => g.categoricalCrossentropy(y, g.softmax(g.relu(x.matmul(w1)).matmul(w2))).mean());
      const [v] = await value.data();
      value.dispose();
      return v!;
    };
    losses[backend] = [await loss()];
    for (let i = 0; i < 100; i++) step(x, y, w1, w2);
    const gpu = g.getBackend() as unknown as Partial<WebGpuBackend>;
    const tensorsBefore = g.memory().numTensors;
    const bytesBefore = gpu.memoryInfo?.().bytes;
    for (let i = 0; i < 900; i++) step(x, y, w1, w2);
    assert.equal(g.memory().numTensors, tensorsBefore, `${backend}: tensors leaked`);
    losses[backend]!.push(await loss());
    // The pool's free lists shift with where batch submits fall, by a buffer or two at most.
    if (backend === "webgpu") assert.ok(gpu.memoryInfo!().bytes <= bytesBefore! * 1.01, `GPU bytes grew from ${bytesBefore} at step 100 to ${gpu.memoryInfo!().bytes} at step 1000`);
    g.dispose([x, y, w1, w2]);
  }
  g.setBackend(CPU);
  const [cpu, gpu] = [losses[CPU]!, losses.webgpu!];
  assert.ok(cpu[1]! < cpu[0]! * 0.8, `the CPU loss fell: ${cpu}`);
  cpu.forEach((l, i) => assert.ok(Math.abs(gpu[i]! - l) < 1e-3 * (1 + l), `loss ${i}: GPU ${gpu[i]}, CPU ${l}`));
});

test("webgpu reads only asynchronously, with a message naming await", async (t) => {
  if (!ready) return t.skip("no WebGPU adapter (set CI=1 to make this a failure)");
  g.setBackend("webgpu");
  try {
    const x = g.tensor([1, 2, 3]);
    assert.throws(() => x.dataSync(), /webgpu backend reads asynchronously.*await t\.data\(\)/);
    assert.deepEqual(Array.from(await x.data()), [1, 2, 3]);
    assert.throws(() => g.tensor([1], "float64"), /float64/);
  } finally {
    g.setBackend(CPU);
  }
});

test("an op without a GPU kernel says so, naming the op and a backend that has one", async (t) => {
  if (!ready) return t.skip("no WebGPU adapter (set CI=1 to make this a failure)");
  // Every op of gradbook's own has a GPU kernel (register.test.ts): an op registered for the CPU only.
  const cpuOnly = defineOp<Record<string, never>>({ name: "test.cpuOnly", infer: ([x]) => [{ shape: x!.shape, dtype: x!.dtype }] });
  registerKernel(cpuOnly.name, CPU, ([x]) => [x!.dataId]);
  g.setBackend("webgpu");
  try {
    assert.throws(() => g.runOp(cpuOnly, [g.tensor([1, 2, 3])], {}), /test\.cpuOnly: no kernel for the webgpu backend; run it on another backend with setBackend\("cpu/);
  } finally {
    g.setBackend(CPU);
  }
});

test("a lost GPU device switches to the CPU with a message and old GPU tensors say why they cannot be read", async (t) => {
  if (!ready) return t.skip("no WebGPU adapter (set CI=1 to make this a failure)");
  g.setBackend("webgpu");
  const backend = g.getBackend() as unknown as WebGpuBackend;
  const onGpu = g.tensor([1, 2]).mul(2);
  const [, printed] = await printedBy(async () => {
    backend.runtime.gpu.device.destroy(); // what a driver reset looks like to the backend
    await backend.runtime.gpu.device.lost;
    await new Promise((resolve) => setImmediate(resolve));
  });
  assert.match(g.getBackend().name, /^cpu/);
  assert.match(printed, /webgpu: the GPU device was lost .*computed on the cpu(-js)? backend/);
  assert.deepEqual(Array.from(g.tensor([1, 2]).mul(3).dataSync()), [3, 6], "new ops run on the CPU");
  await assert.rejects(onGpu.data(), /stored on the GPU, which is gone/);
});

test("without a GPU driver, useWebGpu says why on stdout, returns false and the library runs on the CPU", () => {
  // A Vulkan loader pointed at no driver: what a machine without a GPU driver looks like to Dawn.
  const library = fileURLToPath(new URL("../../../kernel/src/index.ts", import.meta.url));
  const script = `const g = await import(${JSON.stringify(library)}); const ok = await g.useWebGpu(); console.log(ok, g.getBackend().name, g.tensor([1, 2]).mul(3).dataSync().join(","));`;
  const noDriver = "/nonexistent/no-gpu-driver.json";
  const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8", timeout: 120_000, env: { ...process.env, VK_DRIVER_FILES: noDriver, VK_ICD_FILENAMES: noDriver } });
  assert.equal(child.status, 0, child.stderr);
  const [notice, result] = child.stdout.trim().split("\n");
  assert.match(notice!, /^gradbook: webgpu: (no WebGPU adapter was found|WebGPU could not start).*; using the cpu(-js)? backend$/);
  assert.match(result!, /^false cpu(-js)? 3,6$/);
  // Only Dawn's own loader warnings may reach stderr (fd 2, outside a cell), never gradbook's lines.
  assert.doesNotMatch(child.stderr, /gradbook/);
});

test("auto without a GPU driver stays on the CPU with one line saying why", () => {
  const library = fileURLToPath(new URL("../../../kernel/src/index.ts", import.meta.url));
  const script = `const g = await import(${JSON.stringify(library)}); console.log(await g.useBestBackend());`;
  const noDriver = "/nonexistent/no-gpu-driver.json";
  const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8", timeout: 120_000, env: { ...process.env, VK_DRIVER_FILES: noDriver, VK_ICD_FILENAMES: noDriver } });
  assert.equal(child.status, 0, child.stderr);
  assert.match(child.stdout, /^gradbook: webgpu: (no WebGPU adapter was found|WebGPU could not start).*; using the cpu(-js)? backend\ncpu(-js)?\n$/);
});

test("software adapters are told from hardware ones by Dawn's fallback flag, the architecture or the driver's name", () => {
  const adapter = (fields: Partial<g.AdapterInfo>): g.AdapterInfo => ({ vendor: "", architecture: "", device: "", description: "", ...fields });
  const software = [
    adapter({ vendor: "mesa", architecture: "software", device: "llvmpipe-llvm-15-0-6-256-bits-", description: "llvmpipe: Mesa 25.0.7", isFallbackAdapter: true }),
    adapter({ description: "llvmpipe (LLVM 19.1.7, 256 bits)" }),
    adapter({ vendor: "google", description: "SwiftShader Device (Subzero)" }),
    adapter({ description: "Microsoft Basic Render Driver" }),
    adapter({ description: "some GPU", isFallbackAdapter: true }),
  ];
  const hardware = [
    adapter({ vendor: "nvidia", architecture: "hopper", description: "NVIDIA H200" }),
    adapter({ vendor: "mesa", architecture: "rdna-3", description: "AMD Radeon RX 7900 XTX (RADV NAVI31)" }),
    adapter({ vendor: "apple", architecture: "common-3", description: "Apple M2" }),
    adapter({ vendor: "intel", description: "Intel(R) UHD Graphics 620 (WHL GT2)" }),
  ];
  for (const info of software) assert.equal(g.isSoftwareAdapter(info), true, info.description);
  for (const info of hardware) assert.equal(g.isSoftwareAdapter(info), false, info.description);
});
