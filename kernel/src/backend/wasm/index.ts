// Importing this module registers the "cpu" backend's kernels. One line per kernel family.
import "./kernels/cast.js";
import "./kernels/conv.js";
import "./kernels/conv-pool.js";
import "./kernels/cross-entropy.js";
import "./kernels/elementwise.js";
import "./kernels/fused.js";
import "./kernels/gather.js";
import "./kernels/matmul.js";
import "./kernels/one-hot.js";
import "./kernels/optim.js";
import "./kernels/pool.js";
import "./kernels/reduce.js";

export { WasmBackend, WASM_CPU } from "./wasm-backend.js";
export { kernelsAvailable } from "./module.js";
