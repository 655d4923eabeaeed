import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { setBackend, tensor, tidy, type Tensor } from "../../../kernel/src/index.js";
import { adamUpdate, type AdamUpdateAttrs } from "../../../kernel/src/tensor/ops/adam-update.js";

// The fused Adam update on the "cpu" (WebAssembly) backend against the "cpu-js" reference
// kernel and against the op-by-op update it replaces (Adam's chain of elementwise ops):
// every step rounds to float32 in all three, so they agree bit for bit.

const constants: AdamUpdateAttrs = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };

function random(length: number, seed: number, low: number, high: number): number[] {
  let state = seed >>> 0 || 1;
  return Array.from({ length }, () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * (high - low) + low);
}

/** Adam's update written with ops, as the optimizer computes it without the fused op. */
function opByOp(w: Tensor, g: Tensor, m: Tensor, v: Tensor, alpha: number, { beta1, beta2, epsilon }: AdamUpdateAttrs): Tensor[] {
  const m2 = m.add(g.sub(m).mul(1 - beta1));
  const v2 = v.add(g.square().sub(v).mul(1 - beta2));
  return [w.sub(m2.mul(alpha).div(v2.sqrt().add(epsilon))), m2, v2];
}

/** [fused, op by op] results ([w', m', v'] values each) on `backend`. */
function both(backend: string, shape: number[], seed: number, alpha: number, dtype: "float32" | "float64" = "float32"): [number[][], number[][]] {
  setBackend(backend);
  try {
    return tidy(() => {
      const size = shape.reduce((a, b) => a * b, 1);
      // Moments as a training run has them (v ≥ 0), gradients of both signs, some zero.
      const [w, g, m, v] = [random(size, seed, -1, 1), random(size, seed + 1, -1, 1).map((x) => (x > 0.9 ? 0 : x)), random(size, seed + 2, -0.1, 0.1), random(size, seed + 3, 0, 0.01)].map((values) =>
        tensor(values, { shape, dtype }),
      );
      const values = (ts: Tensor[]) => ts.map((t) => [...t.dataSync()]);
      return [values(adamUpdate(w!, g!, m!, v!, alpha, constants)), values(opByOp(w!, g!, m!, v!, alpha, constants))];
    });
  } finally {
    setBackend("cpu");
  }
}

function same(actual: number[][], expected: number[][], label: string): void {
  ["w'", "m'", "v'"].forEach((name, k) => {
    const [a, e] = [actual[k]!, expected[k]!];
    assert.equal(a.length, e.length, `${label} ${name}: size`);
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], e[i])) assert.fail(`${label} ${name}[${i}] is ${a[i]}, expected ${e[i]}`);
  });
}

test("adamUpdate equals the op-by-op update and the reference, bit for bit, at every lane edge", () => {
  // Lanes of four: sizes below, on and above; 1×N and N×1; empty; big enough to run on two threads.
  for (const shape of [[0], [1], [3], [4], [5], [7], [8], [9], [1, 13], [13, 1], [784, 256], [2 ** 18 + 3]]) {
    const label = `shape ${JSON.stringify(shape)}`;
    const [fused, chain] = both("cpu", shape, shape[0]! + 5, 0.001);
    same(fused, chain, `${label}: cpu fused vs op by op`);
    const [reference, referenceChain] = both("cpu-js", shape, shape[0]! + 5, 0.001);
    same(reference, referenceChain, `${label}: cpu-js fused vs op by op`);
    same(fused, reference, `${label}: cpu vs cpu-js`);
  }
});

test("adamUpdate in float64 runs on the reference kernel and equals the op-by-op update", () => {
  const [fused, chain] = both("cpu", [5, 3], 11, 0.01, "float64");
  same(fused, chain, "float64");
});

test("adamUpdate agrees with the reference on random sizes and step sizes (property)", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 70 }), fc.integer({ min: 1, max: 1000 }), fc.double({ min: 1e-6, max: 1, noNaN: true }), (size, seed, alpha) => {
      same(both("cpu", [size], seed, alpha)[0], both("cpu-js", [size], seed, alpha)[0], `size ${size} seed ${seed} alpha ${alpha}`);
    }),
    { numRuns: 40 },
  );
});
