// Wires the backends that ship with gradbook. tensor/ knows only the Backend interface;
// each backend folder registers its kernels when imported, and its factory here.
import { registerBackend } from "./tensor/engine.js";
import { CpuBackend, CPU_JS } from "./backend/cpu/index.js";
import { WasmBackend, WASM_CPU, kernelsAvailable } from "./backend/wasm/index.js";

// The first one registered is the default: the WebAssembly SIMD backend where this runtime
// runs it (ops it has no kernel for fall back to cpu-js), else the JavaScript reference.
if (kernelsAvailable()) registerBackend(WASM_CPU, () => new WasmBackend());
registerBackend(CPU_JS, () => new CpuBackend());
