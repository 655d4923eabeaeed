import { test } from "node:test";
import assert from "node:assert/strict";
import { ArgumentError, Dense, Flatten, Reshape, arange, sequential } from "../../../kernel/src/index.js";
import { randomF64 } from "../../helpers/gradcheck.js";
import { checkConfigRoundTrip, checkLayerGrads, run } from "../../helpers/layers.js";

test("Reshape keeps the batch axis and reshapes each sample (row-major)", () => {
  const x = arange(12).reshape([2, 6]);
  const y = run(new Reshape({ targetShape: [3, 2] }), x);
  assert.deepEqual(y.arraySync(), [[[0, 1], [2, 3], [4, 5]], [[6, 7], [8, 9], [10, 11]]]);
  assert.deepEqual(run(new Reshape({ targetShape: [-1, 3] }), x).shape, [2, 2, 3], "-1 is inferred");
  assert.deepEqual(run(new Reshape({ targetShape: [2, 1, -1] }), x).shape, [2, 2, 1, 3]);
  assert.deepEqual(run(new Reshape({ targetShape: [6] }), arange(12).reshape([2, 3, 2])).shape, [2, 6]);
});

test("Reshape's gradient is the reshaped upstream gradient", () => {
  checkLayerGrads(new Reshape({ targetShape: [2, -1], dtype: "float64" }), randomF64([3, 6], 1));
});

test("Reshape in a sequential model: shapes in summary order", () => {
  const m = sequential([new Dense({ units: 12, inputShape: [4] }), new Reshape({ targetShape: [3, 4] }), new Dense({ units: 2 }), new Flatten()]);
  assert.deepEqual(m.layers.map((l) => l.outputShape), [[null, 12], [null, 3, 4], [null, 3, 2], [null, 6]]);
  assert.deepEqual(run(m, randomF64([5, 4], 2).cast("float32")).shape, [5, 6]);
});

test("Reshape's config round-trips; bad target shapes name the layer and the fix", () => {
  checkConfigRoundTrip(new Reshape({ targetShape: [2, -1] }));
  const is = (re: RegExp) => (e: unknown) => e instanceof ArgumentError && re.test(e.message);
  assert.throws(() => new Reshape({ targetShape: [-1, -1] }), is(/Reshape: targetShape \[-1,-1\] has more than one -1; only one size can be inferred/));
  assert.throws(() => new Reshape({ targetShape: [2, -3] }), is(/Reshape: targetShape must be a list of non-negative integers \(one may be -1\)/));
  assert.throws(() => new Reshape({} as never), is(/Reshape: targetShape must be/));
  assert.throws(() => run(new Reshape({ targetShape: [4] }), arange(12).reshape([2, 6])), is(/reshape(_\d+)?: cannot reshape samples of shape \[6\] \(6 values\) to targetShape \[4\]; the sizes must multiply to 6/));
  assert.throws(() => run(new Reshape({ targetShape: [4, -1] }), arange(12).reshape([2, 6])), is(/cannot reshape samples of shape \[6\]/));
});
