// The training path never reads values synchronously: fit runs on a backend whose values can
// only be read with `await` (as on a GPU) and gives the same history as on the CPU.
import { test } from "node:test";
import assert from "node:assert/strict";
import { setBackend, getBackend, tensor } from "../../kernel/src/index.js";
import { trainOn } from "../helpers/backend-training.js";
import { asyncOnlyBackend } from "../helpers/async-backend.js";

const ASYNC_ONLY = asyncOnlyBackend();

test("fit on an async-only backend reads nothing synchronously and matches the CPU's history (compiled and eager steps)", async () => {
  for (const runEagerly of [false, true]) {
    const cpu = await trainOn("cpu-js", runEagerly);
    const asyncOnly = await trainOn(ASYNC_ONLY, runEagerly);
    for (const key of ["loss", "accuracy", "val_loss", "val_accuracy"]) {
      assert.equal(asyncOnly[key]!.length, 3, `${key} (runEagerly ${runEagerly})`);
      asyncOnly[key]!.forEach((v, i) => assert.ok(Math.abs(v - cpu[key]![i]!) < 1e-6, `${key}[${i}] (runEagerly ${runEagerly}): ${v} vs ${cpu[key]![i]}`));
    }
  }
});

test("on an async-only backend, item() says to await data()", async () => {
  const previous = getBackend().name;
  setBackend(ASYNC_ONLY);
  try {
    const t = tensor([1.5]);
    assert.throws(() => t.item(), /reads asynchronously; use `await t.data\(\)`/);
    assert.deepEqual([...(await t.data())], [1.5]);
  } finally {
    setBackend(previous);
  }
});
