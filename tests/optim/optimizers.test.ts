import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { tensor, variable, Variable, SGD, Adagrad, Adadelta, RMSprop, Adam, AdamW, Nadam, Optimizer, getOptimizer, ArgumentError, ExponentialDecay, linearDecay } from "../../kernel/src/index.js";
import { referenceOptimizer, goldenGradients, type Hyper } from "./reference.js";

// Keras's trajectories for each optimizer: a copy of ../shared/reference/keras-optimizer-golden.json
// kept in the repository, so that a clone alone runs its tests.
const golden = JSON.parse(readFileSync(fileURLToPath(new URL("./keras-optimizer-golden.json", import.meta.url)), "utf8")) as Record<string, number[][]>;

const constructors: Record<string, new (c: any) => Optimizer> = { sgd: SGD, adagrad: Adagrad, adadelta: Adadelta, rmsprop: RMSprop, adam: Adam, adamw: AdamW, nadam: Nadam };

// The hyperparameters of each golden entry (shared/reference/keras-semantics.md).
const goldenHyper: Record<string, Hyper> = {
  sgd: { learningRate: 0.01, nesterov: true, momentum: 0 },
  adam: { amsgrad: true },
  adagrad: { learningRate: 0.2, initialAccumulatorValue: 0.3, epsilon: 1e-6 },
  adadelta: { learningRate: 1.0, rho: 0.8, epsilon: 1e-6 },
  rmsprop: { centered: true },
  nadam: { learningRate: 0.5, beta1: 0.5, beta2: 0.67, epsilon: 1e-5 },
  adamw: { learningRate: 1.0, weightDecay: 0.5, epsilon: 2 },
};

const defaultLr: Record<string, number> = { sgd: 0.01 };

function runLibrary(name: string, hyper: Hyper, gradients: number[][], dtype: "float32" | "float64", start: number[]): number[][] {
  const opt = new constructors[name]!(hyper);
  const w = variable(tensor(start, dtype));
  return gradients.map((g) => {
    opt.step([tensor(g, dtype)], [w]);
    return [...w.value.dataSync()];
  });
}

function runReference(name: string, hyper: Hyper, gradients: number[][], start: number[]): number[][] {
  const ref = referenceOptimizer(name, hyper, start.length);
  const lr = (hyper.learningRate as number | undefined) ?? defaultLr[name] ?? 0.001;
  let w = start;
  return gradients.map((g) => (w = ref.step(w, g, lr)));
}

function assertRowsClose(actual: number[][], expected: number[][], tolerance: number, label: string): void {
  actual.forEach((row, s) =>
    row.forEach((v, i) => assert.ok(Math.abs(v - expected[s]![i]!) <= tolerance, `${label}: step ${s + 1}, weight ${i}: ${v} vs ${expected[s]![i]} (tolerance ${tolerance})`)),
  );
}

for (const name of Object.keys(goldenHyper)) {
  test(`${name} matches the Keras golden data (float32) and the exact float64 trajectory`, () => {
    const start = new Array<number>(10).fill(1);
    assertRowsClose(runLibrary(name, goldenHyper[name]!, goldenGradients(), "float32", start), golden[name]!, 5e-4, `${name} vs golden`);
    const exact = runReference(name, goldenHyper[name]!, goldenGradients(), start);
    assertRowsClose(runLibrary(name, goldenHyper[name]!, goldenGradients(), "float64", start), exact, 1e-12, `${name} vs float64 reference`);
  });
}

// More settings per optimizer, over a longer, sign-changing gradient sequence.
const settings: [string, Hyper][] = [
  ["sgd", {}],
  ["sgd", { learningRate: 0.1, momentum: 0.9 }],
  ["sgd", { learningRate: 0.1, momentum: 0.9, nesterov: true }],
  ["adagrad", { learningRate: 0.5 }],
  ["adadelta", {}],
  ["rmsprop", { learningRate: 0.01 }],
  ["rmsprop", { learningRate: 0.01, momentum: 0.8 }],
  ["rmsprop", { learningRate: 0.01, momentum: 0.5, centered: true, rho: 0.7 }],
  ["adam", { learningRate: 0.05 }],
  ["adam", { learningRate: 0.05, beta1: 0.5, beta2: 0.9, amsgrad: true }],
  ["adamw", { learningRate: 0.05, weightDecay: 0.1 }],
  ["nadam", {}],
  ["nadam", { learningRate: 0.01, beta1: 0.8 }],
];

const wiggly = Array.from({ length: 12 }, (_, s) => Array.from({ length: 4 }, (_, i) => Math.sin(1 + s * 1.3 + i * 0.7) * (i + 1)));

for (const [name, hyper] of settings) {
  test(`${name} ${JSON.stringify(hyper)} follows the float64 reference for 12 steps`, () => {
    const start = [0.5, -1, 2, 0];
    assertRowsClose(runLibrary(name, hyper, wiggly, "float64", start), runReference(name, hyper, wiggly, start), 1e-12, name);
  });
}

