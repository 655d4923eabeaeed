import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, hostTensor, sum, type Tensor } from "../../../kernel/src/index.js";
import { attrsKey, commonSubexpressions } from "../../../kernel/src/graph/passes/common-subexpressions.js";
import { assertClose, opsOf, traced } from "./helpers.js";

test("the same op on the same inputs with equal attributes is computed once", () => {
  const g = traced((x: Tensor) => [x.exp().add(x.exp()), sum(x, [0]).mul(sum(x, [0])), sum(x, [1])], tensor([[1, 2], [3, 4]]));
  const before = g.run({ arg0: tensor([[0.5, -1], [2, 0]]) });
  g.optimize([commonSubexpressions]);
  assert.deepEqual(opsOf(g).sort(), ["add", "exp", "mul", "sum", "sum"], "one exp and one sum over axis 0 remain; the sum over axis 1 differs");
  assertClose(g.run({ arg0: tensor([[0.5, -1], [2, 0]]) }), before);
});

test("merging cascades: nodes over merged duplicates are duplicates too", () => {
  const g = traced((x: Tensor) => x.exp().neg().add(x.exp().neg()), tensor([1, 2]));
  const report = g.optimize([commonSubexpressions]);
  assert.deepEqual(opsOf(g), ["exp", "neg", "add"]);
  assert.match(report.passes[0]!.did, /merged 2 nodes/);
  assertClose(g.run({ arg0: tensor([1, 2]) }), [tensor([1, 2].map((v) => -2 * Math.exp(v)))]);
});

test("host values (random numbers) are never merged: two draws stay two", () => {
  let draws = 0;
  const draw = () => hostTensor([2], "float32", () => Float32Array.of(++draws, draws), "draw");
  const g = traced((x: Tensor) => x.add(draw()).sub(x.add(draw())), tensor([0, 0]));
  g.optimize([commonSubexpressions]);
  assert.deepEqual(opsOf(g).sort(), ["add", "add", "sub"]);
  const difference = g.run({ arg0: tensor([0, 0]) })[0]!.arraySync() as number[];
  assert.deepEqual(difference.map(Math.abs), [1, 1], "each draw is its own value");
});

test("attribute keys compare structure, numbers exactly and functions by identity", () => {
  const f = () => 1;
  assert.equal(attrsKey({ axes: [1, 2], keepDims: false }), attrsKey({ keepDims: false, axes: [1, 2] }));
  assert.notEqual(attrsKey({ axes: [1, 2] }), attrsKey({ axes: [2, 1] }));
  assert.notEqual(attrsKey({ v: 0 }), attrsKey({ v: -0 }));
  assert.equal(attrsKey({ v: NaN }), attrsKey({ v: NaN }));
  assert.equal(attrsKey({ fn: f }), attrsKey({ fn: f }));
  assert.notEqual(attrsKey({ fn: f }), attrsKey({ fn: () => 1 }));
});
