import { registerCpuKernel } from "../register.js";
import { channelSums, poolWithArgmax, routeByArgmax } from "./pool.js";
import { matmulBiasRelu, product } from "./matmul.js";
import type { ConvPoolAttrs, ConvPoolGradAttrs } from "../../../tensor/ops/graph-only/conv-pool-ops.js";

// Graph mode's fused conv → relu → max pool layer and its filter gradient
// (graph/passes/conv-pool.ts), as the reference defines them: the ops they replace, in turn.

registerCpuKernel<ConvPoolAttrs>("matmulBiasReluMaxPool", ([col, w, bias], attrs, [out]) => {
  const noTranspose = { transposeA: false, transposeB: false };
  const [n, h, width, co] = attrs.imageShape;
  const image = matmulBiasRelu(col!, w!, bias!, noTranspose, { shape: [n! * h! * width!, co!], dtype: out!.dtype });
  return poolWithArgmax({ values: image, shape: attrs.imageShape }, out!, attrs);
});

registerCpuKernel<ConvPoolGradAttrs>("maxPoolArgmaxFilterGrad", ([col, argmax, dy], attrs, [dw, db]) => {
  const [n, h, width, co] = attrs.imageShape;
  const dz = routeByArgmax(argmax!.values, dy!, attrs, dw!.dtype);
  const filter = product(col!, { values: dz, shape: [n! * h! * width!, co!], dtype: dw!.dtype }, { transposeA: true, transposeB: false }, dw!);
  return db ? [filter, channelSums(dz, co!, db.dtype)] : filter;
});
