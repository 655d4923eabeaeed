import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { tensor, variable, jit, Tensor, Adam, SGD, Nadam, RMSprop, grad, gradient, tidy, memory, GradbookError, randomNormal, seed, Dropout, Dense, sequential, placeholder, run, graphFor } from "../../kernel/src/index.js";
import { assertClose, randomF64 } from "../helpers/gradcheck.js";
import { checkValues } from "../../kernel/src/tensor/trace-state.js";

/** Asserts two value lists agree within `tol` (NaN and infinities only with their like). */
const near = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string) => assertClose(Array.from(a), Array.from(b), tol, what);

test("jit traces once per signature and reuses the graph; a new shape or dtype retraces", () => {
  let calls = 0;
  const f = jit((x: Tensor) => {
    calls++;
    return x.mul(2).add(1).relu();
  });
  assert.deepEqual(f(tensor([-3, 1])).arraySync(), [0, 3]);
  assert.deepEqual(f(tensor([5, -1])).arraySync(), [11, 0]);
  assert.equal(f.traceCount, 1);
  assert.equal(calls, 1, "the function body ran only while tracing");
  f(tensor([1, 2, 3]));
  f(tensor([1, 2], "float64"));
  assert.equal(f.traceCount, 3);
  assert.deepEqual(f.signatures, ["float32[2]", "float32[3]", "float64[2]"]);
});

test("non-tensor arguments are part of the signature: a new number retraces", () => {
  const f = jit((x: Tensor, k: number) => x.mul(k));
  assert.deepEqual(f(tensor([1]), 3).arraySync(), [3]);
  assert.deepEqual(f(tensor([1]), 4).arraySync(), [4]);
  assert.equal(f.traceCount, 2);
});

test("a captured variable is read at every call, not frozen at trace time", () => {
  const w = variable(tensor([1, 2]), { name: "w" });
  const f = jit((x: Tensor) => x.mul(w).sum());
  assert.equal(f(tensor([1, 1])).item(), 3);
  w.assign(tensor([10, 20]));
  assert.equal(f(tensor([1, 1])).item(), 30);
  assert.equal(f.traceCount, 1);
});

test("assignments inside a compiled function happen at every call, in order", () => {
  const counter = variable(tensor(0), { name: "counter" });
  const f = jit(() => {
    counter.assign(counter.value.add(1));
    counter.assignAdd(10); // sees the value assigned just before
    return counter.value.mul(1);
  });
  assert.equal(f().item(), 11);
  assert.equal(f().item(), 22);
  assert.equal(counter.value.item(), 22);
});

test("a compiled function called inside another's trace, or on placeholders, runs inline: its ops and assignments join the outer graph", () => {
  let innerCalls = 0;
  const counter = variable(tensor([0, 0]));
  // No tensor argument: only the trace in progress tells that it must join the outer graph.
  const bump = jit(() => counter.assign(counter.add(1)));
  const inner = jit((x: Tensor) => {
    innerCalls++;
    bump();
    return x.mul(2);
  });
  const outer = jit((x: Tensor) => inner(x).add(1));
  assert.deepEqual(outer(tensor([1, 2])).arraySync(), [3, 5]);
  assert.deepEqual(outer(tensor([3, 4])).arraySync(), [7, 9]);
  assert.equal(outer.traceCount, 1);
  assert.equal(inner.traceCount + bump.traceCount, 0, "inner and bump were traced as part of outer, not on their own");
  assert.equal(innerCalls, 1, "inner's JavaScript ran once, while outer was traced");
  assert.deepEqual(counter.value.arraySync(), [2, 2], "bump's assignment runs at every call of outer");
  const graph = outer.graphs[0]!;
  assert.ok(graph.ir.nodes.some((n) => n.op.name === "mul"), "inner's product is a node of outer's graph");
  assert.equal(graph.ir.assigns.length, 1, "and so is bump's assignment");
  // On placeholders (the explicit graph API) the function's ops are recorded too.
  const p = placeholder([null, 2], "float32", "p");
  assert.deepEqual(run(inner(p).sum(1), { p: tensor([[1, 2], [3, 4]]) }).arraySync(), [6, 14]);
  assert.equal(inner.traceCount, 0);
  // graphFor and prepare still need values.
  assert.throws(() => inner.graphFor(p), (e: unknown) => e instanceof GradbookError && /argument arg0 is symbolic; graphFor and prepare take values/.test(e.message));
});

