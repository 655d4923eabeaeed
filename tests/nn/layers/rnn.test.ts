import { test } from "node:test";
import assert from "node:assert/strict";
import { ArgumentError, Dense, GRU, LSTM, SimpleRNN, gradient, input, model, sequential, tensor, zeros, type SymbolicTensor, type Tensor } from "../../../kernel/src/index.js";
import { assertClose, randomF64 } from "../../helpers/gradcheck.js";
import { checkConfigRoundTrip, checkLayerGrads, run } from "../../helpers/layers.js";

// ---- float64 references written from the Keras 3 cell definitions (plain loops) ----

type Mat = number[][];
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
/** v·M for a row vector v and a matrix M [len(v)][cols]. */
const vecMat = (v: number[], m: Mat) => m[0]!.map((_, j) => v.reduce((acc, vi, i) => acc + vi * m[i]![j]!, 0));
const addv = (a: number[], b: number[]) => a.map((v, i) => v + b[i]!);
const block = (v: number[], k: number, u: number) => v.slice(k * u, (k + 1) * u);
const f64 = (v: unknown) => tensor(v as number[], "float64");
const arr = (t: Tensor) => t.arraySync() as number[][];

type Cell = (x: number[], states: number[][]) => number[][]; // returns new states; states[0] is the output h

/** Runs a cell over x [batch][steps][features]; returns every step's output and the final states. */
function unroll(x: number[][][], cell: Cell, initial: number[][][], goBackwards = false): { seq: number[][][]; final: number[][][] } {
  const seq: number[][][] = [];
  const final: number[][][] = [];
  x.forEach((sample, b) => {
    let states = initial.map((s) => s[b]!);
    const outs: number[][] = [];
    const order = goBackwards ? [...sample].reverse() : sample;
    for (const xt of order) {
      states = cell(xt, states);
      outs.push(states[0]!);
    }
    seq.push(outs);
    final.push(states);
  });
  // final[b][k] → per state k: [batch][units]
  return { seq, final: initial.map((_, k) => final.map((s) => s[k]!)) };
}

const simpleCell = (K: Mat, U: Mat, bias: number[]): Cell => (x, [h]) => [addv(addv(vecMat(x, K), vecMat(h!, U)), bias).map(Math.tanh)];

/** Keras LSTM: gate blocks i, f, c, o. */
const lstmCell = (K: Mat, U: Mat, bias: number[], u: number): Cell => (x, [h, c]) => {
  const z = addv(addv(vecMat(x, K), vecMat(h!, U)), bias);
  const i = block(z, 0, u).map(sigmoid);
  const f = block(z, 1, u).map(sigmoid);
  const g = block(z, 2, u).map(Math.tanh);
  const o = block(z, 3, u).map(sigmoid);
  const cNext = c!.map((cv, j) => f[j]! * cv + i[j]! * g[j]!);
  return [cNext.map((cv, j) => o[j]! * Math.tanh(cv)), cNext];
};

/** Keras GRU: gate blocks z, r, h; resetAfter with bias [input row, recurrent row], else bias [3u]. */
const gruCell = (K: Mat, U: Mat, bias: number[] | Mat, u: number, resetAfter: boolean): Cell => (x, [h]) => {
  const inBias = resetAfter ? (bias as Mat)[0]! : (bias as number[]);
  const mx = addv(vecMat(x, K), inBias);
  let z: number[];
  let hh: number[];
  if (resetAfter) {
    const inner = addv(vecMat(h!, U), (bias as Mat)[1]!);
    z = addv(block(mx, 0, u), block(inner, 0, u)).map(sigmoid);
    const r = addv(block(mx, 1, u), block(inner, 1, u)).map(sigmoid);
    hh = block(mx, 2, u).map((v, j) => Math.tanh(v + r[j]! * block(inner, 2, u)[j]!));
  } else {
    const Uz = U.map((row) => block(row, 0, u));
    const Ur = U.map((row) => block(row, 1, u));
    const Uh = U.map((row) => block(row, 2, u));
    z = addv(block(mx, 0, u), vecMat(h!, Uz)).map(sigmoid);
    const r = addv(block(mx, 1, u), vecMat(h!, Ur)).map(sigmoid);
    hh = addv(block(mx, 2, u), vecMat(r.map((rv, j) => rv * h![j]!), Uh)).map(Math.tanh);
  }
  return [h!.map((hv, j) => z[j]! * hv + (1 - z[j]!) * hh[j]!)];
};

