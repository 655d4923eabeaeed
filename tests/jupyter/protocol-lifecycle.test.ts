// Kernel lifecycle: shutdown and restart on the control channel, and the real
// library preload (the mechanism other tests exercise with a fixture library).
// Run: node --import tsx --test tests/jupyter/protocol-lifecycle.test.ts
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { KernelClient, root } from "./helpers/kernel-client.js";

const fixture = fileURLToPath(new URL("./helpers/fixture-library.js", import.meta.url));

test("shutdown_request with restart: reply, then the process exits cleanly", async () => {
  const kernel = await KernelClient.start({ env: { GRADBOOK_LIBRARY: fixture } });
  try {
    assert.equal((await kernel.execute("1")).reply.content.status, "ok");
    const reply = await kernel.request("control", "shutdown_request", { restart: true });
    assert.equal(reply.header.msg_type, "shutdown_reply");
    assert.deepEqual(reply.content, { status: "ok", restart: true });
    assert.equal(await kernel.exited, 0);
    assert.equal(kernel.processOutput, "");
  } finally {
    await kernel.close();
  }
});

test("shutdown while a cell is stuck in a synchronous loop still ends the process", async () => {
  const kernel = await KernelClient.start({ env: { GRADBOOK_LIBRARY: fixture } });
  try {
    const header = kernel.submit("await null; while (true) {}");
    await kernel.waitIopub((m) => m.parent_header.msg_id === header.msg_id && m.header.msg_type === "execute_input");
    const reply = await kernel.request("control", "shutdown_request", { restart: false });
    assert.deepEqual(reply.content, { status: "ok", restart: false });
    assert.equal(await kernel.exited, 0);
  } finally {
    await kernel.close();
  }
});

test("the real library is preloaded: same instance as `import from \"gradbook\"`, and display reaches the notebook", async (t) => {
  if (!existsSync(join(root, "kernel", "dist", "index.js"))) return t.skip("kernel/dist/index.js is not built");
  const kernel = await KernelClient.start({ cwd: root });
  try {
    const types = await kernel.execute("[typeof tensor, typeof display]");
    assert.equal(types.reply.content.status, "ok", JSON.stringify(types.reply.content));
    assert.equal(types.outputs.find((m) => m.header.msg_type === "execute_result")!.content.data["text/plain"], "[ 'function', 'function' ]");
    const same = await kernel.execute('import * as gradbook from "gradbook";\ngradbook.tensor === tensor');
    assert.equal(same.outputs.find((m) => m.header.msg_type === "execute_result")!.content.data["text/plain"], "true");
    const shown = await kernel.execute('display({ "text/plain": "from the display API" })');
    const display = shown.outputs.find((m) => m.header.msg_type === "display_data");
    assert.equal(display?.content.data["text/plain"], "from the display API");
    const typed = await kernel.execute("const notANumber: number = tensor;");
    assert.equal(typed.reply.content.ename, "TypeScriptError");
    // The project's own development @types (jsdom brings the DOM) are not cell types; Node's are.
    const dom = await kernel.execute("typeof document");
    assert.match(dom.reply.content.evalue, /Cannot find name 'document'/);
    assert.equal((await kernel.execute("process.version.length > 0")).reply.content.status, "ok");
  } finally {
    await kernel.close();
  }
});

test("an interrupt stops long library work that runs after an await (a chain of large matmuls), message and signal", async (t) => {
  if (!existsSync(join(root, "kernel", "dist", "index.js"))) return t.skip("kernel/dist/index.js is not built");
  const kernel = await KernelClient.start({ cwd: root });
  try {
    // Generous timeouts: this file's kernels start while other test files load the machine.
    assert.equal((await kernel.execute("const A = randomNormal([1200, 1200]);", {}, 120_000)).reply.content.status, "ok");
    for (const mode of ["message", "signal"] as const) {
      // 60 products of 1200² (seconds even on the WebAssembly backend), chained without a loop
      // of cell code, so only the library's own checks can stop them.
      const header = kernel.submit("await null;\n[...Array(60)].reduce((m) => m.matmul(A), A).shape");
      await kernel.waitIopub((m) => m.parent_header.msg_id === header.msg_id && m.header.msg_type === "execute_input", 60_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const sent = performance.now();
      if (mode === "message") await kernel.request("control", "interrupt_request", {}, 60_000);
      else kernel.process.kill("SIGINT");
      const result = await kernel.collect(header, 60_000);
      console.log(`${mode} interrupt during a 1200×1200 matmul chain after an await: reply after ${Math.round(performance.now() - sent)} ms (target 1000 ms, reported)`);
      assert.equal(result.reply.content.status, "error", `${mode}: the cell ran to its end`);
      assert.equal(result.reply.content.ename, "Interrupted");
      assert.ok(result.reply.content.traceback.every((line: string) => !line.includes("kernel/dist")), result.reply.content.traceback.join("\n"));
    }
    assert.equal((await kernel.execute("A.shape", {}, 60_000)).reply.content.status, "ok");
  } finally {
    await kernel.close();
  }
});

test("an interrupt sent while the kernel is starting is honoured: the cell queued before it fails as Interrupted", async () => {
  const kernel = await KernelClient.start({ env: { GRADBOOK_LIBRARY: fixture } });
  try {
    // start() returns once the I/O thread answers kernel_info; the main thread is still loading TypeScript.
    const header = kernel.submit("while (true) {}");
    await kernel.request("control", "interrupt_request", {}, 60_000);
    const result = await kernel.collect(header, 60_000);
    assert.equal(result.reply.content.status, "error");
    assert.equal(result.reply.content.ename, "Interrupted");
    assert.equal((await kernel.execute("1 + 1", {}, 60_000)).reply.content.status, "ok");
  } finally {
    await kernel.close();
  }
});
