import { test } from "node:test";
import assert from "node:assert/strict";
import { L1, L2, L1L2, getRegularizer, Dense, tensor, gradient, ArgumentError } from "../../kernel/src/index.js";
import { assertClose, checkGrads, randomF64 } from "../helpers/gradcheck.js";

const w = [[1, -2], [0.5, 0]];
const absSum = 1 + 2 + 0.5;
const squareSum = 1 + 4 + 0.25;

test("penalties follow Keras: l1·Σ|w| + l2·Σw² (no ½), with Keras defaults", () => {
  const t = tensor(w, "float64");
  assertClose(new L1().penalty(t).item(), 0.01 * absSum, 1e-15);
  assertClose(new L2().penalty(t).item(), 0.01 * squareSum, 1e-15);
  assertClose(new L1({ l1: 0.3 }).penalty(t).item(), 0.3 * absSum, 1e-15);
  assertClose(new L2({ l2: 0.2 }).penalty(t).item(), 0.2 * squareSum, 1e-15);
  assertClose(new L1L2({ l1: 0.1, l2: 0.2 }).penalty(t).item(), 0.1 * absSum + 0.2 * squareSum, 1e-15);
  assert.equal(new L1L2().penalty(t).item(), 0, "L1L2's defaults are both 0, as in Keras");
  assert.deepEqual([new L1L2().l1, new L1L2().l2], [0, 0]);
});

test("penalties are differentiable: d(l1·Σ|w| + l2·Σw²)/dw = l1·sign(w) + 2·l2·w", () => {
  checkGrads((x) => new L1L2({ l1: 0.1, l2: 0.2 }).penalty(x!), [randomF64([3, 2], 5)]);
  const t = tensor([[0.5, -2]], "float64");
  const [g] = gradient(new L1L2({ l1: 0.1, l2: 0.2 }).penalty(t), [t]);
  assertClose(g!.arraySync(), [[0.1 + 0.2, -0.1 - 0.8]], 1e-15);
});

test("names, serialised objects and instances resolve; configs round-trip", () => {
  assert.equal(getRegularizer("l1").className, "L1");
  assert.equal(getRegularizer("L2").className, "L2");
  assert.equal(getRegularizer("l1_l2").className, "L1L2");
  const reg = new L1L2({ l1: 0.5 });
  assert.equal(getRegularizer(reg), reg);
  for (const r of [new L1({ l1: 0.3 }), new L2({ l2: 0.02 }), new L1L2({ l1: 0.1, l2: 0.2 })]) {
    const back = getRegularizer(JSON.parse(JSON.stringify({ className: r.className, config: r.getConfig() })));
    assert.equal(back.className, r.className);
    assert.deepEqual(back.getConfig(), r.getConfig());
  }
  assert.deepEqual(new L1().getConfig(), { l1: 0.01 });
  assert.deepEqual(new L2().getConfig(), { l2: 0.01 });
});

test("a layer's regularizationLoss sums the penalties of its regularised weights", () => {
  const layer = new Dense({ units: 2, kernelRegularizer: new L2({ l2: 0.1 }), biasRegularizer: "l1", dtype: "float64" });
  layer.apply(tensor([[1, 2]], "float64"));
  layer.setWeights([tensor(w, "float64"), tensor([3, -1], "float64")]);
  assertClose(layer.regularizationLoss()!.item(), 0.1 * squareSum + 0.01 * 4, 1e-15);
  const plain = new Dense({ units: 2 });
  plain.apply(tensor([[1, 2]]));
  assert.equal(plain.regularizationLoss(), undefined);
});

test("bad factors and unknown names say what was expected", () => {
  const is = (re: RegExp) => (e: unknown) => e instanceof ArgumentError && re.test((e as Error).message);
  assert.throws(() => new L1({ l1: -1 }), is(/^L1: l1 and l2 must be numbers ≥ 0, got l1 -1, l2 0/));
  assert.throws(() => new L2({ l2: Number.NaN }), is(/^L2: l1 and l2 must be numbers ≥ 0/));
  assert.throws(() => new L1L2({ l2: -0.5 }), is(/^L1L2: .*got l1 0, l2 -0.5/));
  assert.throws(() => getRegularizer("l3"), is(/unknown regularizer "l3"; known: l1, l2, l1l2/));
});
