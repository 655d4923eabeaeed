import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  tensor, conv1d, conv2d, depthwiseConv2d, conv2dTranspose, matmul, grads, ones, zeros,
  ShapeError, ArgumentError, DTypeError, type Tensor, type Padding,
} from "../../kernel/src/index.js";
import { checkGrads, randomF64, assertClose } from "../helpers/gradcheck.js";
import { tfSame, type Pads4 } from "../helpers/window-reference.js";

// ---- A naive float64 reference, written from the definitions (no code shared with the library). ----

function padsFor(padding: "same" | "valid" | Pads4, h: number, w: number, fh: number, fw: number, s: [number, number], d: [number, number]): Pads4 {
  if (padding === "valid") return [0, 0, 0, 0];
  if (padding === "same") return [...tfSame(h, (fh - 1) * d[0] + 1, s[0]), ...tfSame(w, (fw - 1) * d[1] + 1, s[1])] as Pads4;
  return padding;
}

const values = (t: Tensor) => Array.from(t.dataSync(), Number);

/**
 * y[b, oy, ox, o] = Σ_{ky, kx, c in o's group} x[b, oy·s − top + ky·d, ox·s − left + kx·d, c] · w[ky, kx, c − group start, o],
 * zero outside the image.
 */
function referenceConv2d(x: Tensor, w: Tensor, s: [number, number], pads: Pads4, d: [number, number], groups = 1): { values: number[]; shape: number[] } {
  const [n, h, wd, c] = x.shape as number[] as [number, number, number, number];
  const [fh, fw, cg, co] = w.shape as number[] as [number, number, number, number];
  const xv = values(x);
  const wv = values(w);
  const oh = Math.floor((h + pads[0] + pads[1] - ((fh - 1) * d[0] + 1)) / s[0]) + 1;
  const ow = Math.floor((wd + pads[2] + pads[3] - ((fw - 1) * d[1] + 1)) / s[1]) + 1;
  const og = co / groups;
  const out: number[] = [];
  for (let b = 0; b < n; b++)
    for (let oy = 0; oy < oh; oy++)
      for (let ox = 0; ox < ow; ox++)
        for (let o = 0; o < co; o++) {
          const group = Math.floor(o / og);
          let sum = 0;
          for (let ky = 0; ky < fh; ky++)
            for (let kx = 0; kx < fw; kx++)
              for (let ci = 0; ci < cg; ci++) {
                const iy = oy * s[0] - pads[0] + ky * d[0];
                const ix = ox * s[1] - pads[2] + kx * d[1];
                if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
                sum += xv[((b * h + iy) * wd + ix) * c + group * cg + ci]! * wv[((ky * fw + kx) * cg + ci) * co + o]!;
              }
          out.push(sum);
        }
  return { values: out, shape: [n, oh, ow, co] };
}

/** Depthwise by its own definition: y[..., c·M + m] = Σ x[..., c] · w[ky, kx, c, m]. */
function referenceDepthwise(x: Tensor, w: Tensor, s: [number, number], pads: Pads4, d: [number, number]): { values: number[]; shape: number[] } {
  const [n, h, wd, c] = x.shape as number[] as [number, number, number, number];
  const [fh, fw, , mult] = w.shape as number[] as [number, number, number, number];
  const xv = values(x);
  const wv = values(w);
  const oh = Math.floor((h + pads[0] + pads[1] - ((fh - 1) * d[0] + 1)) / s[0]) + 1;
  const ow = Math.floor((wd + pads[2] + pads[3] - ((fw - 1) * d[1] + 1)) / s[1]) + 1;
  const out: number[] = [];
  for (let b = 0; b < n; b++)
    for (let oy = 0; oy < oh; oy++)
      for (let ox = 0; ox < ow; ox++)
        for (let ch = 0; ch < c; ch++)
          for (let m = 0; m < mult; m++) {
            let sum = 0;
            for (let ky = 0; ky < fh; ky++)
              for (let kx = 0; kx < fw; kx++) {
                const iy = oy * s[0] - pads[0] + ky * d[0];
                const ix = ox * s[1] - pads[2] + kx * d[1];
                if (iy >= 0 && iy < h && ix >= 0 && ix < wd) sum += xv[((b * h + iy) * wd + ix) * c + ch]! * wv[((ky * fw + kx) * c + ch) * mult + m]!;
              }
            out.push(sum);
          }
  return { values: out, shape: [n, oh, ow, c * mult] };
}