// Keras 3 gives every optimizer decoupled weight decay: w −= w·weightDecay·lr, then the update.
for (const [name, hyper] of [["sgd", { learningRate: 0.1, momentum: 0.9 }], ["rmsprop", { learningRate: 0.01 }], ["adagrad", { learningRate: 0.5 }], ["nadam", {}]] as [string, Hyper][]) {
  test(`${name} with weightDecay 0.2 decays w by w·0.2·lr before its own update`, () => {
    const start = [0.5, -1, 2, 0];
    const ref = referenceOptimizer(name, hyper, start.length);
    const lr = (hyper.learningRate as number | undefined) ?? defaultLr[name] ?? 0.001;
    let w = start;
    const expected = wiggly.map((g) => (w = ref.step(w.map((v) => v - v * 0.2 * lr), g, lr)));
    const actual = runLibrary(name, { ...hyper, weightDecay: 0.2 }, wiggly, "float64", start);
    assertRowsClose(actual, expected, 1e-12, `${name} + weightDecay`);
    assert.notDeepEqual(actual.at(-1), runLibrary(name, hyper, wiggly, "float64", start).at(-1), "the decay changes the trajectory");
  });
}

test("RMSprop check value from the reference: lr 0.1, loss w²/2, w = 10 → 9.683772", () => {
  const w = variable(tensor([10], "float64"));
  new RMSprop({ learningRate: 0.1 }).minimize(() => w.square().div(2).sum(), [w]);
  assert.ok(Math.abs(w.value.item() - 9.683772) < 1e-6, String(w.value.item()));
});

test("SGD with a schedule uses lr = schedule(t) per step; clipping is applied before the update", () => {
  const schedule = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 });
  const w = variable(tensor([0], "float64"));
  const opt = new SGD({ learningRate: schedule });
  for (let t = 0; t < 3; t++) opt.step([tensor([1], "float64")], [w]);
  assert.ok(Math.abs(w.value.item() - -(0.1 + 0.05 + 0.025)) < 1e-15);
  assert.equal(opt.iterations, 3);
  const v = variable(tensor([0, 0], "float64"));
  new SGD({ learningRate: 1, clipnorm: 1 }).step([tensor([3, 4], "float64")], [v]);
  assert.deepEqual([...v.value.dataSync()].map((x) => +x.toFixed(12)), [-0.6, -0.8]);
  const a = variable(tensor([0], "float64"));
  const b = variable(tensor([0], "float64"));
  new SGD({ learningRate: 1, globalClipnorm: 1 }).step([tensor([3], "float64"), tensor([4], "float64")], [a, b]);
  assert.ok(Math.abs(a.value.item() + 0.6) < 1e-12 && Math.abs(b.value.item() + 0.8) < 1e-12);
  const c = variable(tensor([0, 0], "float64"));
  new SGD({ learningRate: 1, clipvalue: 0.5 }).step([tensor([3, -0.25], "float64")], [c]);
  assert.deepEqual([...c.value.dataSync()], [-0.5, 0.25]);
});

test("Adam with a linear-decay schedule and clipnorm follows the reference", () => {
  const schedule = linearDecay(0.1, 10);
  const start = [0.5, -1, 2, 0];
  const w = variable(tensor(start, "float64"));
  const opt = new Adam({ learningRate: schedule, clipnorm: 1 });
  const ref = referenceOptimizer("adam", {}, 4);
  let expected = start;
  wiggly.forEach((g, t) => {
    const norm = Math.sqrt(g.reduce((s, x) => s + x * x, 0));
    const clipped = g.map((x) => (x * 1) / Math.max(norm, 1));
    expected = ref.step(expected, clipped, 0.1 * (1 - Math.min(t, 10) / 10));
    opt.step([tensor(g, "float64")], [w]);
  });
  [...w.value.dataSync()].forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-12, `${v} vs ${expected[i]}`));
});

test("minimize works on a 2-D function without a model and reaches the minimum", () => {
  const xy = variable(tensor([3, -2], "float64"));
  const opt = new Adam({ learningRate: 0.1 });
  let loss = Infinity;
  for (let i = 0; i < 500; i++) loss = opt.minimize(() => xy.sub(tensor([1, 2], "float64")).square().sum(), [xy]).item();
  assert.ok(loss < 1e-6, `loss ${loss}`);
});

test("non-trainable variables are left alone; bad input is named", () => {
  const frozen = variable(tensor([1]), { trainable: false });
  new SGD({ learningRate: 1 }).step([tensor([1])], [frozen]);
  assert.deepEqual(frozen.value.arraySync(), [1]);
  assert.throws(() => new SGD().step([tensor([1, 2])], [variable(tensor([1]))]), (e: unknown) => e instanceof ArgumentError && /has shape \[2\], the variable has \[1\]/.test(e.message));
  assert.throws(() => new SGD().step([], [variable(tensor([1]))]), /0 gradient\(s\) for 1 variable/);
  assert.throws(() => new SGD({ clipnorm: 1, clipvalue: 1 }), /at most one of clipnorm/);
  assert.throws(() => getOptimizer("adamm"), (e: unknown) => e instanceof ArgumentError && /unknown optimizer "adamm"; use one of sgd, adagrad/.test(e.message));
  assert.equal(getOptimizer("RMSprop").className, "RMSprop");
});

test("getState/setState resumes an optimizer identically", () => {
  const start = [0.5, -1, 2, 0];
  const full = runLibrary("nadam", { learningRate: 0.01 }, wiggly, "float64", start);
  const w = variable(tensor(start, "float64"), { name: "w" });
  const first = new Nadam({ learningRate: 0.01 });
  wiggly.slice(0, 5).forEach((g) => first.step([tensor(g, "float64")], [w]));
  const resumed = new Nadam({ learningRate: 0.01 });
  resumed.setState(first.getState(), [w]);
  wiggly.slice(5).forEach((g) => resumed.step([tensor(g, "float64")], [w]));
  assert.deepEqual([...w.value.dataSync()], full.at(-1));
  assert.ok(w instanceof Variable);
});
