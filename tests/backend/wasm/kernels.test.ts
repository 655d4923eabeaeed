import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { setBackend, getBackend, tensor, tidy, grads, memory, type Tensor } from "../../../kernel/src/index.js";
import { findKernel } from "../../../kernel/src/backend/backend.js";
import type { WasmBackend, WasmData } from "../../../kernel/src/backend/wasm/wasm-backend.js";

// Every kernel of the "cpu" (WebAssembly) backend against the "cpu-js" reference kernel on
// the same inputs. Elementwise float32 kernels round once, like the reference (which
// computes in float64 and rounds), so +, −, ×, ÷, √ and the comparisons agree exactly; the
// transcendental ones (exp, log, tanh, sigmoid in float64 then rounded) too. Reductions
// and products accumulate in float32, so they may differ by k·2⁻²³·Σ|terms| (k terms);
// with values in [−1, 1] and k ≤ 256 we allow 2⁻²³·k·(max |term| sum) via `close`.

/** Runs `f` on both backends with the same inputs (given as plain arrays) and returns both results' values. */
function onBoth(f: (...xs: Tensor[]) => Tensor, inputs: readonly { values: ArrayLike<number>; shape: number[]; dtype?: "float32" | "bool" | "int32" }[]): [Float32Array | Int32Array | Uint8Array, Float32Array | Int32Array | Uint8Array, number[]] {
  const run = (backend: string) => {
    setBackend(backend);
    return tidy(() => {
      const result = f(...inputs.map((i) => tensor(i.values as number[], { shape: i.shape, dtype: i.dtype ?? "float32" })));
      return [result.dataSync() as Float32Array, [...result.shape]] as [Float32Array, number[]];
    });
  };
  try {
    const [expected] = run("cpu-js");
    const [actual, shape] = run("cpu");
    return [actual, expected, shape];
  } finally {
    setBackend("cpu");
  }
}

function random(length: number, seed: number, low = -1, high = 1): number[] {
  let state = seed >>> 0 || 1;
  return Array.from({ length }, () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * (high - low) + low);
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
const input = (shape: number[], seed: number, low = -1, high = 1) => ({ values: random(size(shape), seed, low, high), shape });

function same(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string): void {
  assert.equal(actual.length, expected.length, `${label}: size`);
  for (let i = 0; i < actual.length; i++) {
    if (!Object.is(actual[i], expected[i]) && !(actual[i] === 0 && expected[i] === 0)) assert.fail(`${label}: element ${i} is ${actual[i]}, the reference gives ${expected[i]}`);
  }
}

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, terms: number, label: string): void {
  assert.equal(actual.length, expected.length, `${label}: size`);
  const bound = (terms + 2) * 2 ** -23;
  for (let i = 0; i < actual.length; i++) {
    if (!(Math.abs(actual[i]! - expected[i]!) <= bound * Math.max(1, terms))) assert.fail(`${label}: element ${i} is ${actual[i]}, the reference gives ${expected[i]}`);
  }
}

test('the "cpu" backend is the WebAssembly one, with "cpu-js" as its fallback', () => {
  assert.equal(getBackend().name, "cpu");
  assert.equal((getBackend() as { fallback?: string }).fallback, "cpu-js");
  for (const op of ["matmul", "add", "relu", "sum", "softmax", "where", "transpose"]) assert.ok(findKernel(op, "cpu"), op);
});

// Shape pairs that exercise every broadcast path: equal, scalar either side, bias row, column, rank mismatch, size 1, empty, tails of 1–7 elements.
const pairs: [number[], number[]][] = [
  [[7, 13], [7, 13]],
  [[128, 10], []],
  [[], [5, 3]],
  [[6, 9], [9]],
  [[6, 9], [6, 1]],
  [[1, 9], [6, 1]],
  [[2, 3, 4, 5], [3, 1, 5]],
  [[2, 1, 3, 1, 2], [1, 4, 1, 5, 2]],
  [[1], [1]],
  [[0, 4], [4]],
  [[3], [1]],
];