/** Transposed conv by scattering: out[b, oy·s − top + ky·d, ..., co] += x[b, oy, ox, ci] · w[ky, kx, co, ci]. */
function referenceTranspose(x: Tensor, w: Tensor, outShape: number[], s: [number, number], pads: Pads4, d: [number, number]): number[] {
  const [n, ih, iw, ci] = x.shape as number[] as [number, number, number, number];
  const [fh, fw, co] = w.shape as number[] as [number, number, number];
  const [, h, wd] = outShape as [number, number, number];
  const xv = values(x);
  const wv = values(w);
  const out = new Array<number>(outShape.reduce((p, q) => p * q, 1)).fill(0);
  for (let b = 0; b < n; b++)
    for (let oy = 0; oy < ih; oy++)
      for (let ox = 0; ox < iw; ox++)
        for (let ky = 0; ky < fh; ky++)
          for (let kx = 0; kx < fw; kx++) {
            const y = oy * s[0] - pads[0] + ky * d[0];
            const xx = ox * s[1] - pads[2] + kx * d[1];
            if (y < 0 || y >= h || xx < 0 || xx >= wd) continue;
            for (let o = 0; o < co; o++)
              for (let i = 0; i < ci; i++) out[((b * h + y) * wd + xx) * co + o]! += xv[((b * ih + oy) * iw + ox) * ci + i]! * wv[((ky * fw + kx) * co + o) * ci + i]!;
          }
  return out;
}

function assertMatches(actual: Tensor, expected: { values: number[]; shape: number[] }, tolerance = 1e-12): void {
  assert.deepEqual(actual.shape, expected.shape);
  assertClose(values(actual), expected.values, tolerance);
}

interface Setting {
  x: number[];
  f: number[];
  strides: [number, number];
  padding: "same" | "valid" | Pads4;
  dilations: [number, number];
}

const settings: Setting[] = [
  { x: [2, 5, 5, 3], f: [3, 3, 3, 2], strides: [1, 1], padding: "valid", dilations: [1, 1] },
  { x: [2, 5, 5, 3], f: [3, 3, 3, 2], strides: [1, 1], padding: "same", dilations: [1, 1] },
  { x: [2, 6, 7, 2], f: [3, 2, 2, 3], strides: [2, 2], padding: "same", dilations: [1, 1] },
  { x: [2, 6, 5, 2], f: [2, 2, 2, 2], strides: [2, 3], padding: "same", dilations: [1, 1] }, // uneven "same" split
  { x: [2, 7, 7, 2], f: [3, 3, 2, 2], strides: [1, 1], padding: "valid", dilations: [2, 2] },
  { x: [2, 6, 6, 3], f: [2, 3, 3, 2], strides: [2, 1], padding: "same", dilations: [2, 1] },
  { x: [2, 4, 5, 2], f: [3, 3, 2, 3], strides: [1, 2], padding: [1, 2, 0, 1], dilations: [1, 1] },
  { x: [1, 3, 3, 1], f: [1, 1, 1, 1], strides: [1, 1], padding: "valid", dilations: [1, 1] },
];

const explicit = (p: Pads4): Padding => [[p[0], p[1]], [p[2], p[3]]];
const padOption = (p: Setting["padding"]): Padding => (typeof p === "string" ? p : explicit(p));

test("conv2d matches the float64 reference over strides, padding (same/valid/explicit) and dilations", () => {
  settings.forEach((s, i) => {
    const x = randomF64(s.x, i + 1);
    const w = randomF64(s.f, i + 40);
    const pads = padsFor(s.padding, s.x[1]!, s.x[2]!, s.f[0]!, s.f[1]!, s.strides, s.dilations);
    const y = conv2d(x, w, { strides: s.strides, padding: padOption(s.padding), dilations: s.dilations });
    assertMatches(y, referenceConv2d(x, w, s.strides, pads, s.dilations));
    const y32 = conv2d(x.cast("float32"), w.cast("float32"), { strides: s.strides, padding: padOption(s.padding), dilations: s.dilations });
    assert.equal(y32.dtype, "float32");
    assertMatches(y32, referenceConv2d(x, w, s.strides, pads, s.dilations), 1e-5);
  });
});

