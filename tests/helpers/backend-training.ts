// One small classifier trained the same way on any backend: tests compare the histories
// that backends give (the WebGPU backend, an async-only test backend) with the CPU's.
import { sequential, Dense, Dropout, Adam, seed, randomNormal, randomInt, setBackend, getBackend, type Model } from "../../kernel/src/index.js";

/** fit's history for 3 epochs of a 5-12-3 classifier with Dropout, Adam and accuracy, on `backend`. */
export async function trainOn(backend: string, runEagerly: boolean): Promise<Record<string, number[]>> {
  const previous = getBackend().name;
  setBackend(backend);
  try {
    seed(11);
    const model: Model = sequential([new Dense({ units: 12, activation: "relu", inputShape: [5] }), new Dropout({ rate: 0.1 }), new Dense({ units: 3, activation: "softmax" })]);
    model.compile({ optimizer: new Adam({ learningRate: 0.02 }), loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"], runEagerly });
    const x = randomNormal([48, 5], { seed: 1 });
    const y = randomInt([48], 0, 3, { seed: 2 });
    const history = await model.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0, shuffle: false, validationSplit: 0.25 });
    return history.history;
  } finally {
    setBackend(previous);
  }
}
