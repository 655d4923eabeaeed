import { test } from "node:test";
import assert from "node:assert/strict";
import { MaxNorm, NonNeg, getConstraint, Dense, tensor, ArgumentError } from "../../kernel/src/index.js";
import { assertClose } from "../helpers/gradcheck.js";

test("MaxNorm rescales each column whose norm exceeds maxValue (Keras: w·clip(n, 0, max)/(ε + n))", () => {
  // Columns of a Dense kernel [in, out]: norms 5 and 0.5.
  const w = [[3, 0.3], [4, 0.4]];
  const out = new MaxNorm({ maxValue: 2 }).apply(tensor(w, "float64")).arraySync() as number[][];
  const eps = 1e-7;
  const expected = w.map((row) => [row[0]! * (2 / (eps + 5)), row[1]! * (0.5 / (eps + 0.5))]);
  assertClose(out, expected, 1e-15);
  const colNorm = Math.hypot(out[0]![0]!, out[1]![0]!);
  assert.ok(Math.abs(colNorm - 2) < 1e-6, `the long column now has norm ${colNorm}`);
  // axis 1: norms over rows instead.
  const rows = new MaxNorm({ maxValue: 1, axis: 1 }).apply(tensor([[3, 4], [0.3, 0.4]], "float64")).arraySync() as number[][];
  assertClose(rows, [[3 / (eps + 5), 4 / (eps + 5)], [0.3 * (0.5 / (eps + 0.5)), 0.4 * (0.5 / (eps + 0.5))]], 1e-15);
  assert.deepEqual(new MaxNorm().getConfig(), { maxValue: 2, axis: 0 }, "Keras defaults");
});

test("NonNeg zeroes the negative weights and keeps the rest", () => {
  assert.deepEqual(new NonNeg().apply(tensor([[-1, 0, 2], [0.5, -0.25, 3]])).arraySync(), [[0, 0, 2], [0.5, 0, 3]]);
});

test("names and serialised objects resolve; configs round-trip", () => {
  assert.equal(getConstraint("maxNorm").className, "MaxNorm");
  assert.equal(getConstraint("max_norm").className, "MaxNorm");
  assert.equal(getConstraint("nonNeg").className, "NonNeg");
  assert.equal(getConstraint("non_neg").className, "NonNeg");
  const back = getConstraint(JSON.parse(JSON.stringify({ className: "MaxNorm", config: new MaxNorm({ maxValue: 3, axis: 1 }).getConfig() })));
  assert.deepEqual(back.getConfig(), { maxValue: 3, axis: 1 });
});

test("a layer applies its constraints when asked (fit does it after each step)", () => {
  const layer = new Dense({ units: 2, kernelConstraint: new NonNeg(), biasConstraint: new MaxNorm({ maxValue: 1 }), dtype: "float64" });
  layer.apply(tensor([[1, 2]], "float64"));
  layer.setWeights([tensor([[-1, 2], [3, -4]], "float64"), tensor([3, 4], "float64")]);
  layer.applyConstraints();
  const [kernel, bias] = layer.getWeights();
  assert.deepEqual(kernel!.arraySync(), [[0, 2], [3, 0]]);
  assertClose(bias!.arraySync(), [3 / (5 + 1e-7), 4 / (5 + 1e-7)], 1e-15);
});

test("bad configs and unknown names say what was expected", () => {
  const is = (re: RegExp) => (e: unknown) => e instanceof ArgumentError && re.test((e as Error).message);
  assert.throws(() => new MaxNorm({ maxValue: 0 }), is(/MaxNorm: maxValue must be a positive number, got 0/));
  assert.throws(() => new MaxNorm({ axis: 0.5 }), is(/MaxNorm: axis must be an integer/));
  assert.throws(() => getConstraint("unitNorm"), is(/unknown constraint "unitNorm"; known: maxNorm, nonNeg/));
});
