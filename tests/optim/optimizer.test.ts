import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, variable, SGD, RMSprop, Adam, ArgumentError } from "../../kernel/src/index.js";

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