// ---- one step, by hand, with fixed small weights ----

test("SimpleRNN, one step by hand: h = tanh(x·K + h0·U + b)", () => {
  const layer = new SimpleRNN({ units: 1, dtype: "float64" });
  const x = f64([[[0.5, -1]]]);
  layer.apply([x, f64([[0.4]])]);
  layer.setWeights([f64([[0.3], [0.2]]), f64([[0.7]]), f64([0.1])]);
  assertClose(arr(run(layer, x)), [[Math.tanh(0.5 * 0.3 - 1 * 0.2 + 0.1)]], 1e-15);
  assertClose(arr(layer.apply([x, f64([[0.4]])]) as Tensor), [[Math.tanh(0.05 + 0.4 * 0.7)]], 1e-15);
});

test("LSTM, one step by hand with gate order i, f, c, o and a given initial state [h0, c0]", () => {
  const layer = new LSTM({ units: 1, returnState: true, dtype: "float64" });
  const x = f64([[[1, 2]]]);
  const h0 = f64([[0.5]]);
  const c0 = f64([[-0.3]]);
  layer.apply([x, h0, c0]);
  layer.setWeights([f64([[0.1, 0.2, 0.3, 0.4], [-0.5, 0.6, -0.7, 0.8]]), f64([[0.1, -0.2, 0.3, -0.4]]), f64([0.01, 1, -0.02, 0.03])]);
  // z_i = 0.1 − 1.0 + 0.05 + 0.01; z_f = 0.2 + 1.2 − 0.1 + 1; z_c = 0.3 − 1.4 + 0.15 − 0.02; z_o = 0.4 + 1.6 − 0.2 + 0.03
  const c = sigmoid(2.3) * -0.3 + sigmoid(-0.84) * Math.tanh(-0.97);
  const h = sigmoid(1.83) * Math.tanh(c);
  const [out, hT, cT] = layer.apply([x, h0, c0]) as Tensor[];
  assertClose(arr(out!), [[h]], 1e-14);
  assertClose(arr(hT!), [[h]], 1e-14);
  assertClose(arr(cT!), [[c]], 1e-14);
});

test("GRU, one step by hand (resetAfter true, Keras 3 default; and resetAfter false)", () => {
  const K = [[0.1, 0.2, 0.3], [0.4, -0.5, 0.6]];
  const U = [[0.7, -0.8, 0.9]];
  const x = f64([[[1, 2]]]);
  const h0 = f64([[0.5]]);
  const after = new GRU({ units: 1, dtype: "float64" });
  after.apply([x, h0]);
  after.setWeights([f64(K), f64(U), f64([[0.01, 0.02, 0.03], [0.04, 0.05, 0.06]])]);
  {
    // x parts: z 0.91, r −0.78, h 1.53; recurrent parts (with recurrent bias): z 0.39, r −0.35, h 0.51
    const z = sigmoid(1.3);
    const r = sigmoid(-1.13);
    const hh = Math.tanh(1.53 + r * 0.51);
    assertClose(arr(after.apply([x, h0]) as Tensor), [[z * 0.5 + (1 - z) * hh]], 1e-14);
  }
  const before = new GRU({ units: 1, resetAfter: false, dtype: "float64" });
  before.apply([x, h0]);
  before.setWeights([f64(K), f64(U), f64([0.01, 0.02, 0.03])]);
  {
    const z = sigmoid(0.91 + 0.35);
    const r = sigmoid(-0.78 - 0.4);
    const hh = Math.tanh(1.53 + r * 0.5 * 0.9);
    assertClose(arr(before.apply([x, h0]) as Tensor), [[z * 0.5 + (1 - z) * hh]], 1e-14);
  }
});

