import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, memory, setBackend, getBackend, registerBackend, GradbookError, NumericsError, log } from "../../kernel/src/index.js";
import { runOp, nameScope, debug, detach, tensorFromValues } from "../../kernel/src/tensor/engine.js";
import { defineOp } from "../../kernel/src/tensor/op.js";
import { registerKernel } from "../../kernel/src/backend/backend.js";
import { registerCpuKernel } from "../../kernel/src/backend/cpu/register.js";
import { CpuBackend } from "../../kernel/src/backend/cpu/index.js";

// These tests are about the engine itself over the JavaScript reference backend, which is
// where their test ops have kernels (the default "cpu" backend would run them as fallbacks).
setBackend("cpu-js");

const sameShape = ([x]: readonly { shape: readonly number[]; dtype: "float32" | "float64" | "int32" | "bool" }[]) => [{ shape: x!.shape, dtype: x!.dtype }];

// An alias op (like reshape on the CPU): the kernel hands back the input's own array.
const aliasOp = defineOp<Record<string, never>>({ name: "test.alias", infer: sameShape });
registerCpuKernel("test.alias", ([x]) => x!.values);
// A copying op: the kernel returns a new array.
const copyOp = defineOp<Record<string, never>>({ name: "test.copy", infer: sameShape });
registerCpuKernel("test.copy", ([x]) => x!.values.slice());
// An op without any kernel.
const kernellessOp = defineOp<Record<string, never>>({ name: "test.kernelless", infer: sameShape });

test("runOp shares the input's storage when the kernel returns the input's array", () => {
  const x = tensor([1, 2, 3]);
  const buffers = memory().numBuffers;
  const [y] = runOp(aliasOp, [x], {});
  assert.equal(y!.dataId, x.dataId, "same backend memory");
  assert.equal(memory().numBuffers, buffers, "no new buffer");
  assert.equal(y!.node?.op, aliasOp);
  assert.deepEqual(y!.node?.inputs, [x]);
  // The storage is reference counted: the alias outlives the original.
  x.dispose();
  assert.deepEqual(y!.arraySync(), [1, 2, 3]);
  assert.equal(memory().numBuffers, buffers);
  y!.dispose();
  assert.equal(memory().numBuffers, buffers - 1);
});

test("runOp gives a new storage when the kernel returns a new array", () => {
  const x = tensor([4, 5]);
  const buffers = memory().numBuffers;
  const [y] = runOp(copyOp, [x], {});
  assert.notEqual(y!.dataId, x.dataId);
  assert.equal(memory().numBuffers, buffers + 1);
  x.dispose();
  assert.deepEqual(y!.arraySync(), [4, 5]);
  y!.dispose();
  assert.equal(memory().numBuffers, buffers - 1);
});

test("runOp refuses disposed inputs and ops without a kernel, naming the op", () => {
  const x = tensor([1, 2]);
  assert.throws(() => runOp(kernellessOp, [x], {}), (e: unknown) => e instanceof GradbookError && e.message.startsWith('test.kernelless: no kernel for the cpu-js backend; no backend has a kernel for it, or register one with registerKernel("test.kernelless", "cpu-js", kernel)'));
  x.dispose();
  assert.throws(() => runOp(copyOp, [x], {}), (e: unknown) => e instanceof GradbookError && e.message.startsWith("test.copy: an input tensor was already disposed (shape [2])"));
});

test("detach shares memory without a node; tensorFromValues wraps data as a leaf", () => {
  const x = tensor([1, 2]).mul(3);
  const d = detach(x);
  assert.equal(d.dataId, x.dataId);
  assert.equal(d.node, null);
  assert.ok(x.node !== null);
  const t = tensorFromValues(new Int32Array([7, 8, 9, 10]), [2, 2], "int32");
  assert.deepEqual(t.arraySync(), [[7, 8], [9, 10]]);
  assert.equal(t.dtype, "int32");
});

test("nameScope labels ops with the nested scope path and restores the outer scope (also after a throw)", () => {
  const x = tensor([1, 2]);
  const outside = x.add(1);
  assert.deepEqual(outside.node?.scope, []);
  const { a, b, c } = nameScope("outer", () => {
    const a = x.mul(2);
    const b = nameScope("inner", () => x.sub(1));
    const c = x.neg();
    return { a, b, c };
  });
  assert.deepEqual(a.node?.scope, ["outer"]);
  assert.deepEqual(b.node?.scope, ["outer", "inner"]);
  assert.deepEqual(c.node?.scope, ["outer"], "leaving the inner scope restores the outer one");
  assert.equal(nameScope("s", () => 42), 42, "returns fn's value");
  assert.throws(() => nameScope("failing", () => { throw new Error("inside"); }), /inside/);
  assert.deepEqual(x.add(2).node?.scope, [], "the scope is restored after a throw");
});

