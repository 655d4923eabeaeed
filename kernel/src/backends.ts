// Wires the backends that ship with gradbook. tensor/ knows only the Backend interface;
// each backend folder registers its kernels when imported, and its factory here.
import { getBackend, listBackends, registerBackend, setBackend } from "./tensor/engine.js";
import { GradbookError } from "./tensor/errors.js";
import { message } from "./locale/messages.js";
import { CpuBackend, CPU_JS } from "./backend/cpu/index.js";
import { WasmBackend, WASM_CPU, kernelsAvailable } from "./backend/wasm/index.js";
import { GpuUnavailable, openGpu, requireHardware, WebGpuBackend, WEBGPU } from "./backend/webgpu/index.js";
import type { AdapterInfo } from "./backend/webgpu/adapter.js";

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

/** How `useWebGpu` chooses. */
export interface UseWebGpuOptions {
  /** Open only a hardware GPU: on a software adapter (lavapipe, SwiftShader) stay on the CPU and say why. */
  hardwareOnly?: boolean;
  /** How to tell a software adapter (default `isSoftwareAdapter`): a seam for tests and unusual drivers. */
  isSoftware?: (info: AdapterInfo) => boolean;
}

/**
 * Opens the GPU and makes "webgpu" the active backend, printing one line naming the adapter.
 * Without an adapter (or, with `hardwareOnly`, without a hardware one) it stays on the CPU and
 * says why (it never throws for that); if the device is lost later, new ops run on the CPU
 * and a line says so.
 * @example if (await useWebGpu()) console.log(await matmul(a, b).data());
 */
export async function useWebGpu(options: UseWebGpuOptions = {}): Promise<boolean> {
  try {
    if (gpuBackend && !gpuBackend.lost) {
      requireHardware(gpuBackend.runtime.gpu.info, options);
      setBackend(WEBGPU);
      return true;
    }
    const gpu = await openGpu((reason) => {
      const lost = gpuBackend;
      if (!lost || lost.runtime.gpu !== gpu || lost.lost) return;
      lost.lost = reason;
      if (getBackend() === lost) setBackend(cpuBackend());
      notice(message("webgpuFellBack", { reason, backend: cpuBackend() }));
    }, options);
    const backend = new WebGpuBackend(gpu);
    gpuBackend = backend;
    registerBackend(WEBGPU, () => backend);
    setBackend(WEBGPU);
    notice(message(gpu.subgroups ? "webgpuOnSubgroups" : "webgpuOn", { adapter: gpu.adapterName }));
    return true;
  } catch (error) {
    if (!(error instanceof GpuUnavailable)) throw error;
    const backend = getBackend().name === WEBGPU ? cpuBackend() : getBackend().name;
    setBackend(backend);
    notice(message("webgpuUnavailable", { reason: error.message, backend }));
    return false;
  }
}

/**
 * Automatic choice: the GPU where a hardware adapter exists, else the CPU backend, with one
 * line naming the adapter it found and why it chose. Returns the active backend's name.
 * @example await useBestBackend() // "webgpu" on a laptop's GPU; "cpu" on lavapipe or without a GPU
 */
export async function useBestBackend(options: Omit<UseWebGpuOptions, "hardwareOnly"> = {}): Promise<string> {
  await useWebGpu({ ...options, hardwareOnly: true });
  return getBackend().name;
}

/** The values GRADBOOK_BACKEND may take (unset or empty: the CPU backend, the default). */
export const BACKEND_SETTINGS = ["auto", "webgpu", "cpu", "cpu-js"] as const;

/**
 * Applies a backend setting (the Jupyter kernel passes GRADBOOK_BACKEND at start-up): "auto"
 * (useBestBackend), "webgpu" (useWebGpu), "cpu" or "cpu-js"; unset or empty keeps the
 * default. An unknown value prints a line naming the valid ones and keeps the default:
 * a typo in a setting must not stop a notebook. Returns the active backend's name.
 * @example await useBackendSetting(process.env.GRADBOOK_BACKEND) // "cpu"
 */
export async function useBackendSetting(setting: string | undefined): Promise<string> {
  const value = (setting ?? "").trim().toLowerCase();
  if (value === "auto") return useBestBackend();
  if (value === "webgpu") await useWebGpu();
  else if (value === "cpu") setBackend(cpuBackend());
  else if (value === CPU_JS) setBackend(CPU_JS);
  else if (value !== "") notice(message("backendSettingUnknown", { value: setting!, valid: BACKEND_SETTINGS.join(", "), backend: getBackend().name }));
  return getBackend().name;
}