test("structured arguments and results: arrays and records of tensors", () => {
  const f = jit((xs: Tensor[], o: { scale: Tensor }) => ({ sum: xs[0]!.add(xs[1]!), scaled: [xs[0]!.mul(o.scale)] }));
  const out = f([tensor([1]), tensor([2])], { scale: tensor([5]) });
  assert.deepEqual(out.sum.arraySync(), [3]);
  assert.deepEqual(out.scaled[0]!.arraySync(), [5]);
});

test("reading values while tracing is refused with a message that says why; printing works", () => {
  const f = jit((x: Tensor) => (x.sum().item() > 0 ? x : x.neg()));
  assert.throws(() => f(tensor([1])), (e: unknown) => e instanceof GradbookError && /cannot read the values of a symbolic tensor \(made by sum\).*values exist only when the graph runs/.test(e.message));
  const g = jit((x: Tensor) => {
    assert.match(String(x), /symbolic/);
    return x;
  });
  assert.deepEqual(g(tensor([7])).arraySync(), [7]);
});

test("a compiled function must be synchronous", () => {
  const f = jit(async (x: Tensor) => x);
  assert.throws(() => f(tensor([1])), /returned a Promise/);
});

test("gradients inside a compiled function equal eager gradients (higher order too)", () => {
  const f = (x: Tensor) => x.pow(3).sin().sum();
  const df = jit((x: Tensor) => grad(f)(x));
  const d2f = jit((x: Tensor) => grad((y: Tensor) => grad(f)(y).sum())(x));
  const x = randomF64([5], 3);
  near(df(x).dataSync(), grad(f)(x).dataSync(), 1e-12, "first derivative");
  near(d2f(x).dataSync(), grad((y: Tensor) => grad(f)(y).sum())(x).dataSync(), 1e-12, "second derivative");
});

test("property: random elementwise chains give the same values and gradients compiled and eager", () => {
  const unary = ["exp", "tanh", "sigmoid", "square", "neg", "abs", "relu", "softplus"] as const;
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...unary), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 1000 }), (chain, s) => {
      const f = (x: Tensor, b: Tensor) => chain.reduce((t, op) => (t as any)[op]().mul(b), x).sum();
      const x = randomF64([3, 2], s);
      const b = randomF64([2], s + 1, 0.5, 1.5);
      const eager = tidy(() => [f(x, b).dataSync(), ...gradient(f(x, b), [x, b]).map((g) => g.dataSync())]);
      const compiled = jit((xx: Tensor, bb: Tensor) => [f(xx, bb), ...gradient(f(xx, bb), [xx, bb])]);
      const out = compiled(x, b).map((t) => t.dataSync());
      eager.forEach((e, i) => near(out[i]!, e, 1e-12, `${chain.join(".")} output ${i}`));
    }),
    { numRuns: 25 },
  );
});

test("a compiled optimizer step follows the eager trajectory exactly (Adam, Nadam, RMSprop, SGD with a schedule)", () => {
  const makers = [() => new Adam({ learningRate: 0.1 }), () => new Nadam({ learningRate: 0.05 }), () => new RMSprop({ learningRate: 0.05, centered: true, momentum: 0.5 }), () => new SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 })];
  for (const make of makers) {
    const a = variable(tensor([3, -2], "float64"));
    const b = variable(tensor([3, -2], "float64"));
    const optA = make();
    const optB = make();
    const target = tensor([1, 1], "float64");
    const loss = (v: typeof a) => () => v.sub(target).square().sum();
    const step = jit(() => optA.minimize(loss(a), [a]));
    for (let i = 0; i < 20; i++) {
      const compiledLoss = step().item();
      const eagerLoss = tidy(() => optB.minimize(loss(b), [b]).item());
      assert.equal(compiledLoss, eagerLoss, `${optA.className} loss at step ${i}`);
    }
    assert.deepEqual(a.value.arraySync(), b.value.arraySync(), optA.className);
    assert.equal(optA.iterations, 20, "the step counter advances at every run, not at trace time");
    assert.equal(step.traceCount, 1);
  }
});

