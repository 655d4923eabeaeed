import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, ones, mul, mean, valueAndGrad, logSoftmax, softmax, reshape, runOp, transpose, type Tensor } from "../../../kernel/src/index.js";
import { findOp } from "../../../kernel/src/tensor/op.js";
import { algebraicSimplification } from "../../../kernel/src/graph/passes/algebraic.js";
import { deadCode } from "../../../kernel/src/graph/passes/dead-code.js";
import { assertClose, opsOf, traced } from "./helpers.js";

const simplify = [algebraicSimplification, deadCode];

test("identities disappear: x·1, 1·x, x+0, x−0, x/1, −(−x)", () => {
  const g = traced((x: Tensor) => mul(1, x.mul(1)).add(0).sub(0).div(1).neg().neg().exp(), tensor([1, 2]));
  const report = g.optimize(simplify);
  assert.deepEqual(opsOf(g), ["exp"]);
  assert.equal(report.passes[0]!.did, "applied 6 rules (x·1 → x×2, x+0 → x, x−0 → x, x/1 → x, −(−x) → x)");
  assertClose(g.run({ arg0: tensor([0.5, -3]) }), [tensor([Math.exp(0.5), Math.exp(-3)])], 1e-6);
});

test("a constant that broadcasts the result to a larger shape is not an identity", () => {
  const g = traced((x: Tensor) => x.mul(ones([2, 2])), tensor([1, 2]));
  g.optimize(simplify);
  assert.deepEqual(opsOf(g), ["mul"]);
  assert.deepEqual(g.run({ arg0: tensor([1, 2]) })[0]!.arraySync(), [[1, 2], [1, 2]]);
});

test("reshape of reshape and transpose of transpose collapse into one; identities vanish", () => {
  const x0 = tensor([[1, 2, 3], [4, 5, 6]]);
  const g = traced((x: Tensor) => [reshape(reshape(x, [3, 2]), [6]), transpose(transpose(x.exp(), [1, 0]), [1, 0]), transpose(transpose(reshape(x, [1, 2, 3]), [2, 0, 1]), [0, 2, 1])], x0);
  const before = g.run({ arg0: x0 });
  g.optimize(simplify);
  assert.deepEqual(opsOf(g).sort(), ["exp", "reshape", "reshape", "transpose"]);
  assertClose(g.run({ arg0: x0 }), before);
});

test("a cast to the value's own dtype is dropped", () => {
  // cast() itself skips same-dtype casts: run the op directly, as a rewrite could leave it.
  const g = traced((x: Tensor) => runOp(findOp("cast")!, [x.square()], { dtype: "float64" })[0]!.add(1), tensor([1, 2], "float64"));
  assert.deepEqual(opsOf(g), ["square", "cast", "add"]);
  g.optimize(simplify);
  assert.deepEqual(opsOf(g), ["square", "add"]);
  assert.deepEqual(g.run({ arg0: tensor([3, 4], "float64") })[0]!.arraySync(), [10, 17]);
});

test("softmax of a value whose logSoftmax the graph has becomes its exp; other axes, or no logSoftmax, keep softmax", () => {
  const z0 = tensor([[1, 2, 3], [-1, 0, 4]]);
  const g = traced((z: Tensor) => [logSoftmax(z, 1).mul(2), softmax(z, 1).add(1)], z0);
  const before = g.run({ arg0: z0 });
  const report = g.optimize(simplify);
  assert.equal(report.passes[0]!.did, "applied 1 rule (softmax(z) → exp(logSoftmax(z)))");
  assert.deepEqual(opsOf(g), ["logSoftmax", "mul", "exp", "add"]);
  assertClose(g.run({ arg0: z0 }), before, 1e-6);
  for (const other of [(z: Tensor) => [logSoftmax(z, 0), softmax(z, 1)], (z: Tensor) => [softmax(z, 1), z.exp()]]) {
    const h = traced(other, z0);
    h.optimize(simplify);
    assert.ok(opsOf(h).includes("softmax"), opsOf(h).join(" "));
  }
});

test("the cross-entropy gradient of a compiled step reads exp(logSoftmax) in place of a second softmax", () => {
  const z0 = tensor([[1, 2, 3], [-1, 0, 4]]);
  const loss = (z: Tensor) => mean(logSoftmax(z, 1).mul(tensor([[0, 0, 1], [1, 0, 0]])).sum(1).neg());
  const g = traced((z: Tensor) => {
    const { value, grad } = valueAndGrad(loss)(z);
    return [value, grad];
  }, z0);
  const before = g.run({ arg0: z0 });
  assert.ok(opsOf(g).includes("softmax"));
  g.optimize(simplify);
  assert.ok(!opsOf(g).includes("softmax"), opsOf(g).join(" "));
  assertClose(g.run({ arg0: z0 }), before, 1e-6);
});
