// Automatic choice (useBestBackend, GRADBOOK_BACKEND=auto) on the adapter this machine has:
// in CI Mesa's lavapipe, a software renderer, so the CPU backend is kept with a line naming it;
// an injected "hardware" answer for the same adapter opens the GPU.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import * as g from "../../../kernel/src/index.js";
import { WebGpuBackend } from "../../../kernel/src/backend/webgpu/index.js";
import { CPU, gpuReady } from "./gpu.js";
import { printedBy } from "../../helpers/printed.js";

let ready = false;
let adapter: g.AdapterInfo | undefined;
before(async () => {
  ready = await gpuReady();
  if (ready) {
    g.setBackend("webgpu");
    adapter = (g.getBackend() as unknown as WebGpuBackend).runtime.gpu.info;
    g.setBackend(CPU);
  }
});
after(() => g.setBackend(CPU));

test("lavapipe is recognised as a software adapter: auto stays on the CPU, and its one line names the adapter and why", async (t) => {
  if (!ready) return t.skip("no WebGPU adapter (set CI=1 to make this a failure)");
  if (!g.isSoftwareAdapter(adapter!)) return t.skip(`a hardware adapter (${adapter!.description}): auto picks it, see the next test`);
  assert.match(adapter!.description, /llvmpipe/, "in CI the adapter is lavapipe's llvmpipe");
  for (const choose of [() => g.useBestBackend(), () => g.useBackendSetting("auto")]) {
    g.setBackend("webgpu"); // even after useWebGpu() opened it, auto leaves the software GPU
    const [backend, printed] = await printedBy(choose);
    assert.match(backend, /^cpu(-js)?$/);
    assert.equal(g.getBackend().name, backend);
    assert.match(printed, /^gradbook: webgpu: the WebGPU adapter llvmpipe.* is a software renderer on the CPU \(slower than gradbook's CPU backend\); using the cpu(-js)? backend\n$/);
  }
});

test("an adapter classified as hardware is picked by auto, which names it in one line", async (t) => {
  if (!ready) return t.skip("no WebGPU adapter (set CI=1 to make this a failure)");
  // A fresh process, so that auto opens the device itself (this one holds it open already).
  const library = fileURLToPath(new URL("../../../kernel/src/index.ts", import.meta.url));
  const script = `const g = await import(${JSON.stringify(library)}); const seen = []; const backend = await g.useBestBackend({ isSoftware: (info) => (seen.push(info.description), false) }); console.log(backend, seen.length, Array.from(await g.tensor([1, 2]).mul(2).data()).join(","));`;
  const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8", timeout: 120_000, env: { ...process.env, GRADBOOK_LOCALE: "en" } });
  assert.equal(child.status, 0, child.stderr);
  const [notice, result] = child.stdout.trim().split("\n");
  assert.equal(notice!.replace(/ \(subgroups\)$/, ""), `gradbook: webgpu backend on ${adapter!.description}, vendor ${adapter!.vendor}`);
  assert.equal(result, "webgpu 1 2,4", "auto asked the classification once and computes on the GPU");
  // Reusing the open device asks the same question: here, in-process, it is a hardware answer too.
  assert.equal(await g.useBestBackend({ isSoftware: () => false }), "webgpu");
  g.setBackend(CPU);
});

test("GRADBOOK_BACKEND=webgpu opens the GPU whatever the adapter; cpu and cpu-js pick those", async (t) => {
  if (!ready) return t.skip("no WebGPU adapter (set CI=1 to make this a failure)");
  assert.equal(await g.useBackendSetting("webgpu"), "webgpu");
  assert.equal(await g.useBackendSetting("cpu-js"), "cpu-js");
  assert.match(await g.useBackendSetting("cpu"), /^cpu(-js)?$/);
});
