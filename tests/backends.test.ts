// GRADBOOK_BACKEND's values on the CPU (the GPU ones: tests/backend/webgpu/auto.test.ts).
import { test, afterEach } from "node:test";
import assert from "node:assert/strict";
import { BACKEND_SETTINGS, getBackend, listBackends, setBackend, useBackendSetting } from "../kernel/src/index.js";
import { printedBy } from "./helpers/printed.js";

const initial = getBackend().name;
afterEach(() => setBackend(initial));

test("GRADBOOK_BACKEND=cpu and cpu-js pick those backends silently; unset or empty keeps the default", async () => {
  assert.deepEqual(await printedBy(() => useBackendSetting("cpu-js")), ["cpu-js", ""]);
  assert.equal(getBackend().name, "cpu-js");
  const cpu = listBackends().includes("cpu") ? "cpu" : "cpu-js";
  assert.deepEqual(await printedBy(() => useBackendSetting(" CPU ")), [cpu, ""]);
  setBackend("cpu-js");
  assert.deepEqual(await printedBy(() => useBackendSetting(undefined)), ["cpu-js", ""]);
  assert.deepEqual(await printedBy(() => useBackendSetting("")), ["cpu-js", ""]);
});

test("an unknown GRADBOOK_BACKEND prints one line naming the valid values and keeps the backend, without throwing", async () => {
  const [backend, printed] = await printedBy(() => useBackendSetting("gpu"));
  assert.equal(backend, initial);
  assert.equal(getBackend().name, initial);
  assert.equal(printed, `gradbook: GRADBOOK_BACKEND=gpu is not a backend setting (valid: ${BACKEND_SETTINGS.join(", ")}); using the ${initial} backend\n`);
  assert.deepEqual([...BACKEND_SETTINGS], ["auto", "webgpu", "cpu", "cpu-js"]);
});
