import { test, after } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { WasmBackend, type WasmData } from "../../../kernel/src/backend/wasm/wasm-backend.js";
import { gemm, gemmPlan, type GemmPlan } from "../../../kernel/src/backend/wasm/gemm.js";

// Tolerance: the kernels accumulate in float32 (the reference in float64), so an element
// of C = Σₚ aᵢₚ·bₚⱼ may differ by the classic bound for a float32 sum of k products,
// |error| ≤ γₖ·Σₚ|aᵢₚ·bₚⱼ| with γₖ ≈ k·2⁻²⁴. We allow (k + 2)·2⁻²³·Σ|aᵢₚ·bₚⱼ| (twice
// that), which holds for any order of summation and for fused or unfused multiply-adds.
const relaxed = new WasmBackend({ variant: "relaxed", threads: 2 });
const plain = new WasmBackend({ variant: "simd", threads: 2 });
const single = new WasmBackend({ variant: "relaxed", threads: 1 });
after(() => [relaxed, plain, single].forEach((b) => b.dispose()));

/** The whole product as one share. */
const whole: GemmPlan = { split: "columns", shares: 1 };

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
function check(backend: WasmBackend, { m, n, k, transposeA, transposeB }: Case, plan?: GemmPlan): Float32Array {
  const a = random(m * k, m * 31 + k);
  const b = random(k * n, n * 17 + k);
  const ia = backend.write(a, "float32") as WasmData;
  const ib = backend.write(b, "float32") as WasmData;
  const ic = backend.allocate(m * n, "float32");
  backend.view(ic).fill(Number.NaN); // the kernel must overwrite every element
  gemm(backend, ia.ptr, ib.ptr, ic.ptr, m, n, k, transposeA, transposeB, plan);
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
      for (const m of sizes) for (const n of sizes) check(backend, { m, n, k: 5, transposeA, transposeB }, whole);
      for (const k of [1, 2, 255, 256, 257, 600]) check(backend, { m: 9, n: 11, k, transposeA, transposeB }, whole);
      check(backend, { m: 1, n: 300, k: 70, transposeA, transposeB }, whole);
      check(backend, { m: 300, n: 1, k: 70, transposeA, transposeB }, whole);
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

test("gemm cut by columns or rows into any number of shares gives the very same bits as one share", () => {
  for (const [transposeA, transposeB] of transposes) {
    for (const shape of [
      { m: 128, n: 256, k: 300 }, // wide, two k blocks
      { m: 200, n: 10, k: 260 }, // tall
      { m: 3, n: 5, k: 2 }, // fewer panels than shares: some shares are empty
    ]) {
      const one = check(relaxed, { ...shape, transposeA, transposeB }, whole);
      for (const split of ["columns", "rows"] as const) {
        for (const shares of [2, 3, 7]) {
          const cut = check(relaxed, { ...shape, transposeA, transposeB }, { split, shares });
          assert.deepEqual(cut, one, `${shape.m}×${shape.k}·${shape.k}×${shape.n} transposeA ${transposeA} transposeB ${transposeB}, ${shares} shares by ${split}`);
        }
      }
    }
  }
});

test("gemm with k split into partial products matches float64 at tile edges, k not a multiple of the parts and more parts than k steps, in both builds", () => {
  for (const backend of [relaxed, plain]) {
    for (const [transposeA, transposeB] of transposes) {
      for (const [m, n] of [[1, 1], [3, 5], [4, 8], [9, 32], [13, 7]] as const) {
        for (const k of [1, 3, 255, 257, 1000, 1031]) {
          for (const shares of [2, 3, 4]) check(backend, { m, n, k, transposeA, transposeB }, { split: "k", shares });
        }
      }
    }
  }
});

test("gemm with a split k gives the very same bits on one thread as on two, and whichever share runs where", () => {
  for (const [transposeA, transposeB] of transposes) {
    // 128×130 in 4 parts: enough partial sums that two threads add them (a row range each), and a column tail.
    for (const [m, n, k, shares] of [[9, 32, 4000, 4], [5, 3, 777, 3], [2, 9, 2, 4], [128, 130, 300, 4]] as const) {
      const shape = { m, n, k, transposeA, transposeB };
      const two = check(relaxed, shape, { split: "k", shares });
      assert.deepEqual(check(single, shape, { split: "k", shares }), two, `${m}×${k}·${k}×${n} in ${shares} parts`);
      assert.deepEqual(check(relaxed, shape, { split: "k", shares }), two, `${m}×${k}·${k}×${n} in ${shares} parts, run again`);
    }
  }
});

test("gemm agrees with float64 on random shapes, transposes and share counts (property)", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 300 }), fc.boolean(), fc.boolean(), fc.constantFrom("columns", "rows", "k"), fc.integer({ min: 1, max: 5 }), (m, n, k, transposeA, transposeB, split, shares) => {
      check(relaxed, { m, n, k, transposeA, transposeB }, { split, shares });
    }),
    { numRuns: 60 },
  );
});

