import { allocate } from "../../../tensor/dtype.js";
import { registerCpuKernel, type CpuTensor } from "../register.js";
import { reductionTargets } from "../reduce.js";
import { reducedShape, sizeOf } from "../../../tensor/shape.js";
import type { SoftmaxAttrs } from "../../../tensor/ops/softmax.js";

/**
 * Per group over `axes`: the maximum m (NaN if any element is NaN) and Σ exp(x − m), in float64.
 * The shared first half of softmax, logSoftmax and logSumExp.
 * @example groupMaxAndSum(x, [1]) // for x = [[0, 0]]: max [0], sum [2]
 */
export function groupMaxAndSum(x: CpuTensor, axes: readonly number[]): { targets: Int32Array; max: Float64Array; sum: Float64Array } {
  const size = sizeOf(reducedShape(x.shape, axes, false));
  const targets = reductionTargets(x.shape, axes);
  const max = new Float64Array(size).fill(-Infinity);
  const sum = new Float64Array(size);
  const v = x.values;
  for (let i = 0; i < v.length; i++) {
    const t = targets[i]!;
    if (v[i]! > max[t]! || v[i]! !== v[i]!) max[t] = v[i]!;
  }
  for (let i = 0; i < v.length; i++) sum[targets[i]!] += Math.exp(v[i]! - max[targets[i]!]!);
  return { targets, max, sum };
}

registerCpuKernel<SoftmaxAttrs>("softmax", ([x], { axes }, [out]) => {
  const { targets, max, sum } = groupMaxAndSum(x!, axes);
  const v = x!.values;
  const result = allocate(out!.dtype, v.length);
  for (let i = 0; i < v.length; i++) result[i] = Math.exp(v[i]! - max[targets[i]!]!) / sum[targets[i]!]!;
  return result;
});

registerCpuKernel<SoftmaxAttrs>("logSoftmax", ([x], { axes }, [out]) => {
  const { targets, max, sum } = groupMaxAndSum(x!, axes);
  const logSum = sum.map(Math.log);
  const v = x!.values;
  const result = allocate(out!.dtype, v.length);
  for (let i = 0; i < v.length; i++) result[i] = v[i]! - max[targets[i]!]! - logSum[targets[i]!]!;
  return result;
});
