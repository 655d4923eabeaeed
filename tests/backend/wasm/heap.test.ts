import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Heap, sizeClass, RESERVED_BYTES } from "../../../kernel/src/backend/wasm/heap.js";

const memory = () => new WebAssembly.Memory({ initial: 1, maximum: 1024, shared: true });

test("sizeClass rounds up to 2^k or 1.5·2^k, at least 64 bytes", () => {
  assert.deepEqual([1, 64, 65, 96, 97, 128, 129, 192, 193, 1000].map(sizeClass), [64, 64, 96, 96, 128, 128, 192, 192, 256, 1024]);
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 2 ** 30 }), (bytes) => {
      const size = sizeClass(bytes);
      assert.ok(size >= bytes && size <= Math.max(64, bytes * 1.5 + 1), `${bytes} → ${size}`);
      assert.equal(size % 32, 0);
    }),
  );
});

test("a freed block is handed out again for a request of the same class, and blocks never overlap", () => {
  const heap = new Heap(memory());
  const a = heap.allocate(1000);
  const b = heap.allocate(1000);
  assert.ok(a >= RESERVED_BYTES && b >= a + 1000);
  heap.free(a);
  assert.equal(heap.allocate(900), a, "same class (1024 bytes): reused");
  assert.equal(heap.usedBytes, 2048);
  assert.equal(heap.heldBytes, 2048);
  assert.throws(() => heap.free(12345), /not an allocated block/);
});

test("the heap grows the memory when it runs out, and views follow the new buffer", () => {
  const heap = new Heap(memory());
  const before = heap.f32;
  const ptr = heap.allocate(200_000);
  assert.ok(heap.memory.buffer.byteLength >= ptr + 200_000);
  heap.f32[(ptr + 199_996) / 4] = 3;
  assert.notEqual(heap.f32, before);
  assert.equal(heap.f32[(ptr + 199_996) / 4], 3);
});

test("a loop that allocates and frees the same sizes holds the same bytes after its first pass (property)", () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: 1, maxLength: 20 }), (sizes) => {
      const heap = new Heap(memory());
      const pass = () => sizes.map((s) => heap.allocate(s)).forEach((p) => heap.free(p));
      pass();
      const held = heap.heldBytes;
      for (let i = 0; i < 5; i++) pass();
      assert.equal(heap.heldBytes, held);
      assert.equal(heap.usedBytes, 0);
    }),
    { numRuns: 30 },
  );
});

test("a heap that cannot grow further says so, names the sizes and stays usable", () => {
  const heap = new Heap(new WebAssembly.Memory({ initial: 1, maximum: 2, shared: true }));
  assert.throws(() => heap.allocate(200_000), /the "cpu" backend cannot allocate 200000 more bytes: its WebAssembly memory holds 0 MiB/);
  assert.equal(heap.heldBytes, 0);
  assert.equal(heap.usedBytes, 0);
  assert.ok(heap.allocate(1000) >= RESERVED_BYTES);
});
