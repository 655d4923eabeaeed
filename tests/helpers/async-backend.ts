// A backend whose values can only be read with `await` (as on a GPU), for tests of code
// paths that must not read synchronously: the JavaScript kernels behind an async-only interface.
import { registerBackend, registerKernel, listBackends } from "../../kernel/src/index.js";
import { CpuBackend } from "../../kernel/src/backend/cpu/index.js";
import { findKernel, kernelNames } from "../../kernel/src/backend/backend.js";

/** The JavaScript kernels behind an async-only interface: any synchronous read throws. */
class AsyncOnlyCpu extends CpuBackend {
  override readonly name = "test-async-cpu";
  override readonly canReadSync = false;
  override readSync(): never {
    throw new Error("test-async-cpu: a synchronous read on the training path");
  }
  override async read(dataId: object) {
    return super.readSync(dataId);
  }
}

/** Registers the async-only backend (once) and returns its name for setBackend(). */
export function asyncOnlyBackend(): string {
  if (!listBackends().includes("test-async-cpu")) {
    registerBackend("test-async-cpu", () => new AsyncOnlyCpu());
    for (const op of kernelNames("cpu-js")) registerKernel(op, "test-async-cpu", findKernel(op, "cpu-js")!);
  }
  return "test-async-cpu";
}