test("conv2d by hand: TF 'same' with stride 2 on a 5×5 ramp; integer inputs stay integer", () => {
  const x = tensor(Array.from({ length: 25 }, (_, i) => i), { shape: [1, 5, 5, 1] });
  // Output 3×3, total padding (3−1)·2 + 3 − 5 = 2: one row/column on each side.
  const y = conv2d(x, ones([3, 3, 1, 1]), { strides: 2, padding: "same" });
  assert.deepEqual(y.reshape([3, 3]).arraySync(), [[12, 27, 24], [63, 108, 81], [72, 117, 84]]);
  // 4×4 with stride 2 and a 2×2 window: total padding 0 (TF); with a 3×3 window: 1, all after.
  const x4 = tensor(Array.from({ length: 16 }, (_, i) => i), { shape: [1, 4, 4, 1], dtype: "int32" });
  const y4 = conv2d(x4, tensor([1, 1, 1, 1, 1, 1, 1, 1, 1], { shape: [3, 3, 1, 1], dtype: "int32" }), { strides: 2, padding: "same" });
  assert.equal(y4.dtype, "int32");
  // Windows: rows 0–2 / 2–3 and columns 0–2 / 2–3 (the row and column 4 are padding).
  assert.deepEqual(y4.reshape([2, 2]).arraySync(), [[0 + 1 + 2 + 4 + 5 + 6 + 8 + 9 + 10, 2 + 3 + 6 + 7 + 10 + 11], [8 + 9 + 10 + 12 + 13 + 14, 10 + 11 + 14 + 15]]);
});

test("empty batches and zero output channels give empty results, with gradients of the right shape", () => {
  assert.deepEqual(conv2d(zeros([0, 5, 5, 3]), ones([3, 3, 3, 2]), { padding: "same" }).shape, [0, 5, 5, 2]);
  assert.deepEqual(conv2d(ones([1, 5, 5, 3]), ones([3, 3, 3, 0])).shape, [1, 3, 3, 0]);
  const [gx, gw] = grads((x, w) => conv2d(x!, w!).sum())(zeros([0, 4, 4, 2], "float64"), ones([3, 3, 2, 2], "float64"));
  assert.deepEqual(gx!.shape, [0, 4, 4, 2]);
  assert.deepEqual(values(gw!), new Array(36).fill(0));
});

test("grouped conv2d matches the reference and each group only sees its own channels", () => {
  const x = randomF64([2, 5, 5, 4], 3);
  const w = randomF64([3, 3, 2, 6], 4);
  const y = conv2d(x, w, { groups: 2, padding: "same", strides: 2 });
  assertMatches(y, referenceConv2d(x, w, [2, 2], padsFor("same", 5, 5, 3, 3, [2, 2], [1, 1]), [1, 1], 2));
});

test("depthwiseConv2d matches its definition, with channel multipliers 1 and 2", () => {
  const cases: [number[], number[], [number, number], "same" | "valid", [number, number]][] = [
    [[2, 5, 5, 3], [3, 3, 3, 1], [1, 1], "same", [1, 1]],
    [[2, 6, 6, 2], [3, 3, 2, 2], [2, 2], "same", [1, 1]],
    [[2, 7, 6, 3], [2, 3, 3, 2], [1, 1], "valid", [2, 1]],
  ];
  cases.forEach(([xs, fs, strides, padding, dilations], i) => {
    const x = randomF64(xs, i + 5);
    const w = randomF64(fs, i + 9);
    const pads = padsFor(padding, xs[1]!, xs[2]!, fs[0]!, fs[1]!, strides, dilations);
    assertMatches(depthwiseConv2d(x, w, { strides, padding, dilations }), referenceDepthwise(x, w, strides, pads, dilations));
  });
});

