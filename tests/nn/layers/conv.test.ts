import { test } from "node:test";
import assert from "node:assert/strict";
import { ArgumentError, Conv1D, Conv2D, Dense, Flatten, MaxPooling2D, input, model, sequential, tensor, zeros, type SymbolicTensor, type Tensor } from "../../../kernel/src/index.js";
import { assertClose, randomF64 } from "../../helpers/gradcheck.js";
import { checkConfigRoundTrip, checkLayerGrads, run } from "../../helpers/layers.js";

// ---- float64 references written from the definitions (plain loops, nothing shared with the library) ----

/** TF's "same" padding of one axis: output ceil(n / s); the total padding, smaller half first. */
function samePads(n: number, window: number, s: number): [number, number] {
  const out = Math.ceil(n / s);
  const total = Math.max((out - 1) * s + window - n, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

const vals = (t: Tensor) => Array.from(t.dataSync(), Number);

/**
 * y[b, oy, ox, o] = act(bias[o] + Σ_{ky, kx, c in o's group} x[b, oy·sy − top + ky·dy, ox·sx − left + kx·dx, c]·w[ky, kx, c', o])
 * with zeros outside the image. Returns a nested array [b][oy][ox][o].
 */
function refConv2d(x: Tensor, w: Tensor, bias: number[] | null, s: [number, number], padding: "valid" | "same", d: [number, number], groups = 1, act = (v: number) => v): number[][][][] {
  const [n, h, wd, c] = x.shape as [number, number, number, number];
  const [kh, kw, cg, co] = w.shape as [number, number, number, number];
  const xv = vals(x);
  const wv = vals(w);
  const eh = (kh - 1) * d[0] + 1;
  const ew = (kw - 1) * d[1] + 1;
  const [top, bottom] = padding === "same" ? samePads(h, eh, s[0]) : [0, 0];
  const [left, right] = padding === "same" ? samePads(wd, ew, s[1]) : [0, 0];
  const oh = Math.floor((h + top + bottom - eh) / s[0]) + 1;
  const ow = Math.floor((wd + left + right - ew) / s[1]) + 1;
  const og = co / groups;
  const out: number[][][][] = [];
  for (let b = 0; b < n; b++) {
    const rows: number[][][] = [];
    for (let oy = 0; oy < oh; oy++) {
      const cols: number[][] = [];
      for (let ox = 0; ox < ow; ox++) {
        const chans: number[] = [];
        for (let o = 0; o < co; o++) {
          let acc = bias ? bias[o]! : 0;
          const g = Math.floor(o / og);
          for (let ky = 0; ky < kh; ky++) {
            for (let kx = 0; kx < kw; kx++) {
              const iy = oy * s[0] - top + ky * d[0];
              const ix = ox * s[1] - left + kx * d[1];
              if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
              for (let ci = 0; ci < cg; ci++) {
                const cin = g * cg + ci;
                acc += xv[((b * h + iy) * wd + ix) * c + cin]! * wv[((ky * kw + kx) * cg + ci) * co + o]!;
              }
            }
          }
          chans.push(act(acc));
        }
        cols.push(chans);
      }
      rows.push(cols);
    }
    out.push(rows);
  }
  return out;
}

/** y[b, t, o] = bias[o] + Σ_{k, c} x[b, t·s − left + k·d, c]·w[k, c, o]; left padding from "same" or "causal". */
function refConv1d(x: Tensor, w: Tensor, bias: number[], s: number, padding: "valid" | "same" | "causal", d: number): number[][][] {
  const [n, steps, c] = x.shape as [number, number, number];
  const [k, , co] = w.shape as [number, number, number];
  const xv = vals(x);
  const wv = vals(w);
  const e = (k - 1) * d + 1;
  const [left, right] = padding === "same" ? samePads(steps, e, s) : padding === "causal" ? [e - 1, 0] : [0, 0];
  const outSteps = Math.floor((steps + left + right - e) / s) + 1;
  const out: number[][][] = [];
  for (let b = 0; b < n; b++) {
    const seq: number[][] = [];
    for (let t = 0; t < outSteps; t++) {
      const row: number[] = [];
      for (let o = 0; o < co; o++) {
        let acc = bias[o]!;
        for (let j = 0; j < k; j++) {
          const i = t * s - left + j * d;
          if (i < 0 || i >= steps) continue;
          for (let ci = 0; ci < c; ci++) acc += xv[(b * steps + i) * c + ci]! * wv[(j * c + ci) * co + o]!;
        }
        row.push(acc);
      }
      seq.push(row);
    }
    out.push(seq);
  }
  return out;
}

// ---- Conv2D ----

test("Conv2D matches a float64 loop reference over strides, padding, dilation, groups and activation", () => {
  const cases: { k: [number, number]; s: [number, number]; p: "valid" | "same"; d: [number, number]; g?: number; act?: "relu"; h: number; w: number; c: number; f: number }[] = [
    { k: [3, 3], s: [1, 1], p: "valid", d: [1, 1], h: 5, w: 6, c: 2, f: 3 },
    { k: [3, 2], s: [2, 1], p: "same", d: [1, 1], h: 5, w: 4, c: 3, f: 2 },
    { k: [2, 2], s: [1, 1], p: "same", d: [2, 2], h: 5, w: 5, c: 1, f: 2 },
    { k: [3, 3], s: [2, 2], p: "valid", d: [1, 2], h: 7, w: 8, c: 2, f: 2, act: "relu" },
    { k: [1, 3], s: [3, 2], p: "same", d: [1, 1], h: 7, w: 6, c: 4, f: 4, g: 2 },
  ];
  cases.forEach((cs, i) => {
    const layer = new Conv2D({ filters: cs.f, kernelSize: cs.k, strides: cs.s, padding: cs.p, dilationRate: cs.d, groups: cs.g, activation: cs.act, dtype: "float64" });
    const x = randomF64([2, cs.h, cs.w, cs.c], 10 + i);
    layer.apply(x);
    const kernel = randomF64([cs.k[0], cs.k[1], cs.c / (cs.g ?? 1), cs.f], 20 + i);
    const bias = vals(randomF64([cs.f], 30 + i));
    layer.setWeights([kernel, tensor(bias, "float64")]);
    const expected = refConv2d(x, kernel, bias, cs.s, cs.p, cs.d, cs.g ?? 1, cs.act === "relu" ? (v) => Math.max(v, 0) : undefined);
    const y = run(layer, x);
    assert.deepEqual(y.shape, [2, expected[0]!.length, expected[0]![0]!.length, cs.f], `case ${i}: shape`);
    assertClose(y.arraySync(), expected, 1e-12, `case ${i}`);
  });
});

test("Conv2D: kernel HWIO [kh, kw, in, filters], zero bias, glorotUniform over the receptive field (Keras defaults)", () => {
  const layer = new Conv2D({ filters: 16, kernelSize: [3, 5] });
  layer.apply(zeros([1, 8, 8, 4]));
  assert.deepEqual(layer.weights.map((w) => [w.name, w.shape]), [
    [`${layer.name}/kernel`, [3, 5, 4, 16]],
    [`${layer.name}/bias`, [16]],
  ]);
  assert.ok(layer.name.startsWith("conv2d"), `Keras-style name, got ${layer.name}`);
  assert.deepEqual(Array.from(layer.bias!.dataSync()), new Array(16).fill(0));
  // glorotUniform: fanIn = 3·5·4, fanOut = 3·5·16.
  const limit = Math.sqrt(6 / (3 * 5 * 4 + 3 * 5 * 16));
  const k = Array.from(layer.kernel.dataSync());
  assert.ok(k.every((v) => Math.abs(v) <= limit), "inside the Glorot limit");
  assert.ok(Math.max(...k.map(Math.abs)) > 0.8 * limit, "spread up to the limit");
  assert.equal(layer.countParams(), 3 * 5 * 4 * 16 + 16);
  const noBias = new Conv2D({ filters: 2, kernelSize: 1, useBias: false });
  noBias.apply(zeros([1, 2, 2, 3]));
  assert.equal(noBias.weights.length, 1);
});

test("Conv2D gradients w.r.t. input, kernel and bias match finite differences", () => {
  checkLayerGrads(new Conv2D({ filters: 2, kernelSize: 3, strides: 2, padding: "same", activation: "tanh", dtype: "float64" }), randomF64([2, 5, 4, 2], 41));
  checkLayerGrads(new Conv2D({ filters: 2, kernelSize: 2, dilationRate: 2, dtype: "float64" }), randomF64([1, 5, 5, 1], 42));
  checkLayerGrads(new Conv2D({ filters: 4, kernelSize: [2, 1], groups: 2, dtype: "float64" }), randomF64([1, 3, 3, 4], 43));
});

test("Conv2D: regularizer and constraint act on the kernel", () => {
  const layer = new Conv2D({ filters: 2, kernelSize: 2, kernelRegularizer: "l2", kernelConstraint: "nonNeg", dtype: "float64" });
  layer.apply(zeros([1, 3, 3, 1], "float64"));
  const k = vals(layer.kernel.value);
  assertClose(layer.regularizationLoss()!.item(), 0.01 * k.reduce((a, v) => a + v * v, 0), 1e-12);
  layer.applyConstraints();
  assert.deepEqual(vals(layer.kernel.value), k.map((v) => Math.max(v, 0)));
});

test("Conv2D: getConfig → layerFromConfig round trip keeps the config and rebuilds an equal layer", () => {
  const layer = new Conv2D({ filters: 3, kernelSize: [3, 2], strides: 2, padding: "same", dilationRate: 1, activation: "relu", kernelRegularizer: "l1", biasConstraint: "maxNorm", kernelInitializer: "heNormal" });
  const config = layer.getConfig();
  assert.deepEqual([config.kernelSize, config.strides, config.dilationRate, config.padding, config.filters], [[3, 2], [2, 2], [1, 1], "same", 3]);
  const loaded = checkConfigRoundTrip(layer) as Conv2D;
  const x = randomF64([1, 6, 6, 2], 5).cast("float32");
  layer.apply(x);
  loaded.apply(x);
  loaded.setWeights(layer.getWeights());
  assertClose(run(loaded, x).arraySync(), run(layer, x).arraySync(), 0);
});

test("Conv2D: bad configs and inputs give errors that name the layer and the fix", () => {
  assert.throws(() => new Conv2D({ filters: 0, kernelSize: 3 }), (e: Error) => e instanceof ArgumentError && /Conv2D: filters must be a positive integer/.test(e.message));
  assert.throws(() => new Conv2D({ filters: 2, kernelSize: [3, 3, 3] as never }), /Conv2D: kernelSize must be a positive integer or a list of 2 positive integers \[height, width\], got \[3,3,3\]/);
  assert.throws(() => new Conv2D({ filters: 2, kernelSize: 3, strides: 0 }), /Conv2D: strides must be a positive integer/);
  assert.throws(() => new Conv2D({ filters: 2, kernelSize: 3, padding: "causal" as never }), /Conv2D: padding must be "valid" or "same", got "causal"/);
  assert.throws(() => new Conv2D({ filters: 3, kernelSize: 3, groups: 2 }), /Conv2D: filters \(3\) must be divisible by groups \(2\)/);
  const layer = new Conv2D({ filters: 2, kernelSize: 3, name: "my_conv" });
  assert.throws(() => layer.apply(zeros([8, 8, 1])), (e: Error) => /my_conv: expected inputs of shape \[batch, height, width, channels\] \(rank 4\), got shape \[8, 8, 1\]; add a channel axis at the end: x\.expandDims\(-1\).*, or for a single sample add a batch axis: x\.expandDims\(0\)/.test(e.message));
  assert.throws(() => layer.apply(zeros([1, 2, 8, 1])), /my_conv: the input's height \(2\) is smaller than the kernel \(3\) with padding "valid".*use padding "same" or a smaller kernelSize/);
  layer.apply(zeros([1, 8, 8, 1]));
  assert.throws(() => layer.apply(zeros([1, 8, 8, 3])), /my_conv: the layer was built for inputs with 1 channels, got shape \[1, 8, 8, 3\]/);
});

// ---- Conv1D ----

test("Conv1D matches a float64 loop reference (valid, same with stride, causal with dilation)", () => {
  const cases = [
    { k: 3, s: 1, p: "valid" as const, d: 1 },
    { k: 3, s: 2, p: "same" as const, d: 1 },
    { k: 2, s: 1, p: "causal" as const, d: 2 },
    { k: 4, s: 3, p: "valid" as const, d: 1 },
  ];
  cases.forEach((cs, i) => {
    const layer = new Conv1D({ filters: 3, kernelSize: cs.k, strides: cs.s, padding: cs.p, dilationRate: cs.d, dtype: "float64" });
    const x = randomF64([2, 9, 2], 50 + i);
    layer.apply(x);
    const kernel = randomF64([cs.k, 2, 3], 60 + i);
    const bias = vals(randomF64([3], 70 + i));
    layer.setWeights([kernel, tensor(bias, "float64")]);
    assertClose(run(layer, x).arraySync(), refConv1d(x, kernel, bias, cs.s, cs.p, cs.d), 1e-12, `case ${i}`);
  });
  // causal keeps the length, and step t sees only steps ≤ t.
  const causal = new Conv1D({ filters: 1, kernelSize: 3, padding: "causal", dtype: "float64" });
  const x = randomF64([1, 6, 1], 80);
  const before = vals(run(causal, x));
  const changed = vals(x);
  changed[4] = 10;
  const after = vals(run(causal, tensor(changed, { shape: [1, 6, 1], dtype: "float64" })));
  assert.deepEqual(after.slice(0, 4), before.slice(0, 4));
  assert.notEqual(after[4], before[4]);
});

test("Conv1D gradients w.r.t. input, kernel and bias match finite differences", () => {
  checkLayerGrads(new Conv1D({ filters: 2, kernelSize: 3, padding: "causal", dilationRate: 2, dtype: "float64" }), randomF64([2, 6, 2], 90));
  checkLayerGrads(new Conv1D({ filters: 2, kernelSize: 2, strides: 2, padding: "same", activation: "sigmoid", dtype: "float64" }), randomF64([1, 5, 3], 91));
});

test("Conv1D: config round trip, kernel shape, errors", () => {
  const layer = new Conv1D({ filters: 4, kernelSize: 5, padding: "causal" });
  checkConfigRoundTrip(layer);
  layer.apply(zeros([2, 10, 3]));
  assert.deepEqual(layer.kernel.shape, [5, 3, 4]);
  assert.ok(layer.name.startsWith("conv1d"));
  assert.throws(() => layer.apply(zeros([2, 10, 3, 1])), /conv1d.*: expected inputs of shape \[batch, steps, channels\] \(rank 3\), got shape \[2, 10, 3, 1\]/);
  assert.throws(() => new Conv1D({ filters: 2, kernelSize: [2, 2] as never }), /Conv1D: kernelSize must be a positive integer or a list of 1 positive integers/);
});

test("Conv2D in the functional API infers the output shape", () => {
  const x = input({ shape: [8, 8, 3] });
  const y = new Conv2D({ filters: 5, kernelSize: 3, strides: 2, padding: "same" }).apply(x) as SymbolicTensor;
  assert.deepEqual(y.shape, [null, 4, 4, 5]);
  const m = model({ inputs: x, outputs: y });
  assert.deepEqual((m.apply(zeros([2, 8, 8, 3])) as Tensor).shape, [2, 4, 4, 5]);
});

test("a small sequential CNN (Conv2D → MaxPooling2D → Flatten → Dense) on 8×8 inputs builds with the right shapes", () => {
  const cnn = sequential([
    new Conv2D({ filters: 8, kernelSize: 3, activation: "relu", inputShape: [8, 8, 1] }),
    new MaxPooling2D({ poolSize: 2 }),
    new Flatten(),
    new Dense({ units: 10, activation: "softmax" }),
  ]);
  assert.deepEqual(cnn.layers.map((l) => l.outputShape), [
    [null, 6, 6, 8],
    [null, 3, 3, 8],
    [null, 72],
    [null, 10],
  ]);
  assert.equal(cnn.countParams(), 3 * 3 * 1 * 8 + 8 + 72 * 10 + 10);
  const y = run(cnn, randomF64([4, 8, 8, 1], 7).cast("float32"));
  assert.deepEqual(y.shape, [4, 10]);
  for (const row of y.arraySync() as number[][]) assertClose(row.reduce((a, b) => a + b), 1, 1e-5);
  const same = sequential([new Conv2D({ filters: 4, kernelSize: 3, padding: "same", inputShape: [8, 8, 1] }), new MaxPooling2D(), new Conv2D({ filters: 6, kernelSize: 3, padding: "same" }), new MaxPooling2D(), new Flatten(), new Dense({ units: 3 })]);
  assert.deepEqual(same.layers.map((l) => l.outputShape), [[null, 8, 8, 4], [null, 4, 4, 4], [null, 4, 4, 6], [null, 2, 2, 6], [null, 24], [null, 3]]);
});
