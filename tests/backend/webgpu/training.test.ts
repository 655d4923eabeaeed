// Training on the GPU: fit gives the CPU's history within float32 tolerance, compiled and
// eager, with no synchronous read on the way.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { CPU, gpuReady } from "./gpu.js";
import { trainOn } from "../../helpers/backend-training.js";

let ready = false;
before(async () => {
  ready = await gpuReady();
});


for (const runEagerly of [false, true]) {
  test(`fit on webgpu matches the CPU's history (${runEagerly ? "eager" : "compiled"} steps)`, async (t) => {
    if (!ready) return t.skip("no WebGPU adapter (set CI=1 to make this a failure)");
    const cpu = await trainOn(CPU, runEagerly);
    const gpu = await trainOn("webgpu", runEagerly);
    for (const key of ["loss", "accuracy", "val_loss", "val_accuracy"]) {
      assert.equal(gpu[key]!.length, 3, key);
      gpu[key]!.forEach((v, i) => assert.ok(Math.abs(v - cpu[key]![i]!) < 1e-4 * (1 + Math.abs(cpu[key]![i]!)), `${key}[${i}]: GPU ${v}, CPU ${cpu[key]![i]}`));
    }
  });
}
