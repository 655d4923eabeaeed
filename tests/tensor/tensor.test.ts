import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, registerBackend, setBackend, getBackend, GradbookError, type DType, type TypedArray } from "../../kernel/src/index.js";
import type { Backend, DataId } from "../../kernel/src/backend/backend.js";

test("shape, rank, size and dtype describe the tensor", () => {
  const t = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(t.shape, [2, 3]);
  assert.equal(t.rank, 2);
  assert.equal(t.size, 6);
  assert.equal(t.dtype, "float32");
  const s = tensor(7);
  assert.deepEqual([s.shape, s.rank, s.size], [[], 0, 1]);
});

test("the shape is frozen: writing to it throws in strict code and changes nothing in sloppy code", () => {
  const dims = [2, 3];
  const t = tensor(new Float32Array(6), { shape: dims });
  const made = t.add(1).reshape([3, 2]);
  for (const x of [t, made, tensor(5)]) {
    assert.ok(Object.isFrozen(x.shape));
    // ES modules are strict: the write throws.
    assert.throws(() => {
      (x.shape as number[])[0] = 5;
    }, TypeError);
    assert.throws(() => (x.shape as number[]).push(1), TypeError);
  }
  // Sloppy-mode code (a plain script, as some students write) is silently ignored.
  const sloppyWrite = new Function("t", "t.shape[0] = 5; return t.shape[0];") as (x: unknown) => number;
  assert.equal(sloppyWrite(t), 2);
  assert.deepEqual([t.shape, t.size, t.arraySync()], [[2, 3], 6, [[0, 0, 0], [0, 0, 0]]]);
  // The array the caller passed is copied, not frozen under them, and later writes to it do not leak in.
  dims[0] = 7;
  assert.ok(!Object.isFrozen(dims));
  assert.deepEqual(t.shape, [2, 3]);
});

test("name is a writable label (the values and shape are not)", () => {
  const t = tensor([1, 2]);
  assert.equal(t.name, undefined);
  t.name = "x";
  assert.equal(t.name, "x");
});

test("await data() and await array() read every dtype; they return copies", async () => {
  const f = tensor([[1.5, -2], [3, 4]]);
  const data = await f.data();
  assert.ok(data instanceof Float32Array);
  assert.deepEqual([...data], [1.5, -2, 3, 4]);
  data[0] = 99;
  assert.deepEqual(await f.array(), [[1.5, -2], [3, 4]], "writing into the copy does not change the tensor");
  assert.deepEqual(await tensor([true, false]).array(), [true, false]);
  assert.ok((await tensor([1, 2], "int32").data()) instanceof Int32Array);
  assert.ok((await tensor([1, 2], "float64").data()) instanceof Float64Array);
  assert.equal(await tensor(3).array(), 3);
  assert.deepEqual(await tensor([]).array(), []);
});

test("dataSync and arraySync agree with the async readers on the CPU", async () => {
  const t = tensor([[[1], [2]], [[3], [4]]], "int32");
  assert.deepEqual(t.arraySync(), await t.array());
  assert.deepEqual([...t.dataSync()], [...(await t.data())]);
  assert.equal(tensor([2.5]).item(), 2.5);
});

/** A backend that can only read asynchronously, as the WebGPU one. */
class AsyncOnlyBackend implements Backend {
  readonly name = "async-only";
  readonly canReadSync = false;
  write(values: TypedArray, _dtype: DType): DataId {
    return { values };
  }
  readSync(): TypedArray {
    throw new Error("readSync must not be called when canReadSync is false");
  }
  read(dataId: DataId): Promise<TypedArray> {
    return Promise.resolve((dataId as { values: TypedArray }).values);
  }
  release(): void {}
  supportsDType(): boolean {
    return true;
  }
}

test("on a backend without synchronous reads, dataSync/arraySync/item say to use await t.data()", async () => {
  registerBackend("async-only", () => new AsyncOnlyBackend());
  const previous = getBackend().name;
  setBackend("async-only");
  try {
    const t = tensor([[1, 2], [3, 4]]);
    const says = (e: unknown) => e instanceof GradbookError && /dataSync: the async-only backend reads asynchronously; use `await t\.data\(\)`/.test((e as Error).message);
    assert.throws(() => t.dataSync(), says);
    assert.throws(() => t.arraySync(), says);
    assert.throws(() => tensor([5]).item(), says);
    assert.deepEqual(await t.array(), [[1, 2], [3, 4]]);
    assert.deepEqual([...(await t.data())], [1, 2, 3, 4]);
    assert.throws(() => t.add(1), (e: unknown) => e instanceof GradbookError && /add: no kernel for the async-only backend; run it on another backend with setBackend\("cpu"\)/.test((e as Error).message));
  } finally {
    setBackend(previous);
  }
  assert.equal(getBackend().name, previous);
});

test("an unknown backend name lists the available ones", () => {
  assert.throws(() => setBackend("webgl"), (e: unknown) => e instanceof GradbookError && /unknown backend "webgl"; available: cpu/.test((e as Error).message));
});
