import { test } from "node:test";
import assert from "node:assert/strict";
import {
  tensor, variable, placeholder, graphFor, run, jit, grad, zeros, randomNormal, sequential, Dense, Dropout, ShapeError, ArgumentError, BatchDimensionError, UNKNOWN_BATCH, type Tensor,
  getBackend, setBackend, debug, memory,
} from "../../kernel/src/index.js";
import { asyncOnlyBackend } from "../helpers/async-backend.js";
import { opsOf } from "./passes/helpers.js";

const near = (a: Tensor, b: Tensor, what: string) => {
  assert.deepEqual([...a.shape], [...b.shape], `${what}: shape`);
  const [x, y] = [a.dataSync(), b.dataSync()];
  for (let i = 0; i < x.length; i++) assert.ok(Math.abs(x[i]! - y[i]!) <= 1e-6 * (1 + Math.abs(y[i]!)), `${what}[${i}]: ${x[i]} vs ${y[i]}`);
};

/** A function of a batch that reshapes with its batch dimension and reduces per row and over the batch. */
const w = variable(randomNormal([3, 4], { seed: 1 }), { name: "w" });
const perRow = (x: Tensor) => x.matmul(w).relu().reshape([x.shape[0], 2, 2]).softmax(-1).reshape([-1, 4]).sum(1).add(x.mean(0).sum());

test("a placeholder of unknown batch size runs at any batch size and agrees with eager mode", () => {
  const x = placeholder([null, 3], "float32", "x");
  assert.equal(x.shape[0], UNKNOWN_BATCH);
  assert.match(String(x), /\[\?, 3\]/);
  const graph = graphFor(perRow(x));
  assert.equal(graph.hasUnknownBatch, true);
  for (const batch of [1, 4, 9, 4]) {
    const data = randomNormal([batch, 3], { seed: batch });
    near(graph.run({ x: data })[0]!, perRow(data), `batch ${batch}`);
  }
  assert.deepEqual(run(x.sum(1), { x: zeros([6, 3]) }).shape, [6], "run() too");
});

test("summary and toDot show the unknown batch dimension as ?", () => {
  const x = placeholder([null, 3], "float32", "x");
  const graph = graphFor(x.reshape([-1]).exp());
  assert.match(graph.summary(), /inputs: x float32\[\?, 3\]/);
  assert.match(graph.summary(), /at batch size 1/);
  const { peakBytes, totalBytes, freeAfter } = graphFor(placeholder([1, 3]).reshape([-1]).exp()).memory;
  assert.deepEqual([graph.memory.peakBytes, graph.memory.totalBytes, graph.memory.freeAfter], [peakBytes, totalBytes, freeAfter], "the memory plan is that of one example");
  assert.match(graph.toDot(), /label="float32\[\?,3\]"/);
  assert.match(graph.toDot(), /label="float32\[3·\?\]"/, "a flattened batch is three times the batch size");
});

test("feeds of the wrong rank or other dimensions, or of different batch sizes, are errors naming the placeholders", () => {
  const x = placeholder([null, 3], "float32", "x");
  const y = placeholder([null], "float32", "y");
  const graph = graphFor(x.sum(1).add(y));
  assert.throws(() => graph.run({ x: zeros([2, 4]), y: zeros([2]) }), (e: unknown) => e instanceof ShapeError && /placeholder "x" has shape \[\?, 3\] \(\? is any batch size\), the value fed has \[2, 4\]/.test(e.message));
  assert.throws(() => graph.run({ x: zeros([3]), y: zeros([3]) }), (e: unknown) => e instanceof ShapeError && /placeholder "x" has shape \[\?, 3\].*the value fed has \[3\]/.test(e.message));
  assert.throws(() => graph.run({ x: zeros([2, 3]), y: zeros([5]) }), (e: unknown) => e instanceof BatchDimensionError && /"[xy]" and "[xy]" share the unknown batch dimension, but the values fed have batch sizes (2 and 5|5 and 2)/.test(e.message));
  assert.throws(() => graph.run({ x: zeros([2, 3]) }), (e: unknown) => e instanceof ArgumentError && /no value fed for placeholder "y" \(shape \[2\]/.test(e.message));
  assert.throws(() => graph.run({ y: zeros([2]) }), (e: unknown) => e instanceof ArgumentError && /no value fed for placeholder "x" \(shape \[2, 3\]/.test(e.message));
});

test("a graph that uses the batch size as a number is refused, naming the op", () => {
  const x = placeholder([null, 3], "float32", "x");
  assert.throws(() => graphFor(x.sum().div(x.shape[0])), (e: unknown) => e instanceof BatchDimensionError && /op "constant"\): the constant \d+, read by "div".*use it in shapes/.test(e.message));
  assert.throws(() => graphFor(x.slice([0, 0], [x.shape[0] - 1, 3])), (e: unknown) => e instanceof BatchDimensionError && /op "\w*[sS]lice"\): the attribute value \d+/.test(e.message));
  assert.doesNotThrow(() => graphFor(x.mean(0).sum()), "mean() is the batch-size-free way");
});

