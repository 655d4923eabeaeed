import { test } from "node:test";
import assert from "node:assert/strict";
import { getOptimizer } from "../../kernel/src/optim/registry.js";
import { Adam, SGD, Optimizer, ExponentialDecay, PiecewiseConstantDecay, LearningRateSchedule, ArgumentError } from "../../kernel/src/index.js";

const CLASS_NAMES: Record<string, string> = { sgd: "SGD", adagrad: "Adagrad", adadelta: "Adadelta", rmsprop: "RMSprop", adam: "Adam", adamw: "AdamW", nadam: "Nadam", newton: "Newton" };

test("every Keras optimizer name resolves, in any case", () => {
  for (const [name, className] of Object.entries(CLASS_NAMES)) {
    for (const spelling of [name, name.toUpperCase(), className]) {
      const opt = getOptimizer(spelling);
      assert.ok(opt instanceof Optimizer);
      assert.equal(opt.className, className, spelling);
    }
  }
});

test("an Optimizer instance is returned as it is (the config is ignored)", () => {
  const adam = new Adam({ learningRate: 0.5 });
  assert.equal(getOptimizer(adam), adam);
  assert.equal(getOptimizer(adam, { learningRate: 0.1 }).currentLearningRate(), 0.5);
});

test("unknown names list the known ones", () => {
  assert.throws(
    () => getOptimizer("adamax"),
    (e: unknown) => e instanceof ArgumentError && e.message.startsWith('unknown optimizer "adamax"; use one of sgd, adagrad, adadelta, rmsprop, adam, adamw, nadam, newton or an Optimizer instance'),
  );
  assert.throws(() => getOptimizer({} as never), (e: unknown) => e instanceof ArgumentError && e.message.startsWith("unknown optimizer {}"));
});

test("a config sets the hyperparameters", () => {
  const sgd = getOptimizer("sgd", { learningRate: 0.2, momentum: 0.9, nesterov: true });
  assert.ok(sgd instanceof SGD);
  assert.equal(sgd.currentLearningRate(), 0.2);
  assert.equal(sgd.getConfig().momentum, 0.9);
  assert.equal(sgd.getConfig().nesterov, true);
  assert.equal(getOptimizer("adam", { beta1: 0.8 }).getConfig().beta1, 0.8);
});

test("getConfig → JSON → getOptimizer(className, config) round-trips every optimizer", () => {
  for (const name of Object.keys(CLASS_NAMES)) {
    const original = getOptimizer(name, { learningRate: 0.03, clipnorm: 2 });
    const saved = JSON.parse(JSON.stringify({ className: original.className, config: original.getConfig() }));
    const restored = getOptimizer(saved.className, saved.config);
    assert.equal(restored.className, original.className);
    assert.deepEqual(restored.getConfig(), original.getConfig(), name);
    assert.equal(restored.currentLearningRate(), 0.03);
  }
});

test("a learning-rate schedule survives the round trip as a schedule", () => {
  const schedule = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true });
  const original = new Adam({ learningRate: schedule, beta2: 0.99 });
  const config = JSON.parse(JSON.stringify(original.getConfig()));
  assert.deepEqual(config.learningRate, { className: "ExponentialDecay", config: { initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true } });
  const restored = getOptimizer("Adam", config);
  assert.ok(restored.learningRate instanceof LearningRateSchedule);
  assert.ok(restored.learningRate instanceof ExponentialDecay);
  for (const step of [0, 9, 10, 25]) assert.equal((restored.learningRate as ExponentialDecay).at(step), schedule.at(step));
  restored.iterations = 20;
  assert.equal(restored.currentLearningRate(), 0.025);
  assert.deepEqual(restored.getConfig(), original.getConfig());

  const piecewise = getOptimizer("sgd", { learningRate: { className: "PiecewiseConstantDecay", config: { boundaries: [5], values: [1, 0.1] } } });
  assert.ok(piecewise.learningRate instanceof PiecewiseConstantDecay);
  assert.throws(() => getOptimizer("sgd", { learningRate: { className: "StepDecay", config: {} } }), (e: unknown) => e instanceof ArgumentError && /unknown learning-rate schedule "StepDecay"/.test(e.message));
});
