import { test } from "node:test";
import assert from "node:assert/strict";
import { ArgumentError, DTypeError, Dense, Embedding, Flatten, gradient, sequential, tensor } from "../../../kernel/src/index.js";
import { assertClose, randomF64 } from "../../helpers/gradcheck.js";
import { checkConfigRoundTrip, checkLayerGrads, run } from "../../helpers/layers.js";

const table = [[0.1, 0.2], [1, -1], [3, 4], [-5, 0.5]];

function withTable(dtype: "float32" | "float64" = "float64"): Embedding {
  const layer = new Embedding({ inputDim: 4, outputDim: 2, dtype });
  run(layer, tensor([0], "int32"));
  layer.setWeights([tensor(table, dtype)]);
  return layer;
}

test("index i gives row i of the table; the output shape is [...input shape, outputDim]", () => {
  const layer = withTable();
  const idx = [[3, 0], [2, 2], [1, 3]];
  const y = run(layer, tensor(idx, "int32"));
  assert.deepEqual(y.shape, [3, 2, 2]);
  assert.deepEqual(y.arraySync(), idx.map((r) => r.map((i) => table[i])));
  // Whole-number floats work too (the default input dtype of a model is float32).
  assert.deepEqual(run(layer, tensor([[1, 0]])).arraySync(), [[table[1], table[0]]]);
  assert.deepEqual(run(layer, tensor([2], "int32")).arraySync(), [table[2]]);
});

test("the default table is uniform in ±0.05 (Keras 'uniform')", () => {
  const layer = new Embedding({ inputDim: 300, outputDim: 50 });
  run(layer, tensor([0], "int32"));
  const values = layer.embeddings.value.dataSync();
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  assert.ok(min >= -0.05 && max <= 0.05 && min < -0.049 && max > 0.049, `range [${min}, ${max}]`);
  assert.deepEqual(layer.getConfig().embeddingsInitializer, { className: "RandomUniform", config: { minval: -0.05, maxval: 0.05 } });
  assert.equal(layer.countParams(), 15000);
});

test("the gradient reaches only the looked-up rows, and repeated indices add up", () => {
  const layer = withTable();
  const idx = tensor([[1, 3, 1]], "int32");
  const c = randomF64([1, 3, 2], 1);
  const [dTable] = gradient(run(layer, idx).mul(c).sum(), [layer.embeddings]);
  const cv = c.arraySync() as number[][][];
  const expected = [[0, 0], [cv[0]![0]![0]! + cv[0]![2]![0]!, cv[0]![0]![1]! + cv[0]![2]![1]!], [0, 0], cv[0]![1]!];
  assertClose(dTable!.arraySync(), expected, 1e-15);
  checkLayerGrads(withTable(), tensor([[0, 2], [2, 3]], "int32"));
  checkLayerGrads(withTable(), tensor([[0, 2, 2]], "float64"), { checkInputs: false });
});

test("Embedding in a sequential model: indices → vectors → flatten → dense", () => {
  const m = sequential([new Embedding({ inputDim: 10, outputDim: 3, inputShape: [4] }), new Flatten(), new Dense({ units: 1 })]);
  assert.deepEqual(m.layers.map((l) => l.outputShape), [[null, 4, 3], [null, 12], [null, 1]]);
  assert.deepEqual(run(m, tensor([[1, 2, 3, 9], [0, 0, 0, 0]])).shape, [2, 1]);
});

test("Embedding's config round-trips", () => {
  checkConfigRoundTrip(new Embedding({ inputDim: 7, outputDim: 3, embeddingsInitializer: "glorotUniform", embeddingsRegularizer: "l2", embeddingsConstraint: "maxNorm" }));
  checkConfigRoundTrip(new Embedding({ inputDim: 7, outputDim: 3 }));
});

test("bad configs and out-of-range or fractional indices name the layer and the fix", () => {
  const is = (re: RegExp, type: Function = ArgumentError) => (e: unknown) => e instanceof type && re.test((e as Error).message);
  assert.throws(() => new Embedding({ inputDim: 0, outputDim: 2 }), is(/Embedding: inputDim must be a positive integer \(the vocabulary size\), got 0/));
  assert.throws(() => new Embedding({ inputDim: 5, outputDim: 2.5 }), is(/Embedding: outputDim must be a positive integer \(the embedding length\), got 2.5/));
  const layer = withTable();
  assert.throws(() => run(layer, tensor([[0, 4]], "int32")), is(/embedding(_\d+)?: index 4 \(at flat position 1 of the input\) is out of range: inputDim is 4, so indices must be in 0 … 3; make inputDim larger than the largest index/));
  assert.throws(() => run(layer, tensor([-1], "int32")), is(/index -1 .* is out of range/));
  assert.throws(() => run(layer, tensor([1.5])), is(/embedding(_\d+)?: indices must be whole numbers, got 1.5 at flat position 0/, DTypeError));
  assert.throws(() => run(layer, tensor([true])), is(/expected integer indices .* got a bool tensor; cast\(\) it to int32/, DTypeError));
});