test("random numbers are drawn at every run (dropout masks differ between steps), reproducibly from the seed", () => {
  const layer = new Dropout({ rate: 0.5 });
  const f = jit((x: Tensor) => layer.apply(x, { training: true }) as Tensor);
  const x = tensor(new Float32Array(64).fill(1), { shape: [64] });
  seed(3);
  const first = [...f(x).dataSync()];
  const second = [...f(x).dataSync()];
  assert.notDeepEqual(first, second, "a new mask at each call");
  seed(3);
  assert.deepEqual([...f(x).dataSync()], first, "the same seed gives the same masks");
  const noise = jit(() => randomNormal([4]));
  assert.notDeepEqual([...noise().dataSync()], [...noise().dataSync()]);
});

test("runs leak nothing: tensors and bytes are unchanged after 100 compiled steps", () => {
  const model = sequential([new Dense({ units: 8, activation: "relu", inputShape: [4] }), new Dense({ units: 1 })]);
  const opt = new Adam();
  const x = randomNormal([16, 4], { seed: 1 });
  const y = randomNormal([16, 1], { seed: 2 });
  const step = jit(() => opt.minimize(() => (model.apply(x) as Tensor).sub(y).square().mean(), model.trainableWeights));
  step().dispose();
  const before = memory();
  for (let i = 0; i < 100; i++) step().dispose();
  const after = memory();
  assert.equal(after.numTensors, before.numTensors);
  assert.equal(after.numBytes, before.numBytes);
});

test("a tensor captured from outside stays the caller's: disposing the function leaves it, disposing it first is a clear error at the next call", () => {
  const scale = tensor([2, 3]);
  const start = memory().numTensors;
  const f = jit((x: Tensor) => x.mul(scale).add(tensor([1, 1])));
  const input = tensor([1, 1]);
  const out = f(input);
  assert.deepEqual(out.arraySync(), [3, 4]);
  [input, out].forEach((t) => t.dispose());
  f.dispose();
  assert.deepEqual(scale.arraySync(), [2, 3], "still the caller's");
  assert.equal(memory().numTensors, start, "the constant made inside f went with it");
  const g = jit((x: Tensor) => x.mul(scale));
  g(tensor([1, 1]));
  scale.dispose();
  assert.throws(() => g(tensor([1, 1])), (e: unknown) => e instanceof GradbookError && /a tensor the graph captured \(shape \[2\], float32\) was disposed after the graph was made/.test(e.message));
  // The explicit graph API borrows the same way.
  const w = tensor([[1], [2]]);
  const p = placeholder([null, 2], "float32", "rows");
  const graph = graphFor(p.matmul(w));
  assert.deepEqual(graph.run({ rows: tensor([[1, 1]]) })[0]!.arraySync(), [[3]]);
  graph.dispose();
  assert.deepEqual(w.arraySync(), [[1], [2]]);
});

test("a gradient taken through what a compiled function returned is an error that says where to take it, not silent zeros", () => {
  const sumOfSquares = jit((x: Tensor) => x.square().sum());
  const x = tensor([1, 2, 3]);
  const refused = (e: unknown) => e instanceof GradbookError && /cannot differentiate through what a compiled function returned.*take the gradient inside it/.test(e.message);
  assert.throws(() => grad(sumOfSquares)(x), refused);
  const w = variable(tensor([1, 2]));
  const norm = jit(() => w.value.square().sum());
  assert.throws(() => gradient(norm(), [w]), refused, "through the variables its graph read too");
  // Inside the compiled function, and for what does not depend on its results, gradients work.
  assert.deepEqual([...jit((y: Tensor) => grad((z: Tensor) => z.square().sum())(y))(x).dataSync()], [2, 4, 6]);
  const y = sumOfSquares(x);
  assert.equal(y.item(), 14);
  assert.deepEqual([...gradient(x.mul(3).sum(), [x])[0]!.dataSync()], [3, 3, 3]);
});

