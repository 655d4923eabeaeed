import { test } from "node:test";
import assert from "node:assert/strict";
import { getBackend, setBackend, tensor } from "../../kernel/src/index.js";
import { HOST_COPY_LIMIT, hostCopyOf, keepHostCopy } from "../../kernel/src/tensor/host-copy.js";
import { asyncOnlyBackend } from "../helpers/async-backend.js";

test("keepHostCopy keeps a copy of few values, none of many", () => {
  const [small, large] = [{}, {}];
  const values = Float32Array.of(0, 1);
  keepHostCopy(small, values);
  values[0] = 5;
  assert.deepEqual([...hostCopyOf(small)!], [0, 1], "a copy: later writes to the array do not change it");
  keepHostCopy(large, new Float32Array(HOST_COPY_LIMIT + 1));
  assert.equal(hostCopyOf(large), undefined);
});

test("tensors made from host values keep a copy on a backend that reads asynchronously only", (t) => {
  const previous = getBackend().name;
  t.after(() => setBackend(previous));
  setBackend("cpu-js");
  assert.equal(hostCopyOf(tensor([1, 2])), undefined, "a synchronous backend reads its own values");
  setBackend(asyncOnlyBackend());
  assert.deepEqual([...hostCopyOf(tensor([1, 2], { dtype: "int32" }))!], [1, 2]);
});
