import { test } from "node:test";
import assert from "node:assert/strict";
import { ArgumentError, Dense, Flatten, arange, input, model, sequential, tensor, type SymbolicTensor } from "../../../kernel/src/index.js";
import { randomF64 } from "../../helpers/gradcheck.js";
import { checkConfigRoundTrip, checkLayerGrads, run } from "../../helpers/layers.js";

test("Flatten keeps the batch axis and flattens each sample in row-major order", () => {
  const x = arange(24).reshape([2, 3, 4]);
  const y = run(new Flatten(), x);
  assert.deepEqual(y.shape, [2, 12]);
  assert.deepEqual(y.arraySync(), [Array.from({ length: 12 }, (_, i) => i), Array.from({ length: 12 }, (_, i) => 12 + i)]);
  assert.deepEqual(run(new Flatten(), tensor([1, 2, 3])).shape, [3, 1], "a rank-1 input becomes [batch, 1]");
  assert.deepEqual(run(new Flatten(), tensor([[1, 2]])).arraySync(), [[1, 2]]);
});

test("channelsFirst moves the channel axis last before flattening (Keras), so the order matches channelsLast", () => {
  // [batch 1, channels 2, h 1, w 3]: channel-last order interleaves the channels.
  const x = tensor([[[[1, 2, 3]], [[10, 20, 30]]]]);
  assert.deepEqual(run(new Flatten({ dataFormat: "channelsFirst" }), x).arraySync(), [[1, 10, 2, 20, 3, 30]]);
  assert.deepEqual(run(new Flatten(), x).arraySync(), [[1, 2, 3, 10, 20, 30]]);
});

test("Flatten's gradient is the reshaped upstream gradient", () => {
  checkLayerGrads(new Flatten({ dtype: "float64" }), randomF64([2, 3, 2], 1));
  checkLayerGrads(new Flatten({ dataFormat: "channelsFirst", dtype: "float64" }), randomF64([2, 3, 2, 2], 2));
});

test("Flatten composes: a sequential CNN-style head and a functional model report shapes in order", () => {
  const m = sequential([new Flatten({ inputShape: [4, 4, 3] }), new Dense({ units: 10 })]);
  assert.deepEqual(m.layers.map((l) => l.outputShape), [[null, 48], [null, 10]]);
  assert.equal(m.countParams(), 48 * 10 + 10);
  const x = input({ shape: [2, 5] });
  const f = model({ inputs: x, outputs: new Dense({ units: 1 }).apply(new Flatten().apply(x) as SymbolicTensor) as SymbolicTensor });
  assert.deepEqual(f.layers.map((l) => l.outputShape), [[null, 10], [null, 1]]);
  assert.deepEqual(run(f, randomF64([3, 2, 5], 3).cast("float32")).shape, [3, 1]);
});

test("Flatten's config round-trips; bad configs and inputs are named", () => {
  checkConfigRoundTrip(new Flatten({ dataFormat: "channelsFirst" }));
  checkConfigRoundTrip(new Flatten({ inputShape: [3, 3] }));
  assert.throws(() => new Flatten({ dataFormat: "nhwc" as never }), (e: unknown) => e instanceof ArgumentError && /Flatten: dataFormat must be "channelsLast" or "channelsFirst", got "nhwc"/.test(e.message));
  assert.throws(() => run(new Flatten(), tensor(3)), (e: unknown) => e instanceof ArgumentError && /flatten(_\d+)?: expected inputs with a batch axis, got a scalar/.test(e.message));
});