test("binary arithmetic and comparisons equal the reference for every broadcast shape, bit for bit", () => {
  const ops: [string, (a: Tensor, b: Tensor) => Tensor][] = [
    ["add", (a, b) => a.add(b)],
    ["sub", (a, b) => a.sub(b)],
    ["mul", (a, b) => a.mul(b)],
    ["div", (a, b) => a.div(b)],
    ["maximum", (a, b) => a.maximum(b)],
    ["minimum", (a, b) => a.minimum(b)],
    ["greater", (a, b) => a.greater(b)],
    ["lessEqual", (a, b) => a.lessEqual(b)],
    ["equal", (a, b) => a.equal(b)],
  ];
  pairs.forEach(([sa, sb], k) => {
    for (const [name, f] of ops) {
      const [actual, expected] = onBoth(f, [input(sa, 3 * k + 1), input(sb, 3 * k + 2)]);
      same(actual, expected, `${name} ${JSON.stringify(sa)} ${JSON.stringify(sb)}`);
    }
  });
});

test("unary kernels equal the reference, including NaN, ±0 and ±Infinity", () => {
  const special = { values: [Number.NaN, 0, -0, Infinity, -Infinity, 1e-30, -3.5, 2, 0.25, 7, -7, 1e30, 5e-40], shape: [13] };
  const ops: [string, (x: Tensor) => Tensor][] = [
    ["neg", (x) => x.neg()],
    ["square", (x) => x.square()],
    ["sqrt", (x) => x.abs().sqrt()],
    ["relu", (x) => x.relu()],
    ["abs", (x) => x.abs()],
    ["exp", (x) => x.exp()],
    ["log", (x) => x.abs().log()],
    ["sigmoid", (x) => x.sigmoid()],
    ["tanh", (x) => x.tanh()],
    ["reciprocal", (x) => x.reciprocal()],
  ];
  for (const [name, f] of ops) {
    for (const x of [special, input([37, 5], 9, -4, 4), input([0], 1)]) {
      const [actual, expected] = onBoth(f, [x]);
      same(actual, expected, `${name} on ${JSON.stringify(x.shape)}`);
    }
  }
});

test("where, broadcastTo and transpose (odd strides) equal the reference", () => {
  const condition = { values: random(24, 5).map((v) => (v > 0 ? 1 : 0)), shape: [4, 6], dtype: "bool" as const };
  for (const [sa, sb] of [[[4, 6], []], [[6], [4, 1]], [[1, 6], [4, 6]]] as [number[], number[]][]) {
    const [actual, expected] = onBoth((c, a, b) => c!.where(a!, b!), [condition, input(sa, 1), input(sb, 2)]);
    same(actual, expected, `where ${JSON.stringify(sa)} ${JSON.stringify(sb)}`);
  }
  for (const [shape, to] of [[[3, 1], [3, 5]], [[5], [2, 3, 5]], [[], [4]], [[1, 1], [0, 3]]] as [number[], number[]][]) {
    const [actual, expected] = onBoth((x) => x!.broadcastTo(to), [input(shape, 4)]);
    same(actual, expected, `broadcastTo ${JSON.stringify(shape)} → ${JSON.stringify(to)}`);
  }
  for (const [shape, perm] of [[[3, 5], [1, 0]], [[2, 3, 4], [2, 0, 1]], [[2, 3, 4, 5, 6], [4, 3, 2, 1, 0]], [[1, 7], [1, 0]]] as [number[], number[]][]) {
    const [actual, expected] = onBoth((x) => x!.transpose(perm), [input(shape, 6)]);
    same(actual, expected, `transpose ${JSON.stringify(shape)} by ${JSON.stringify(perm)}`);
    // A transposed operand feeding an elementwise kernel: non-contiguous strides end to end.
    const [sum, sumExpected] = onBoth((x, y) => x!.transpose(perm).add(y!), [input(shape, 6), input(perm.map((p) => shape[p]!), 7)]);
    same(sum, sumExpected, `transpose then add ${JSON.stringify(shape)}`);
  }
});