test("conv1d equals a conv2d over height-1 images, computed by hand in the reference", () => {
  const cases: [number, "same" | "valid" | [number, number], number][] = [[1, "valid", 1], [2, "same", 1], [1, "same", 2], [2, [2, 1], 1]];
  cases.forEach(([stride, padding, dilation], i) => {
    const x = randomF64([2, 9, 3], i + 1);
    const w = randomF64([3, 3, 2], i + 2);
    const pads: Pads4 = padding === "valid" ? [0, 0, 0, 0] : padding === "same" ? [0, 0, ...tfSame(9, 2 * dilation + 1, stride)] : [0, 0, padding[0], padding[1]];
    const expected = referenceConv2d(x.reshape([2, 1, 9, 3]), w.reshape([1, 3, 3, 2]), [1, stride], pads, [1, dilation]);
    const y = conv1d(x, w, { stride, padding, dilation });
    assertMatches(y, { values: expected.values, shape: [2, expected.shape[2]!, 2] });
  });
  assert.deepEqual(ones([2, 10, 3]).conv1d(ones([3, 3, 4]), { padding: "same" }).shape, [2, 10, 4]);
});

test("conv2dTranspose matches a scatter reference and is the adjoint of conv2d", () => {
  settings.forEach((s, i) => {
    const w = randomF64([s.f[0]!, s.f[1]!, s.f[2]!, s.f[3]!], i + 60); // as conv2d's filter: maps f[2] → f[3] channels
    const forwardShape = conv2d(zeros(s.x, "float64"), w, { strides: s.strides, padding: padOption(s.padding), dilations: s.dilations }).shape as number[];
    const y = randomF64(forwardShape, i + 70);
    const x = randomF64(s.x, i + 80);
    const pads = padsFor(s.padding, s.x[1]!, s.x[2]!, s.f[0]!, s.f[1]!, s.strides, s.dilations);
    const t = conv2dTranspose(y, w, { outputShape: s.x, strides: s.strides, padding: padOption(s.padding), dilations: s.dilations });
    assert.deepEqual(t.shape, s.x);
    assertClose(values(t), referenceTranspose(y, w, s.x, s.strides, pads, s.dilations), 1e-12);
    // ⟨conv2d(x, w), y⟩ = ⟨x, conv2dᵀ(y, w)⟩
    const lhs = conv2d(x, w, { strides: s.strides, padding: padOption(s.padding), dilations: s.dilations }).mul(y).sum().item();
    assertClose(lhs, x.mul(t).sum().item(), 1e-12);
  });
});

test("conv2dTranspose computes its output shape like Keras when none is given", () => {
  assert.deepEqual(conv2dTranspose(ones([1, 4, 4, 8]), ones([3, 3, 3, 8]), { strides: 2, padding: "same" }).shape, [1, 8, 8, 3]);
  assert.deepEqual(conv2dTranspose(ones([1, 4, 4, 8]), ones([3, 3, 3, 8]), { strides: 2 }).shape, [1, 9, 9, 3]);
  assert.deepEqual(conv2dTranspose(ones([1, 4, 4, 8]), ones([3, 3, 3, 8]), { strides: 2, padding: 1 }).shape, [1, 7, 7, 3]);
  assert.deepEqual(conv2dTranspose(ones([2, 3, 3, 2]), ones([2, 2, 5, 2]), { dilations: 2 }).shape, [2, 5, 5, 5]);
  // By hand: a 1×1 input spreads the filter (its [.., .., o, 0] slice) over a 2×2 output.
  const w = tensor([1, 2, 3, 4], { shape: [2, 2, 1, 1] });
  assert.deepEqual(conv2dTranspose(tensor([[[[10]]]]), w).reshape([2, 2]).arraySync(), [[10, 20], [30, 40]]);
  assert.deepEqual(tensor([[[[10]]]]).conv2dTranspose(w, { outputShape: [1, 2, 2, 1] }).shape, [1, 2, 2, 1]);
});

test("gradients of conv2d match finite differences over strides, padding, dilations and groups", () => {
  settings.forEach((s, i) => {
    checkGrads((x, w) => conv2d(x!, w!, { strides: s.strides, padding: padOption(s.padding), dilations: s.dilations }), [randomF64(s.x, i + 1), randomF64(s.f, i + 2)]);
  });
  checkGrads((x, w) => conv2d(x!, w!, { groups: 2, padding: "same" }), [randomF64([2, 4, 4, 4], 5), randomF64([3, 3, 2, 4], 6)]);
});

