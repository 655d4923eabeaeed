import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { findOp } from "../../kernel/src/tensor/op.js";
import {
  tensor, variable, jit, placeholder, graphFor, loadGraph, customGrad, randomNormal, sequential, Dense, Conv2D, MaxPooling2D, Flatten, Dropout, SGD,
  tensorsToSafetensors, GraphFormatError, GRAPH_FORMAT, registerOpLoader, getBackend, setBackend, hostTensor, type Tensor,
} from "../../kernel/src/index.js";

/** Runs `body` with a fresh directory, removed afterwards. */
function inScratch(body: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), "gradbook-graph-"));
  try {
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Loads and runs a saved graph in a fresh node process; returns its outputs and variable names. */
function runInFreshProcess(dir: string, feeds: Record<string, Tensor>): { outputs: { shape: number[]; dtype: string; values: number[] }[]; variables: string[] } {
  const feedsFile = join(dir, "feeds.safetensors");
  writeFileSync(feedsFile, tensorsToSafetensors(feeds));
  const root = fileURLToPath(new URL("../..", import.meta.url));
  const child = spawnSync(process.execPath, ["--import", "tsx", "tests/helpers/run-saved-graph.ts", dir, feedsFile], { cwd: root, encoding: "utf8", timeout: 120_000 });
  assert.equal(child.status, 0, `the fresh process failed:\n${child.stderr}`);
  return JSON.parse(child.stdout);
}

test("an MLP's inference graph saved with its weights runs in a fresh process with identical outputs", () => {
  const model = sequential([new Dense({ units: 16, activation: "relu", inputShape: [5] }), new Dense({ units: 3, activation: "softmax" })]);
  const x = randomNormal([7, 5], { seed: 11 });
  const graph = jit((input: Tensor) => model.apply(input) as Tensor).graphFor(x);
  inScratch((dir) => {
    graph.save(dir);
    const doc = JSON.parse(readFileSync(join(dir, "graph.json"), "utf8"));
    assert.equal(doc.format, GRAPH_FORMAT);
    assert.equal(doc.version, 1);
    assert.deepEqual(doc.placeholders, [{ name: "arg0", shape: [7, 5], dtype: "float32" }]);
    assert.deepEqual(doc.variables.map((v: { name: string }) => v.name).sort(), model.weights.map((w) => w.name).sort());
    const expected = graph.run({ arg0: x })[0]!;
    const fresh = runInFreshProcess(dir, { arg0: x });
    assert.deepEqual(fresh.variables.sort(), model.weights.map((w) => w.name).sort(), "variables recreated by name");
    assert.deepEqual(fresh.outputs[0]!.shape, [7, 3]);
    assert.deepEqual(fresh.outputs[0]!.values, Array.from(expected.dataSync()), "bit-identical outputs");
  });
});

test("a small CNN with constants and several outputs round-trips; the loaded graph reads its variables, which can be trained", () => {
  const model = sequential([
    new Conv2D({ filters: 3, kernelSize: 3, padding: "same", activation: "relu", inputShape: [6, 6, 2] }),
    new MaxPooling2D({ poolSize: 2 }),
    new Flatten(),
    new Dense({ units: 4 }),
  ]);
  const scale = tensor([0.5, -2, Infinity, 1]); // a captured constant, non-finite value included
  const x = randomNormal([2, 6, 6, 2], { seed: 5 });
  const f = jit((input: Tensor) => {
    const logits = model.apply(input) as Tensor;
    return [logits, logits.mul(scale).maximum(-1e30).minimum(1e30).sum(1)];
  });
  const graph = f.graphFor(x);
  inScratch((dir) => {
    graph.save(dir);
    const expected = graph.run({ arg0: x }).map((t) => Array.from(t.dataSync()));
    const fresh = runInFreshProcess(dir, { arg0: x });
    assert.deepEqual(fresh.outputs.map((o) => o.values), expected);
    const loaded = loadGraph(dir);
    assert.deepEqual(loaded.run({ arg0: x }).map((t) => Array.from(t.dataSync())), expected, "loaded in this process");
    const kernel = loaded.variables.find((v) => v.name === model.layers[3]!.weights[0]!.name)!;
    assert.notEqual(kernel, model.layers[3]!.weights[0], "a fresh variable, not the live one");
    kernel.assign(kernel.value.mul(0));
    assert.ok(loaded.run({ arg0: x })[0]!.sub(model.layers[3]!.weights[1]!.value).abs().max().item() === 0, "with a zero kernel the logits are the bias: the graph reads the variable at each run");
  });
});

test("loadGraph can bind live variables by name instead of recreating them", () => {
  const w = variable(tensor([[1, 2], [3, 4]]), { name: "w" });
  const x = placeholder([1, 2], "float32", "x");
  inScratch((dir) => {
    graphFor(x.matmul(w)).save(dir);
    w.assign(tensor([[0, 0], [0, 1]]));
    const live = loadGraph(dir, { variables: [w] });
    assert.deepEqual(live.run({ x: tensor([[1, 1]]) })[0]!.arraySync(), [[0, 1]]);
    assert.deepEqual(loadGraph(dir).run({ x: tensor([[1, 1]]) })[0]!.arraySync(), [[4, 6]], "saved values otherwise");
    const wrong = variable(tensor([1, 2]), { name: "w" });
    assert.throws(() => loadGraph(dir, { variables: [wrong] }), (e: unknown) => e instanceof GraphFormatError && /variable "w" given has float32\[2\], the saved graph reads float32\[2, 2\]/.test(e.message));
  });
});

test("what cannot be saved is refused at save time, naming the op and why", () => {
  inScratch((dir) => {
    const x = placeholder([4], "float32", "x");
    const clipped = customGrad((a: Tensor) => ({ value: a.mul(1), gradFunc: (dy: Tensor) => [dy.clip(-1, 1)] }))(x);
    assert.throws(() => graphFor(clipped).save(dir), (e: unknown) => e instanceof GraphFormatError && /op "customGrad".*attrs\.gradFunc.*a function \(a closure/.test(e.message));
    const noisy = jit((a: Tensor) => a.add(hostTensor([4], "float32", (shape) => new Float32Array(shape[0]!).fill(Math.random()), "jitter"))).graphFor(tensor([1, 2, 3, 4]));
    assert.throws(() => noisy.save(dir), (e: unknown) => e instanceof GraphFormatError && /op "hostValue".*computes "jitter" values with host code.*a closure/.test(e.message));
    const w = variable(tensor([1, 2, 3, 4]), { name: "w" });
    const opt = new SGD({ learningRate: 0.1 });
    const step = jit((a: Tensor) => opt.minimize(() => a.mul(w).sum(), [w]));
    assert.throws(() => step.graphFor(tensor([1, 1, 1, 1])).save(dir), (e: unknown) => e instanceof GraphFormatError && /assigns the variables "w" \(a training step\)/.test(e.message));
    const twin = variable(tensor([1, 1, 1, 1]), { name: "w" });
    assert.throws(() => graphFor(x.mul(w).add(twin)).save(dir), (e: unknown) => e instanceof GraphFormatError && /two different variables are both named "w"/.test(e.message));
  });
});

/** Saves exp(x) for x of shape [3] in `dir`; returns graph.json's path, its document, and a way to rewrite the exp node. */
function savedExp(dir: string): { path: string; doc: { nodes: { op: string }[] }; withExp: (change: object) => void } {
  graphFor(placeholder([3], "float32", "x").exp()).save(dir);
  const path = join(dir, "graph.json");
  const doc = JSON.parse(readFileSync(path, "utf8"));
  const withExp = (change: object) => writeFileSync(path, JSON.stringify({ ...doc, nodes: doc.nodes.map((n: { op: string }) => (n.op === "exp" ? { ...n, ...change } : n)) }));
  return { path, doc, withExp };
}

test("loading checks the format, its version and the ops", () => {
  inScratch((dir) => {
    const { path, doc, withExp } = savedExp(dir);
    writeFileSync(path, JSON.stringify({ ...doc, version: 3 }));
    assert.throws(() => loadGraph(dir), (e: unknown) => e instanceof GraphFormatError && /format version 3; this gradbook reads versions up to 2/.test(e.message));
    withExp({ op: "teleport" });
    assert.throws(() => loadGraph(dir), (e: unknown) => e instanceof GraphFormatError && /op "teleport"\) names an op this gradbook does not define/.test(e.message));
    writeFileSync(path, JSON.stringify({ ...doc, format: "onnx" }));
    assert.throws(() => loadGraph(dir), (e: unknown) => e instanceof GraphFormatError && /not a saved gradbook graph/.test(e.message));
    assert.throws(() => loadGraph(join(dir, "missing")), (e: unknown) => e instanceof GraphFormatError && /graph\.json does not exist/.test(e.message));
  });
});

test("ops made under generated names (fusion's fused_<n>) are recreated by a registered loader from their attributes", () => {
  inScratch((dir) => {
    // As a fused node would be saved: a name no process defines up front, attributes that say how to make the op.
    savedExp(dir).withExp({ op: "generated_7", attrs: { like: "exp" } });
    assert.throws(() => loadGraph(dir), (e: unknown) => e instanceof GraphFormatError && /op "generated_7"\) names an op this gradbook does not define/.test(e.message));
    registerOpLoader((name, attrs) => (name.startsWith("generated_") ? findOp(attrs.like) : undefined));
    const input = tensor([0, 1, -2]);
    assert.deepEqual(Array.from(loadGraph(dir).run({ x: input })[0]!.dataSync()), Array.from(input.exp().dataSync()));
  });
});

