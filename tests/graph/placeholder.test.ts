import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, variable, placeholder, run, graphFor, ArgumentError, ShapeError, DTypeError, GradbookError, memory } from "../../kernel/src/index.js";

test("ops on placeholders record a graph; run computes it for fed values (by name or by placeholder)", () => {
  const x = placeholder([2, 2], "float32", "x");
  const w = variable(tensor([[1, 0], [0, 2]]), { name: "w" });
  const y = x.matmul(w).sum(1);
  assert.equal(y.isSymbolic, true);
  assert.deepEqual([...y.shape], [2]);
  assert.deepEqual(run(y, { x: tensor([[1, 2], [3, 4]]) }).arraySync(), [5, 11]);
  assert.deepEqual(run([y, y.mul(2)], new Map([[x, tensor([[1, 1], [1, 1]])]])).map((t) => t.arraySync()), [[3, 3], [6, 6]]);
});

test("variables are read at each run: training between runs shows", () => {
  const x = placeholder([1], "float32", "x");
  const b = variable(tensor([1]), { name: "b" });
  const y = x.add(b);
  assert.deepEqual(run(y, { x: tensor([1]) }).arraySync(), [2]);
  b.assign(tensor([5]));
  assert.deepEqual(run(y, { x: tensor([1]) }).arraySync(), [6]);
});

test("a wrong feed is a clear error naming the placeholder", () => {
  const x = placeholder([3], "float32", "pixels");
  const y = x.mul(2);
  assert.throws(() => run(y, {}), (e: unknown) => e instanceof ArgumentError && /no value fed for placeholder "pixels" \(shape \[3\], float32\)/.test(e.message));
  assert.throws(() => run(y, { pixels: tensor([1, 2]) }), (e: unknown) => e instanceof ShapeError && /placeholder "pixels" has shape \[3\], the value fed has \[2\]/.test(e.message));
  assert.throws(() => run(y, { pixels: tensor([1, 2, 3], "int32") }), (e: unknown) => e instanceof DTypeError && /placeholder "pixels" is float32, the value fed is int32/.test(e.message));
  assert.throws(() => run(y, { pixels: tensor([1, 2, 3]), other: tensor([1]) }), (e: unknown) => e instanceof ArgumentError && /"other" is not a placeholder of this graph; its placeholders are "pixels"/.test(e.message));
});

test("placeholders need every dimension but the first (null: any batch size); reading a symbolic tensor says to run the graph", () => {
  assert.throws(() => placeholder([784, null]), (e: unknown) => e instanceof ArgumentError && /every dimension.*except that the first may be null.*\[784,null\]/.test(e.message));
  assert.throws(() => placeholder([-1, 784]), (e: unknown) => e instanceof ArgumentError && /every dimension/.test(e.message));
  const x = placeholder([2]);
  assert.throws(() => x.dataSync(), (e: unknown) => e instanceof GradbookError && /symbolic tensor.*run\(outputs, feeds\)/.test(e.message));
  assert.match(String(x.exp()), /Tensor float32 \[2\] \(symbolic, made by exp/);
});

test("a symbolic value cannot be assigned outside jit", () => {
  const v = variable(tensor([1, 2]), { name: "v" });
  assert.throws(() => v.assign(placeholder([2]).mul(2)), (e: unknown) => e instanceof GradbookError && /assign inside a function compiled with jit\(\)/.test(e.message));
});

test("the memory plan frees each intermediate after its last reader", () => {
  const x = placeholder([1000], "float32", "x");
  // A chain of 10 ops: without reuse 10 buffers, with the plan at most 2 alive at once.
  let y = x;
  for (let i = 0; i < 10; i++) y = y.mul(1.5);
  const g = graphFor(y);
  assert.equal(g.memory.totalBytes, 10 * 4000);
  assert.equal(g.memory.peakBytes, 2 * 4000);
  const ones = tensor(new Float32Array(1000).fill(1));
  const before = memory().numTensors;
  const [out] = g.run({ x: ones });
  assert.equal(memory().numTensors, before + 1, "only the output is left");
  assert.ok(Math.abs(out!.dataSync()[0]! - 1.5 ** 10) < 1e-3);
});

test("host values fed (numbers, nested arrays) take the placeholder's dtype where every value fits it", () => {
  const labels = placeholder([null], "int32", "labels");
  const doubled = labels.mul(2);
  const out = run(doubled, { labels: [1, 2, 3] });
  assert.equal(out.dtype, "int32");
  assert.deepEqual(out.arraySync(), [2, 4, 6]);
  const precise = placeholder([2], "float64", "precise");
  assert.deepEqual(run(precise.mul(1), { precise: [0.1, 1e-30] }).arraySync(), [0.1, 1e-30], "float64, not rounded through float32");
  assert.throws(() => run(doubled, { labels: [1.5, 2] }), (e: unknown) => e instanceof DTypeError && /placeholder "labels" is int32, the value fed is float32/.test(e.message));
});
