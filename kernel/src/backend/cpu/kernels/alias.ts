import { registerCpuKernel } from "../register.js";

// Ops that change nothing about the values: the output shares the input's memory.
registerCpuKernel("stopGradient", ([x]) => x!.values);
registerCpuKernel("customGrad", (inputs) => inputs.at(-1)!.values);
