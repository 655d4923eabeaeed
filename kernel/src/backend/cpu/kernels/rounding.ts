import { registerCpuKernel } from "../register.js";
import { mapUnary } from "../elementwise.js";

/** Rounds half to even (banker's rounding), like NumPy and TF: 0.5 → 0, 1.5 → 2, 2.5 → 2. */
function roundHalfEven(v: number): number {
  const r = Math.round(v); // rounds half up
  // r − v is exact here; a tie rounded up to an odd number goes back down.
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

registerCpuKernel("floor", ([x], _, [out]) => mapUnary(x!, out!.dtype, Math.floor));
registerCpuKernel("ceil", ([x], _, [out]) => mapUnary(x!, out!.dtype, Math.ceil));
registerCpuKernel("round", ([x], _, [out]) => mapUnary(x!, out!.dtype, roundHalfEven));
registerCpuKernel<{ min: number; max: number }>("clip", ([x], { min, max }, [out]) =>
  mapUnary(x!, out!.dtype, (v) => (v < min ? min : v > max ? max : v)),
);
registerCpuKernel("isNaN", ([x], _, [out]) => mapUnary(x!, out!.dtype, (v) => (v !== v ? 1 : 0)));
registerCpuKernel("isFinite", ([x], _, [out]) => mapUnary(x!, out!.dtype, (v) => (Number.isFinite(v) ? 1 : 0)));
