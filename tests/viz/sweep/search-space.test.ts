import { test } from "node:test";
import assert from "node:assert/strict";
import { gridConfigurations, randomConfigurations, logUniform, uniform, intUniform } from "../../../kernel/src/viz/sweep/search-space.js";

test("grid search enumerates every combination, the first parameter slowest", () => {
  assert.deepEqual(gridConfigurations({ learningRate: [0.1, 0.01], units: [16, 64], act: ["relu"] }), [
    { learningRate: 0.1, units: 16, act: "relu" },
    { learningRate: 0.1, units: 64, act: "relu" },
    { learningRate: 0.01, units: 16, act: "relu" },
    { learningRate: 0.01, units: 64, act: "relu" },
  ]);
  assert.throws(() => gridConfigurations({ learningRate: logUniform(1e-4, 1e-1) }), /grid search needs a list of values for "learningRate"/);
  assert.throws(() => gridConfigurations({ units: [] }), /non-empty list/);
});

test("random search is reproducible from its seed and stays inside the ranges", () => {
  const space = { learningRate: logUniform(1e-4, 1e-1), dropout: uniform(0, 0.5), units: intUniform(16, 19), act: ["relu", "tanh"] as const };
  const a = randomConfigurations(space, 200, 7);
  assert.deepEqual(a, randomConfigurations(space, 200, 7));
  assert.notDeepEqual(a, randomConfigurations(space, 200, 8));
  for (const c of a) {
    assert.ok((c.learningRate as number) >= 1e-4 && (c.learningRate as number) < 1e-1);
    assert.ok((c.dropout as number) >= 0 && (c.dropout as number) < 0.5);
    assert.ok(Number.isInteger(c.units) && (c.units as number) >= 16 && (c.units as number) <= 19);
    assert.ok(c.act === "relu" || c.act === "tanh");
  }
  assert.deepEqual(new Set(a.map((c) => c.units)), new Set([16, 17, 18, 19]), "every integer drawn");
  // Log-uniform: about a third of the draws in each decade.
  const decades = [0, 0, 0];
  for (const c of a) decades[Math.floor(Math.log10(c.learningRate as number) + 4)]! += 1;
  assert.ok(decades.every((d) => d > 40), decades.join(", "));
  assert.throws(() => randomConfigurations(space, 0), /trials/);
  assert.throws(() => logUniform(0, 1), /> 0/);
});