test("reductions and softmax agree with the reference within float32 accumulation", () => {
  for (const [shape, axes] of [[[128, 256], [0]], [[128, 10], [1]], [[5, 6, 7], [1]], [[5, 6, 7], [1, 2]], [[5, 6, 7], [0, 1]], [[9], [0]], [[3, 4], []], [[1, 257], [1]]] as [number[], number[]][]) {
    for (const op of ["sum", "mean", "max", "min"] as const) {
      const [actual, expected] = onBoth((x) => x![op](axes), [input(shape, 11)]);
      close(actual, expected, axes.reduce((n, a) => n * shape[a]!, 1), `${op} ${JSON.stringify(shape)} over ${JSON.stringify(axes)}`);
    }
  }
  for (const shape of [[128, 10], [3, 1], [2, 3, 257], [0, 4]]) {
    for (const op of ["softmax", "logSoftmax"] as const) {
      const [actual, expected] = onBoth((x) => x![op](), [input(shape, 12, -20, 20)]);
      close(actual, expected, 4, `${op} ${JSON.stringify(shape)}`);
    }
  }
});

test("matmul equals the reference within float32 accumulation, batched and broadcast, in all transpose combinations", () => {
  for (const [sa, sb, transposeA, transposeB] of [
    [[128, 784], [784, 256], false, false],
    [[128, 784], [128, 256], true, false],
    [[128, 256], [784, 256], false, true],
    [[3, 5, 4], [4, 7], false, false],
    [[2, 1, 4, 5], [3, 6, 4], true, true],
    [[1, 9], [9, 1], false, false],
    [[4, 0], [0, 3], false, false],
  ] as [number[], number[], boolean, boolean][]) {
    const [actual, expected] = onBoth((a, b) => a!.matmul(b!, { transposeA, transposeB }), [input(sa, 1), input(sb, 2)]);
    close(actual, expected, transposeA ? sa.at(-2)! : sa.at(-1)!, `matmul ${JSON.stringify(sa)} ${JSON.stringify(sb)} ${transposeA} ${transposeB}`);
  }
});

test("random broadcast shapes: add, mul and greater equal the reference (property)", () => {
  const dims = fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 0, maxLength: 4 });
  fc.assert(
    fc.property(dims, fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), fc.integer({ min: 1, max: 1000 }), (shape, ones, seed) => {
      const other = shape.map((d, i) => (ones[i] ? 1 : d)).slice(seed % 2);
      for (const f of [(a: Tensor, b: Tensor) => a.add(b), (a: Tensor, b: Tensor) => a.mul(b), (a: Tensor, b: Tensor) => a.greater(b)]) {
        const [actual, expected] = onBoth(f, [input(shape, seed), input(other, seed + 1)]);
        same(actual, expected, `${JSON.stringify(shape)} with ${JSON.stringify(other)}`);
      }
    }),
    { numRuns: 80 },
  );
});

test("ops without a WebAssembly kernel, and int32 inputs, run on the reference and come back", () => {
  const [cumsum, cumsumExpected] = onBoth((x) => x!.cumsum(1), [input([3, 4], 2)]);
  same(cumsum, cumsumExpected, "cumsum");
  const ints = { values: [1, -2, 3, 2 ** 31 - 1], shape: [4], dtype: "int32" as const };
  const [sum, sumExpected] = onBoth((a, b) => a!.add(b!), [ints, ints]);
  same(sum, sumExpected, "int32 add (wraps like the reference)");
});