test("an optimised graph (fused kernels) saved and loaded in a fresh process computes the same outputs", (t) => {
  // Fusion happens on a backend that compiles fused programs (cpu-js); the fresh process
  // runs on its default backend, where the fused ops fall back to cpu-js's generated kernels.
  const previous = getBackend().name;
  setBackend("cpu-js");
  t.after(() => setBackend(previous));
  const model = sequential([new Dense({ units: 8, activation: "sigmoid", inputShape: [4] }), new Dense({ units: 2 })]);
  const x = randomNormal([5, 4], { seed: 3 });
  const graph = jit((input: Tensor) => (model.apply(input) as Tensor).mul(2).add(1).tanh()).graphFor(x);
  const report = graph.optimize();
  assert.ok(graph.ir.nodes.some((n) => n.op.name.startsWith("fused_")), `fusion made a fused node:\n${report}`);
  const expected = Array.from(graph.run({ arg0: x })[0]!.dataSync());
  inScratch((dir) => {
    graph.save(dir);
    const fresh = runInFreshProcess(dir, { arg0: x });
    fresh.outputs[0]!.values.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-5, `output ${i}: ${v} vs ${expected[i]}`));
  });
});

test("a graph of unknown batch size keeps it when saved: the loaded graph runs any batch size, in a fresh process too", () => {
  const model = sequential([new Dense({ units: 6, activation: "relu", inputShape: [4] }), new Flatten(), new Dense({ units: 2 })]);
  const forward = (input: Tensor) => (model.apply(input) as Tensor).reshape([input.shape[0], 2, 1]).softmax(1).reshape([-1, 2]);
  const graph = jit(forward, { batchPolymorphic: true }).graphFor(randomNormal([3, 4], { seed: 1 }));
  inScratch((dir) => {
    graph.save(dir);
    const doc = JSON.parse(readFileSync(join(dir, "graph.json"), "utf8"));
    assert.equal(doc.version, 2);
    assert.deepEqual(doc.placeholders, [{ name: "arg0", shape: [null, 4], dtype: "float32" }]);
    const loaded = loadGraph(dir);
    assert.equal(loaded.hasUnknownBatch, true);
    assert.match(loaded.summary(), /arg0 float32\[\?, 4\]/);
    for (const batch of [2, 5]) {
      const x = randomNormal([batch, 4], { seed: batch });
      assert.deepEqual(Array.from(loaded.run({ arg0: x })[0]!.dataSync()), Array.from(graph.run({ arg0: x })[0]!.dataSync()), `batch ${batch}`);
    }
    const x = randomNormal([7, 4], { seed: 7 });
    const fresh = runInFreshProcess(dir, { arg0: x });
    assert.deepEqual(fresh.outputs[0]!.shape, [7, 2]);
    assert.deepEqual(fresh.outputs[0]!.values, Array.from(forward(x).dataSync()), "identical to eager mode");
  });
});