test("jit with batchPolymorphic traces once for every batch size and agrees with eager mode", () => {
  const f = jit(perRow, { batchPolymorphic: true, onTrace: (g) => void g.optimize() });
  for (const batch of [2, 7, 1, 7]) {
    const data = randomNormal([batch, 3], { seed: 10 + batch });
    near(f(data), perRow(data), `batch ${batch}`);
  }
  assert.equal(f.traceCount, 1);
  assert.deepEqual(f.signatures, ["float32[?,3]"]);
  assert.equal(f.graphs[0]!.hasUnknownBatch, true);
});

/** The ops a call runs, by the per-op lines of debug level 1 (op names). */
function opsRun(call: () => void): string[] {
  const lines: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array) => (lines.push(String(chunk)), true)) as typeof process.stdout.write;
  try {
    debug.setLevel(1);
    call();
  } finally {
    debug.setLevel(0);
    process.stdout.write = write;
  }
  return lines.map((line) => /^\[gradbook\] (\S+)/.exec(line)?.[1] ?? line);
}

test("a batchPolymorphic function that reads only its argument's shape still runs at every batch size", () => {
  // The gradient of a mean over x·w does not read x's values: x's placeholder stays in the graph for its batch size.
  const slope = (x: Tensor) => grad((p: Tensor) => p.matmul(w).mean())(x);
  const f = jit(slope, { batchPolymorphic: true });
  for (const batch of [2, 5]) {
    const x = randomNormal([batch, 3], { seed: batch });
    near(f(x), slope(x), `batch ${batch}`);
  }
  assert.equal(f.traceCount, 1);
  assert.equal(f.graphs[0]!.hasUnknownBatch, true);
});

test("an optimised graph of unknown batch size folds, per batch size, what the unknown size kept from folding", () => {
  // The gradient of a mean over the batch: 1/batch broadcast to the batch's shape, constants once the size is known.
  const slope = (x: Tensor) => grad((p: Tensor) => p.matmul(w).mean())(x);
  const f = jit(slope, { batchPolymorphic: true, onTrace: (g) => void g.optimize() });
  const x4 = randomNormal([4, 3], { seed: 4 });
  const generic = f.graphFor(x4);
  assert.ok(opsOf(generic).includes("broadcastTo"), opsOf(generic).join(", "));
  const inputs = [x4, randomNormal([6, 3], { seed: 6 }), x4];
  const expected = inputs.map(slope);
  const held = generic.heldTensors;
  const before = memory().numTensors;
  inputs.forEach((x, i) => {
    f(x).dispose(); // the first run at a batch size specialises the graph (and folds, running those ops once)
    const out: Tensor[] = [];
    const ran = opsRun(() => out.push(f(x)));
    assert.deepEqual(ran.filter((op) => op === "broadcastTo"), [], `no broadcast runs at batch ${x.shape[0]}: ${ran.join(", ")}`);
    near(out[0]!, expected[i]!, `batch ${x.shape[0]}`);
    out[0]!.dispose();
  });
  assert.ok(generic.heldTensors > held, "the folded constants are the graph's");
  assert.equal(memory().numTensors, before + generic.heldTensors - held, "kept per batch size, nothing else left");
  generic.dispose();
  assert.equal(memory().numTensors, before - held, "dispose() frees them with the graph's own");
});

test("batchPolymorphic: arguments whose first dimension is not the batch size keep their shape", () => {
  const f = jit((x: Tensor, weights: Tensor, labels: Tensor) => x.matmul(weights).sub(labels).square().sum(1), { batchPolymorphic: true });
  const weights = randomNormal([4, 2], { seed: 2 });
  for (const batch of [5, 3, 4]) {
    const x = randomNormal([batch, 4], { seed: batch });
    const labels = randomNormal([batch, 2], { seed: 100 + batch });
    near(f(x, weights, labels), x.matmul(weights).sub(labels).square().sum(1), `batch ${batch}`);
  }
  // At batch 4 the weights' first dimension equals the batch size: that signature traces on its own.
  assert.deepEqual(f.signatures.slice(0, 1), ["float32[?,4], float32[4,2], float32[?,2]"]);
  assert.equal(f.graphs[0]!.hasUnknownBatch, true);
});

