import { registerCpuKernel } from "../register.js";
import { mapBinary } from "../elementwise.js";

function compare(name: string, fn: (a: number, b: number) => boolean): void {
  registerCpuKernel(name, ([a, b], _, [out]) => mapBinary(a!, b!, out!.shape, out!.dtype, (x, y) => (fn(x, y) ? 1 : 0)));
}

// IEEE semantics: every comparison with NaN is false except notEqual.
compare("equal", (a, b) => a === b);
compare("notEqual", (a, b) => a !== b);
compare("less", (a, b) => a < b);
compare("lessEqual", (a, b) => a <= b);
compare("greater", (a, b) => a > b);
compare("greaterEqual", (a, b) => a >= b);
