import { registerCpuKernel } from "../register.js";
import { mapUnary } from "../elementwise.js";
import { roundHalfEven } from "../special.js";

registerCpuKernel("floor", ([x], _, [out]) => mapUnary(x!, out!.dtype, Math.floor));
registerCpuKernel("ceil", ([x], _, [out]) => mapUnary(x!, out!.dtype, Math.ceil));
registerCpuKernel("round", ([x], _, [out]) => mapUnary(x!, out!.dtype, roundHalfEven));
registerCpuKernel<{ min: number; max: number }>("clip", ([x], { min, max }, [out]) =>
  mapUnary(x!, out!.dtype, (v) => (v < min ? min : v > max ? max : v)),
);
registerCpuKernel("isNaN", ([x], _, [out]) => mapUnary(x!, out!.dtype, (v) => (v !== v ? 1 : 0)));
registerCpuKernel("isFinite", ([x], _, [out]) => mapUnary(x!, out!.dtype, (v) => (Number.isFinite(v) ? 1 : 0)));