test("conv2d and both of its gradients equal the reference within float32 accumulation (strides, dilations, padding, 1×1, odd channels)", () => {
  const cases: { x: number[]; w: number[]; options: { strides?: number | [number, number]; padding?: "same" | "valid"; dilations?: number } }[] = [
    { x: [2, 7, 6, 3], w: [3, 3, 3, 5], options: { padding: "same" } },
    { x: [2, 7, 6, 3], w: [3, 2, 3, 4], options: { padding: "valid", strides: [2, 1] } },
    { x: [1, 9, 9, 2], w: [3, 3, 2, 9], options: { padding: "same", dilations: 2 } },
    { x: [3, 5, 5, 8], w: [1, 1, 8, 3], options: {} },
    { x: [1, 4, 4, 1], w: [5, 5, 1, 2], options: { padding: "same", strides: 2 } },
    // A first layer's one channel, and column strides, through whole filter rows copied at once.
    { x: [2, 8, 7, 1], w: [3, 3, 1, 4], options: {} },
    { x: [1, 6, 9, 5], w: [2, 3, 5, 3], options: { strides: [1, 2] } },
    // Filter rows of fewer than four floats (two channels of one column, one channel of three columns), one shared among threads.
    { x: [2, 7, 9, 2], w: [2, 1, 2, 3], options: { strides: [1, 2] } },
    { x: [2, 6, 8, 1], w: [3, 3, 1, 3], options: { padding: "same" } },
    { x: [8, 60, 60, 1], w: [3, 3, 1, 4], options: {} }, // shared among threads
    // Large enough for im2col and col2im to be shared among threads (by images: five images in four shares).
    { x: [5, 32, 31, 6], w: [3, 3, 6, 4], options: { padding: "same" } },
  ];
  for (const { x, w, options } of cases) {
    const label = `conv2d ${JSON.stringify(x)} * ${JSON.stringify(w)} ${JSON.stringify(options)}`;
    const terms = w[0]! * w[1]! * w[2]!;
    const [y, yExpected] = onBoth((a, b) => a!.conv2d(b!, options), [input(x, 1), input(w, 2)]);
    close(y, yExpected, terms, label);
    const [dx, dxExpected] = onBoth((a, b) => grads((p, q) => p!.conv2d(q!, options).square().sum())(a!, b!)[0]!, [input(x, 1), input(w, 2)]);
    close(dx, dxExpected, terms * w[3]!, `${label}: dx`);
    const [dw, dwExpected] = onBoth((a, b) => grads((p, q) => p!.conv2d(q!, options).square().sum())(a!, b!)[1]!, [input(x, 1), input(w, 2)]);
    close(dw, dwExpected, x[0]! * x[1]! * x[2]! * terms, `${label}: dw`);
  }
});

test("maxPool2d, its gradient and its gradient's gradient equal the reference (ties, NaN, padding, strides)", () => {
  const ties = { values: [1, 1, 2, 2, 1, 1, 2, 2, Number.NaN, 0, 3, 3, 0, 0, 3, 3], shape: [1, 4, 4, 1] };
  const lanes = { values: [1, Number.NaN, 2, 0, 1, 3, Number.NaN, 0, 0, 3, 2, 0, 1, 1, 5, Number.NaN], shape: [1, 2, 2, 4] };
  for (const [x, size, options] of [
    [ties, 2, {}],
    [input([2, 7, 5, 3], 3), 2, {}],
    [input([2, 7, 5, 3], 4), 3, { strides: 2, padding: "same" }],
    [input([1, 6, 6, 5], 5), [2, 3], { strides: 1 }],
    // Four-lane channel groups (c = 4, 8) and a group plus a scalar tail (c = 9), ties and NaN in vector lanes.
    [lanes, 2, {}],
    [input([2, 7, 5, 8], 6), 3, { strides: 2, padding: "same" }],
    [input([1, 6, 6, 9], 7), [2, 3], { strides: 1 }],
    [input([3, 4, 4, 12], 8), 2, {}],
    // Large enough to be shared among threads (by images; three images for two threads).
    [input([3, 130, 129, 8], 9), 2, { padding: "same" }],
  ] as const) {
    const label = `maxPool2d ${JSON.stringify(x.shape)} ${JSON.stringify(size)} ${JSON.stringify(options)}`;
    const [y, yExpected] = onBoth((a) => a!.maxPool2d(size, options), [x]);
    same(y, yExpected, label);
    const [dx, dxExpected] = onBoth((a) => grads((p) => p!.maxPool2d(size, options).square().sum())(a!)[0]!, [x]);
    same(dx, dxExpected, `${label}: dx`);
    const [ddx, ddxExpected] = onBoth((a) => grads((p) => grads((q) => q!.maxPool2d(size, options).square().sum())(p!)[0]!.sum())(a!)[0]!, [x]);
    same(ddx, ddxExpected, `${label}: gradient of the gradient`);
  }
});