test("batchPolymorphic falls back to a trace per batch size when f uses the batch size as a number or needs it", () => {
  const average = jit((x: Tensor) => x.sum().div(x.shape[0]), { batchPolymorphic: true });
  for (const batch of [2, 5, 2]) {
    const data = randomNormal([batch, 3], { seed: batch });
    near(average(data), data.sum().div(batch), `batch ${batch}`);
  }
  assert.deepEqual(average.signatures, ["float32[2,3]", "float32[5,3]"]);
  assert.equal(average.traceCount, 3, "the dropped batch-polymorphic trace, then one per batch size");

  const padded = jit((x: Tensor) => x.add(zeros([x.shape[0], 3])), { batchPolymorphic: true });
  near(padded(tensor([[1, 2, 3]])), tensor([[1, 2, 3]]), "zeros of the batch's shape cannot be made for an unknown batch");
  assert.deepEqual(padded.signatures, ["float32[1,3]"]);
});

test("a small constant (a norm's epsilon) is not taken for a number computed from the batch size, but 1 / batch and 1 / (batch − 1) are", () => {
  const normalise = jit((x: Tensor) => x.div(x.square().sum(-1, true).maximum(1e-14).sqrt()), { batchPolymorphic: true });
  for (const batch of [2, 5]) {
    const data = randomNormal([batch, 3], { seed: batch });
    near(normalise(data), data.div(data.square().sum(-1, true).maximum(1e-14).sqrt()), `batch ${batch}`);
  }
  assert.deepEqual(normalise.signatures, ["float32[?,3]"], "one trace for every batch size");
  for (const scale of [(n: number) => 1 / n, (n: number) => 1 / (n - 1), (n: number) => 1 / (4 * n)]) {
    const scaled = jit((x: Tensor) => x.sum().mul(scale(x.shape[0]!)), { batchPolymorphic: true });
    scaled(randomNormal([3, 4], { seed: 1 }));
    assert.deepEqual(scaled.signatures, ["float32[3,4]"], `${scale} is computed from the batch size`);
  }
});

test("dropout inside a batch-polymorphic function draws a mask of each batch's shape", () => {
  const model = sequential([new Dense({ units: 6, inputShape: [3], kernelInitializer: "ones" }), new Dropout({ rate: 0.5, seed: 4 })]);
  const f = jit((x: Tensor) => model.apply(x, { training: true }) as Tensor, { batchPolymorphic: true });
  for (const batch of [3, 8]) {
    const out = f(tensor(new Float32Array(batch * 3).fill(1), [batch, 3]));
    assert.deepEqual([...out.shape], [batch, 6]);
    const values = Array.from(out.dataSync());
    assert.ok(values.every((v) => v === 0 || v === 6), `kept units are scaled by 2: ${values}`);
    assert.ok(values.includes(0) && values.includes(6), "some units dropped, some kept");
  }
  assert.equal(f.traceCount, 1);
});

test("mean's gradient, traced with an unknown batch size, counts the batch at each run", () => {
  const meanSquareGrad = (x: Tensor) => grad((t: Tensor) => t.square().mean())(x);
  const f = jit(meanSquareGrad, { batchPolymorphic: true });
  for (const batch of [2, 6]) {
    const data = randomNormal([batch, 3], { seed: batch });
    near(f(data), meanSquareGrad(data), `batch ${batch}`);
  }
  assert.equal(f.traceCount, 1);
});

test("optimising a graph of unknown batch size folds no value of that size (it has none yet)", () => {
  const f = jit((x: Tensor) => x.add(tensor(1).mul(2).broadcastTo([x.shape[0], 3])), { batchPolymorphic: true, onTrace: (g) => void g.optimize() });
  near(f(tensor([[1, 2, 3], [4, 5, 6]])), tensor([[3, 4, 5], [6, 7, 8]]), "x + 2");
  assert.equal(f.traceCount, 1);
  const ops = f.graphs[0]!.ir.nodes.map((n) => n.op.name);
  assert.ok(ops.includes("broadcastTo") && !ops.includes("mul"), `mul folded, broadcastTo kept: ${ops}`);
  const x = placeholder([null, 3], "float32", "x");
  near(run(x.add(tensor(2).broadcastTo([x.shape[0], 3])), { x: tensor([[1, 2, 3]]) }), tensor([[3, 4, 5]]), "outside jit, an op of unknown batch size on a constant is a graph node too");
});

test("a number computed from the batch size is found on a backend that cannot read values back synchronously (a GPU)", (t) => {
  const previous = getBackend().name;
  setBackend(asyncOnlyBackend());
  t.after(() => setBackend(previous));
  const x = placeholder([null, 3], "float32", "x");
  assert.throws(() => graphFor(x.sum().div(x.shape[0])), (e: unknown) => e instanceof BatchDimensionError && /the constant computed from the batch size, read by "div"/.test(e.message));
  const average = jit((a: Tensor) => a.sum().div(a.shape[0]), { batchPolymorphic: true });
  average(tensor([[1, 2, 3]]));
  assert.deepEqual(average.signatures, ["float32[1,3]"], "traced for its batch size");
});
