// Graph mode's fused sparse cross-entropy (tensor/ops/graph-only/sparse-cross-entropy-ops.ts)
// and fused classifier loss (softmax-cross-entropy-op.ts): one thread per row, each reading
// its label and the row's classes, as the CPU kernels compute.
import { sizeOf } from "../../../tensor/shape.js";
import { flatMain, linearGroups } from "../codegen.js";
import { Params, type GpuTensor } from "../program.js";
import type { GpuRuntime } from "../runtime.js";
import { registerGpuKernel } from "../register.js";

/** A program that runs `body` once per row i, with `c` (classes per row) and `label` (row i's, from in1) defined, writing float outputs of `lengths`. */
function perRow(rt: GpuRuntime, key: string, inputs: GpuTensor[], rows: number, classes: number, lengths: readonly number[], body: string) {
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
    outputs: lengths.map((length) => ({ dtype: "float32", length })),
    params,
    workgroups: rows === 0 ? [0] : linearGroups(rows),
  });
}

registerGpuKernel("sparseCrossEntropy", ([ls, labels], _, [out], rt) =>
  perRow(rt, "sparseCrossEntropy", [ls!, labels!], sizeOf(out!.shape), ls!.shape.at(-1)!, [sizeOf(out!.shape)], `  var sum = 0.0;
  for (var j = 0u; j < c; j++) { sum += select(0.0, 1.0, label == i32(j)) * in0[i * c + j]; }
  out0[i] = -sum;`),
);

registerGpuKernel("sparseCrossEntropyGrad", ([ls, labels, g], _, [out], rt) =>
  perRow(rt, "sparseCrossEntropyGrad", [ls!, labels!, g!], sizeOf(labels!.shape), ls!.shape.at(-1)!, [sizeOf(out!.shape)], `  var sum = 0.0;
  for (var j = 0u; j < c; j++) { sum += in2[i * c + j] * select(0.0, 1.0, label == i32(j)); }
  for (var j = 0u; j < c; j++) {
    let k = i * c + j;
    out0[k] = in2[k] * select(0.0, 1.0, label == i32(j)) - exp(in0[k]) * sum;
  }`),
);

// The row's exps are computed twice (a thread has no scratch of a row's length): for the sum,
// then for the probabilities. A NaN in a row makes its loss and gradient NaN, as on the CPU
// (WGSL's max need not propagate it).
registerGpuKernel("softmaxCrossEntropy", ([z, labels, g], _, [loss, dz], rt) =>
  perRow(rt, "softmaxCrossEntropy", [z!, labels!, g!], sizeOf(loss!.shape), z!.shape.at(-1)!, [sizeOf(loss!.shape), sizeOf(dz!.shape)], `  var infBits = 0x7f800000u; // a variable: WGSL rejects a constant infinity or NaN
  var nanBits = 0x7fc00000u;
  var top = -bitcast<f32>(infBits);
  var nan = false;
  for (var j = 0u; j < c; j++) { let v = in0[i * c + j]; nan = nan || (bitcast<u32>(v) & 0x7fffffffu) > 0x7f800000u; top = max(top, v); }
  var sum = 0.0;
  for (var j = 0u; j < c; j++) { sum += exp(in0[i * c + j] - top); }
  let shift = top + log(sum);
  var picked = 0.0;
  var scale = 0.0;
  for (var j = 0u; j < c; j++) {
    let t = select(0.0, 1.0, label == i32(j));
    picked += t * (in0[i * c + j] - shift);
    scale += in2[i * c + j] * t;
  }
  let bad = bitcast<f32>(nanBits);
  out0[i] = select(-picked, bad, nan);
  for (var j = 0u; j < c; j++) {
    let k = i * c + j;
    out1[k] = select(in2[k] * select(0.0, 1.0, label == i32(j)) - (exp(in0[k] - top) / sum) * scale, bad, nan);
  }`),
);