test("oneHot equals the reference (out-of-range indices, depth 0 and 1, empty, rows of any length) and runs on its own kernel", () => {
  const before = memory().numFallbacks;
  for (const [indices, shape, depth, on, off] of [
    [[0, 2, -1, 3, 1], [5], 3, 1, 0],
    [[1, 0, 4, 2, 2, 3], [3, 2], 5, 0.9, 0.1 / 9],
    [[0], [1], 1, 1, 0],
    [[0, 1], [2], 0, 1, 0],
    [[], [0], 4, 1, 0],
    [random(37, 9, -1, 11).map(Math.floor), [37], 10, -2, 7],
  ] as const) {
    const [actual, expected] = onBoth((i) => i!.oneHot(depth, on, off), [{ values: indices, shape: [...shape], dtype: "int32" }]);
    same(actual, expected, `oneHot ${JSON.stringify(indices)} depth ${depth}`);
  }
  assert.equal(memory().numFallbacks, before, "no op ran on the fallback backend");
});

test("elementwise kernels shared among threads equal the reference (rows of axis 0, elements of one row, odd tails)", () => {
  // Each output is large enough for two threads: split by rows (a bias row, a column, a transpose) or,
  // as one flat row, by elements (with a tail that is not a multiple of four).
  const flat = [2 ** 18 + 3];
  const binaries: [number[], number[]][] = [[flat, flat], [flat, []], [[2000, 150], [150]], [[2000, 150], [2000, 1]], [[3, 1, 90001], [3, 1, 1]]];
  for (const [sa, sb] of binaries) {
    for (const [name, f] of [["add", (a: Tensor, b: Tensor) => a.add(b)], ["greater", (a: Tensor, b: Tensor) => a.greater(b)]] as const) {
      const [actual, expected] = onBoth(f, [input(sa, 3), input(sb, 4)]);
      same(actual, expected, `${name} ${JSON.stringify(sa)} ${JSON.stringify(sb)}`);
    }
  }
  const [relu, reluExpected] = onBoth((x) => x!.relu(), [input(flat, 5)]);
  same(relu, reluExpected, "relu");
  const condition = { values: random(flat[0]!, 6).map((v) => (v > 0 ? 1 : 0)), shape: flat, dtype: "bool" as const };
  const [picked, pickedExpected] = onBoth((c, a, b) => c!.where(a!, b!), [condition, input(flat, 7), input([], 8)]);
  same(picked, pickedExpected, "where");
  const [moved, movedExpected] = onBoth((x) => x!.transpose([1, 0]), [input([700, 400], 9)]);
  same(moved, movedExpected, "transpose");
});

test("elementwise kernels give the same bits cut into any number of shares (1, 2, 3, odd, more shares than rows)", () => {
  const backend = getBackend() as WasmBackend;
  const floats = (n: number, seed: number) => backend.write(Float32Array.from(random(n, seed, -3, 3)), "float32") as WasmData;
  // [shape d0…d3, strides of a, strides of b]: one flat row of odd length (cut by elements), rows of axis 0 with a broadcast row, fewer rows than shares.
  const layouts: [number[], number[], number[]][] = [[[1, 1, 1, 1001], [0, 0, 0, 1], [0, 0, 0, 1]], [[37, 1, 1, 13], [13, 0, 0, 1], [0, 0, 0, 1]], [[3, 2, 1, 5], [10, 5, 0, 1], [0, 1, 0, 0]]];
  const kernels: [string, (a: WasmData, b: WasmData, out: WasmData, layout: number[]) => number[], "float32" | "bool"][] = [
    ["binary", (a, b, out, l) => [backend.constant("DIV"), a.ptr, b.ptr, out.ptr, ...l], "float32"],
    ["compare", (a, b, out, l) => [backend.constant("LESS"), a.ptr, b.ptr, out.ptr, ...l], "bool"],
    ["unary", (a, _, out, l) => [backend.constant("EXP"), a.ptr, out.ptr, ...l.slice(0, 8)], "float32"],
  ];
  for (const [shape, sa, sb] of layouts) {
    const n = shape.reduce((p, q) => p * q, 1);
    const [a, b] = [floats(n, 1), floats(n, 2)];
    for (const [name, args, dtype] of kernels) {
      const run = (shares: number) => {
        const out = backend.allocate(n, dtype);
        backend.parallel(name, args(a, b, out, [...shape, ...sa, ...sb]), shares);
        const values = Array.from(backend.readSync(out) as ArrayLike<number>);
        backend.release(out);
        return values;
      };
      const whole = run(1);
      for (const shares of [2, 3, 5, 8]) same(run(shares), whole, `${name} ${JSON.stringify(shape)} in ${shares} shares`);
    }
    backend.release(a);
    backend.release(b);
  }
});