test("gradients of conv1d, depthwiseConv2d and conv2dTranspose match finite differences", () => {
  checkGrads((x, w) => conv1d(x!, w!, { stride: 2, padding: "same" }), [randomF64([2, 7, 3], 1), randomF64([3, 3, 2], 2)]);
  checkGrads((x, w) => conv1d(x!, w!, { dilation: 2 }), [randomF64([2, 7, 2], 3), randomF64([2, 2, 3], 4)]);
  checkGrads((x, w) => depthwiseConv2d(x!, w!, { padding: "same" }), [randomF64([2, 4, 4, 3], 5), randomF64([3, 3, 3, 1], 6)]);
  checkGrads((x, w) => depthwiseConv2d(x!, w!, { strides: 2, padding: "same", dilations: 1 }), [randomF64([2, 5, 5, 2], 7), randomF64([3, 3, 2, 2], 8)]);
  checkGrads((x, w) => depthwiseConv2d(x!, w!, { dilations: 2 }), [randomF64([2, 5, 5, 2], 9), randomF64([2, 2, 2, 2], 10)]);
  checkGrads((y, w) => conv2dTranspose(y!, w!, { strides: 2, padding: "same" }), [randomF64([2, 3, 3, 2], 11), randomF64([3, 3, 3, 2], 12)]);
  checkGrads((y, w) => conv2dTranspose(y!, w!, { outputShape: [2, 6, 5, 2], strides: [2, 2], padding: "same", dilations: 1 }), [randomF64([2, 3, 3, 3], 13), randomF64([2, 2, 2, 3], 14)]);
  checkGrads((y, w) => conv2dTranspose(y!, w!, { dilations: 2, padding: [1, 0] }), [randomF64([2, 3, 3, 2], 15), randomF64([2, 2, 2, 2], 16)]);
});

test("second derivatives of conv2d (input, filter and mixed) match finite differences", () => {
  const cases: Setting[] = [settings[1]!, settings[2]!, settings[5]!, settings[6]!];
  cases.forEach((s, i) => {
    const x = randomF64([1, ...s.x.slice(1)], i + 1);
    const w = randomF64(s.f, i + 2);
    const cx = randomF64(x.shape as number[], i + 3);
    const cw = randomF64(w.shape as number[], i + 4);
    const options = { strides: s.strides, padding: padOption(s.padding), dilations: s.dilations };
    // h = ⟨∂f/∂x, cx⟩ + ⟨∂f/∂w, cw⟩ for f = Σ conv2d(x, w)³: its gradient needs the rules of
    // conv2dTranspose and conv2dBackpropFilter, in x and in w.
    checkGrads((xx, ww) => {
      const [gx, gw] = grads((p, q) => {
        const y = conv2d(p!, q!, options);
        return y.mul(y).mul(y).sum();
      })(xx!, ww!);
      return gx!.mul(cx).sum().add(gw!.mul(cw).sum());
    }, [x, w], { tolerance: 1e-5 });
  });
});

test("property: conv2d with a 1×1 filter is a matmul over channels", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 500 }),
      (n, h, w, cin, cout, seed) => {
        const x = randomF64([n, h, w, cin], seed);
        const f = randomF64([1, 1, cin, cout], seed + 1);
        const viaMatmul = matmul(x.reshape([n * h * w, cin]), f.reshape([cin, cout])).reshape([n, h, w, cout]);
        assertClose(conv2d(x, f).arraySync(), viaMatmul.arraySync(), 1e-12);
        assertClose(x.conv2d(f, { padding: "same" }).arraySync(), viaMatmul.arraySync(), 1e-12);
      },
    ),
    { numRuns: 50 },
  );
});

