import { registerCpuKernel } from "../register.js";
import { mapBinary, mapUnary } from "../elementwise.js";

registerCpuKernel("add", ([a, b], _, [out]) => mapBinary(a!, b!, out!.shape, out!.dtype, (x, y) => x + y));
registerCpuKernel("sub", ([a, b], _, [out]) => mapBinary(a!, b!, out!.shape, out!.dtype, (x, y) => x - y));
registerCpuKernel("mul", ([a, b], _, [out]) => mapBinary(a!, b!, out!.shape, out!.dtype, (x, y) => x * y));
registerCpuKernel("div", ([a, b], _, [out]) => mapBinary(a!, b!, out!.shape, out!.dtype, (x, y) => x / y));
registerCpuKernel("neg", ([x], _, [out]) => mapUnary(x!, out!.dtype, (v) => -v));
