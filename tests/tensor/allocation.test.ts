import { test } from "node:test";
import assert from "node:assert/strict";
import { totalmem } from "node:os";
import { zeros, ones, full, eye, randomNormal, tensor, GradbookError } from "../../kernel/src/index.js";
import { MemoryError, allocateFor, checkAllocation } from "../../kernel/src/tensor/allocation.js";

const refused = (f: () => unknown, op: string) =>
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof MemoryError && e instanceof GradbookError, String(e));
    assert.match(e.message, new RegExp(`^${op}: a float32 tensor of shape \\[100000, 100000\\] needs 40 GB \\(40,000,000,000 bytes\\)`));
    assert.match(e.message, /this machine has [\d.]+ [KMGT]?B of memory, [\d.]+ [KMGT]?B of it free/);
    assert.match(e.message, /allocation\.test\.ts:\d+/, "the user's line");
    return true;
  });

test("a tensor too big for memory is refused with the op, the bytes asked for and the memory there is", () => {
  refused(() => zeros([100000, 100000]), "zeros");
  refused(() => ones([100000, 100000]), "ones");
  refused(() => full([100000, 100000], 3), "full");
  refused(() => eye(100000), "eye");
  refused(() => randomNormal([100000, 100000]), "randomNormal");
  refused(() => tensor([1]).reshape([1, 1]).tile([100000, 100000]), "tile");
});

test("the limit is the machine's memory as well as one typed array's length", () => {
  const elements = Math.ceil(totalmem() / 8) + 1; // float64: one element more than the machine holds
  if (elements <= 2 ** 32) assert.throws(() => checkAllocation("zeros", [elements], "float64"), /more than the machine's memory/);
  assert.throws(() => checkAllocation("zeros", [2 ** 32 + 1], "bool"), /more than the 4,294,967,296 elements one tensor can hold/);
  assert.deepEqual([...allocateFor("ones", [2, 2], "int32")], [0, 0, 0, 0]);
});