test("graphFor exposes the graph: a summary with op counts and the memory plan, and DOT", () => {
  const w = variable(tensor([[1, 2], [3, 4]]), { name: "dense/kernel" });
  const f = jit((x: Tensor) => x.matmul(w).relu().sum());
  const g = f.graphFor(tensor([[1, 1]]));
  const summary = g.summary();
  assert.match(summary, /Graph: 3 ops, 1 inputs, 1 variables/);
  assert.match(summary, /variables read: dense\/kernel/);
  assert.match(summary, /ops: .*matmul×1/);
  assert.match(summary, /memory: peak \d+ B/);
  const dot = g.toDot();
  assert.match(dot, /^digraph gradbook \{/);
  assert.match(dot, /label="dense\/kernel", shape=ellipse/);
  assert.match(dot, /-> n\d+ \[label="float32\[1,2\]"\]/);
  assert.equal(f.traceCount, 1, "graphFor traced it once");
});

test("prepare traces at once and returns the call: a function that cannot be traced throws there, a bad value when the call runs", () => {
  const f = jit((x: Tensor) => {
    checkValues(x, (values) => {
      if (Array.from(values.dataSync()).some((v) => v < 0)) throw new Error("negative input");
    });
    return x.sqrt().sum();
  });
  const run = f.prepare(tensor([1, 4]));
  assert.equal(f.traceCount, 1, "traced by prepare");
  assert.equal(run().item(), 3);
  assert.equal(run().item(), 3, "the call runs again");
  assert.equal(f.traceCount, 1);
  const bad = f.prepare(tensor([-1, 4]));
  assert.throws(() => bad(), /negative input/, "the check runs with the call");
  const untraceable = jit((x: Tensor) => (x.sum().item() > 0 ? x : x.neg()));
  assert.throws(() => untraceable.prepare(tensor([1])), /cannot read the values of a symbolic tensor/);
});

test("jit refuses options it does not know, by name", () => {
  assert.throws(() => jit((x: Tensor) => x.add(1), { nmae: "f" } as never), /jit: unknown option "nmae"; did you mean name\?/);
});

test("a tensor argument the function never reads is accepted (and still part of the signature)", () => {
  const f = jit((x: Tensor, _unused: Tensor) => x.mul(2));
  assert.deepEqual(f(tensor([1, 2]), tensor([5])).arraySync(), [2, 4]);
  f(tensor([1, 2]), tensor([5, 6]));
  assert.equal(f.traceCount, 2);
});

test("checkValues inside a compiled function checks every value fed for an argument, before the graph runs; values computed inside are not checked", () => {
  const w = variable(tensor([0, 0]), { name: "w" });
  const seen: number[][] = [];
  const positive = (t: Tensor) => {
    seen.push([...t.dataSync()]);
    if (t.dataSync().some((v) => v <= 0)) throw new GradbookError(`not positive: ${[...t.dataSync()]}`);
  };
  const step = jit((x: Tensor) => {
    checkValues(x, positive);
    checkValues(x.neg(), positive);
    w.assign(w.value.add(x));
    return x.log();
  });
  step(tensor([1, 2]));
  step(tensor([3, 4]));
  assert.throws(() => step(tensor([5, -1])), /not positive: 5,-1/);
  assert.deepEqual(seen, [[1, 2], [3, 4], [5, -1]], "the argument, at each call; its negation is computed in the graph");
  assert.deepEqual([...w.value.dataSync()], [4, 6], "the refused call assigned nothing");
  assert.equal(step.traceCount, 1);
  checkValues(tensor([2]), positive);
  assert.deepEqual(seen.at(-1), [2], "eagerly: checked at once");
});
