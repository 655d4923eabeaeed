// Type-level tests of sweep(): the configuration type that build and train receive is
// inferred from `parameters`. The checks are compile-time (`npx tsc -p tests/tsconfig.json`
// fails without the inference: build's params would be Record<string, number | string | boolean>
// and `new Dense({ units })` would not type-check); each sweep also runs, so the values are
// checked too.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sequential, Dense, Adam } from "../../../kernel/src/index.js";
import { sweep, type SweepResult } from "../../../kernel/src/viz/sweep/sweep.js";
import { intUniform, logUniform, uniform, type ParamsOf } from "../../../kernel/src/index.js";
import { smallProblem } from "../helpers/fit.js";

/** true exactly when A and B are the same type (not merely assignable either way). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const same = <A, B>(verdict: Equal<A, B>): Equal<A, B> => verdict;

test("build receives number-typed params for lists of numbers and a string union for a list of strings", async () => {
  const { x, y } = smallProblem();
  const results = await sweep({
    parameters: { learningRate: [0.01, 0.1], units: [2, 4], activation: ["relu", "tanh"] },
    build: ({ learningRate, units, activation }) => {
      same<typeof learningRate, number>(true);
      same<typeof units, number>(true);
      same<typeof activation, "relu" | "tanh">(true);
      const net = sequential([new Dense({ units, activation, inputShape: [3] }), new Dense({ units: 1 })]);
      net.compile({ optimizer: new Adam({ learningRate }), loss: "meanSquaredError" });
      return net;
    },
    fit: { x, y, epochs: 1, batchSize: 64 },
    display: false,
  });
  same<typeof results, SweepResult<{ learningRate: number; units: number; activation: "relu" | "tanh" }>[]>(true);
  const units: number = results[0]!.params.units;
  assert.equal(results.length, 8);
  assert.ok([2, 4].includes(units));
  assert.deepEqual(new Set(results.map((r) => r.params.activation)), new Set(["relu", "tanh"]));
  assert.ok(results.every((r) => r.status === "done"), results.map((r) => r.error).join("; "));
});

test("distributions give numbers, booleans stay booleans, and train gets the same types", async () => {
  const results = await sweep({
    parameters: { learningRate: logUniform(1e-4, 1e-1), dropout: uniform(0, 0.5), units: intUniform(4, 16), batchNorm: [true, false] },
    search: "random",
    trials: 3,
    train: (params) => {
      same<typeof params, { learningRate: number; dropout: number; units: number; batchNorm: boolean }>(true);
      const { learningRate, units, batchNorm } = params;
      return { val_loss: [learningRate * units + (batchNorm ? 1 : 0)] };
    },
    display: false,
  });
  assert.equal(results.length, 3);
  for (const { params, value } of results) {
    assert.ok(Number.isInteger(params.units) && params.units >= 4 && params.units <= 16);
    assert.equal(value, params.learningRate * params.units + (params.batchNorm ? 1 : 0));
  }
});

test("ParamsOf of a search space declared ahead (not a literal) widens lists to their element types", () => {
  const space = { learningRate: [0.1, 0.01], optimizer: ["adam", "sgd"], decay: logUniform(1e-5, 1e-3) };
  same<ParamsOf<typeof space>, { learningRate: number; optimizer: string; decay: number }>(true);
  same<ParamsOf<{ mixed: readonly [0, "auto"] }>, { mixed: number | "auto" }>(true);
  // A wrong use of a parameter is a type error now that it is typed.
  void (async () => {
    await sweep({
      parameters: { units: [16, 64] },
      // @ts-expect-error units is a number, not a string
      train: ({ units }) => ({ loss: [units.toUpperCase()] }),
      display: false,
    });
  });
  assert.ok(true);
});
