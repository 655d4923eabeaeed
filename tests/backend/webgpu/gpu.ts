// Shared by the WebGPU tests: opens the GPU once (in CI, a missing adapter fails the test
// instead of skipping it) and runs a function on the CPU and on the GPU for comparison.
import assert from "node:assert/strict";
import { setBackend, tensor, useWebGpu, type Tensor } from "../../../kernel/src/index.js";

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
