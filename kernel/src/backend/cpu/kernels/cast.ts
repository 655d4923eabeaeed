import { registerCpuKernel } from "../register.js";
import { mapUnary } from "../elementwise.js";

registerCpuKernel<{ dtype: string }>("cast", ([x], { dtype }, [out]) =>
  // Typed-array stores already truncate toward zero for int32; bool needs `!= 0`.
  mapUnary(x!, out!.dtype, dtype === "bool" ? (v) => (v !== 0 ? 1 : 0) : (v) => v),
);
