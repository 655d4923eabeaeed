import { test, after } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { WasmBackend, type WasmData } from "../../../kernel/src/backend/wasm/wasm-backend.js";
import { gemm, gemmPlan } from "../../../kernel/src/backend/wasm/gemm.js";

// Tolerance: the kernels accumulate in float32 (the reference in float64), so an element
// of C = Σₚ aᵢₚ·bₚⱼ may differ by the classic bound for a float32 sum of k products,
// |error| ≤ γₖ·Σₚ|aᵢₚ·bₚⱼ| with γₖ ≈ k·2⁻²⁴. We allow (k + 2)·2⁻²³·Σ|aᵢₚ·bₚⱼ| (twice
// that), which holds for any order of summation and for fused or unfused multiply-adds.
const relaxed = new WasmBackend({ variant: "relaxed", threads: 2 });
const plain = new WasmBackend({ variant: "simd", threads: 2 });
after(() => [relaxed, plain].forEach((b) => b.dispose()));

function random(length: number, seed: number): Float32Array {
  let state = seed;
  return Float32Array.from({ length }, () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1);
}

interface Case {
  m: number;
  n: number;
  k: number;
  transposeA: boolean;
  transposeB: boolean;
}

/** Runs the kernel on `backend` and checks every element against a float64 product within the bound above. */
function check(backend: WasmBackend, { m, n, k, transposeA, transposeB }: Case, shares?: number): Float32Array {
  const a = random(m * k, m * 31 + k);
  const b = random(k * n, n * 17 + k);
  const ia = backend.write(a, "float32") as WasmData;
  const ib = backend.write(b, "float32") as WasmData;
  const ic = backend.allocate(m * n, "float32");
  backend.view(ic).fill(Number.NaN); // the kernel must overwrite every element
  gemm(backend, ia.ptr, ib.ptr, ic.ptr, m, n, k, transposeA, transposeB, shares);
  const c = backend.readSync(ic) as Float32Array;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let exact = 0;
      let magnitude = 0;
      for (let p = 0; p < k; p++) {
        const product = a[transposeA ? p * m + i : i * k + p]! * b[transposeB ? j * k + p : p * n + j]!;
        exact += product;
        magnitude += Math.abs(product);
      }
      const got = c[i * n + j]!;
      const bound = (k + 2) * 2 ** -23 * magnitude;
      if (!(Math.abs(got - exact) <= bound)) {
        assert.fail(`${backend.variant} ${m}×${k}·${k}×${n} (transposeA ${transposeA}, transposeB ${transposeB}): C[${i}, ${j}] = ${got}, float64 gives ${exact} (bound ${bound})`);
      }
    }
  }
  [ia, ib, ic].forEach((d) => backend.release(d));
  return c;
}

const transposes = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
] as const;

test("gemm matches a float64 product at every tile edge, in all four transpose combinations, in both builds", () => {
  // 4×8 tiles and k blocks of 256: sizes on, below and above each boundary, plus 1×N and N×1.
  const sizes = [1, 3, 4, 5, 7, 8, 9, 17];
  for (const backend of [relaxed, plain]) {
    for (const [transposeA, transposeB] of transposes) {
      for (const m of sizes) for (const n of sizes) check(backend, { m, n, k: 5, transposeA, transposeB }, 1);
      for (const k of [1, 2, 255, 256, 257, 600]) check(backend, { m: 9, n: 11, k, transposeA, transposeB }, 1);
      check(backend, { m: 1, n: 300, k: 70, transposeA, transposeB }, 1);
      check(backend, { m: 300, n: 1, k: 70, transposeA, transposeB }, 1);
    }
  }
});

test("gemm with k = 0 gives zeros, and an empty C is left alone", () => {
  const c = relaxed.allocate(6, "float32");
  relaxed.view(c).fill(7);
  gemm(relaxed, 0, 0, c.ptr, 2, 3, 0, false, false);
  assert.deepEqual([...(relaxed.readSync(c) as Float32Array)], [0, 0, 0, 0, 0, 0]);
  gemm(relaxed, 0, 0, c.ptr, 0, 3, 4, false, false);
  gemm(relaxed, 0, 0, c.ptr, 3, 0, 4, false, false);
  relaxed.release(c);
});

