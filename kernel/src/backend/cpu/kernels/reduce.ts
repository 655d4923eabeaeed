import { registerCpuKernel } from "../register.js";
import { reduceAxes } from "../reduce.js";
import type { ReduceAttrs } from "../../../tensor/ops/reduce.js";

registerCpuKernel<ReduceAttrs>("sum", ([x], { axes }, [out]) => reduceAxes(x!, axes, out!.dtype, 0, (acc, v) => acc + v));