test("gemm shares a product only when the work pays for it, splitting the larger side of C, or k when it is long next to C", () => {
  assert.deepEqual(gemmPlan(32, 32, 32, 4), { split: "columns", shares: 1 }, "a small product stays on one thread");
  assert.deepEqual(gemmPlan(128, 256, 784, 1), { split: "columns", shares: 1 }, "at most one share (one thread): one share");
  assert.deepEqual(gemmPlan(128, 256, 784, 4), { split: "columns", shares: 4 }, "a dense layer's forward product: columns, every share it may have");
  assert.deepEqual(gemmPlan(784, 256, 128, 4), { split: "rows", shares: 4 }, "a dense layer's weight gradient: rows");
  assert.deepEqual(gemmPlan(7744, 64, 288, 4), { split: "rows", shares: 4 }, "a conv layer's forward product (im2col rows): rows");
  assert.deepEqual(gemmPlan(9, 32, 43264, 4), { split: "k", shares: 4 }, "a first conv layer's filter gradient: a 9×32 block over a long k splits k");
  assert.deepEqual(gemmPlan(288, 64, 6272, 4), { split: "k", shares: 4 }, "a second conv layer's filter gradient: k is 8 times C's longer side, split k");
  assert.deepEqual(gemmPlan(9, 32, 43264, 1), { split: "columns", shares: 1 }, "one thread: never a split k");
  assert.deepEqual(gemmPlan(3, 5, 600, 16), { split: "columns", shares: 1 }, "a long k with too little work stays whole");
  assert.deepEqual(gemmPlan(16, 16, 100000, 16), { split: "k", shares: 16 }, "a split k takes as many shares as it may have");
  assert.deepEqual(gemmPlan(3, 5, 100000, 16), { split: "k", shares: 5 }, "as the work pays for");
  assert.deepEqual(gemmPlan(200, 8, 1000, 16), { split: "rows", shares: 6 }, "k under 8 times C's longer side: C is cut, never into more shares than the work pays for");
});

test("with a bias, gemm stores relu(C + bias) — or, without relu, C + bias — with the very bits of the plain product then the bias add (and relu) (edge tiles, several k blocks, shares)", () => {
  for (const backend of [relaxed, plain]) {
    for (const relu of [true, false]) {
      for (const [m, n, k, plan] of [[13, 19, 21, whole], [9, 37, 600, { split: "columns", shares: 3 }], [70, 12, 300, { split: "rows", shares: 4 }], [9, 37, 600, { split: "k", shares: 3 }], [5, 7, 0, whole]] as const) {
        const [a, b, bias] = [random(m * k, m + k), random(k * n, n + 3 * k), random(n, 7 + n)];
        const [ia, ib, ibias] = [a, b, bias].map((values) => backend.write(values, "float32") as WasmData);
        const [plainC, fusedC] = [backend.allocate(m * n, "float32"), backend.allocate(m * n, "float32")];
        backend.view(fusedC).fill(Number.NaN);
        gemm(backend, ia!.ptr, ib!.ptr, plainC.ptr, m, n, k, false, true, plan);
        gemm(backend, ia!.ptr, ib!.ptr, fusedC.ptr, m, n, k, false, true, plan, { bias: ibias!.ptr, relu });
        const expected = (backend.readSync(plainC) as Float32Array).map((v, i) => (relu ? Math.max(Math.fround(v + bias[i % n]!), 0) : Math.fround(v + bias[i % n]!)));
        assert.deepEqual(backend.readSync(fusedC), expected, `${backend.variant} ${m}×${k}·${k}×${n}, relu ${relu}`);
        assert.ok(relu || expected.some((v) => v < 0), "without relu, negative sums stay");
        [ia!, ib!, ibias!, plainC, fusedC].forEach((d) => backend.release(d));
      }
    }
  }
});

test("a product left running by overlap(): memory freed meanwhile is not handed out again until join(), and the product is complete after it", () => {
  const [m, n, k] = [96, 128, 64];
  const a = relaxed.write(random(m * k, 1), "float32") as WasmData;
  const b = relaxed.write(random(k * n, 2), "float32") as WasmData;
  const c = relaxed.allocate(m * n, "float32");
  const expected = relaxed.allocate(m * n, "float32");
  gemm(relaxed, a.ptr, b.ptr, expected.ptr, m, n, k, false, false, { split: "rows", shares: 4 });
  relaxed.overlap(() => {
    gemm(relaxed, a.ptr, b.ptr, c.ptr, m, n, k, false, false, { split: "rows", shares: 4 });
    return [];
  });
  relaxed.release(a); // the product may still read A
  const meanwhile = relaxed.allocate(m * k, "float32");
  assert.notEqual(meanwhile.ptr, a.ptr, "A's block is not reused while the product runs");
  relaxed.join();
  const later = relaxed.allocate(m * k, "float32");
  assert.equal(later.ptr, a.ptr, "after join() it is");
  assert.deepEqual(relaxed.readSync(c), relaxed.readSync(expected));
  [b, c, expected, meanwhile, later].forEach((d) => relaxed.release(d));
});

