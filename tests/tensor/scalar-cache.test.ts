import { test } from "node:test";
import assert from "node:assert/strict";
import type { Backend } from "../../kernel/src/backend/backend.js";
import { Storage } from "../../kernel/src/tensor/memory.js";
import { SCALAR_CACHE_LIMIT, sharedScalarStorage } from "../../kernel/src/tensor/scalar-cache.js";
import type { DType, TypedArray } from "../../kernel/src/tensor/dtype.js";

/** A backend that only counts what it is asked to upload and release. */
function countingBackend() {
  const log = { writes: 0, released: [] as number[] };
  const backend = {
    name: "counting",
    canReadSync: false,
    write: (values: TypedArray) => ({ value: values[0], id: log.writes++ }),
    readSync: () => assert.fail("no reads"),
    read: async () => assert.fail("no reads"),
    release: (dataId: { id: number }) => void log.released.push(dataId.id),
    supportsDType: () => true,
  } as unknown as Backend;
  const storageOf = (values: TypedArray, dtype: DType) => sharedScalarStorage(backend, values, dtype, () => new Storage(backend, backend.write(values, dtype), 4));
  return { log, storageOf };
}

test("one upload per value and dtype: equal values share a storage, others (−0, another NaN, another dtype) do not", () => {
  const { log, storageOf } = countingBackend();
  const one = storageOf(Float32Array.of(1), "float32");
  assert.equal(storageOf(Float32Array.of(1), "float32"), one);
  assert.equal(log.writes, 1);
  const distinct = [
    storageOf(Int32Array.of(1), "int32"),
    storageOf(Float32Array.of(0), "float32"),
    storageOf(Float32Array.of(-0), "float32"),
    storageOf(Float32Array.of(NaN), "float32"),
    storageOf(new Float32Array(Uint32Array.of(0x7fc00001).buffer), "float32"),
  ];
  assert.equal(new Set([one, ...distinct]).size, 6);
  assert.equal(log.writes, 6);
});

test("the cache holds its own reference: a tensor's release never frees a cached value; when full, the least recently used goes", () => {
  const { log, storageOf } = countingBackend();
  const disposed = storageOf(Float32Array.of(0.5), "float32").retain(); // a tensor holding the value (id 0)
  disposed.release(); // ... disposed: the cache still holds it
  assert.deepEqual(log.released, []);
  const held = storageOf(Float32Array.of(2), "float32").retain(); // id 1, still held by a tensor
  for (let i = 2; i < SCALAR_CACHE_LIMIT; i++) storageOf(Float32Array.of(100 + i), "float32"); // full now
  assert.equal(storageOf(Float32Array.of(0.5), "float32"), disposed, "a hit makes 0.5 the most recently used");
  storageOf(Float32Array.of(-1), "float32"); // evicts the oldest: 2, still held by its tensor
  storageOf(Float32Array.of(-2), "float32"); // evicts 102, held by nobody: freed
  assert.deepEqual(log.released, [2]);
  held.release();
  assert.deepEqual(log.released, [2, 1], "the tensor holding 2 frees it");
  assert.equal(storageOf(Float32Array.of(0.5), "float32"), disposed, "0.5 was used recently: still cached");
  assert.notEqual(storageOf(Float32Array.of(2), "float32"), held, "an evicted value is uploaded again");
});
