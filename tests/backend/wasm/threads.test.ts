import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { ThreadPool } from "../../../kernel/src/backend/wasm/threads.js";
import { compileKernels, kernelImports } from "../../../kernel/src/backend/wasm/module.js";

const library = fileURLToPath(new URL("../../../kernel/src/index.ts", import.meta.url));

test("worker threads never keep Node alive: a script that ran a threaded product exits by itself, printing nothing to stderr", () => {
  const script = `const gb = await import(${JSON.stringify(library)}); const a = gb.randomNormal([200, 200]); console.log(gb.getBackend().name, a.matmul(a).shape.join("x"));`;
  const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8", timeout: 120_000, env: { ...process.env, GRADBOOK_THREADS: "2" } });
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout.trim(), "cpu 200x200");
  assert.equal(child.stderr, "");
});

test("a pool runs a kernel on every thread with (tid, threads) appended, and after dispose starts afresh", () => {
  const { module } = compileKernels();
  const memory = new WebAssembly.Memory({ initial: 2, maximum: 16, shared: true });
  const instance = new WebAssembly.Instance(module, kernelImports(memory));
  const pool = new ThreadPool(module, memory, instance.exports, 2);
  const floats = new Float32Array(memory.buffer);
  // gemm of a 1×1 by 1×16 product: each thread writes its own columns of C.
  const [a, b, c, scratch, barrier] = [65536, 65600, 65728, 66048, 128];
  floats[a / 4] = 2;
  for (let j = 0; j < 16; j++) floats[b / 4 + j] = j;
  for (const run of [0, 1]) {
    floats.fill(-1, c / 4, c / 4 + 16);
    pool.run("gemm", [a, b, c, 1, 16, 1, 1, 1, 1, 16, scratch, barrier]);
    assert.deepEqual([...floats.subarray(c / 4, c / 4 + 16)], Array.from({ length: 16 }, (_, j) => 2 * j), `run ${run}`);
    pool.dispose();
  }
});