test("debug level 1 prints each op with its shapes and time to stdout, nothing to stderr", () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  const y = tensor([1, 2, 3]);
  const out: string[] = [];
  const err: string[] = [];
  const writeOut = process.stdout.write;
  const writeErr = process.stderr.write;
  process.stdout.write = ((chunk: string | Uint8Array) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => (err.push(String(chunk)), true)) as typeof process.stderr.write;
  try {
    debug.setLevel(1);
    x.add(y);
    debug.setLevel(0);
    x.add(y);
  } finally {
    debug.setLevel(0);
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
  }
  assert.equal(out.length, 1, `one line for the one op run at level 1: ${JSON.stringify(out)}`);
  assert.match(out[0]!, /^\[gradbook\] add \[2, 3\] \[3\] -> \[2, 3\] on cpu-js \d+\.\d{3} ms\n$/);
  assert.deepEqual(err, []);
});

test("checkNumerics names the first op that produced a non-finite value", () => {
  debug.checkNumerics(true);
  try {
    assert.throws(() => log(tensor([1, 0])), (e: unknown) => e instanceof NumericsError && e.message.startsWith("log produced -Infinity at flat index 1 of its output (shape [2])"));
    assert.doesNotThrow(() => tensor([true, false]).cast("int32"));
  } finally {
    debug.checkNumerics(false);
  }
  assert.doesNotThrow(() => log(tensor([0])));
});

test("backends: unknown names list the available ones; registered ones are created once", () => {
  assert.equal(getBackend().name, "cpu-js");
  assert.throws(() => setBackend("nope"), (e: unknown) => e instanceof GradbookError && /unknown backend "nope"; available: cpu/.test(e.message));
  assert.equal(getBackend().name, "cpu-js", "a failed setBackend leaves the active one");
  const original = getBackend();
  let made = 0;
  registerBackend("cpu-copy", () => (made++, new CpuBackend()));
  try {
    setBackend("cpu-copy");
    const copy = getBackend();
    assert.notEqual(copy, original);
    setBackend("cpu-js");
    assert.equal(getBackend(), original);
    setBackend("cpu-copy");
    assert.equal(getBackend(), copy, "the instance is reused");
    assert.equal(made, 1);
  } finally {
    setBackend("cpu-js");
  }
});

/** A synchronous backend with its own storage that has one kernel and falls back to cpu-js for the rest. */
class PartialBackend {
  readonly name = "test-partial";
  readonly canReadSync = true;
  readonly fallback = "cpu-js";
  write(values: Float32Array) {
    return { held: values.slice() };
  }
  readSync(dataId: object) {
    return (dataId as { held: Float32Array }).held.slice();
  }
  async read(dataId: object) {
    return this.readSync(dataId);
  }
  release(dataId: object) {
    (dataId as { held: Float32Array | null }).held = null;
  }
  supportsDType(dtype: string) {
    return dtype === "float32";
  }
}
registerBackend("test-partial", () => new PartialBackend() as never);
registerKernel("test.copy", "test-partial", ([x], _attrs, _outputs, backend) => [backend.write(new Float32Array((x!.dataId as { held: Float32Array }).held), "float32")]);

test("an op without a kernel on the active backend runs on its fallback backend, counted, and its result lives on the active one", () => {
  const previous = getBackend().name;
  setBackend("test-partial");
  try {
    const x = tensor([1, 2, 3]);
    assert.equal(x.backend?.name, "test-partial");
    const before = memory().numFallbacks;
    const y = x.add(1).mul(2);
    assert.equal(memory().numFallbacks, before + 2, "add and mul ran on cpu-js");
    assert.equal(y.backend?.name, "test-partial");
    assert.deepEqual(y.arraySync(), [4, 6, 8]);
    const n = memory().numFallbacks;
    runOp(copyOp, [tensor([1], "int32")], {});
    assert.equal(memory().numFallbacks, n + 1, "a dtype the backend does not support runs on the fallback too");
  } finally {
    setBackend(previous);
  }
});

test("a tensor that lives on another synchronous backend is moved to the active one when an op needs it there", () => {
  const x = tensor([5, 6]);
  assert.equal(x.backend?.name, "cpu-js");
  const previous = getBackend().name;
  setBackend("test-partial");
  try {
    const before = memory().numTransfers;
    const [y] = runOp(copyOp, [x], {});
    assert.equal(memory().numTransfers, before + 1);
    assert.equal(x.backend?.name, "test-partial", "moved for good: later uses find it there");
    assert.deepEqual(y!.arraySync(), [5, 6]);
    runOp(copyOp, [x], {});
    assert.equal(memory().numTransfers, before + 1, "no second copy");
  } finally {
    setBackend(previous);
  }
});
