// Graph mode's fused sparse cross-entropy (tensor/ops/graph-only/sparse-cross-entropy-ops.ts):
// one thread per row, each reading its label and the row's classes, as the CPU kernels compute.
import { sizeOf } from "../../../tensor/shape.js";
import { flatMain, linearGroups } from "../codegen.js";
import { Params, type GpuTensor } from "../program.js";
import type { GpuRuntime } from "../runtime.js";
import { registerGpuKernel } from "../register.js";

/** A program that runs `body` once per row i, with `c` (classes per row) and `label` (row i's, from in1) defined, writing `length` floats. */
function perRow(rt: GpuRuntime, key: string, inputs: GpuTensor[], rows: number, classes: number, length: number, body: string) {
  const params = new Params();
  const countAt = params.int(rows);
  const classesAt = params.int(classes);
  return rt.run({
    key,
    code: () =>
      flatMain(countAt, `  let c = prm(${classesAt}u);
  let label = i32(in1[i]);
${body}`),
    inputs,
    outputs: [{ dtype: "float32", length }],
    params,
    workgroups: rows === 0 ? [0] : linearGroups(rows),
  });
}

registerGpuKernel("sparseCrossEntropy", ([ls, labels], _, [out], rt) =>
  perRow(rt, "sparseCrossEntropy", [ls!, labels!], sizeOf(out!.shape), ls!.shape.at(-1)!, sizeOf(out!.shape), `  var sum = 0.0;
  for (var j = 0u; j < c; j++) { sum += select(0.0, 1.0, label == i32(j)) * in0[i * c + j]; }
  out0[i] = -sum;`),
);

registerGpuKernel("sparseCrossEntropyGrad", ([ls, labels, g], _, [out], rt) =>
  perRow(rt, "sparseCrossEntropyGrad", [ls!, labels!, g!], sizeOf(labels!.shape), ls!.shape.at(-1)!, sizeOf(out!.shape), `  var sum = 0.0;
  for (var j = 0u; j < c; j++) { sum += in2[i * c + j] * select(0.0, 1.0, label == i32(j)); }
  for (var j = 0u; j < c; j++) {
    let k = i * c + j;
    out0[k] = in2[k] * select(0.0, 1.0, label == i32(j)) - exp(in0[k]) * sum;
  }`),
);