test("random draws are saved as their distribution: the loaded graph draws fresh values per run, or the same ones for a seed", () => {
  const dropout = new Dropout({ rate: 0.5 });
  const f = jit((x: Tensor) => [dropout.apply(x, { training: true }) as Tensor, x.sum(0).add(randomNormal([4], { seed: 3, stddev: 2 }))], { batchPolymorphic: true });
  const graph = f.graphFor(tensor(new Float32Array(8).fill(1), [2, 4]));
  assert.equal(graph.hasUnknownBatch, true);
  inScratch((dir) => {
    graph.save(dir);
    const doc = JSON.parse(readFileSync(join(dir, "graph.json"), "utf8"));
    assert.equal(doc.version, 2);
    const draws = doc.nodes.filter((n: { op: string }) => n.op === "hostValue").map((n: { attrs: { random: object } }) => n.attrs.random);
    assert.deepEqual(draws.map((d: { distribution: string }) => d.distribution).sort(), ["bernoulli", "randomNormal"]);
    const loaded = loadGraph(dir);
    const ones = tensor(new Float32Array(4000).fill(1), [1000, 4]);
    const [first] = loaded.run({ arg0: ones });
    const [second, noisy] = loaded.run({ arg0: ones });
    const kept = Array.from(first!.dataSync());
    assert.ok(kept.every((v) => v === 0 || v === 2), "dropped or scaled by 1 / (1 - rate)");
    const share = kept.filter((v) => v === 2).length / kept.length;
    assert.ok(share > 0.45 && share < 0.55, `about half kept: ${share}`);
    assert.notDeepEqual(Array.from(second!.dataSync()), kept, "a new mask at each run");
    const expected = ones.sum(0).add(randomNormal([4], { seed: 3, stddev: 2 }));
    assert.deepEqual(Array.from(noisy!.dataSync()), Array.from(expected.dataSync()), "a seeded draw gives its seed's values");
    const fresh = runInFreshProcess(dir, { arg0: ones });
    assert.ok(fresh.outputs[0]!.values.every((v) => v === 0 || v === 2));
    assert.deepEqual(fresh.outputs[1]!.values, Array.from(expected.dataSync()), "the same seeded values in a fresh process");
  });
});

test("a graph saved with another stand-in for the unknown batch (the document's unknownBatch) loads with ours", () => {
  const x = placeholder([null, 3], "float32", "x");
  inScratch((dir) => {
    graphFor(x.reshape([-1]).exp().reshape([x.shape[0], 3]).sum(1)).save(dir);
    const path = join(dir, "graph.json");
    const doc = JSON.parse(readFileSync(path, "utf8"));
    const ours: number = doc.unknownBatch;
    const theirs = 2 ** 40 + 15;
    // Every multiple k of our stand-in becomes k of theirs, as another gradbook would have written it.
    const restated = JSON.stringify(doc, (_key, v) => (typeof v === "number" && v >= ours && v % ours === 0 ? (v / ours) * theirs : v));
    writeFileSync(path, restated);
    assert.ok(restated.includes(String(3 * theirs)), "the flattened batch is restated too");
    const input = tensor([[0, 1, 2], [3, 4, 5]]);
    assert.deepEqual(Array.from(loadGraph(dir).run({ x: input })[0]!.dataSync()), Array.from(input.exp().sum(1).dataSync()));
  });
});
