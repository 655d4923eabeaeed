import { test } from "node:test";
import assert from "node:assert/strict";
import { Add, ArgumentError, Average, Concatenate, Dense, Maximum, Minimum, Multiply, Subtract, input, model, tensor, type Layer, type SymbolicTensor, type Tensor } from "../../../kernel/src/index.js";
import { assertClose, randomF64 } from "../../helpers/gradcheck.js";
import { checkConfigRoundTrip, checkLayerGrads } from "../../helpers/layers.js";

const a = [[1, -2, 3], [0.5, 4, -1]];
const b = [[2, 2, -3], [1.5, -4, 0]];
const c = [[0, 1, 1], [-2, 3, 5]];
const f64 = (v: number[][]) => tensor(v, "float64");
const runList = (layer: Layer, xs: Tensor[]) => layer.apply(xs) as Tensor;
const zip3 = (f: (x: number, y: number, z: number) => number) => a.map((r, i) => r.map((v, j) => f(v, b[i]![j]!, c[i]![j]!)));

test("Concatenate joins along the last axis by default, or along `axis`", () => {
  assert.deepEqual(runList(new Concatenate(), [f64(a), f64(b)]).arraySync(), a.map((r, i) => [...r, ...b[i]!]));
  assert.deepEqual(runList(new Concatenate({ axis: 0 }), [f64(a), f64(b)]).arraySync(), [...a, ...b]);
  assert.deepEqual(runList(new Concatenate({ axis: 1 }), [tensor([[1], [2]]), tensor([[3, 4], [5, 6]]), tensor([[7], [8]])]).arraySync(), [[1, 3, 4, 7], [2, 5, 6, 8]]);
  checkLayerGrads(new Concatenate({ dtype: "float64" }), [randomF64([2, 3], 1), randomF64([2, 1], 2)]);
  checkLayerGrads(new Concatenate({ axis: 1, dtype: "float64" }), [randomF64([2, 2, 2], 3), randomF64([2, 1, 2], 4)]);
});

test("Add, Subtract, Multiply, Average, Maximum, Minimum combine elementwise", () => {
  const xs = [f64(a), f64(b), f64(c)];
  assertClose(runList(new Add(), xs).arraySync(), zip3((x, y, z) => x + y + z), 1e-15);
  assertClose(runList(new Subtract(), xs.slice(0, 2)).arraySync(), zip3((x, y) => x - y), 1e-15);
  assertClose(runList(new Multiply(), xs).arraySync(), zip3((x, y, z) => x * y * z), 1e-15);
  assertClose(runList(new Average(), xs).arraySync(), zip3((x, y, z) => (x + y + z) / 3), 1e-15);
  assertClose(runList(new Maximum(), xs).arraySync(), zip3((x, y, z) => Math.max(x, y, z)), 0);
  assertClose(runList(new Minimum(), xs).arraySync(), zip3((x, y, z) => Math.min(x, y, z)), 0);
  // Broadcasting, as the element-wise ops do.
  assertClose(runList(new Add(), [f64(a), tensor([[10, 20, 30]], "float64")]).arraySync(), a.map((r) => r.map((v, j) => v + 10 * (j + 1))), 1e-15);
});

test("gradients of the merge layers with respect to every input", () => {
  const xs = () => [randomF64([2, 3], 5), randomF64([2, 3], 6), randomF64([2, 3], 7)];
  for (const layer of [new Add({ dtype: "float64" }), new Multiply({ dtype: "float64" }), new Average({ dtype: "float64" }), new Maximum({ dtype: "float64" }), new Minimum({ dtype: "float64" })]) {
    checkLayerGrads(layer, xs());
  }
  checkLayerGrads(new Subtract({ dtype: "float64" }), xs().slice(0, 2));
});

test("a functional model with two inputs, Concatenate and a residual Add: shapes in call order", () => {
  const left = input({ shape: [3] });
  const right = input({ shape: [2] });
  const joined = new Concatenate().apply([left, right]) as SymbolicTensor;
  const hidden = new Dense({ units: 5, activation: "relu" }).apply(joined) as SymbolicTensor;
  const residual = new Add().apply([hidden, joined]) as SymbolicTensor;
  const out = new Dense({ units: 1 }).apply(residual) as SymbolicTensor;
  const m = model({ inputs: [left, right], outputs: out });
  assert.deepEqual(m.layers.map((l) => [l.className, l.outputShape]), [["Concatenate", [null, 5]], ["Dense", [null, 5]], ["Add", [null, 5]], ["Dense", [null, 1]]]);
  assert.equal(m.countParams(), 30 + 6);
  const y = m.apply([tensor([[1, 2, 3], [4, 5, 6]]), tensor([[7, 8], [9, 10]])]) as Tensor;
  assert.deepEqual(y.shape, [2, 1]);
});

test("merge layers' configs round-trip", () => {
  checkConfigRoundTrip(new Concatenate({ axis: 1 }));
  for (const layer of [new Add(), new Subtract(), new Multiply(), new Average(), new Maximum(), new Minimum()]) checkConfigRoundTrip(layer);
});

test("wrong inputs name the layer and the fix", () => {
  const is = (re: RegExp) => (e: unknown) => e instanceof ArgumentError && re.test(e.message);
  assert.throws(() => new Concatenate().apply(tensor([[1, 2]])), is(/concatenate(_\d+)?: Concatenate takes a list of tensors, e.g. layer.apply\(\[a, b\]\); got a single tensor/));
  assert.throws(() => new Add().apply(tensor([[1, 2]])), is(/add(_\d+)?: Add takes a list of tensors/));
  assert.throws(() => new Concatenate().apply([tensor([[1, 2]]), tensor([[1], [2]])]), is(/cannot concatenate shapes \[1, 2\], \[2, 1\] along axis -1: axis 0 differs/));
  assert.throws(() => new Concatenate().apply([tensor([[1, 2]]), tensor([1])]), is(/the inputs must have the same rank/));
  assert.throws(() => new Add().apply([tensor([[1, 2]]), tensor([[1, 2, 3]])]), is(/add(_\d+)?: Add needs inputs of the same shape \(or shapes that broadcast\), got \[1, 2\], \[1, 3\]/));
  assert.throws(() => new Subtract().apply([tensor([1]), tensor([1]), tensor([1])]), is(/subtract(_\d+)?: Subtract takes exactly 2 inputs, got 3/));
  assert.throws(() => new Concatenate({ axis: 0.5 }), is(/Concatenate: axis must be an integer/));
  // Symbolic shapes are checked when the model is built, before any data.
  assert.throws(() => new Add().apply([input({ shape: [3] }), input({ shape: [4] })]), is(/Add needs inputs of the same shape \(or shapes that broadcast\), got \[batch, 3\], \[batch, 4\]/));
});
