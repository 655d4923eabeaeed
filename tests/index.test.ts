import { test } from "node:test";
import assert from "node:assert/strict";
import * as gradbook from "../kernel/src/index.js";
import { defineOp, registerKernel, runOp, getBackend, grad, tensor, GradbookError, type Tensor } from "../kernel/src/index.js";
import { assertClose } from "./helpers/gradcheck.js";

test("a library author defines an op, registers its kernel and runs it with the public API alone", () => {
  // cube(x) = x³ with its gradient 3x²·dy written in ops, so it can be differentiated again.
  const cubeOp = defineOp<Record<string, never>>({
    name: "test.cube",
    infer: ([x]) => [{ shape: x!.shape, dtype: x!.dtype }],
    grad: ({ dys: [dy], inputs: [x] }) => [dy!.mul(x!.square()).mul(3)],
  });
  const cube = (x: Tensor) => runOp(cubeOp, [x], {})[0]!;
  const backend = getBackend();
  registerKernel("test.cube", backend.name, ([x], _attrs, [out], b) => [b.write(b.readSync(x!.dataId).map((v) => v ** 3), out!.dtype)]);
  const x = tensor([1, -2, 0.5], "float64");
  assertClose(cube(x).arraySync(), [1, -8, 0.125]);
  assert.equal(cube(x).node?.op.name, "test.cube");
  assertClose(grad((t: Tensor) => cube(t).sum())(x).arraySync(), [3, 12, 0.75]);
  assertClose(grad((t: Tensor) => grad((u: Tensor) => cube(u).sum())(t).sum())(x).arraySync(), [6, -12, 3]);
});

test("the 'no kernel' error's advice names functions the library exports", () => {
  const lonely = defineOp<Record<string, never>>({ name: "test.noKernel", infer: ([x]) => [{ shape: x!.shape, dtype: x!.dtype }] });
  let message = "";
  assert.throws(() => runOp(lonely, [tensor([1])], {}), (e: unknown) => e instanceof GradbookError && Boolean((message = e.message)));
  const advised = [...message.matchAll(/(\w+)\(/g)].map((m) => m[1]!);
  assert.ok(advised.includes("registerKernel"), message);
  for (const name of advised) assert.equal(typeof (gradbook as Record<string, unknown>)[name], "function", `${name} is exported`);
});
