// Shared by the WebGPU tests: opens the GPU once (in CI, a missing adapter fails the test
// instead of skipping it) and runs a function on the CPU and on the GPU for comparison.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { getBackend, memory, runOp, setBackend, tensor, useWebGpu, type Tensor } from "../../../kernel/src/index.js";
import type { WebGpuBackend } from "../../../kernel/src/backend/webgpu/index.js";
import type { GpuRuntime } from "../../../kernel/src/backend/webgpu/runtime.js";
import { findOp } from "../../../kernel/src/tensor/op.js";
import { matmulTuning } from "../../../kernel/src/backend/webgpu/kernels/matmul.js";

/** The reference backend the GPU is compared with (JavaScript, float64 accumulation). */
export const CPU = "cpu-js";

/** Opens the GPU backend; without an adapter, fails under CI and returns false elsewhere. */
export async function gpuReady(): Promise<boolean> {
  const ok = await useWebGpu();
  if (!ok && process.env.CI) assert.fail("no WebGPU adapter: .ci/run installs Mesa's lavapipe (mesa-vulkan-drivers from bookworm-backports)");
  setBackend(CPU);
  return ok;
}

/** Input data as plain arrays and shape, so each backend builds its own tensors. */
export type Input = [values: number[], shape: number[], dtype?: "float32" | "int32" | "bool"];

/** The outputs of `f` computed on the CPU (reference) and on the GPU. */
export async function onBoth(f: (...xs: Tensor[]) => Tensor | Tensor[], inputs: readonly Input[]): Promise<{ cpu: number[][]; gpu: number[][] }> {
  const run = async (backend: string) => {
    setBackend(backend);
    try {
      const xs = inputs.map(([v, s, d]) => tensor(v, { dtype: d ?? "float32" }).reshape(s));
      const out = f(...xs);
      const outs = Array.isArray(out) ? out : [out];
      return Promise.all(outs.map(async (t) => Array.from(await t.data(), Number)));
    } finally {
      setBackend(CPU);
    }
  };
  return { cpu: await run(CPU), gpu: await run("webgpu") };
}

/** Asserts the GPU agrees with the CPU within float32 tolerance (relative to magnitude). */
export function assertClose({ cpu, gpu }: { cpu: number[][]; gpu: number[][] }, label: string, tolerance = 2e-5): void {
  assert.equal(gpu.length, cpu.length, `${label}: number of outputs`);
  cpu.forEach((expected, k) => {
    assert.equal(gpu[k]!.length, expected.length, `${label}: output ${k} length`);
    expected.forEach((e, i) => {
      const g = gpu[k]![i]!;
      if (Number.isNaN(e)) return assert.ok(Number.isNaN(g), `${label}[${k}][${i}]: expected NaN, got ${g}`);
      if (!Number.isFinite(e)) return assert.equal(g, e, `${label}[${k}][${i}]`);
      assert.ok(Math.abs(g - e) <= tolerance * (1 + Math.abs(e)), `${label}[${k}][${i}]: GPU ${g}, CPU ${e}`);
    });
  });
}

/** Deterministic pseudo-random values in [-1, 1). */
export function values(n: number, seed = 1): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

/** One comparison: what is computed, from which inputs, within which tolerance. */
export type Case = [label: string, f: (...xs: Tensor[]) => Tensor | Tensor[], inputs: Input[], tolerance?: number];

/**
 * Registers one test per case: the GPU's outputs match the CPU's, and no op ran on another
 * backend than the GPU (a missing kernel throws there, a fallback would be counted).
 */
export function testOnBoth(cases: readonly Case[]): void {
  const gpuTest = gpuTests();
  for (const [label, f, inputs, tolerance] of cases) {
    gpuTest(`webgpu ${label} match the CPU`, async () => {
      const fallbacks = memory().numFallbacks;
      assertClose(await onBoth(f, inputs), label, tolerance);
      assert.equal(memory().numFallbacks, fallbacks, `${label}: no op ran on a fallback backend`);
    });
  }
}

/**
 * Opens the GPU before the file's tests and returns a function registering a test that
 * runs `body` only with an adapter (else skips; gpuReady fails in CI).
 */
function gpuTests(): (name: string, body: () => Promise<void>) => void {
  let ready = false;
  before(async () => {
    ready = await gpuReady();
  });
  return (name, body) =>
    test(name, async (t) => {
      if (!ready) return t.skip("no WebGPU adapter (set CI=1 to make this a failure)");
      await body();
    });
}

/** Op `name` with `attrs` as a function of its inputs (also ops no public function runs alone). */
export function op(name: string, attrs: object): (...xs: Tensor[]) => Tensor[] {
  const def = findOp(name);
  assert.ok(def, `no op ${name}`);
  return (...xs) => runOp(def, xs, attrs);
}

/** `n` values in [-1, 1) shaped `shape`, scaled (a float32 input). */
export const f32 = (shape: number[], seed = 1, scale = 1): Input => [values(shape.reduce((p, d) => p * d, 1), seed).map((v) => v * scale), shape];

/** Small integers in [-range, range] shaped `shape` (an int32 input). */
export const i32 = (shape: number[], seed = 1, range = 7): Input => [values(shape.reduce((p, d) => p * d, 1), seed).map((v) => Math.round(v * range)), shape, "int32"];

/** Booleans shaped `shape`, about half true. */
export const bool = (shape: number[], seed = 1): Input => [values(shape.reduce((p, d) => p * d, 1), seed).map((v) => Number(v > 0)), shape, "bool"];

/**
 * `f` run with the GPU matmul's register block forced to `block` (products too small to get
 * the 8×8 block by themselves test it so); the CPU ignores the setting.
 */
export function withBlock<T>(block: 4 | 8, f: () => T): T {
  const chosen = matmulTuning.block;
  matmulTuning.block = block;
  try {
    return f();
  } finally {
    matmulTuning.block = chosen;
  }
}

/**
 * Registers a test that runs `body` with the webgpu backend active and its runtime (skipped
 * without an adapter, a failure in CI); the CPU is active again afterwards.
 */
export function testOnGpu(name: string, body: (runtime: GpuRuntime) => void | Promise<void>): void {
  gpuTests()(name, async () => {
    setBackend("webgpu");
    try {
      await body((getBackend() as unknown as WebGpuBackend).runtime);
    } finally {
      setBackend(CPU);
    }
  });
}

/** The dispatches `f` records on the GPU (its result is disposed). */
export function dispatchesOf(runtime: GpuRuntime, f: () => Tensor): number {
  const before = runtime.dispatches;
  const result = f();
  const count = runtime.dispatches - before;
  result.dispose();
  return count;
}