// ---- full sequences against the references ----

const B = 2;
const T = 5;
const F = 3;
const U_ = 4;

function setRandom(layer: SimpleRNN | LSTM | GRU, shapes: number[][], seed: number): Mat[] {
  const values = shapes.map((s, i) => randomF64(s, seed + i, -0.8, 0.8));
  layer.setWeights(values);
  return values.map((v) => v.arraySync() as Mat);
}

test("SimpleRNN over a sequence: returnSequences, returnState, goBackwards match the reference", () => {
  const x = randomF64([B, T, F], 200);
  const xv = x.arraySync() as number[][][];
  for (const goBackwards of [false, true]) {
    const layer = new SimpleRNN({ units: U_, returnSequences: true, returnState: true, goBackwards, dtype: "float64" });
    layer.apply(x);
    const [K, Um, b] = setRandom(layer, [[F, U_], [U_, U_], [U_]], 210);
    const ref = unroll(xv, simpleCell(K!, Um!, b as unknown as number[]), [new Array(B).fill(new Array(U_).fill(0))], goBackwards);
    const [seq, h] = layer.apply(x) as Tensor[];
    assert.deepEqual(seq!.shape, [B, T, U_]);
    assertClose(seq!.arraySync(), ref.seq, 1e-12, `goBackwards ${goBackwards}: sequence`);
    assertClose(arr(h!), ref.final[0], 1e-12, `goBackwards ${goBackwards}: state`);
    const last = new SimpleRNN({ units: U_, goBackwards, dtype: "float64" });
    last.apply(x);
    last.setWeights(layer.getWeights());
    assertClose(arr(run(last, x)), ref.seq.map((s) => s[T - 1]), 1e-12, "returnSequences false gives the last step");
  }
});

test("LSTM over a sequence matches the reference (outputs, h and c, goBackwards, initial state)", () => {
  const x = randomF64([B, T, F], 300);
  const xv = x.arraySync() as number[][][];
  const h0 = randomF64([B, U_], 301);
  const c0 = randomF64([B, U_], 302);
  for (const goBackwards of [false, true]) {
    const layer = new LSTM({ units: U_, returnSequences: true, returnState: true, goBackwards, dtype: "float64" });
    layer.apply(x);
    const [K, Um, b] = setRandom(layer, [[F, 4 * U_], [U_, 4 * U_], [4 * U_]], 310);
    const cell = lstmCell(K!, Um!, b as unknown as number[], U_);
    const zerosState = new Array(B).fill(new Array(U_).fill(0));
    const ref = unroll(xv, cell, [zerosState, zerosState], goBackwards);
    const [seq, h, c] = layer.apply(x) as Tensor[];
    assertClose(seq!.arraySync(), ref.seq, 1e-12);
    assertClose(arr(h!), ref.final[0], 1e-12);
    assertClose(arr(c!), ref.final[1], 1e-12);
    const refInit = unroll(xv, cell, [arr(h0), arr(c0)], goBackwards);
    const [seq2, h2, c2] = layer.apply([x, h0, c0]) as Tensor[];
    assertClose(seq2!.arraySync(), refInit.seq, 1e-12);
    assertClose(arr(h2!), refInit.final[0], 1e-12);
    assertClose(arr(c2!), refInit.final[1], 1e-12);
  }
});

