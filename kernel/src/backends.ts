// Wires the backends that ship with gradbook. tensor/ knows only the Backend interface;
// each backend folder registers its kernels when imported, and its factory here.
import { registerBackend } from "./tensor/engine.js";
import { CpuBackend, CPU_JS } from "./backend/cpu/index.js";

registerBackend(CPU_JS, () => new CpuBackend());
