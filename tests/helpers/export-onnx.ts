// Run by tests/graph/test_onnx.py in a `node` process: builds the models named in argv[3..]
// (an MLP, a small CNN, an op chain), exports each traced inference graph to
// <argv[2]>/<model>.onnx and writes its inputs and gradbook's outputs to <model>.json.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { jit, sequential, randomNormal, Dense, Conv2D, MaxPooling2D, AveragePooling2D, Flatten, tensor, concat, type Tensor } from "../../kernel/src/index.js";

const models: Record<string, () => { f: (x: Tensor) => Tensor | Tensor[]; x: Tensor }> = {
  mlp: () => {
    const model = sequential([new Dense({ units: 16, activation: "relu", inputShape: [5] }), new Dense({ units: 8, activation: "tanh" }), new Dense({ units: 3, activation: "softmax" })]);
    return { f: (x) => model.apply(x) as Tensor, x: randomNormal([4, 5], { seed: 1 }) };
  },
  cnn: () => {
    const model = sequential([
      new Conv2D({ filters: 4, kernelSize: 3, padding: "same", activation: "relu", inputShape: [8, 8, 2] }),
      new MaxPooling2D({ poolSize: 2 }),
      new Conv2D({ filters: 3, kernelSize: 3, strides: 2, padding: "same", activation: "sigmoid" }),
      new AveragePooling2D({ poolSize: 2, padding: "same" }),
      new Flatten(),
      new Dense({ units: 5 }),
    ]);
    return { f: (x) => model.apply(x) as Tensor, x: randomNormal([2, 8, 8, 2], { seed: 2 }) };
  },
  ops: () => {
    const w = tensor([[1, -2, 0.5], [0.25, 3, -1]]);
    return {
      f: (x) => {
        const a = x.matmul(w).sub(0.5).div(2).exp().log();
        const b = concat([a, a.transpose([1, 0]).reshape([2, 3])], 1);
        return [b.sum(1), b.mean(0, true), b.max(1), b.logSoftmax(), x.matmul(w.transpose(), { transposeB: true }).maximum(a.square()).abs().sqrt()];
      },
      x: randomNormal([2, 2], { seed: 3 }),
    };
  },
};

const dir = process.argv[2]!;
for (const name of process.argv.slice(3)) {
  const { f, x } = models[name]!();
  const graph = jit(f).graphFor(x);
  graph.exportOnnx(join(dir, `${name}.onnx`));
  const outputs = graph.run({ arg0: x }).map((t) => ({ shape: [...t.shape], values: Array.from(t.dataSync()) }));
  writeFileSync(join(dir, `${name}.json`), JSON.stringify({ inputs: { arg0: { shape: [...x.shape], values: Array.from(x.dataSync()) } }, outputs }));
}
