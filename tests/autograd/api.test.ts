import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, grad, grads, valueAndGrad, valueAndGrads, variableGrads, gradient, variable, Tensor, GradbookError, randomNormal, debug, tidy } from "../../kernel/src/index.js";
import { assertClose } from "../helpers/gradcheck.js";

test("grad of x³ and its second and third derivatives", () => {
  const f = (x: Tensor) => x.mul(x).mul(x).sum();
  const x = tensor([2, -1], "float64");
  assertClose(grad(f)(x).arraySync(), [12, 3]);
  const second = grad((t) => grad(f)(t).sum());
  assertClose(second(x).arraySync(), [12, -6]);
  const third = grad((t) => second(t).sum());
  assertClose(third(x).arraySync(), [6, 6]);
});

test("grads and valueAndGrads of a function of several tensors", () => {
  const f = (a: Tensor, b: Tensor) => a.mul(b).sum();
  const [da, db] = grads(f)(tensor([1, 2]), tensor([3, 4]));
  assert.deepEqual(da!.arraySync(), [3, 4]);
  assert.deepEqual(db!.arraySync(), [1, 2]);
  const { value, grads: g } = valueAndGrads(f)(tensor([1]), tensor([2]));
  assert.equal(value.item(), 2);
  assert.deepEqual(g.map((t) => t.arraySync()), [[2], [1]]);
});

test("valueAndGrad returns the value of the function and the gradient", () => {
  const { value, grad: g } = valueAndGrad((x) => x.mul(x).sum())(tensor([3, 4]));
  assert.equal(value.item(), 25);
  assert.deepEqual(g.arraySync(), [6, 8]);
});

test("a variable's gradient through the tape-style API, and unused inputs get zeros", () => {
  const w = variable(tensor([1, 2]), { name: "w" });
  const unused = variable(tensor([5]), { name: "unused" });
  const loss = w.mul(w).sum();
  const [dw, du] = gradient(loss, [w, unused]);
  assert.deepEqual(dw!.arraySync(), [2, 4]);
  assert.deepEqual(du!.arraySync(), [0]);
  const { value, grads: g } = variableGrads(() => w.mul(3).sum(), [w]);
  assert.equal(value.item(), 9);
  assert.deepEqual(g[0]!.arraySync(), [3, 3]);
});

test("a tensor used twice accumulates both contributions (diamond graph)", () => {
  const g = grad((x) => {
    const y = x.mul(2);
    return y.mul(y).add(y).sum();
  })(tensor([1], "float64"));
  // d/dx (4x² + 2x) = 8x + 2
  assertClose(g.arraySync(), [10]);
});

test("deep chains do not overflow the stack", () => {
  const g = grad((x) => {
    let y = x;
    for (let i = 0; i < 20000; i++) y = y.add(1e-4);
    return y.sum();
  })(tensor([1]));
  assert.deepEqual(g.arraySync(), [1]);
});

test("differentiating with respect to an int tensor or a non-tensor result is a clear error", () => {
  assert.throws(() => gradient(tensor([1, 2], "int32").sum(), [tensor([1, 2], "int32")]), (e: unknown) => e instanceof GradbookError && /float tensors.*int32/.test(e.message));
  assert.throws(() => grad(() => 3 as unknown as Tensor)(tensor([1])), /must return a tensor/);
});

test("gradient hooks see each gradient once and may replace it", () => {
  const seen: number[][] = [];
  const g = grad((x) => {
    const h = x.mul(3).onGrad((dg) => void seen.push(dg.arraySync() as number[]));
    const doubled = x.mul(1).onGrad((dg) => dg.mul(2));
    return h.sum().add(doubled.sum());
  })(tensor([1, 1]));
  assert.deepEqual(seen, [[1, 1]]);
  assert.deepEqual(g.arraySync(), [5, 5]);
});

test("hooks run on every tensor even when an op passes the same gradient tensor through (add)", () => {
  const calls: string[] = [];
  grad((x) => {
    const h = x.mul(2).onGrad(() => void calls.push("h"));
    const y = h.add(1).onGrad(() => void calls.push("y"));
    return y.sum();
  })(tensor([1, 2]));
  assert.deepEqual(calls, ["y", "h"]);
});

/** The ops `fn` runs, in order (from the debug log of each op run). */
function opsRun(fn: () => void): string[] {
  const lines: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((text: string) => lines.push(text) > 0) as typeof process.stdout.write;
  debug.setLevel(1);
  try {
    tidy(fn);
  } finally {
    debug.setLevel(0);
    process.stdout.write = write;
  }
  return lines.map((line) => line.split(" ")[1]!);
}

test("backprop computes no gradient for an input that leads to no target (matmul's and conv2d's data)", () => {
  const x = tensor([[1, 1]]);
  const w = variable(tensor([[1, 2], [3, 4]]));
  const dense = opsRun(() => void variableGrads(() => x.matmul(w).sum(), [w]));
  assert.equal(dense.filter((op) => op === "matmul").length, 2, `the forward product and dW, not dx: ${dense.join(" ")}`);
  const image = randomNormal([1, 5, 5, 1], { seed: 2 });
  const k = variable(randomNormal([3, 3, 1, 2], { seed: 1 }));
  const conv = opsRun(() => void variableGrads(() => image.conv2d(k).sum(), [k]));
  assert.ok(conv.includes("conv2dBackpropFilter") && !conv.includes("conv2dTranspose"), `dW, not dx: ${conv.join(" ")}`);
  const [dx, dw] = grads((a: Tensor, b: Tensor) => a.matmul(b).sum())(x, tensor([[1, 2], [3, 4]]));
  assert.deepEqual([dx!.arraySync(), dw!.arraySync()], [[[3, 7]], [[1, 1], [1, 1]]], "both when both are targets");
});