test("int32 comparisons, casts, argmax/argmin and slices equal the reference and run on their own kernels", () => {
  const before = memory().numFallbacks;
  const ints = (values: number[], shape: number[]) => ({ values, shape, dtype: "int32" as const });
  const big = [0, -1, 2 ** 31 - 1, -(2 ** 31), 7, 7, 3, -5, 16777217];
  const [less, lessExpected] = onBoth((a, b) => a!.less(b!), [ints(big, [9]), ints([...big].reverse(), [9])]);
  same(less, lessExpected, "int32 less (beyond float32's exact integers)");
  const [equal, equalExpected] = onBoth((a, b) => a!.equal(b!), [ints(big, [9]), ints([7], [1])]);
  same(equal, equalExpected, "int32 equal, broadcast");
  const specials = { values: [1.7, -1.7, 0.5, -0, NaN, Infinity, -Infinity, 3e9, -3e9, 2 ** 31, 16777216, 1e-40], shape: [12] };
  for (const dtype of ["int32", "bool"] as const) {
    const [cast, castExpected] = onBoth((x) => x!.cast(dtype), [specials]);
    same(cast, castExpected, `float32 → ${dtype} (truncation, wrapping, NaN, ±∞)`);
  }
  for (const [from, to] of [["int32", "float32"], ["int32", "bool"], ["bool", "float32"], ["bool", "int32"]] as const) {
    const values = from === "bool" ? [1, 0, 1, 1, 0] : [2 ** 31 - 1, -(2 ** 31), 0, 16777217, -3];
    const [cast, castExpected] = onBoth((x) => x!.cast(to), [{ values, shape: [5], dtype: from }]);
    same(cast, castExpected, `${from} → ${to}`);
  }
  const ties = { values: [1, 5, 5, NaN, 2, NaN, -Infinity, -Infinity, 0, 0, -0, 3], shape: [2, 3, 2] };
  for (const axes of [-1, 1, 0, [1, 2], [0, 1]]) {
    for (const [name, f] of [["argmax", (x: Tensor) => x.argmax(axes)], ["argmin", (x: Tensor) => x.argmin(axes)]] as const) {
      const [actual, expected] = onBoth(f, [ties]);
      same(actual, expected, `${name} over ${JSON.stringify(axes)} (ties and NaN)`);
    }
  }
  for (const [shape, begin, end, steps] of [[[6, 5], [1, 0], [5, 5], [1, 1]], [[6, 5], [5, 4], [null, null], [-2, -1]], [[4, 3, 2, 3, 2], [0, 1, 0, 2, 1], [4, 3, 1, 3, 2], [3, 1, 1, 1, 1]]] as const) {
    const label = `stridedSlice ${JSON.stringify({ shape, begin, end, steps })}`;
    const [actual, expected] = onBoth((x) => x!.stridedSlice(begin, end, steps), [input([...shape], 3)]);
    same(actual, expected, label);
    const [asInts, asIntsExpected] = onBoth((x) => x!.stridedSlice(begin, end, steps), [ints(random(size([...shape]), 4, -100, 100).map(Math.round), [...shape])]);
    same(asInts, asIntsExpected, `${label} int32`);
  }
  assert.equal(memory().numFallbacks, before, "no op ran on the fallback backend");
});
