// A synchronous backend with no kernels of its own: every op runs on its fallback, cpu-js.
// Graph passes that rewrite into ops only some backends have kernels for skip it.
import { registerBackend, listBackends } from "../../kernel/src/index.js";
import { CpuBackend } from "../../kernel/src/backend/cpu/cpu-backend.js";

export const KERNELLESS = "test-kernelless";

class KernellessBackend extends CpuBackend {
  override readonly name = KERNELLESS;
  readonly fallback = "cpu-js";
}

if (!listBackends().includes(KERNELLESS)) registerBackend(KERNELLESS, () => new KernellessBackend());
