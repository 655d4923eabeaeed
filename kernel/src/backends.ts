// Wires the backends that ship with gradbook. tensor/ knows only the Backend interface;
// each backend folder registers its kernels when imported, and its factory here.
import { getBackend, listBackends, registerBackend, setBackend } from "./tensor/engine.js";
import { GradbookError } from "./tensor/errors.js";
import { message } from "./locale/messages.js";
import { CpuBackend, CPU_JS } from "./backend/cpu/index.js";
import { WasmBackend, WASM_CPU, kernelsAvailable } from "./backend/wasm/index.js";
import { GpuUnavailable, openGpu, WebGpuBackend, WEBGPU } from "./backend/webgpu/index.js";

// The first one registered is the default: the WebAssembly SIMD backend where this runtime
// runs it (ops it has no kernel for fall back to cpu-js), else the JavaScript reference.
if (kernelsAvailable()) registerBackend(WASM_CPU, () => new WasmBackend());
registerBackend(CPU_JS, () => new CpuBackend());

// The GPU opens asynchronously, so "webgpu" becomes usable through useWebGpu().
registerBackend(WEBGPU, () => {
  throw new GradbookError('the webgpu backend opens the GPU asynchronously: run `await useWebGpu()` (it names the GPU it found, or says why it stays on the CPU)');
});

/** The CPU backend to fall back to: the WebAssembly one where it loaded, else JavaScript's. */
const cpuBackend = () => (listBackends().includes(WASM_CPU) ? WASM_CPU : CPU_JS);

// Notices go to stdout: a cell's stderr fails it under nbgrader.
const notice = (line: string) => process.stdout.write(`gradbook: ${line}\n`);

let gpuBackend: WebGpuBackend | undefined;

/**
 * Opens the GPU and makes "webgpu" the active backend, printing one line naming the adapter.
 * Without an adapter it stays on the CPU and says why (it never throws for that); if the
 * device is lost later, new ops run on the CPU and a line says so.
 * @example if (await useWebGpu()) console.log(await matmul(a, b).data());
 */
export async function useWebGpu(): Promise<boolean> {
  if (gpuBackend && !gpuBackend.lost) {
    setBackend(WEBGPU);
    return true;
  }
  try {
    const gpu = await openGpu((reason) => {
      const lost = gpuBackend;
      if (!lost || lost.runtime.gpu !== gpu || lost.lost) return;
      lost.lost = reason;
      if (getBackend() === lost) setBackend(cpuBackend());
      notice(message("webgpuFellBack", { reason, backend: cpuBackend() }));
    });
    const backend = new WebGpuBackend(gpu);
    gpuBackend = backend;
    registerBackend(WEBGPU, () => backend);
    setBackend(WEBGPU);
    notice(message(gpu.subgroups ? "webgpuOnSubgroups" : "webgpuOn", { adapter: gpu.adapterName }));
    return true;
  } catch (error) {
    if (!(error instanceof GpuUnavailable)) throw error;
    notice(message("webgpuUnavailable", { reason: error.message, backend: cpuBackend() }));
    return false;
  }
}
