import { test } from "node:test";
import assert from "node:assert/strict";
import {
  ArgumentError, AveragePooling1D, AveragePooling2D, GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D, GlobalMaxPooling2D,
  MaxPooling1D, MaxPooling2D, input, tensor, zeros, type SymbolicTensor, type Tensor,
} from "../../../kernel/src/index.js";
import { assertClose, randomF64 } from "../../helpers/gradcheck.js";
import { checkConfigRoundTrip, checkLayerGrads, run } from "../../helpers/layers.js";

// ---- float64 reference written from the definition (plain loops) ----

function samePads(n: number, window: number, s: number): [number, number] {
  const out = Math.ceil(n / s);
  const total = Math.max((out - 1) * s + window - n, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/**
 * Max or mean over each window of x [b, h, w, c]; positions in the padding are skipped (never
 * the max, not counted by the mean), as in TF/Keras.
 */
function refPool2d(x: Tensor, kind: "max" | "avg", k: [number, number], s: [number, number], padding: "valid" | "same"): number[][][][] {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const v = Array.from(x.dataSync(), Number);
  const [top, bottom] = padding === "same" ? samePads(h, k[0], s[0]) : [0, 0];
  const [left, right] = padding === "same" ? samePads(w, k[1], s[1]) : [0, 0];
  const oh = Math.floor((h + top + bottom - k[0]) / s[0]) + 1;
  const ow = Math.floor((w + left + right - k[1]) / s[1]) + 1;
  const out: number[][][][] = [];
  for (let b = 0; b < n; b++) {
    out.push([]);
    for (let oy = 0; oy < oh; oy++) {
      out[b]!.push([]);
      for (let ox = 0; ox < ow; ox++) {
        const row: number[] = [];
        for (let ch = 0; ch < c; ch++) {
          let best = -Infinity;
          let total = 0;
          let count = 0;
          for (let ky = 0; ky < k[0]; ky++) {
            for (let kx = 0; kx < k[1]; kx++) {
              const iy = oy * s[0] - top + ky;
              const ix = ox * s[1] - left + kx;
              if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
              const value = v[((b * h + iy) * w + ix) * c + ch]!;
              best = Math.max(best, value);
              total += value;
              count += 1;
            }
          }
          row.push(kind === "max" ? best : total / count);
        }
        out[b]![oy]!.push(row);
      }
    }
  }
  return out;
}

const cases: { k: [number, number]; s: [number, number] | null; p: "valid" | "same"; h: number; w: number }[] = [
  { k: [2, 2], s: null, p: "valid", h: 4, w: 6 },
  { k: [2, 2], s: null, p: "valid", h: 5, w: 5 }, // odd size: the last row/column is dropped
  { k: [3, 3], s: [2, 2], p: "valid", h: 7, w: 6 }, // overlapping windows
  { k: [2, 2], s: null, p: "same", h: 5, w: 3 }, // border windows see only real positions
  { k: [3, 2], s: [2, 1], p: "same", h: 5, w: 4 },
];

test("MaxPooling2D and AveragePooling2D match a float64 loop reference (strides default to poolSize)", () => {
  cases.forEach((cs, i) => {
    const x = randomF64([2, cs.h, cs.w, 3], 100 + i);
    const stride = cs.s ?? cs.k;
    const config = { poolSize: cs.k, ...(cs.s ? { strides: cs.s } : {}), padding: cs.p, dtype: "float64" as const };
    assertClose(run(new MaxPooling2D(config), x).arraySync(), refPool2d(x, "max", cs.k, stride, cs.p), 0, `max case ${i}`);
    assertClose(run(new AveragePooling2D(config), x).arraySync(), refPool2d(x, "avg", cs.k, stride, cs.p), 1e-14, `avg case ${i}`);
  });
  // a hand-made example: 2×4 image, 2×2 windows.
  const img = tensor([[1, 2, 5, 6], [3, 4, 7, 8]]).reshape([1, 2, 4, 1]);
  assert.deepEqual(run(new MaxPooling2D(), img).reshape([2]).arraySync(), [4, 8]);
  assert.deepEqual(run(new AveragePooling2D(), img).reshape([2]).arraySync(), [2.5, 6.5]);
});

test("pooling defaults: poolSize 2, strides = poolSize, padding valid", () => {
  const layer = new MaxPooling2D();
  assert.deepEqual([layer.poolSize, layer.strides, layer.padding], [[2, 2], [2, 2], "valid"]);
  assert.deepEqual(new AveragePooling2D({ poolSize: 3 }).strides, [3, 3]);
  assert.deepEqual(new MaxPooling2D({ poolSize: 3, strides: null }).strides, [3, 3], "Keras's strides=None");
  assert.ok(layer.name.startsWith("max_pooling2d"), `Keras-style name, got ${layer.name}`);
  assert.equal(layer.weights.length, 0);
  assert.deepEqual(run(layer, zeros([2, 8, 8, 3])).shape, [2, 4, 4, 3]);
});

test("MaxPooling1D and AveragePooling1D pool the steps of [batch, steps, channels]", () => {
  const x = randomF64([2, 7, 3], 120);
  // as a 2-D pool over images of height 1
  const asImage = x.reshape([2, 1, 7, 3]);
  for (const [k, s, p] of [[2, 2, "valid"], [3, 2, "same"], [2, 1, "valid"]] as const) {
    const ref = (kind: "max" | "avg") => (refPool2d(asImage, kind, [1, k], [1, s], p) as number[][][][]).map((img) => img[0]!);
    assertClose(run(new MaxPooling1D({ poolSize: k, strides: s, padding: p, dtype: "float64" }), x).arraySync(), ref("max"), 0);
    assertClose(run(new AveragePooling1D({ poolSize: k, strides: s, padding: p, dtype: "float64" }), x).arraySync(), ref("avg"), 1e-14);
  }
  assert.deepEqual(run(new MaxPooling1D(), zeros([2, 10, 4])).shape, [2, 5, 4]);
});

test("global pooling: mean / max over the spatial axes, keepdims", () => {
  const x = randomF64([2, 3, 4, 5], 130);
  const v = x.arraySync() as number[][][][];
  const reduce = (f: (a: number[]) => number) => v.map((img) => Array.from({ length: 5 }, (_, c) => f(img.flatMap((row) => row.map((px) => px[c]!)))));
  const avg = reduce((a) => a.reduce((p, q) => p + q, 0) / a.length);
  const mx = reduce((a) => Math.max(...a));
  assertClose(run(new GlobalAveragePooling2D({ dtype: "float64" }), x).arraySync(), avg, 1e-14);
  assertClose(run(new GlobalMaxPooling2D({ dtype: "float64" }), x).arraySync(), mx, 0);
  assert.deepEqual(run(new GlobalAveragePooling2D({ keepdims: true }), x).shape, [2, 1, 1, 5]);
  const seq = randomF64([2, 6, 3], 131);
  const sv = seq.arraySync() as number[][][];
  const col = (s: number[][], c: number) => s.map((row) => row[c]!);
  assertClose(run(new GlobalAveragePooling1D(), seq).arraySync(), sv.map((s) => [0, 1, 2].map((c) => col(s, c).reduce((a, b) => a + b) / 6)), 1e-14);
  assertClose(run(new GlobalMaxPooling1D(), seq).arraySync(), sv.map((s) => [0, 1, 2].map((c) => Math.max(...col(s, c)))), 0);
  assert.deepEqual(run(new GlobalMaxPooling1D({ keepdims: true }), seq).shape, [2, 1, 3]);
});

test("pooling gradients w.r.t. the input match finite differences", () => {
  // distinct random values, so each max is unique and the max is differentiable
  checkLayerGrads(new MaxPooling2D({ dtype: "float64" }), randomF64([2, 4, 5, 2], 140));
  checkLayerGrads(new MaxPooling2D({ poolSize: 3, strides: 2, padding: "same", dtype: "float64" }), randomF64([1, 5, 5, 2], 141));
  checkLayerGrads(new AveragePooling2D({ poolSize: [2, 3], strides: 1, padding: "same", dtype: "float64" }), randomF64([1, 4, 4, 2], 142));
  checkLayerGrads(new GlobalAveragePooling2D({ dtype: "float64" }), randomF64([2, 3, 3, 2], 143));
  checkLayerGrads(new GlobalMaxPooling2D({ dtype: "float64" }), randomF64([2, 3, 3, 2], 144));
  checkLayerGrads(new MaxPooling1D({ poolSize: 3, strides: 2, dtype: "float64" }), randomF64([2, 7, 2], 145));
  checkLayerGrads(new AveragePooling1D({ dtype: "float64" }), randomF64([2, 6, 2], 146));
});

test("pooling: getConfig → layerFromConfig round trips", () => {
  checkConfigRoundTrip(new MaxPooling2D({ poolSize: [3, 2], strides: 1, padding: "same" }));
  checkConfigRoundTrip(new AveragePooling2D());
  checkConfigRoundTrip(new MaxPooling1D({ poolSize: 4 }));
  checkConfigRoundTrip(new AveragePooling1D({ poolSize: 2, strides: 1 }));
  checkConfigRoundTrip(new GlobalAveragePooling2D({ keepdims: true }));
  checkConfigRoundTrip(new GlobalMaxPooling2D());
  checkConfigRoundTrip(new GlobalAveragePooling1D());
  checkConfigRoundTrip(new GlobalMaxPooling1D());
});

test("pooling in the functional API infers output shapes", () => {
  const x = input({ shape: [9, 9, 2] });
  assert.deepEqual((new MaxPooling2D({ poolSize: 3, strides: 2 }).apply(x) as SymbolicTensor).shape, [null, 4, 4, 2]);
  assert.deepEqual((new AveragePooling2D({ padding: "same" }).apply(x) as SymbolicTensor).shape, [null, 5, 5, 2]);
  assert.deepEqual((new GlobalAveragePooling2D().apply(x) as SymbolicTensor).shape, [null, 2]);
});

test("pooling: bad configs and inputs give errors that name the layer and the fix", () => {
  assert.throws(() => new MaxPooling2D({ poolSize: 0 }), (e: Error) => e instanceof ArgumentError && /MaxPooling2D: poolSize must be a positive integer or a list of 2 positive integers \[height, width\], got 0/.test(e.message));
  assert.throws(() => new AveragePooling2D({ strides: [1, 2, 3] as never }), /AveragePooling2D: strides must be a positive integer or a list of 2/);
  assert.throws(() => new MaxPooling2D({ padding: "full" as never }), /MaxPooling2D: padding must be "valid" or "same", got "full"/);
  assert.throws(() => new GlobalAveragePooling2D({ keepdims: 1 as never }), /GlobalAveragePooling2D: keepdims must be true or false/);
  const pool = new MaxPooling2D({ name: "pool" });
  assert.throws(() => pool.apply(zeros([8, 8, 3])), /pool: expected inputs of shape \[batch, height, width, channels\] \(rank 4\), got shape \[8, 8, 3\]; add a channel axis at the end: x\.expandDims\(-1\).*, or for a single sample add a batch axis/);
  assert.throws(() => new MaxPooling2D({ poolSize: 3, name: "p3" }).apply(zeros([1, 2, 8, 1])), /p3: the input's height \(2\) is smaller than the pool size \(3\) with padding "valid".*use padding "same" or a smaller poolSize/);
  assert.throws(() => new GlobalMaxPooling1D({ name: "g" }).apply(zeros([2, 3, 4, 5])), /g: expected inputs of shape \[batch, steps, channels\] \(rank 3\)/);
  assert.throws(() => new MaxPooling1D({ name: "m1" }).apply(zeros([2, 8])), /m1: expected inputs of shape \[batch, steps, channels\].*add a batch axis/);
});
