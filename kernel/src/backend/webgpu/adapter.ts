// Telling hardware GPUs from software renderers, apart from device.ts so that the library's
// public types (useBestBackend's options) need no WebGPU type declarations.

/** What the driver says about an adapter (GPUAdapterInfo's fields that name and classify it). */
export interface AdapterInfo {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  /** Set by Dawn for adapters that run on the CPU (lavapipe, SwiftShader). */
  readonly isFallbackAdapter?: boolean;
}

// Drivers that compute on the CPU: Mesa's lavapipe (adapter "llvmpipe") and softpipe, Google's SwiftShader, Microsoft's WARP.
const SOFTWARE_NAMES = /llvmpipe|lavapipe|softpipe|swiftshader|microsoft basic render|\bwarp\b/i;

/**
 * Whether an adapter is a software renderer running on the CPU: gradbook's own CPU backend
 * is faster than those, so automatic choice (`useBestBackend`) keeps the CPU for them.
 * @example isSoftwareAdapter({ vendor: "mesa", architecture: "software", device: "", description: "llvmpipe" }) // true
 */
export function isSoftwareAdapter(info: AdapterInfo): boolean {
  if (info.isFallbackAdapter || info.architecture === "software") return true;
  return SOFTWARE_NAMES.test(`${info.description} ${info.device} ${info.vendor}`);
}
