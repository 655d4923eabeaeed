// GRADBOOK_BACKEND, read when the kernel starts, picks the backend cells start on; its notice
// (a wrong value's, or auto's naming the adapter) shows in the first cell's stdout, never stderr.
// auto on a real adapter: tests/backend/webgpu/cell.test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { KernelClient, root } from "./helpers/kernel-client.js";

/** The first cell's stdout, stderr and status in a kernel started with `env`, printing the backend's name. */
async function firstCell(env: Record<string, string>): Promise<{ stdout: string; stderr: string; status: string }> {
  const kernel = await KernelClient.start({ cwd: root, env });
  try {
    const cell = await kernel.execute("console.log(getBackend().name)", {}, 120_000);
    return { stdout: cell.stdout, stderr: cell.stderr, status: cell.reply.content.status };
  } finally {
    await kernel.close();
  }
}

test("GRADBOOK_BACKEND picks the kernel's backend: unset the CPU (the default), cpu-js when asked, a wrong value a notice naming the valid ones", async (t) => {
  if (!existsSync(join(root, "kernel", "dist", "index.js"))) return t.skip("kernel/dist/index.js is not built");
  const unset = await firstCell({ GRADBOOK_BACKEND: "" });
  assert.deepEqual(unset, { stdout: unset.stdout, stderr: "", status: "ok" });
  assert.match(unset.stdout, /^cpu(-js)?\n$/, "the default is the CPU, with nothing printed");
  const cpu = unset.stdout.trim();
  assert.deepEqual(await firstCell({ GRADBOOK_BACKEND: "cpu-js" }), { stdout: "cpu-js\n", stderr: "", status: "ok" });
  assert.deepEqual(await firstCell({ GRADBOOK_BACKEND: "fast", GRADBOOK_LOCALE: "en" }), {
    stdout: `gradbook: GRADBOOK_BACKEND=fast is not a backend setting (valid: auto, webgpu, cpu, cpu-js); using the ${cpu} backend\n${cpu}\n`,
    stderr: "",
    status: "ok",
  });
});
