import { test } from "node:test";
import assert from "node:assert/strict";
import { registerKernel, findKernel, kernelNames, type KernelFunc } from "../../kernel/src/backend/backend.js";

const kernel: KernelFunc = () => [];

test("registerKernel / findKernel key kernels by op and backend", () => {
  registerKernel("test.op", "backendA", kernel);
  const other: KernelFunc = () => [];
  registerKernel("test.op", "backendB", other);
  assert.equal(findKernel("test.op", "backendA"), kernel);
  assert.equal(findKernel("test.op", "backendB"), other);
  assert.equal(findKernel("test.op", "backendC"), undefined);
  assert.equal(findKernel("test.other", "backendA"), undefined);
});

test("registering the same op twice for one backend throws and keeps the first kernel", () => {
  registerKernel("test.dup", "backendA", kernel);
  assert.throws(() => registerKernel("test.dup", "backendA", () => []), { message: "kernel test.dup is already registered for backend backendA" });
  assert.equal(findKernel("test.dup", "backendA"), kernel);
});

test("kernelNames lists the ops of one backend only, without the prefix", () => {
  registerKernel("x", "onlyHere", kernel);
  registerKernel("y", "onlyHere", kernel);
  registerKernel("x", "onlyHereToo", kernel);
  assert.deepEqual(kernelNames("onlyHere").sort(), ["x", "y"]);
  assert.deepEqual(kernelNames("onlyHereToo"), ["x"]);
  assert.deepEqual(kernelNames("onlyHer"), [], "a backend whose name is a prefix of another's sees none of its kernels");
  assert.deepEqual(kernelNames("nowhere"), []);
});