/** The plans the epilogue tests take: one share, column and row shares, a split k (several k blocks and edge tiles among them). */
const epilogueCases = [[13, 19, 21, whole], [9, 37, 600, { split: "columns", shares: 3 }], [70, 12, 300, { split: "rows", shares: 4 }], [9, 37, 600, { split: "k", shares: 3 }]] as const;

test("with a mask, gemm stores C where the mask is > 0 and +0 elsewhere (zeros, negatives, −0, NaN), the very bits of the plain product otherwise (edge tiles, several k blocks, shares, split k, k = 0)", () => {
  for (const backend of [relaxed, plain]) {
    for (const [m, n, k, plan] of [...epilogueCases, [5, 7, 0, whole] as const]) {
      const [a, b] = [random(m * k, m + k), random(k * n, n + 3 * k)];
      const special = [0, -0, Number.NaN, -1];
      const y = random(m * n, 11 + n).map((v, i) => (i % 7 === 0 ? special[(i / 7) % 4]! : v));
      const [ia, ib, iy] = [a, b, y].map((values) => backend.write(values, "float32") as WasmData);
      const [plainC, maskedC] = [backend.allocate(m * n, "float32"), backend.allocate(m * n, "float32")];
      backend.view(maskedC).fill(Number.NaN);
      gemm(backend, ia!.ptr, ib!.ptr, plainC.ptr, m, n, k, true, false, plan);
      gemm(backend, ia!.ptr, ib!.ptr, maskedC.ptr, m, n, k, true, false, plan, { mask: iy!.ptr });
      const product = backend.readSync(plainC) as Float32Array;
      const masked = backend.readSync(maskedC) as Float32Array;
      for (let i = 0; i < m * n; i++) {
        const expected = y[i]! > 0 ? product[i]! : 0;
        assert.ok(Object.is(masked[i], expected), `${backend.variant} ${m}×${k}·${k}×${n} [${i}]: ${masked[i]}, expected ${expected} (mask ${y[i]})`);
      }
      assert.ok(k === 0 || masked.some((v) => v !== 0), "some of the product stays");
      [ia!, ib!, iy!, plainC, maskedC].forEach((d) => backend.release(d));
    }
  }
});

test("with Adam's epilogue, gemm gives the very bits of the plain product followed by the adamUpdate kernel, and leaves the arrays it reads as they were (edge tiles, several k blocks, shares, split k)", () => {
  const [beta1, beta2, epsilon] = [0.9, 0.999, 1e-7];
  const [c1, c2, eps] = [Math.fround(1 - beta1), Math.fround(1 - beta2), Math.fround(epsilon)];
  for (const backend of [relaxed, plain]) {
    for (const [m, n, k, plan] of epilogueCases) {
      const size = m * n;
      const [a, b, w, mm] = [random(m * k, m + k), random(k * n, n + 3 * k), random(size, 5), random(size, 6).map((v) => v * 0.1)];
      const v = random(size, 7).map((x) => x * x * 0.01);
      const [ia, ib, iw, im, iv, alpha] = [a, b, w, mm, v, Float32Array.of(0.003)].map((values) => backend.write(values, "float32") as WasmData);
      const outputs = () => [0, 1, 2].map(() => backend.allocate(size, "float32"));
      // Unfused: the gradient, then the update kernel over it.
      const gradient = backend.allocate(size, "float32");
      gemm(backend, ia!.ptr, ib!.ptr, gradient.ptr, m, n, k, false, false, plan);
      const unfused = outputs();
      backend.parallel("adamUpdate", [iw!.ptr, gradient.ptr, im!.ptr, iv!.ptr, alpha!.ptr, ...unfused.map((o) => o.ptr), size, c1, c2, eps], 1);
      const fused = outputs();
      const adam = { w: iw!.ptr, m: im!.ptr, v: iv!.ptr, alpha: alpha!.ptr, w2: fused[0]!.ptr, m2: fused[1]!.ptr, v2: fused[2]!.ptr, c1, c2, epsilon: eps };
      gemm(backend, ia!.ptr, ib!.ptr, 0, m, n, k, false, false, plan, { adam });
      ["w'", "m'", "v'"].forEach((name, j) => {
        const [actual, expected] = [backend.readSync(fused[j]!), backend.readSync(unfused[j]!)];
        for (let i = 0; i < size; i++) assert.ok(Object.is(actual[i], expected[i]), `${backend.variant} ${m}×${k}·${k}×${n} ${name}[${i}]: ${actual[i]}, expected ${expected[i]}`);
      });
      assert.deepEqual([iw!, im!, iv!].map((d) => backend.readSync(d)), [w, mm, v], "w, m and v are read, not written");
      [ia!, ib!, iw!, im!, iv!, alpha!, gradient, ...unfused, ...fused].forEach((d) => backend.release(d));
    }
  }
  assert.throws(() => gemm(relaxed, 0, 0, 0, 2, 2, 0, false, false, whole, { adam: { w: 0, m: 0, v: 0, alpha: 0, w2: 0, m2: 0, v2: 0, c1, c2, epsilon: eps } }), /Adam's epilogue needs k > 0/);
});
