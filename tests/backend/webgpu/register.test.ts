import { test } from "node:test";
import assert from "node:assert/strict";
import "../../../kernel/src/index.js"; // registers every CPU and WebGPU kernel
import { kernelNames } from "../../../kernel/src/backend/backend.js";

test("every op with a cpu-js kernel has a WebGPU kernel (an op without one cannot run on webgpu)", () => {
  const gpu = new Set(kernelNames("webgpu"));
  const missing = kernelNames("cpu-js").filter((op) => !gpu.has(op));
  assert.deepEqual(missing, [], "ops without a WebGPU kernel");
});
