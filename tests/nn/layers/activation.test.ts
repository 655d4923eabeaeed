import { test } from "node:test";
import assert from "node:assert/strict";
import { Activation, ArgumentError, sequential, Dense, tensor } from "../../../kernel/src/index.js";
import { assertClose, randomF64 } from "../../helpers/gradcheck.js";
import { checkConfigRoundTrip, checkLayerGrads, mapNested, run } from "../../helpers/layers.js";

const x = [[-2, -0.5, 0], [0.25, 1, 3]];

test("Activation applies the named function elementwise (float64 references)", () => {
  const cases: [string, (v: number) => number][] = [
    ["relu", (v) => Math.max(v, 0)],
    ["sigmoid", (v) => 1 / (1 + Math.exp(-v))],
    ["tanh", Math.tanh],
    ["elu", (v) => (v > 0 ? v : Math.exp(v) - 1)],
    ["softplus", (v) => Math.log1p(Math.exp(v))],
    ["linear", (v) => v],
  ];
  for (const [name, f] of cases) {
    const layer = new Activation({ activation: name as never, dtype: "float64" });
    assertClose(run(layer, tensor(x, "float64")).arraySync(), mapNested(x, f), 1e-12);
  }
  // softmax over the last axis.
  const y = run(new Activation({ activation: "softmax" }), tensor(x, "float64")).arraySync();
  const expected = x.map((row) => {
    const e = row.map(Math.exp);
    const s = e.reduce((a, b) => a + b);
    return e.map((v) => v / s);
  });
  assertClose(y, expected, 1e-12);
});

test("Activation has no weights and its gradients match finite differences", () => {
  for (const name of ["relu", "sigmoid", "tanh", "softmax", "selu", "swish"] as const) {
    const layer = new Activation({ activation: name, dtype: "float64" });
    checkLayerGrads(layer, randomF64([3, 4], 11));
    assert.equal(layer.countParams(), 0);
  }
});

test("Activation's config round-trips; a custom function works but cannot be saved", () => {
  checkConfigRoundTrip(new Activation({ activation: "tanh" }));
  const custom = new Activation({ activation: (t) => t.mul(2) });
  assert.deepEqual(run(custom, tensor([1, 2])).arraySync(), [2, 4]);
  assert.throws(() => custom.getConfig(), /cannot be saved/);
});

test("bad Activation configs say what to do", () => {
  assert.throws(() => new Activation({} as never), (e: unknown) => e instanceof ArgumentError && /Activation: give an activation, e.g. new Activation\(\{ activation: "relu" \}\)/.test(e.message));
  assert.throws(() => new Activation({ activation: "rellu" as never }), /unknown activation "rellu"; known: linear, relu/);
});

test("Activation composes in a sequential model", () => {
  const m = sequential([new Dense({ units: 3, inputShape: [2] }), new Activation({ activation: "softmax" })]);
  assert.deepEqual(m.layers.map((l) => l.outputShape), [[null, 3], [null, 3]]);
  const y = run(m, tensor([[1, 2], [3, 4]])).arraySync() as number[][];
  for (const row of y) assertClose(row.reduce((a, b) => a + b), 1, 1e-6);
});
