// A small compiled regression model for the tests of the fit callbacks.
import { tensor, sequential, Dense, SGD, type Tensor, type Model } from "../../../kernel/src/index.js";

/** y = x0 + x1 − x2 on 64 samples; a 3-8-1 tanh MLP compiled with SGD and MSE. */
export function smallProblem(learningRate = 0.05): { model: Model; x: Tensor; y: Tensor; optimizer: SGD } {
  const model = sequential([new Dense({ units: 8, activation: "tanh", inputShape: [3], name: "hidden" }), new Dense({ units: 1, name: "out" })]);
  const xs = Array.from({ length: 64 }, (_, i) => [Math.sin(i), Math.cos(i * 0.7), ((i % 7) - 3) / 3]);
  const optimizer = new SGD({ learningRate });
  model.compile({ optimizer, loss: "meanSquaredError" });
  return { model, x: tensor(xs), y: tensor(xs.map((r) => [r[0]! + r[1]! - r[2]!])), optimizer };
}
