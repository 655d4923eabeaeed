// In a notebook: a cell that opens the GPU writes nothing to its stderr (nbgrader gives 0
// points to a cell with stderr), though Dawn prints native warnings on lavapipe: those go to
// the kernel process's fd 2 (Jupyter's terminal), and gradbook's notice to the cell's stdout.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { KernelClient, root } from "../../jupyter/helpers/kernel-client.js";
import { gpuReady } from "./gpu.js";

let ready = false;
before(async () => {
  ready = await gpuReady();
});

test("a cell that computes on the GPU writes the adapter's notice and its result to stdout, nothing to stderr", async (t) => {
  if (!ready) return t.skip("no WebGPU adapter (set CI=1 to make this a failure)");
  const kernel = await KernelClient.start({ cwd: root });
  try {
    const cell = await kernel.execute("await useWebGpu(); console.log(Array.from(await tensor([1, 2]).mul(2).data()).join(','));", {}, 120_000);
    assert.equal(cell.reply.content.status, "ok", JSON.stringify(cell.reply.content));
    assert.match(cell.stdout, /^gradbook: webgpu backend on .+\n2,4\n$/);
    assert.equal(cell.stderr, "");
    // On lavapipe Dawn does warn: the warnings reached the kernel process's own stderr instead.
    if (/llvmpipe/.test(cell.stdout)) assert.match(kernel.processOutput, /Warning: /);
  } finally {
    await kernel.close();
  }
});

test("GRADBOOK_BACKEND=auto on lavapipe: the kernel stays on the CPU and the first cell's stdout names the adapter", async (t) => {
  if (!ready) return t.skip("no WebGPU adapter (set CI=1 to make this a failure)");
  const kernel = await KernelClient.start({ cwd: root, env: { GRADBOOK_BACKEND: "auto", GRADBOOK_LOCALE: "en" } });
  try {
    const cell = await kernel.execute("console.log(getBackend().name)", {}, 120_000);
    assert.equal(cell.reply.content.status, "ok", JSON.stringify(cell.reply.content));
    assert.equal(cell.stderr, "");
    const [notice, backend] = cell.stdout.split("\n");
    if (!/llvmpipe/.test(notice!)) return t.skip(`not lavapipe: ${notice}`);
    assert.match(notice!, /^gradbook: webgpu: the WebGPU adapter llvmpipe.* is a software renderer on the CPU \(slower than gradbook's CPU backend\); using the cpu(-js)? backend$/);
    assert.match(backend!, /^cpu(-js)?$/);
  } finally {
    await kernel.close();
  }
});
