import { test } from "node:test";
import assert from "node:assert/strict";
import { Model, Sequential, Layer, Dense, Dropout, BatchNormalization, Concatenate, input, model, sequential, tensor, gradient, ArgumentError, GradbookError, type Tensor, type Tensors, type CallOptions, type SymbolicTensor } from "../../kernel/src/index.js";
import { assertClose } from "../helpers/gradcheck.js";

const dense = (units: number, kernel: number[][], bias: number[], extra: object = {}) => {
  const layer = new Dense({ units, dtype: "float64", ...extra });
  layer.apply(tensor([kernel.map(() => 0)], "float64"));
  layer.setWeights([tensor(kernel, "float64"), tensor(bias, "float64")]);
  return layer;
};
const matvec = (x: number[], k: number[][], b: number[]) => b.map((bj, j) => x.reduce((s, v, i) => s + v * k[i]![j]!, bj));

test("sequential: each layer feeds the next; inputShape builds it at once", () => {
  const k1 = [[1, -1], [2, 0.5]];
  const k2 = [[0.5], [-2]];
  const m = sequential([dense(2, k1, [0.1, 0.2]), dense(1, k2, [0.3])]);
  assert.ok(m instanceof Sequential && m instanceof Model);
  assert.equal(m.layers.length, 2);
  const x = [3, -1];
  const y = m.apply(tensor([x], "float64")) as Tensor;
  assertClose(y.arraySync(), [matvec(matvec(x, k1, [0.1, 0.2]), k2, [0.3])], 1e-14);
  const built = sequential([new Dense({ units: 4, inputShape: [3] }), new Dense({ units: 2 })]);
  assert.ok(built.built);
  assert.deepEqual(built.outputShape, [null, 2]);
  assert.equal(built.countParams(), 3 * 4 + 4 + 4 * 2 + 2);
  const grown = sequential();
  grown.add(new Dense({ units: 2, inputShape: [1] }));
  assert.deepEqual((grown.apply(tensor([[1]])) as Tensor).shape, [1, 2]);
  assert.throws(() => grown.add("dense" as never), (e: unknown) => e instanceof ArgumentError && /add: expected a layer/.test((e as Error).message));
  assert.throws(() => sequential().apply(tensor([[1]])), (e: unknown) => e instanceof GradbookError && /the model has no layers; add some first/.test((e as Error).message));
});

