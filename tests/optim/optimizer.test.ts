import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, variable, jit, SGD, RMSprop, Adam, Nadam, ExponentialDecay, ArgumentError, type Tensor } from "../../kernel/src/index.js";

test("an optimizer refuses options it does not know, by name, at its first step", () => {
  const w = variable(tensor([1, 2]));
  for (const [make, pattern] of [
    [() => new SGD({ lr: 0.1 } as never), /SGD: unknown option "lr"; did you mean learningRate\?/],
    [() => new Adam({ beta_1: 0.8 } as never), /Adam: unknown option "beta_1"; did you mean beta1\?/],
    [() => new RMSprop({ learningRate: 0.1, decay: 0.9 } as never), /RMSprop: unknown option "decay"; the options are learningRate, .*rho/],
  ] as const) {
    assert.throws(() => make().minimize(() => w.square().sum(), [w]), (e: unknown) => e instanceof ArgumentError && pattern.test(e.message));
  }
  const fine = new Adam({ learningRate: 0.1, clipnorm: 1, weightDecay: 0.01, amsgrad: true });
  fine.minimize(() => w.square().sum(), [w]);
  assert.deepEqual(Object.keys(fine.getConfig()).sort(), ["amsgrad", "beta1", "beta2", "clipnorm", "epsilon", "learningRate", "weightDecay"]);
});

test("a compiled step has one graph input per step value — the learning rate, Adam's or Nadam's step sizes — however many variables read it, and still follows the schedule and the step count", () => {
  const schedule = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 });
  for (const [make, labels] of [
    [() => new SGD({ learningRate: schedule, weightDecay: 0.01 }), ["learningRate"]],
    [() => new Adam({ learningRate: schedule }), ["alpha"]],
    [() => new Nadam({ learningRate: schedule }), ["learningRate", "nadamBiasCorrection", "nadamGradient", "nadamMomentum"]],
  ] as const) {
    const run = (compiled: boolean) => {
      const ws = [variable(tensor([1, -2])), variable(tensor([[0.5, 3]])), variable(tensor([4]))];
      const optimizer = make();
      const step = (x: Tensor) => optimizer.minimize(() => ws.map((w) => w.value.mul(x).square().sum()).reduce((a, b) => a.add(b)), ws);
      const f = compiled ? jit(step) : step;
      for (let i = 0; i < 4; i++) f(tensor(1.5)).dispose();
      return { ws, graph: compiled ? (f as ReturnType<typeof jit>).graphFor(tensor(1.5)) : undefined };
    };
    const compiled = run(true);
    const labelsSeen = compiled.graph!.ir.nodes.filter((n) => n.op.name === "hostValue").map((n) => (n.attrs as { label: string }).label).sort();
    assert.deepEqual(labelsSeen, labels, `${make().className}: one input per step value for three variables`);
    const eager = run(false);
    compiled.ws.forEach((w, i) => assert.deepEqual(Array.from(w.value.dataSync()), Array.from(eager.ws[i]!.value.dataSync()), `${make().className}: variable ${i} after four steps, compiled as eager`));
  }
});