test("GRU over a sequence matches the reference (resetAfter true and false, goBackwards)", () => {
  const x = randomF64([B, T, F], 400);
  const xv = x.arraySync() as number[][][];
  for (const resetAfter of [true, false]) {
    for (const goBackwards of [false, true]) {
      const layer = new GRU({ units: U_, returnSequences: true, returnState: true, resetAfter, goBackwards, dtype: "float64" });
      layer.apply(x);
      const [K, Um, b] = setRandom(layer, [[F, 3 * U_], [U_, 3 * U_], resetAfter ? [2, 3 * U_] : [3 * U_]], 410);
      const ref = unroll(xv, gruCell(K!, Um!, b as unknown as Mat, U_, resetAfter), [new Array(B).fill(new Array(U_).fill(0))], goBackwards);
      const [seq, h] = layer.apply(x) as Tensor[];
      assertClose(seq!.arraySync(), ref.seq, 1e-12, `resetAfter ${resetAfter}, goBackwards ${goBackwards}`);
      assertClose(arr(h!), ref.final[0], 1e-12);
    }
  }
});

// ---- weights, defaults, shapes ----

test("Keras weight layout and defaults: kernel, recurrent_kernel, bias; orthogonal recurrent kernel; LSTM forget bias 1; GRU bias [2, 3u]", () => {
  const x = zeros([2, 3, 5]);
  const rnn = new SimpleRNN({ units: 4 });
  const lstm = new LSTM({ units: 4 });
  const gru = new GRU({ units: 4 });
  const gruOld = new GRU({ units: 4, resetAfter: false });
  for (const l of [rnn, lstm, gru, gruOld]) l.apply(x);
  const shapes = (l: SimpleRNN | LSTM | GRU) => l.weights.map((w) => [w.name.split("/").at(-1), w.shape]);
  assert.deepEqual(shapes(rnn), [["kernel", [5, 4]], ["recurrent_kernel", [4, 4]], ["bias", [4]]]);
  assert.deepEqual(shapes(lstm), [["kernel", [5, 16]], ["recurrent_kernel", [4, 16]], ["bias", [16]]]);
  assert.deepEqual(shapes(gru), [["kernel", [5, 12]], ["recurrent_kernel", [4, 12]], ["bias", [2, 12]]]);
  assert.deepEqual(shapes(gruOld), [["kernel", [5, 12]], ["recurrent_kernel", [4, 12]], ["bias", [12]]]);
  assert.deepEqual([rnn.name.split("_").slice(0, 2).join("_"), lstm.name.split("_")[0], gru.name.split("_")[0]], ["simple_rnn", "lstm", "gru"]);
  // unitForgetBias: [zeros(u), ones(u), zeros(2u)]
  assert.deepEqual(Array.from(lstm.bias!.dataSync()), [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  const noForget = new LSTM({ units: 2, unitForgetBias: false });
  noForget.apply(x);
  assert.deepEqual(Array.from(noForget.bias!.dataSync()), new Array(8).fill(0));
  assert.deepEqual(Array.from(gru.bias!.dataSync()), new Array(24).fill(0));
  // orthogonal: a square U has UᵀU = I; a wide U [u, k·u] has orthonormal rows (U Uᵀ = I).
  const gram = (m: Mat, rows: boolean) => {
    const vs = rows ? m : m[0]!.map((_, j) => m.map((r) => r[j]!));
    return vs.map((a) => vs.map((b) => a.reduce((s, v, i) => s + v * b[i]!, 0)));
  };
  const eye4 = [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => (i === j ? 1 : 0)));
  assertClose(gram(rnn.recurrentKernel.arraySync() as Mat, false), eye4, 1e-5);
  assertClose(gram(lstm.recurrentKernel.arraySync() as Mat, true), eye4, 1e-5);
  assertClose(gram(gru.recurrentKernel.arraySync() as Mat, true), eye4, 1e-5);
  // glorotUniform kernel: |w| ≤ sqrt(6 / (5 + 16))
  assert.ok(Array.from(lstm.kernel.dataSync()).every((v) => Math.abs(v) <= Math.sqrt(6 / 21)));
  assert.equal(lstm.countParams(), 5 * 16 + 4 * 16 + 16);
});

test("returnSequences / returnState shapes, on tensors and in the functional API", () => {
  const x = zeros([3, 7, 2]);
  const shapes = (out: unknown) => (Array.isArray(out) ? out.map((t) => (t as Tensor).shape) : (out as Tensor).shape);
  assert.deepEqual(shapes(new SimpleRNN({ units: 5 }).apply(x)), [3, 5]);
  assert.deepEqual(shapes(new SimpleRNN({ units: 5, returnSequences: true }).apply(x)), [3, 7, 5]);
  assert.deepEqual(shapes(new SimpleRNN({ units: 5, returnState: true }).apply(x)), [[3, 5], [3, 5]]);
  assert.deepEqual(shapes(new LSTM({ units: 5, returnState: true }).apply(x)), [[3, 5], [3, 5], [3, 5]]);
  assert.deepEqual(shapes(new LSTM({ units: 5, returnSequences: true, returnState: true }).apply(x)), [[3, 7, 5], [3, 5], [3, 5]]);
  assert.deepEqual(shapes(new GRU({ units: 5, returnSequences: true, returnState: true }).apply(x)), [[3, 7, 5], [3, 5]]);
  // functional: an encoder's final LSTM states start a decoder
  const enc = input({ shape: [7, 2] });
  const [, h, c] = new LSTM({ units: 6, returnState: true }).apply(enc) as unknown as SymbolicTensor[];
  assert.deepEqual([h!.shape, c!.shape], [[null, 6], [null, 6]]);
  const dec = input({ shape: [4, 3] });
  const decoded = new LSTM({ units: 6, returnSequences: true }).apply([dec, h!, c!]);
  assert.deepEqual((decoded as SymbolicTensor).shape, [null, 4, 6]);
  const m = model({ inputs: [enc, dec], outputs: decoded as SymbolicTensor });
  assert.deepEqual((m.apply([zeros([2, 7, 2]), zeros([2, 4, 3])]) as Tensor).shape, [2, 4, 6]);
  // stacked recurrent layers in a sequential model
  const stacked = sequential([new LSTM({ units: 8, returnSequences: true, inputShape: [7, 2] }), new GRU({ units: 4 }), new Dense({ units: 1 })]);
  assert.deepEqual(stacked.layers.map((l) => l.outputShape), [[null, 7, 8], [null, 4], [null, 1]]);
});

// ---- gradients ----

test("gradients w.r.t. the input and every weight match finite differences (SimpleRNN, LSTM, GRU both variants)", () => {
  const x = randomF64([2, 3, 2], 500);
  const layers = [
    new SimpleRNN({ units: 3, returnSequences: true, dtype: "float64" }),
    new SimpleRNN({ units: 2, goBackwards: true, dtype: "float64" }),
    new LSTM({ units: 2, returnSequences: true, dtype: "float64" }),
    new GRU({ units: 2, returnSequences: true, dtype: "float64" }),
    new GRU({ units: 2, resetAfter: false, goBackwards: true, dtype: "float64" }),
  ];
  layers.forEach((layer, i) => {
    layer.apply(x);
    // non-zero biases so that every term matters
    layer.setWeights(layer.weights.map((w, k) => randomF64([...w.shape], 510 + 10 * i + k, -0.9, 0.9)));
    checkLayerGrads(layer, x);
  });
  // the gradient through a given initial state (h0, c0)
  const lstm = new LSTM({ units: 2, dtype: "float64" });
  const h0 = randomF64([2, 2], 600);
  const c0 = randomF64([2, 2], 601);
  checkLayerGrads(lstm, [x, h0, c0]);
});

test("backpropagation through a long sequence (2000 steps) works: the graph is deep, backprop is iterative", () => {
  const steps = 2000;
  const layer = new SimpleRNN({ units: 2, dtype: "float64" });
  const x = randomF64([1, steps, 1], 700);
  layer.apply(x);
  const loss = (run(layer, x)).sum();
  const [gx, gk] = gradient(loss, [x, layer.kernel]);
  assert.deepEqual(gx!.shape, [1, steps, 1]);
  assert.ok(Array.from(gk!.dataSync()).every(Number.isFinite));
  const g = Array.from(gx!.dataSync()).map(Math.abs);
  assert.ok(g.every(Number.isFinite) && g[steps - 1]! > 0);
});

// ---- configs and errors ----

test("getConfig → layerFromConfig round trips keep every option", () => {
  const rnn = new SimpleRNN({ units: 3, activation: "relu", returnSequences: true, goBackwards: true, kernelRegularizer: "l2", recurrentConstraint: "maxNorm" });
  const cfg = rnn.getConfig();
  assert.deepEqual([cfg.units, cfg.activation, cfg.returnSequences, cfg.returnState, cfg.goBackwards, cfg.useBias], [3, "relu", true, false, true, true]);
  assert.equal((cfg.recurrentInitializer as { className: string }).className, "Orthogonal");
  checkConfigRoundTrip(rnn);
  checkConfigRoundTrip(new LSTM({ units: 2, unitForgetBias: false, recurrentActivation: "tanh", returnState: true, biasInitializer: "ones" }));
  checkConfigRoundTrip(new GRU({ units: 2, resetAfter: false, recurrentInitializer: "glorotUniform", useBias: false }));
  const gruCfg = new GRU({ units: 2 }).getConfig();
  assert.deepEqual([gruCfg.resetAfter, gruCfg.recurrentActivation, gruCfg.activation], [true, "sigmoid", "tanh"]);
  // a rebuilt layer with the same weights computes the same
  const src = new GRU({ units: 3, returnSequences: true });
  const x = randomF64([2, 4, 2], 800).cast("float32");
  src.apply(x);
  const copy = checkConfigRoundTrip(src);
  copy.apply(x);
  copy.setWeights(src.getWeights());
  assertClose((copy.apply(x) as Tensor).arraySync(), (src.apply(x) as Tensor).arraySync(), 0);
});

test("bad configs and inputs give errors that name the layer and the fix", () => {
  assert.throws(() => new SimpleRNN({ units: 0 }), (e: Error) => e instanceof ArgumentError && /SimpleRNN: units must be a positive integer/.test(e.message));
  assert.throws(() => new LSTM({ units: 2.5 }), /LSTM: units must be a positive integer/);
  assert.throws(() => new GRU({ units: 2, returnSequences: "yes" as never }), /GRU: returnSequences must be true or false/);
  assert.throws(() => new GRU({ units: 2, activation: "nope" as never }), /unknown activation "nope"/);
  const lstm = new LSTM({ units: 3, name: "enc" });
  assert.throws(() => lstm.apply(zeros([4, 5])), /enc: expected inputs of shape \[batch, timesteps, features\] \(rank 3\), got shape \[4, 5\]; for a single sequence add a batch axis/);
  assert.throws(() => lstm.apply(zeros([4, 0, 2])), /enc: the input has no time steps/);
  lstm.apply(zeros([4, 5, 2]));
  assert.throws(() => lstm.apply(zeros([4, 5, 3])), /enc: the layer was built for 2 features per time step, got inputs of shape \[4, 5, 3\]/);
  assert.throws(() => lstm.apply([zeros([4, 5, 2]), zeros([4, 3])]), /enc: give 2 initial states \[h, c\], each \[batch, units\] after the input, got 1/);
  assert.throws(() => lstm.apply([zeros([4, 5, 2]), zeros([4, 3]), zeros([4, 2])]), /enc: initial state 1 must have shape \[4, 3\] \(\[batch, units\]\), got \[4, 2\]/);
});