test("bad arguments give errors that name the op and what was expected", () => {
  const is = (type: Function, pattern: RegExp) => (e: unknown) => e instanceof type && pattern.test((e as Error).message);
  assert.throws(() => conv2d(zeros([5, 5, 3]), zeros([3, 3, 3, 1])), is(ShapeError, /^conv2d: the input must have rank 4 \[batch, height, width, channels\], got shape \[5, 5, 3\]/));
  assert.throws(() => conv2d(zeros([1, 5, 5, 3]), zeros([3, 3, 3])), is(ShapeError, /conv2d: the filter must have rank 4 \[height, width, inChannels, outChannels\], got shape \[3, 3, 3\]/));
  assert.throws(() => conv2d(zeros([1, 5, 5, 2]), zeros([3, 3, 3, 1])), is(ShapeError, /conv2d: the input has 2 channels but the filter expects 3 \(input \[1, 5, 5, 2\], filter \[3, 3, 3, 1\]\) \(.*conv\.test\.ts:\d+/));
  assert.throws(() => conv2d(zeros([1, 2, 2, 1]), zeros([3, 3, 1, 1])), is(ShapeError, /conv2d: the filter \(3×3\) does not fit in the padded input \(2×2\)/));
  assert.throws(() => conv2d(zeros([1, 4, 4, 1]), zeros([3, 3, 1, 1]), { dilations: 2 }), is(ShapeError, /conv2d: the filter after dilation \(5×5\) does not fit in the padded input \(4×4\); input is \[1, 4, 4, 1\]/));
  assert.throws(() => conv2d(zeros([1, 5, 5, 1]), zeros([3, 3, 1, 1]), { strides: 0 }), is(ArgumentError, /conv2d: strides must be a positive integer or a pair \[height, width\] of them, got 0/));
  assert.throws(() => conv2d(zeros([1, 5, 5, 1]), zeros([3, 3, 1, 1]), { dilations: [1, 1.5] }), is(ArgumentError, /conv2d: dilations must be/));
  assert.throws(() => conv2d(zeros([1, 5, 5, 1]), zeros([3, 3, 1, 1]), { padding: "full" as never }), is(ArgumentError, /conv2d: padding must be "same", "valid"/));
  assert.throws(() => conv2d(zeros([1, 5, 5, 1]), zeros([3, 3, 1, 1]), { padding: -1 }), is(ArgumentError, /conv2d: padding must be a non-negative integer/));
  assert.throws(() => conv2d(zeros([1, 5, 5, 4]), zeros([3, 3, 2, 3]), { groups: 2 }), is(ShapeError, /conv2d: the filter's 3 output channels do not divide into 2 groups/));
  assert.throws(() => conv2d(tensor([[[[true]]]]), tensor([[[[true]]]])), is(DTypeError, /conv2d: bool tensors are not supported/));
  assert.throws(() => conv1d(zeros([1, 5, 5, 1]), zeros([3, 1, 1])), is(ShapeError, /^conv1d: the input must have rank 3 \[batch, width, channels\]/));
  assert.throws(() => conv1d(zeros([1, 5, 2]), zeros([3, 1, 1])), is(ShapeError, /^conv1d: the input has 2 channels but the filter expects 1 \(input \[1, 5, 2\], filter \[3, 1, 1\]\)/));
  assert.throws(() => conv1d(zeros([1, 5, 1]), zeros([3, 1, 1]), { stride: 0 }), is(ArgumentError, /conv1d: stride must be a positive integer, got 0/));
  assert.throws(() => depthwiseConv2d(zeros([1, 5, 5, 3]), zeros([3, 3, 2, 1])), is(ShapeError, /^depthwiseConv2d: the input has 3 channels but the filter expects 2/));
  assert.throws(() => conv2dTranspose(zeros([1, 4, 4, 8]), zeros([3, 3, 3, 4])), is(ShapeError, /^conv2dTranspose: the input has 8 channels but the filter \[height, width, outChannels, inChannels\] expects 4/));
  assert.throws(
    () => conv2dTranspose(zeros([1, 4, 4, 8]), zeros([3, 3, 3, 8]), { outputShape: [1, 5, 5, 3], strides: 2, padding: "same" }),
    is(ShapeError, /conv2dTranspose: outputShape \[1, 5, 5, 3\] does not fit the input \[1, 4, 4, 8\]: a conv2d with these strides and padding maps \[1, 5, 5, 3\] to \[1, 3, 3, 8\]/),
  );
  assert.throws(() => conv2dTranspose(zeros([1, 4, 4, 8]), zeros([3, 3, 3, 8]), { outputShape: [1, 8, 8, 2], strides: 2, padding: "same" }), is(ShapeError, /conv2dTranspose: outputShape \[1, 8, 8, 2\] has 2 channels but the filter/));
});
