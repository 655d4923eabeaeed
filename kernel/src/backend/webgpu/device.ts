/// <reference types="@webgpu/types" />

import { localizeError } from "../../locale/error-messages.js";
import { isSoftwareAdapter, type AdapterInfo } from "./adapter.js";

/** A GPU device and what the backend needs to know about its adapter. */
export interface GpuDevice {
  readonly device: GPUDevice;
  /** The adapter's name as the driver reports it, e.g. "NVIDIA H200" or "llvmpipe (LLVM 19.1.7, 256 bits)". */
  readonly adapterName: string;
  /** The driver's description of the adapter. */
  readonly info: AdapterInfo;
  /** Whether the `subgroups` feature is enabled (matmul and reductions use it when present). */
  readonly subgroups: boolean;
  readonly limits: GPUSupportedLimits;
}

/** Why no GPU could be opened: a sentence for the student, e.g. "no WebGPU adapter was found", in the current locale. */
export class GpuUnavailable extends Error {
  constructor(message: string) {
    super(localizeError(message));
  }
}

// The object returned by `create()` must live as long as the process: if it is
// garbage-collected while a device exists, dawn.node crashes Node. It is never released.
let gpu: GPU | undefined;
const openDevices = new Set<GPUDevice>();

// Destroying every device on exit lets Dawn's threads stop, so Node exits promptly.
let exiting = false;
process.once("exit", () => {
  exiting = true;
  for (const device of openDevices) device.destroy();
  openDevices.clear();
});

/** What `openGpu` may be told besides the lost-device callback. */
export interface OpenGpuOptions {
  /** Refuse a software adapter (GpuUnavailable names it), so that the caller stays on the CPU. */
  readonly hardwareOnly?: boolean;
  /** How to tell a software adapter (default `isSoftwareAdapter`; tests inject their own answer). */
  readonly isSoftware?: (info: AdapterInfo) => boolean;
}

/**
 * Throws GpuUnavailable, naming the adapter, where `hardwareOnly` asks for a hardware GPU and
 * this one is software (checked before a device is opened, and again when one is reused).
 * @example requireHardware(gpu.info, { hardwareOnly: true }) // throws on lavapipe
 */
export function requireHardware(info: AdapterInfo, { hardwareOnly = false, isSoftware = isSoftwareAdapter }: OpenGpuOptions): void {
  if (hardwareOnly && isSoftware(info)) {
    throw new GpuUnavailable(`the WebGPU adapter ${adapterNameOf(info)} is a software renderer on the CPU (slower than gradbook's CPU backend)`);
  }
}

/** A short, readable adapter name from the driver's description fields. */
function adapterNameOf(info: AdapterInfo): string {
  const parts = [info.description || info.device, info.vendor && `vendor ${info.vendor}`].filter((p) => p);
  return parts.length > 0 ? parts.join(", ") : "unnamed adapter";
}

/**
 * Opens the best GPU (high-performance adapter first) through Dawn, or throws GpuUnavailable
 * with the reason (with `hardwareOnly`, a software adapter is one). `onLost` runs once if the
 * device is lost later (driver reset, `destroy()`).
 * @example const gpu = await openGpu((why) => console.log(why)); gpu.device.createBuffer(...)
 */
export async function openGpu(onLost: (reason: string) => void, options: OpenGpuOptions = {}): Promise<GpuDevice> {
  let adapter: GPUAdapter | null;
  try {
    // Loaded on first use, so importing the library never loads Dawn's 20 MB native module.
    // GRADBOOK_WEBGPU_FLAGS passes dawn.node options, e.g. "adapter=NVIDIA" or "backend=vulkan".
    gpu ??= (await import("webgpu")).create(process.env.GRADBOOK_WEBGPU_FLAGS?.split(/\s+/).filter((f) => f) ?? []);
    adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  } catch (error) {
    throw new GpuUnavailable(`WebGPU could not start (${(error as Error).message})`);
  }
  if (!adapter) throw new GpuUnavailable("no WebGPU adapter was found (no GPU driver with Vulkan, Metal or D3D12 support)");
  requireHardware(adapter.info, options);
  const subgroups = adapter.features.has("subgroups");
  const limits = adapter.limits;
  const device = await adapter.requestDevice({
    requiredFeatures: (subgroups ? ["subgroups"] : []) as unknown as GPUFeatureName[], // "subgroups" is newer than @webgpu/types
    requiredLimits: {
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
      maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
      maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
      maxStorageBuffersPerShaderStage: limits.maxStorageBuffersPerShaderStage,
    },
  });
  openDevices.add(device);
  // Validation errors are bugs in this backend: keep them out of the cell's stderr and
  // report the first one through the lost-device path, which falls back to the CPU.
  let failed = false;
  device.onuncapturederror = (event) => {
    if (!failed) onLost(`the GPU reported an error: ${event.error.message.split("\n")[0]}`);
    failed = true;
  };
  void device.lost.then((info) => {
    openDevices.delete(device);
    if (!exiting) onLost(`the GPU device was lost (${info.message || info.reason})`);
  });
  return { device, adapterName: adapterNameOf(adapter.info), info: adapter.info, subgroups, limits: device.limits };
}
