import { getBackend, registerBackend, setBackend } from "../../tensor/engine.js";
import { GpuUnavailable, openGpu } from "./device.js";
import { WebGpuBackend } from "./webgpu-backend.js";

/** The fallback backend's name. */
const CPU = "cpu";

// Notices go to stdout: a cell's stderr fails it under nbgrader.
const notice = (line: string) => process.stdout.write(`gradbook: ${line}\n`);

let current: WebGpuBackend | undefined;

/**
 * Opens the GPU and makes "webgpu" the active backend, printing one line naming the adapter.
 * Without an adapter it stays on the CPU and says why (never throws); if the device is lost
 * later, new ops run on the CPU and a line says so.
 * @example if (await useWebGpu()) { const y = x.matmul(w); console.log(await y.data()); }
 */
export async function useWebGpu(): Promise<boolean> {
  if (current && !current.lost) {
    setBackend("webgpu");
    return true;
  }
  try {
    const gpu = await openGpu((reason) => {
      if (!backend.lost) backend.lost = reason;
      if (getBackend() === backend) setBackend(CPU);
      notice(`webgpu: ${reason}; new tensors are computed on the CPU backend from now on`);
    });
    const backend = new WebGpuBackend(gpu);
    current = backend;
    registerBackend("webgpu", () => current!);
    setBackend("webgpu");
    notice(`webgpu backend on ${gpu.adapterName}${gpu.subgroups ? " (subgroups)" : ""}`);
    return true;
  } catch (error) {
    if (!(error instanceof GpuUnavailable)) throw error;
    notice(`webgpu: ${error.message}; using the CPU backend`);
    return false;
  }
}
