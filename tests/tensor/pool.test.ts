import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  tensor, maxPool2d, avgPool2d, globalAvgPool2d, globalMaxPool2d, grad, grads, ones,
  zeros, ShapeError, ArgumentError, DTypeError, type Tensor, type Padding,
} from "../../kernel/src/index.js";
import { checkGrads, randomF64, assertClose } from "../helpers/gradcheck.js";
import { tfSame, type Pads4 } from "../helpers/window-reference.js";

const values = (t: Tensor) => Array.from(t.dataSync(), Number);

/** Naive float64 pooling: max or mean over the window's positions that lie inside the image. */
function referencePool(kind: "max" | "avg", x: Tensor, k: [number, number], s: [number, number], pads: Pads4): { values: number[]; shape: number[] } {
  const [n, h, w, c] = x.shape as number[] as [number, number, number, number];
  const xv = values(x);
  const oh = Math.floor((h + pads[0] + pads[1] - k[0]) / s[0]) + 1;
  const ow = Math.floor((w + pads[2] + pads[3] - k[1]) / s[1]) + 1;
  const out: number[] = [];
  for (let b = 0; b < n; b++)
    for (let oy = 0; oy < oh; oy++)
      for (let ox = 0; ox < ow; ox++)
        for (let ch = 0; ch < c; ch++) {
          const seen: number[] = [];
          for (let ky = 0; ky < k[0]; ky++)
            for (let kx = 0; kx < k[1]; kx++) {
              const iy = oy * s[0] - pads[0] + ky;
              const ix = ox * s[1] - pads[2] + kx;
              if (iy >= 0 && iy < h && ix >= 0 && ix < w) seen.push(xv[((b * h + iy) * w + ix) * c + ch]!);
            }
          out.push(kind === "max" ? Math.max(...seen) : seen.reduce((p, q) => p + q, 0) / seen.length);
        }
  return { values: out, shape: [n, oh, ow, c] };
}

interface Setting {
  x: number[];
  k: [number, number];
  strides: [number, number];
  padding: "same" | "valid" | Pads4;
}

const settings: Setting[] = [
  { x: [2, 4, 4, 3], k: [2, 2], strides: [2, 2], padding: "valid" },
  { x: [2, 5, 5, 2], k: [2, 2], strides: [2, 2], padding: "same" },
  { x: [2, 5, 6, 2], k: [3, 3], strides: [2, 2], padding: "same" },
  { x: [2, 5, 5, 3], k: [3, 3], strides: [1, 1], padding: "same" }, // overlapping windows
  { x: [2, 6, 5, 2], k: [3, 2], strides: [2, 1], padding: "valid" },
  { x: [2, 4, 5, 2], k: [3, 3], strides: [2, 2], padding: [1, 2, 0, 1] },
  { x: [1, 3, 3, 1], k: [1, 1], strides: [1, 1], padding: "valid" },
];

function padsOf(s: Setting): Pads4 {
  if (s.padding === "valid") return [0, 0, 0, 0];
  if (s.padding === "same") return [...tfSame(s.x[1]!, s.k[0], s.strides[0]), ...tfSame(s.x[2]!, s.k[1], s.strides[1])] as Pads4;
  return s.padding;
}

const padOption = (p: Setting["padding"]): Padding => (typeof p === "string" ? p : [[p[0], p[1]], [p[2], p[3]]]);
const optionsOf = (s: Setting) => ({ strides: s.strides, padding: padOption(s.padding) });

test("maxPool2d and avgPool2d match the float64 reference (same/valid/explicit, overlapping, non-square)", () => {
  settings.forEach((s, i) => {
    const x = randomF64(s.x, i + 1);
    for (const kind of ["max", "avg"] as const) {
      const pool = kind === "max" ? maxPool2d : avgPool2d;
      const y = pool(x, s.k, optionsOf(s));
      const expected = referencePool(kind, x, s.k, s.strides, padsOf(s));
      assert.deepEqual(y.shape, expected.shape);
      assertClose(values(y), expected.values, 1e-12);
      const y32 = pool(x.cast("float32"), s.k, optionsOf(s));
      assert.equal(y32.dtype, "float32");
      assertClose(values(y32), expected.values, 1e-6);
    }
  });
});

