import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Adam, Conv2D, Dense, Flatten, MaxPooling2D, debug, getBackend, getLoss, jit, losses, matmul, mean, memory, neg, randomInt, randomNormal, seed, sequential, setBackend, tidy, type Graph, type Model, type Tensor } from "../../kernel/src/index.js";
import { overlapSchedule } from "../../kernel/src/graph/overlap.js";
import type { GraphNodeIR } from "../../kernel/src/graph/ir.js";

/** A compiled, optimised Adam step of `model`. */
function compiledStep(model: Model) {
  const optimizer = new Adam({ learningRate: 0.01 });
  const loss = getLoss(new losses.SparseCategoricalCrossentropy({ fromLogits: true }));
  const step = jit((x: Tensor, y: Tensor) => optimizer.minimize(() => mean(loss.perSample(y, model.apply(x, { training: true }) as Tensor)), model.trainableWeights), {
    onTrace: (graph) => void graph.optimize(),
  });
  return { model, step };
}

/** An MLP 256-128-64-10 (at batch 64 its first layer's product and weight gradient are large enough to overlap). */
function mlpStep() {
  seed(0);
  return compiledStep(sequential([new Dense({ units: 128, activation: "relu", inputShape: [256] }), new Dense({ units: 64, activation: "relu" }), new Dense({ units: 10 })]));
}

/** A CNN on 8×8 images as the digits lesson trains it: its second conv's GEMM is followed by a pooling that reads it on one thread. */
function cnnStep() {
  seed(0);
  return compiledStep(
    sequential([
      new Conv2D({ filters: 16, kernelSize: 3, padding: "same", activation: "relu", inputShape: [8, 8, 1] }),
      new MaxPooling2D({ poolSize: 2 }),
      new Conv2D({ filters: 32, kernelSize: 3, padding: "same", activation: "relu" }),
      new MaxPooling2D({ poolSize: 2 }),
      new Flatten(),
      new Dense({ units: 10 }),
    ]),
  );
}

const x = randomNormal([64, 256], { seed: 1 });
const y = randomInt([64], 0, 10, { seed: 2 });

/** The nodes that depend on `node`'s outputs, directly or through others. */
function dependents(graph: Graph, node: GraphNodeIR): Set<GraphNodeIR> {
  const reached = new Set(node.outputs);
  const found = new Set<GraphNodeIR>();
  for (const n of graph.ir.nodes) {
    if (n.inputs.some((v) => reached.has(v))) {
      found.add(n);
      n.outputs.forEach((v) => reached.add(v));
    }
  }
  return found;
}

test("the run order of a training step: every node after its inputs, large products followed by small ops that do not depend on them, then joined", () => {
  setBackend("cpu");
  const { step } = mlpStep();
  const graph = tidy(() => step.graphFor(x, y));
  const { order, detached, joins } = graph.memory;
  assert.equal(order.length, graph.ir.nodes.length);
  assert.deepEqual(new Set(order), new Set(graph.ir.nodes));
  const made = new Set<number>();
  for (const node of order) {
    for (const v of node.inputs) assert.ok(made.has(v), `${node.op.name} runs before its input ${v} is made`);
    node.outputs.forEach((v) => made.add(v));
  }
  assert.ok(detached.size >= 1, "some product runs beside other ops");
  for (const product of detached) {
    assert.ok(["matmul", "matmulBiasRelu", "matmulReluGrad", "matmulAdamUpdate"].includes(product.op.name));
    const after = dependents(graph, product);
    const start = order.indexOf(product);
    const end = order.findIndex((n, i) => i > start && joins.has(n));
    assert.ok(end > start, "a detached product is joined later");
    assert.ok(!order[end]!.op.source, "joined after an op (sources do not run kernels)");
    const beside = order.slice(start + 1, end + 1);
    assert.ok(beside.some((n) => !n.op.source), "something runs beside it");
    for (const n of beside) assert.ok(!after.has(n), `${n.op.name} runs beside the product it depends on`);
  }
  assert.equal(joins.size, detached.size);
  assert.match(graph.summary(), new RegExp(`overlap: ${detached.size} matrix products? runs? beside \\d+ small ops`));
});

test("of two large products that could both run, the smaller runs first, with the small op beside it", () => {
  const [a, b, c, d, s] = [randomNormal([64, 128]), randomNormal([128, 256]), randomNormal([64, 128]), randomNormal([128, 128]), randomNormal([10])];
  const f = (p: Tensor, q: Tensor, r: Tensor, t: Tensor, u: Tensor) => [matmul(p, q), matmul(r, t), neg(u)];
  const graph = jit(f).graphFor(a, b, c, d, s);
  const { order, detached } = overlapSchedule(graph.ir);
  const ops = order.filter((n) => !n.op.source);
  const [large, small] = graph.ir.nodes.filter((n) => n.op.name === "matmul");
  assert.deepEqual(ops.map((n) => n.op.name), ["matmul", "neg", "matmul"]);
  assert.equal(ops[0], small, "the 64×128×128 product before the 64×128×256 one");
  assert.ok(detached.has(small!) && !detached.has(large!));
  const expected = f(a, b, c, d, s);
  graph.run({ arg0: a, arg1: b, arg2: c, arg3: d, arg4: s }).forEach((t, i) => assert.deepEqual(t.dataSync(), expected[i]!.dataSync()));
});

