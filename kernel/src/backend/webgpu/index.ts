// Importing this module registers every WebGPU kernel. One line per kernel family.
import "./kernels/math.js";
import "./kernels/matmul.js";
import "./kernels/reduce.js";
import "./kernels/shape.js";

export { WebGpuBackend } from "./webgpu-backend.js";
export { openGpu, GpuUnavailable, type GpuDevice } from "./device.js";