test("functional: two inputs, a shared layer, two outputs; calls replay in order", () => {
  const a = input({ shape: [2], name: "a" });
  const b = input({ shape: [2], name: "b" });
  const shared = dense(2, [[1, 0], [0, 2]], [0, 0]);
  const joined = new Concatenate().apply([shared.apply(a), shared.apply(b)]) as SymbolicTensor;
  const head1 = dense(1, [[1], [1], [1], [1]], [0]);
  const head2 = dense(1, [[1], [0], [-1], [0]], [0.5]);
  const m = model({ inputs: [a, b], outputs: [head1.apply(joined), head2.apply(joined)] });
  assert.equal(m.isFunctional, true);
  assert.deepEqual(m.layers.map((l) => l.name), [shared.name, m.layers[1]!.name, head1.name, head2.name]);
  assert.equal(m.getLayer(head2.name), head2);
  assert.deepEqual(m.outputShape, [[null, 1], [null, 1]]);
  const [y1, y2] = m.apply([tensor([[1, 2]], "float64"), tensor([[3, 4]], "float64")]) as Tensor[];
  // shared(a) = [1, 4], shared(b) = [3, 8]
  assertClose(y1!.arraySync(), [[1 + 4 + 3 + 8]], 1e-14);
  assertClose(y2!.arraySync(), [[1 - 3 + 0.5]], 1e-14);
  assert.equal(m.weights.length, 6, "the shared layer's weights count once");
  const is = (re: RegExp) => (e: unknown) => e instanceof ArgumentError && re.test((e as Error).message);
  assert.throws(() => m.apply([tensor([[1, 2]])]), is(/expects 2 input\(s\), got 1/));
  assert.throws(() => m.apply([tensor([[1, 2, 3]]), tensor([[1, 2]])]), is(/input "a" expects shape \[batch, 2\], got \[1, 3\]/));
  assert.throws(() => m.getLayer("nope"), is(/no layer named "nope"; layers: /));
  assert.throws(() => new Model({ inputs: a }), is(/give both inputs and outputs/));
  assert.throws(() => model({ inputs: a, outputs: shared.apply(input({ shape: [2] })) }), is(/the output depends on the input "input_\d+", which is not among the model's inputs/));
});

test("subclass-style: custom layers and models find their sublayers and weights by themselves", () => {
  class Scale extends Layer {
    scale!: ReturnType<Layer["addWeight"]>;
    builds = 0;
    override build(): void {
      this.builds++;
      this.scale = this.addWeight("scale", [], { initializer: "ones", dtype: "float64" });
    }
    call(x: Tensors): Tensors {
      return (x as Tensor).mul(this.scale);
    }
  }
  class Net extends Model {
    first = dense(2, [[1, 2], [3, 4]], [0, 0]);
    scale = new Scale();
    override call(x: Tensors, options: CallOptions): Tensors {
      return this.scale.apply(this.first.apply(x, options), options);
    }
  }
  const net = new Net();
  const x = tensor([[1, 1]], "float64");
  assertClose((net.apply(x) as Tensor).arraySync(), [[4, 6]], 1e-14);
  net.scale.setWeights([tensor(0.5, "float64")]);
  assertClose((net.apply(x) as Tensor).arraySync(), [[2, 3]], 1e-14);
  assert.equal(net.scale.builds, 1, "build runs once");
  assert.equal(net.trainableWeights.length, 3);
  const [dScale] = gradient((net.apply(x) as Tensor).sum(), [net.scale.scale]);
  assertClose(dScale!.item(), 10, 1e-14);
  assert.throws(() => new Model().apply(tensor([[1]])), (e: unknown) => e instanceof GradbookError && /a subclassed model must override call/.test((e as Error).message));
});

test("getWeights copies, setWeights checks the count, trainable = false freezes a layer", () => {
  const m = sequential([new Dense({ units: 2, inputShape: [2] }), new BatchNormalization(), new Dense({ units: 1 })]);
  const weights = m.getWeights();
  assert.equal(weights.length, 2 + 4 + 2);
  assert.equal(m.trainableWeights.length, 2 + 2 + 2, "BatchNormalization's moving statistics are not trainable");
  assert.equal(m.nonTrainableWeights.length, 2);
  const before = weights[0]!.arraySync();
  m.setWeights(weights.map((w) => w.mul(0).abs()));
  assert.deepEqual(weights[0]!.arraySync(), before, "getWeights returned copies");
  assert.deepEqual(m.getWeights()[0]!.arraySync(), [[0, 0], [0, 0]]);
  m.layers[0]!.trainable = false;
  assert.equal(m.trainableWeights.length, 4);
  assert.equal(m.weights.length, 8);
  assert.throws(() => m.setWeights([tensor([1])]), (e: unknown) => e instanceof ArgumentError && /setWeights: the layer has 8 weight\(s\), got 1 value\(s\)/.test((e as Error).message));
});

test("setWeights casts to the weights' dtype as Keras does: plain arrays exactly, tensors of another dtype by cast", () => {
  const m = sequential([new Dense({ units: 1, inputShape: [2], dtype: "float64" })]);
  m.setWeights([[[0.1], [0.2]], [0.3]]);
  const [kernel, bias] = m.getWeights();
  assert.equal(kernel!.dtype, "float64");
  assert.deepEqual(kernel!.arraySync(), [[0.1], [0.2]], "read as float64, not rounded through float32");
  assert.deepEqual(bias!.arraySync(), [0.3]);
  m.setWeights([tensor([[1.5], [2]]), tensor([1], "int32")]);
  assert.deepEqual(m.getWeights().map((w) => [w.dtype, w.arraySync()]), [["float64", [[1.5], [2]]], ["float64", [1]]]);
});

test("training vs inference: Dropout and BatchNormalization switch with the training flag through a model", () => {
  const m = sequential([new Dropout({ rate: 0.5, seed: 3, inputShape: [200] })]);
  const x = tensor([new Array(200).fill(1)]);
  assert.deepEqual((m.apply(x) as Tensor).arraySync(), x.arraySync(), "inference: identity");
  const trained = (m.apply(x, { training: true }) as Tensor).dataSync();
  const zeros = trained.filter((v) => v === 0).length;
  assert.ok(zeros > 60 && zeros < 140, `about half dropped, got ${zeros}`);
  assert.ok(trained.every((v) => v === 0 || v === 2), "kept units are scaled by 1/(1 − rate)");
  const bn = sequential([new BatchNormalization({ inputShape: [1], dtype: "float64" })]);
  const batch = tensor([[1], [3]], "float64");
  // Training normalises with the batch statistics (mean 2, variance 1); inference with the moving ones (0, 1).
  assertClose((bn.apply(batch, { training: true }) as Tensor).arraySync(), [[-1 / Math.sqrt(1 + 1e-3)], [1 / Math.sqrt(1 + 1e-3)]], 1e-12);
  const movingMean = 0.01 * 2;
  const movingVar = 0.99 + 0.01 * 1;
  assertClose((bn.apply(batch) as Tensor).arraySync(), [[(1 - movingMean) / Math.sqrt(movingVar + 1e-3)], [(3 - movingMean) / Math.sqrt(movingVar + 1e-3)]], 1e-12);
});

test("a built-in layer refuses options it does not know, by name, when it is first built", () => {
  assert.throws(() => sequential([new Dense({ unit: 3, units: 2, inputShape: [2] } as never)]), (e: unknown) => e instanceof ArgumentError && /Dense: unknown option "unit"; did you mean units\?/.test(e.message));
  assert.throws(() => new Dropout({ rate: 0.5, seeed: 1 } as never).apply(tensor([[1, 2]])), /Dropout: unknown option "seeed"; did you mean seed\?/);
  // A custom layer without its own getConfig keeps its extra options.
  class Scaled extends Layer {
    constructor(readonly options: { factor: number }) {
      super(options as never);
    }
    call(x: Tensors): Tensor {
      return (x as Tensor).mul(this.options.factor);
    }
  }
  assert.deepEqual((new Scaled({ factor: 2 }).apply(tensor([1])) as Tensor).arraySync(), [2]);
});
