// Graph mode's fused conv → relu → max pool layer and its filter gradient
// (graph/passes/conv-pool.ts) on the GPU: the programs of the ops they replace, recorded in
// turn (the intermediate image lives only between them).
import type { ConvPoolAttrs, ConvPoolGradAttrs } from "../../../tensor/ops/graph-only/conv-pool-ops.js";
import { registerGpuKernel } from "../register.js";
import { matmul } from "./matmul.js";
import { poolWithArgmax, routeByArgmax } from "./pool.js";
import { reduce } from "./reduce.js";

registerGpuKernel<ConvPoolAttrs>("matmulBiasReluMaxPool", ([col, w, bias], attrs, [out, argmax], rt) => {
  const [n, h, width, co] = attrs.imageShape;
  const image = matmul(rt, col!, w!, false, false, { shape: [n! * h! * width!, co!], dtype: out!.dtype }, bias!);
  try {
    return poolWithArgmax(rt, { data: image, shape: attrs.imageShape, dtype: out!.dtype }, attrs, out!, argmax!);
  } finally {
    rt.release(image);
  }
});

registerGpuKernel<ConvPoolGradAttrs>("maxPoolArgmaxFilterGrad", ([col, argmax, dy], attrs, [dw, db], rt) => {
  const [n, h, width, co] = attrs.imageShape;
  const dz = routeByArgmax(rt, argmax!, dy!, attrs, { shape: attrs.imageShape, dtype: dw!.dtype });
  try {
    const filter = matmul(rt, col!, { data: dz, shape: [n! * h! * width!, co!], dtype: dw!.dtype }, true, false, dw!);
    return db ? [filter, reduce(rt, "sum", { data: dz, shape: attrs.imageShape, dtype: dw!.dtype }, [0, 1, 2], db)] : [filter];
  } finally {
    rt.release(dz);
  }
});
