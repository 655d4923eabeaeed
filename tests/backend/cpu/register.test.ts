import { test } from "node:test";
import assert from "node:assert/strict";
import "../../../kernel/src/index.js"; // defines every op and registers every CPU kernel
import { findKernel, kernelNames, type TensorInfo } from "../../../kernel/src/backend/backend.js";
import { registerCpuKernel } from "../../../kernel/src/backend/cpu/register.js";
import { CpuBackend, type CpuData } from "../../../kernel/src/backend/cpu/cpu-backend.js";
import { computeOpNames, opNames } from "../../../kernel/src/tensor/op.js";

test("every defined op has a CPU kernel, and every CPU kernel belongs to a defined op", () => {
  const ops = computeOpNames();
  assert.ok(opNames().includes("readVariable") && !ops.includes("readVariable"), "source ops (variable reads) need no kernel");
  const kernels = new Set(kernelNames("cpu-js"));
  assert.ok(ops.length > 50, `found ${ops.length} ops`);
  assert.deepEqual(ops.filter((op) => !kernels.has(op)), [], "ops without a CPU kernel");
  assert.deepEqual([...kernels].filter((k) => !ops.includes(k)), [], "CPU kernels without an op");
});

test("registerCpuKernel adapts a typed-array kernel: new arrays are written, input arrays are shared", () => {
  const backend = new CpuBackend();
  const x: TensorInfo = { dataId: backend.write(new Float32Array([1, 2, 3])), shape: [3], dtype: "float32" };
  registerCpuKernel("test.double", ([a]) => a!.values.map((v) => 2 * v));
  registerCpuKernel("test.same", ([a]) => a!.values);
  registerCpuKernel("test.two", ([a]) => [a!.values, Int32Array.from(a!.values)]);
  const out = [{ shape: [3], dtype: "float32" as const }];

  const [doubled] = findKernel("test.double", "cpu-js")!([x], {}, out, backend);
  assert.notEqual(doubled, x.dataId);
  assert.deepEqual([...backend.readSync(doubled!)], [2, 4, 6]);

  const [same] = findKernel("test.same", "cpu-js")!([x], {}, out, backend);
  assert.equal(same, x.dataId, "returning the input's array returns the input's DataId");

  const [first, second] = findKernel("test.two", "cpu-js")!([x], {}, [out[0]!, { shape: [3], dtype: "int32" }], backend);
  assert.equal(first, x.dataId);
  assert.ok((second as CpuData).values instanceof Int32Array);
  assert.deepEqual([...(second as CpuData).values], [1, 2, 3]);
});

test("registerCpuKernel passes the shapes, dtypes, attrs and output infos through", () => {
  const backend = new CpuBackend();
  let seen: unknown;
  registerCpuKernel<{ k: number }>("test.inspect", (inputs, attrs, outputs) => {
    seen = { shapes: inputs.map((t) => t.shape), dtypes: inputs.map((t) => t.dtype), attrs, outputs };
    return new Float64Array(1);
  });
  const a: TensorInfo = { dataId: backend.write(new Int32Array([1, 2])), shape: [2, 1], dtype: "int32" };
  const b: TensorInfo = { dataId: backend.write(new Uint8Array([1])), shape: [], dtype: "bool" };
  findKernel("test.inspect", "cpu-js")!([a, b], { k: 3 }, [{ shape: [], dtype: "float64" }], backend);
  assert.deepEqual(seen, { shapes: [[2, 1], []], dtypes: ["int32", "bool"], attrs: { k: 3 }, outputs: [{ shape: [], dtype: "float64" }] });
  assert.throws(() => registerCpuKernel("test.inspect", () => new Float32Array(0)), /kernel test\.inspect is already registered for backend cpu/);
});
