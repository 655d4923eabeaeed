import { test } from "node:test";
import assert from "node:assert/strict";
import { weightOptions, weightConfig } from "../../kernel/src/nn/weight-config.js";
import { GlorotUniform, Zeros, Ones, L2, L1L2, MaxNorm, NonNeg, RandomNormal, ArgumentError } from "../../kernel/src/index.js";

test("weightOptions: the default initialiser and no regulariser or constraint when the config names none", () => {
  const options = weightOptions({}, "kernel", "glorotUniform");
  assert.ok(options.initializer instanceof GlorotUniform);
  assert.equal(options.regularizer, undefined);
  assert.equal(options.constraint, undefined);
  assert.ok(weightOptions({ units: 3 }, "bias", "zeros").initializer instanceof Zeros);
});

test("weightOptions reads <weight>Initializer/Regularizer/Constraint as names, objects or instances", () => {
  const constraint = new NonNeg();
  const options = weightOptions(
    { kernelInitializer: "ones", kernelRegularizer: { className: "L2", config: { l2: 0.5 } }, kernelConstraint: constraint },
    "kernel",
    "glorotUniform",
  );
  assert.ok(options.initializer instanceof Ones);
  assert.ok(options.regularizer instanceof L2);
  assert.deepEqual(options.regularizer.getConfig(), { l2: 0.5 });
  assert.equal(options.constraint, constraint, "instances are used as they are");
  assert.ok(weightOptions({ gammaConstraint: "max_norm" }, "gamma", "ones").constraint instanceof MaxNorm);
});

test("weightOptions only reads the fields of the weight asked for", () => {
  const config = { kernelInitializer: "ones", kernelRegularizer: "l2", biasInitializer: "glorot_uniform", biasConstraint: "nonNeg" };
  const bias = weightOptions(config, "bias", "zeros");
  assert.ok(bias.initializer instanceof GlorotUniform);
  assert.equal(bias.regularizer, undefined);
  assert.ok(bias.constraint instanceof NonNeg);
  const kernel = weightOptions(config, "kernel", "zeros");
  assert.ok(kernel.initializer instanceof Ones);
  assert.ok(kernel.regularizer instanceof L2);
  assert.equal(kernel.constraint, undefined);
});

test("weightOptions reports unknown names", () => {
  assert.throws(() => weightOptions({ kernelInitializer: "nope" }, "kernel", "zeros"), (e: unknown) => e instanceof ArgumentError && /unknown initializer "nope"/.test(e.message));
  assert.throws(() => weightOptions({ kernelRegularizer: "l3" }, "kernel", "zeros"), (e: unknown) => e instanceof ArgumentError && /unknown regularizer "l3"/.test(e.message));
});

test("weightConfig serialises the three options under the weight's keys", () => {
  assert.deepEqual(weightConfig({}, "kernel", "glorotUniform"), {
    kernelInitializer: { className: "GlorotUniform", config: {} },
    kernelRegularizer: undefined,
    kernelConstraint: undefined,
  });
  assert.deepEqual(
    weightConfig({ biasInitializer: new RandomNormal({ mean: 1, stddev: 2, seed: 3 }), biasRegularizer: new L1L2({ l1: 0.1, l2: 0.2 }), biasConstraint: new MaxNorm({ maxValue: 4, axis: 1 }) }, "bias", "zeros"),
    {
      biasInitializer: { className: "RandomNormal", config: { mean: 1, stddev: 2, seed: 3 } },
      biasRegularizer: { className: "L1L2", config: { l1: 0.1, l2: 0.2 } },
      biasConstraint: { className: "MaxNorm", config: { maxValue: 4, axis: 1 } },
    },
  );
});

test("weightConfig round-trips: feeding its JSON back in gives the same config", () => {
  const config = { kernelInitializer: new GlorotUniform({ seed: 7 }), kernelRegularizer: "l2", kernelConstraint: { className: "MaxNorm", config: { maxValue: 3 } } };
  const saved = JSON.parse(JSON.stringify(weightConfig(config, "kernel", "zeros")));
  assert.deepEqual(weightConfig(saved, "kernel", "zeros"), saved);
  assert.deepEqual(saved.kernelInitializer, { className: "GlorotUniform", config: { seed: 7 } });
  assert.deepEqual(saved.kernelRegularizer, { className: "L2", config: { l2: 0.01 } });
  assert.deepEqual(saved.kernelConstraint, { className: "MaxNorm", config: { maxValue: 3, axis: 0 } });
});