test("pooling by hand: strides default to the pool size; 'same' averages divide by the real positions", () => {
  const x = tensor([[1, 2, 5, 6], [3, 4, 7, 8]]).reshape([1, 2, 4, 1]);
  assert.deepEqual(maxPool2d(x, 2).reshape([2]).arraySync(), [4, 8]);
  assert.deepEqual(x.avgPool2d(2).reshape([2]).arraySync(), [2.5, 6.5]);
  // 3×3 input, 2×2 windows, stride 2, "same": output 2×2, padding 1 after (bottom/right).
  const r = tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]]).reshape([1, 3, 3, 1]);
  assert.deepEqual(avgPool2d(r, 2, { padding: "same" }).reshape([2, 2]).arraySync(), [[(1 + 2 + 4 + 5) / 4, (3 + 6) / 2], [(7 + 8) / 2, 9]]);
  assert.deepEqual(r.maxPool2d(2, { padding: "same" }).reshape([2, 2]).arraySync(), [[5, 6], [8, 9]]);
  // Negative values: padding never wins a max.
  assert.deepEqual(maxPool2d(r.neg(), 3, { strides: 1, padding: "same" }).reshape([3, 3]).arraySync(), [[-1, -1, -2], [-1, -1, -2], [-4, -4, -5]]);
  // Integers: max keeps int32, average gives float32.
  const ints = tensor([1, 2, 3, 4], { shape: [1, 2, 2, 1], dtype: "int32" });
  assert.equal(maxPool2d(ints).dtype, "int32");
  assert.deepEqual(maxPool2d(ints).reshape([1]).arraySync(), [4]);
  assert.equal(avgPool2d(ints).dtype, "float32");
  assert.deepEqual(avgPool2d(ints).reshape([1]).arraySync(), [2.5]);
});

test("global pools reduce height and width, with keepDims", () => {
  const x = randomF64([2, 3, 4, 3], 9);
  const xv = values(x);
  const expectedMean: number[] = [];
  const expectedMax: number[] = [];
  for (let b = 0; b < 2; b++)
    for (let c = 0; c < 3; c++) {
      const seen = Array.from({ length: 12 }, (_, p) => xv[(b * 12 + p) * 3 + c]!);
      expectedMean.push(seen.reduce((p, q) => p + q, 0) / 12);
      expectedMax.push(Math.max(...seen));
    }
  assert.deepEqual(globalAvgPool2d(x).shape, [2, 3]);
  assertClose(values(globalAvgPool2d(x)), expectedMean, 1e-12);
  assertClose(values(x.globalMaxPool2d()), expectedMax, 1e-12);
  assert.deepEqual(globalMaxPool2d(x, true).shape, [2, 1, 1, 3]);
  assert.deepEqual(x.globalAvgPool2d(true).shape, [2, 1, 1, 3]);
  assert.equal(globalAvgPool2d(ones([1, 2, 2, 1], "int32")).dtype, "float32");
  // Global max is a max reduction: tied maxima share the gradient (as in Keras).
  const tied = tensor([1, 5, 5, 2], { shape: [1, 2, 2, 1], dtype: "float64" });
  assert.deepEqual(grad((v) => globalMaxPool2d(v))(tied).reshape([4]).arraySync(), [0, 0.5, 0.5, 0]);
  assert.deepEqual(grad((v) => globalAvgPool2d(v))(tied).reshape([4]).arraySync(), [0.25, 0.25, 0.25, 0.25]);
});

test("empty batches pool to empty batches", () => {
  assert.deepEqual(maxPool2d(zeros([0, 4, 4, 2]), 2).shape, [0, 2, 2, 2]);
  assert.deepEqual(avgPool2d(zeros([0, 4, 4, 2]), 2, { padding: "same" }).shape, [0, 2, 2, 2]);
  assert.deepEqual(grad((v) => maxPool2d(v, 2).sum())(zeros([0, 4, 4, 2], "float64")).shape, [0, 4, 4, 2]);
});

test("maxPool2d's gradient goes to the first maximum of each window, summed over overlaps", () => {
  // Ties: the first (row-major) position of the window gets the gradient.
  const x = tensor([1, 3, 3, 2], { shape: [1, 2, 2, 1], dtype: "float64" });
  assert.deepEqual(grad((v) => maxPool2d(v, 2).sum())(x).reshape([4]).arraySync(), [0, 1, 0, 0]);
  // Overlapping windows (3×3, stride 1, same): the centre maximum collects all 9 windows' gradients.
  const peak = tensor([0, 0, 0, 0, 9, 0, 0, 0, 0], { shape: [1, 3, 3, 1], dtype: "float64" });
  assert.deepEqual(grad((v) => maxPool2d(v, 3, { strides: 1, padding: "same" }).sum())(peak).reshape([9]).arraySync(), [0, 0, 0, 0, 9, 0, 0, 0, 0]);
});

