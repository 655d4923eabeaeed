// Importing this module registers every WebGPU kernel. One line per kernel family.
import "./kernels/math.js";
import "./kernels/matmul.js";
import "./kernels/reduce.js";
import "./kernels/shape.js";
import "./kernels/conv.js";
import "./kernels/cross-entropy.js";
import "./kernels/pool.js";
import "./kernels/conv-pool.js";
import "./kernels/fused.js";
import "./kernels/optim.js";
import "./kernels/scan.js";
import "./kernels/sort.js";
import "./kernels/ragged.js";
import "./kernels/sparse.js";

export { WebGpuBackend, WEBGPU } from "./webgpu-backend.js";
export { openGpu, requireHardware, GpuUnavailable, type GpuDevice, type OpenGpuOptions } from "./device.js";
export { isSoftwareAdapter, type AdapterInfo } from "./adapter.js";
