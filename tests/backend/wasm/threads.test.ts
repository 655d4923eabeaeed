import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import type { Worker } from "node:worker_threads";
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

/** A pool of `size` threads over fresh memory, with the float view and a gemm runner of a 1×1 by 1×n product (C[j] = 2·j). */
function gemmPool(size: number, n: number) {
  const { module } = compileKernels();
  const memory = new WebAssembly.Memory({ initial: 4, maximum: 16, shared: true });
  const instance = new WebAssembly.Instance(module, kernelImports(memory));
  const pool = new ThreadPool(module, memory, instance.exports, size);
  const floats = new Float32Array(memory.buffer);
  const [a, b, c, scratch] = [65536, 65600, 65536 + 8192, 65536 + 16384];
  floats[a / 4] = 2;
  for (let j = 0; j < n; j++) floats[b / 4 + j] = j;
  const args = [a, b, c, 1, n, 1, 1, 1, 1, n, 1, scratch, 0, 0, 0, 0]; // no bias (its floor 0 unused), mask or Adam step
  const result = () => [...floats.subarray(c / 4, c / 4 + n)];
  const product = (shares: number) => {
    floats.fill(-1, c / 4, c / 4 + n);
    pool.run("gemm", args, shares);
    return result();
  };
  /** Starts the product as a detached job (C cleared first); read it with result() after join(). */
  const detach = (shares: number) => {
    floats.fill(-1, c / 4, c / 4 + n);
    return pool.runDetached("gemm", args, shares);
  };
  return { pool, product, detach, result, expected: Array.from({ length: n }, (_, j) => 2 * j) };
}

test("a pool runs every share of a job, whichever thread claims it, and after dispose starts afresh", () => {
  const { pool, product, expected } = gemmPool(2, 64);
  for (const run of [0, 1]) {
    for (const shares of [1, 2, 3, 8]) assert.deepEqual(product(shares), expected, `run ${run}, ${shares} shares`);
    pool.dispose();
  }
});

test("a job never waits for a worker that does not come: with its worker gone, the calling thread runs every share", { timeout: 60_000 }, async () => {
  const { pool, product, expected } = gemmPool(2, 64);
  try {
    assert.deepEqual(product(4), expected); // the worker starts and can join
    // A worker that never wakes (here: terminated behind the pool's back) is what a descheduled one looks like to the caller.
    const [worker] = (pool as unknown as { workers: Worker[] }).workers;
    await worker!.terminate();
    for (let i = 0; i < 20; i++) assert.deepEqual(product(4), expected, `job ${i}`);
  } finally {
    pool.dispose();
  }
});

test("a detached job: the caller goes on at once, join() finishes it, what waits for it runs after, and the next job joins it first", () => {
  const { pool, product, detach, result, expected } = gemmPool(2, 64);
  try {
    const order: string[] = [];
    assert.equal(detach(4), true);
    pool.afterDetached(() => order.push("freed"));
    order.push("caller");
    pool.join();
    assert.deepEqual(order, ["caller", "freed"]);
    assert.deepEqual(result(), expected);
    pool.afterDetached(() => order.push("at once"));
    assert.deepEqual(order, ["caller", "freed", "at once"], "with no job detached, at once");
    assert.equal(detach(4), true);
    assert.deepEqual(product(4), expected, "run() joins the detached job, then runs its own");
    const single = gemmPool(1, 8);
    assert.equal(single.detach(4), false, "a pool of one thread has no worker to hand a job to");
  } finally {
    pool.dispose();
  }
});

test("a detached job whose worker never comes is finished by join() on the calling thread", { timeout: 60_000 }, async () => {
  const { pool, product, detach, result, expected } = gemmPool(2, 64);
  try {
    assert.deepEqual(product(4), expected);
    const [worker] = (pool as unknown as { workers: Worker[] }).workers;
    await worker!.terminate();
    assert.equal(detach(4), true);
    pool.join();
    assert.deepEqual(result(), expected);
  } finally {
    pool.dispose();
  }
});