test("gradients of the pooling ops match finite differences", () => {
  settings.forEach((s, i) => {
    // Distinct values, so the max is unique and finite differences do not cross a tie.
    const x = randomF64(s.x, i + 20);
    checkGrads((v) => maxPool2d(v!, s.k, optionsOf(s)), [x]);
    checkGrads((v) => avgPool2d(v!, s.k, optionsOf(s)), [x]);
  });
  checkGrads((v) => globalAvgPool2d(v!), [randomF64([2, 3, 2, 3], 30)]);
  checkGrads((v) => globalMaxPool2d(v!), [randomF64([2, 3, 2, 3], 31)]);
});

test("second derivatives through max and average pooling match finite differences", () => {
  [settings[2]!, settings[3]!, settings[5]!].forEach((s, i) => {
    const x = randomF64(s.x, i + 40);
    const c = randomF64(s.x, i + 50);
    // h(x) = ⟨∂f/∂x, c⟩ with f = Σ pool(x)³: differentiating h runs the rules of maxPoolGrad /
    // maxPoolGradGrad and avgPoolGrad.
    for (const pool of [maxPool2d, avgPool2d]) {
      checkGrads((v) => {
        const g = grad((u) => {
          const y = pool(u, s.k, optionsOf(s));
          return y.mul(y).mul(y).sum();
        })(v!);
        return g.mul(c).sum();
      }, [x], { tolerance: 1e-5 });
    }
  });
  // The gradient of maxPoolGrad with respect to dy, directly: f(x, d) = ⟨maxPoolGrad(x, d), c⟩ is linear in d.
  const x = randomF64([2, 4, 4, 2], 60);
  const d = randomF64([2, 2, 2, 2], 61);
  const c = randomF64([2, 4, 4, 2], 62);
  checkGrads((u, dd) => grads((v) => maxPool2d(v!, 2).mul(dd!).sum())(u!)[0]!.mul(c).sum(), [x, d]);
});

test("property: pooling a constant image gives that constant, with the documented output size", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 3 }),
      fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.boolean(), fc.double({ min: -5, max: 5, noNaN: true }),
      (h, w, k, s, c, same, value) => {
        const padding = same ? "same" : "valid";
        if (!same && (h < k || w < k)) return;
        const x = tensor(new Float64Array(h * w * c).fill(value), { shape: [1, h, w, c], dtype: "float64" });
        for (const pool of [maxPool2d, avgPool2d]) {
          const y = pool(x, k, { strides: s, padding });
          assert.deepEqual(y.shape, [1, same ? Math.ceil(h / s) : Math.floor((h - k) / s) + 1, same ? Math.ceil(w / s) : Math.floor((w - k) / s) + 1, c]);
          assertClose(values(y), new Array(y.size).fill(value), 1e-12);
        }
      },
    ),
    { numRuns: 80 },
  );
});

test("bad arguments give errors that name the op and what was expected", () => {
  const is = (type: Function, pattern: RegExp) => (e: unknown) => e instanceof type && pattern.test((e as Error).message);
  assert.throws(() => maxPool2d(zeros([4, 4, 1])), is(ShapeError, /^maxPool2d: the input must have rank 4 \[batch, height, width, channels\], got shape \[4, 4, 1\] \(.*pool\.test\.ts:\d+/));
  assert.throws(() => avgPool2d(zeros([1, 4, 4, 1]), 0), is(ArgumentError, /^avgPool2d: poolSize must be a positive integer or a pair \[height, width\] of them, got 0/));
  assert.throws(() => maxPool2d(zeros([1, 4, 4, 1]), 2, { strides: [1, -1] }), is(ArgumentError, /^maxPool2d: strides must be/));
  assert.throws(() => maxPool2d(zeros([1, 1, 4, 1]), 2), is(ShapeError, /^maxPool2d: the pool window \(2×2\) does not fit in the padded input \(1×4\)/));
  assert.throws(() => maxPool2d(zeros([1, 4, 4, 1]), 2, { padding: 2 }), is(ArgumentError, /^maxPool2d: padding \[2, 2, 2, 2\] \[top, bottom, left, right\] must be smaller than the pool size \[2, 2\]/));
  assert.throws(() => maxPool2d(tensor([[[[true]]]]), 1), is(DTypeError, /^maxPool2d: bool tensors are not supported/));
  assert.throws(() => globalAvgPool2d(zeros([2, 3])), is(ShapeError, /^globalAvgPool2d: the input must have rank 4/));
  assert.throws(() => globalMaxPool2d(zeros([2, 0, 3, 1])), is(ShapeError, /^globalMaxPool2d: the images are empty/));
});