/** Counts the products the "cpu" backend is asked to overlap until `restore()`. */
function countOverlaps(): { readonly count: number; restore(): void } {
  setBackend("cpu");
  const backend = getBackend() as { overlap?: (run: () => unknown[]) => unknown[] };
  const original = backend.overlap!;
  const counter = { count: 0, restore: () => void (backend.overlap = original) };
  backend.overlap = function (run) {
    counter.count++;
    return original.call(this, run);
  };
  return counter;
}

for (const [name, make, input] of [
  ["MLP", mlpStep, x],
  ["CNN", cnnStep, randomNormal([32, 8, 8, 1], { seed: 3 })],
] as const) {
  test(`${name}: a compiled step that overlaps products gives the same weights, bit for bit, as the same step run op by op without overlap; memory stays level`, () => {
    const labels = randomInt([input.shape[0]!], 0, 10, { seed: 4 });
    const overlaps = countOverlaps();
    try {
      const fast = make();
      const plain = make();
      const bytes: number[] = [];
      for (let i = 0; i < 4; i++) {
        tidy(() => void fast.step(input, labels));
        bytes.push(memory().numBytes);
      }
      const calls = overlaps.count;
      debug.checkNumerics(true); // every op through execute(): no overlap
      try {
        for (let i = 0; i < 4; i++) tidy(() => void plain.step(input, labels));
      } finally {
        debug.checkNumerics(false);
      }
      assert.ok(calls >= 4, `products overlapped (${calls} times in 4 steps)`);
      assert.equal(overlaps.count, calls, "checkNumerics runs no product detached");
      fast.model.weights.forEach((w, i) => assert.deepEqual(w.value.dataSync(), plain.model.weights[i]!.value.dataSync(), w.name));
      assert.deepEqual(bytes.slice(1), [bytes[1], bytes[1], bytes[1]]);
    } finally {
      overlaps.restore();
    }
  });
}

test("property: random graphs of large products and small ops (some reading the products) give the same values, bit for bit, with and without overlap", () => {
  const overlaps = countOverlaps();
  // Values: big [64, 128] (a product of two is 2²⁰ multiply-adds: large) and small [128].
  const op = fc.oneof(
    fc.record({ kind: fc.constant("product" as const), a: fc.nat(), w: fc.nat(1) }),
    fc.record({ kind: fc.constantFrom("sumRows" as const), a: fc.nat() }),
    fc.record({ kind: fc.constantFrom("add" as const, "mul" as const, "exp" as const), a: fc.nat(), b: fc.nat() }),
  );
  try {
    fc.assert(
      fc.property(fc.array(op, { minLength: 2, maxLength: 12 }), fc.integer({ min: 0, max: 1000 }), (ops, seedValue) => {
        const f = (x: Tensor, w0: Tensor, w1: Tensor, s: Tensor) => {
          const big = [x];
          const small = [s];
          for (const o of ops) {
            if (o.kind === "product") big.push(matmul(big[o.a % big.length]!, o.w === 0 ? w0 : w1).tanh());
            else if (o.kind === "sumRows") small.push(big[o.a % big.length]!.sum(0).mul(0.01));
            else if (o.kind === "exp") small.push(small[o.a % small.length]!.mul(0.1).exp());
            else small.push(o.kind === "add" ? small[o.a % small.length]!.add(small[o.b % small.length]!) : small[o.a % small.length]!.mul(small[o.b % small.length]!));
          }
          return [...big.slice(1), ...small.slice(1)];
        };
        const inputs = [randomNormal([64, 128], { seed: seedValue }), randomNormal([128, 128], { seed: seedValue + 1 }).mul(0.1), randomNormal([128, 128], { seed: seedValue + 2 }).mul(0.1), randomNormal([128], { seed: seedValue + 3 })] as const;
        const compiled = jit(f);
        const fast = tidy(() => compiled(...inputs).map((t) => t.dataSync()));
        debug.checkNumerics(true);
        let plain: Float32Array[] | undefined;
        try {
          plain = tidy(() => compiled(...inputs).map((t) => t.dataSync() as Float32Array));
        } finally {
          debug.checkNumerics(false);
        }
        assert.equal(fast.length, plain!.length);
        fast.forEach((values, k) => assert.deepEqual(values, plain![k]!, `output ${k}`));
      }),
      { numRuns: 40 },
    );
    assert.ok(overlaps.count > 0, "some graphs overlapped a product");
  } finally {
    overlaps.restore();
  }
});