test("gemm cut into any number of shares gives the very same bits as one share (split by columns and, when C has more rows, by rows)", () => {
  for (const [transposeA, transposeB] of transposes) {
    for (const shape of [
      { m: 128, n: 256, k: 300 }, // wide: columns split, two k blocks
      { m: 200, n: 10, k: 260 }, // tall: rows split
      { m: 3, n: 5, k: 2 }, // fewer panels than shares: some shares are empty
    ]) {
      const one = check(relaxed, { ...shape, transposeA, transposeB }, 1);
      for (const shares of [2, 3, 7]) {
        const cut = check(relaxed, { ...shape, transposeA, transposeB }, shares);
        assert.deepEqual(cut, one, `${shape.m}×${shape.k}·${shape.k}×${shape.n} transposeA ${transposeA} transposeB ${transposeB}, ${shares} shares`);
      }
    }
  }
});

test("gemm agrees with float64 on random shapes, transposes and share counts (property)", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 300 }), fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 5 }), (m, n, k, transposeA, transposeB, shares) => {
      check(relaxed, { m, n, k, transposeA, transposeB }, shares);
    }),
    { numRuns: 60 },
  );
});

test("gemm shares a product only when the work pays for it, splitting the larger side of C", () => {
  assert.deepEqual(gemmPlan(32, 32, 32, 4), { byColumns: true, shares: 1 }, "a small product stays on one thread");
  assert.deepEqual(gemmPlan(128, 256, 784, 1), { byColumns: true, shares: 1 }, "at most one share (one thread): one share");
  assert.deepEqual(gemmPlan(128, 256, 784, 4), { byColumns: true, shares: 4 }, "a dense layer's forward product: columns, every share it may have");
  assert.deepEqual(gemmPlan(7744, 64, 288, 4), { byColumns: false, shares: 4 }, "a conv layer's forward product (im2col rows): rows");
  assert.deepEqual(gemmPlan(9, 32, 43264, 4), { byColumns: true, shares: 4 }, "a first conv layer's filter gradient: a 9×32 block over a long k is shared too (no barriers)");
  assert.deepEqual(gemmPlan(3, 5, 100000, 16), { byColumns: true, shares: 1 }, "never more shares than panels");
});

test("with a bias, gemm stores relu(C + bias) with the very bits of the plain product then the bias add and relu (edge tiles, several k blocks, shares)", () => {
  for (const backend of [relaxed, plain]) {
    for (const [m, n, k, shares] of [[13, 19, 21, 1], [9, 37, 600, 3], [70, 12, 300, 4], [5, 7, 0, 1]] as const) {
      const [a, b, bias] = [random(m * k, m + k), random(k * n, n + 3 * k), random(n, 7 + n)];
      const [ia, ib, ibias] = [a, b, bias].map((values) => backend.write(values, "float32") as WasmData);
      const [plainC, fusedC] = [backend.allocate(m * n, "float32"), backend.allocate(m * n, "float32")];
      backend.view(fusedC).fill(Number.NaN);
      gemm(backend, ia!.ptr, ib!.ptr, plainC.ptr, m, n, k, false, true, shares);
      gemm(backend, ia!.ptr, ib!.ptr, fusedC.ptr, m, n, k, false, true, shares, ibias!.ptr);
      const expected = (backend.readSync(plainC) as Float32Array).map((v, i) => Math.max(Math.fround(v + bias[i % n]!), 0));
      assert.deepEqual(backend.readSync(fusedC), expected, `${backend.variant} ${m}×${k}·${k}×${n}`);
      [ia!, ib!, ibias!, plainC, fusedC].forEach((d) => backend.release(d));
    }
  }
});
