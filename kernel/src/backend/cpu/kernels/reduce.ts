import { allocate } from "../../../tensor/dtype.js";
import { registerCpuKernel, type CpuTensor } from "../register.js";
import { reduceAxes, reductionTargets } from "../reduce.js";
import { mapBinary } from "../elementwise.js";
import { groupMaxAndSum } from "./softmax.js";
import { reducedShape, sizeOf } from "../../../tensor/shape.js";
import type { ReduceAttrs } from "../../../tensor/ops/reduce.js";
import type { VectorNormAttrs } from "../../../tensor/ops/reduce-norm.js";

registerCpuKernel<ReduceAttrs>("sum", ([x], { axes }, [out]) => reduceAxes(x!, axes, out!.dtype, 0, (acc, v) => acc + v));

registerCpuKernel<ReduceAttrs>("mean", ([x], { axes }, [out]) => {
  // Sums in float64, then one division per output: the mean of no elements is 0 / 0 = NaN.
  const n = axes.reduce((count, axis) => count * x!.shape[axis]!, 1);
  const sums = reduceAxes(x!, axes, "float64", 0, (acc, v) => acc + v);
  const result = allocate(out!.dtype, sums.length);
  for (let i = 0; i < sums.length; i++) result[i] = sums[i]! / n;
  return result;
});

registerCpuKernel<ReduceAttrs>("prod", ([x], { axes }, [out]) =>
  // Math.imul wraps exactly like int32 arithmetic; a float64 accumulator would round past 2^53.
  out!.dtype === "int32" ? reduceAxes(x!, axes, "int32", 1, (acc, v) => Math.imul(acc, v)) : reduceAxes(x!, axes, out!.dtype, 1, (acc, v) => acc * v),
);

// Once the accumulator is NaN it stays NaN (NaN > v and v > NaN are both false).
registerCpuKernel<ReduceAttrs>("max", ([x], { axes }, [out]) => reduceAxes(x!, axes, out!.dtype, -Infinity, (acc, v) => (v > acc || v !== v ? v : acc)));
registerCpuKernel<ReduceAttrs>("min", ([x], { axes }, [out]) => reduceAxes(x!, axes, out!.dtype, Infinity, (acc, v) => (v < acc || v !== v ? v : acc)));

/** Position within its group (row-major over the reduced axes) of the first element `better` than all before it. */
function argExtremum(x: CpuTensor, axes: readonly number[], better: (v: number, best: number) => boolean): Int32Array {
  const outSize = sizeOf(reducedShape(x.shape, axes, false));
  const targets = reductionTargets(x.shape, axes);
  const best = new Float64Array(outSize);
  const seen = new Int32Array(outSize);
  const index = new Int32Array(outSize);
  const v = x.values;
  for (let i = 0; i < v.length; i++) {
    const t = targets[i]!;
    const k = seen[t]!++;
    if (k === 0 || better(v[i]!, best[t]!)) {
      best[t] = v[i]!;
      index[t] = k;
    }
  }
  return index;
}

// The first NaN wins and nothing beats it, so argmax agrees with max's NaN propagation.
registerCpuKernel<ReduceAttrs>("argmax", ([x], { axes }) => argExtremum(x!, axes, (v, best) => v > best || (v !== v && best === best)));
registerCpuKernel<ReduceAttrs>("argmin", ([x], { axes }) => argExtremum(x!, axes, (v, best) => v < best || (v !== v && best === best)));

registerCpuKernel<ReduceAttrs>("all", ([x], { axes }) => reduceAxes(x!, axes, "bool", 1, (acc, v) => (acc !== 0 && v !== 0 ? 1 : 0)));
registerCpuKernel<ReduceAttrs>("any", ([x], { axes }) => reduceAxes(x!, axes, "bool", 0, (acc, v) => (acc !== 0 || v !== 0 ? 1 : 0)));

registerCpuKernel<{ axes: number[] }>("extremumWeights", ([x, y], { axes }, [out]) => {
  const targets = reductionTargets(x!.shape, axes);
  const xv = x!.values;
  const yv = y!.values;
  const matches = (v: number, m: number) => v === m || (v !== v && m !== m);
  const counts = new Float64Array(yv.length);
  for (let i = 0; i < xv.length; i++) if (matches(xv[i]!, yv[targets[i]!]!)) counts[targets[i]!]!++;
  const weights = allocate(out!.dtype, xv.length);
  for (let i = 0; i < xv.length; i++) if (matches(xv[i]!, yv[targets[i]!]!)) weights[i] = 1 / counts[targets[i]!]!;
  return weights;
});

registerCpuKernel<ReduceAttrs>("logSumExp", ([x], { axes }, [out]) => {
  const { max, sum } = groupMaxAndSum(x!, axes);
  const result = allocate(out!.dtype, max.length);
  // An infinite maximum is the answer itself (all −∞ or no elements: −∞; some +∞: +∞).
  for (let i = 0; i < max.length; i++) result[i] = max[i] === Infinity || max[i] === -Infinity ? max[i]! : max[i]! + Math.log(sum[i]!);
  return result;
});

registerCpuKernel<VectorNormAttrs>("vectorNorm", ([x], { ord, axes }, [out]) => {
  if (ord === "l1") return reduceAxes(x!, axes, out!.dtype, 0, (acc, v) => acc + Math.abs(v));
  // max |x| from 0: the ∞-norm of no elements is 0; NaN propagates.
  const largest = reduceAxes(x!, axes, "float64", 0, (acc, v) => (Math.abs(v) > acc || v !== v ? Math.abs(v) : acc));
  if (ord === "max") {
    const result = allocate(out!.dtype, largest.length);
    result.set(largest);
    return result;
  }
  // √Σx² as m·√Σ(x/m)² with m = max|x| (as LAPACK's nrm2): no overflow or underflow of the squares.
  const targets = reductionTargets(x!.shape, axes);
  const squares = new Float64Array(largest.length);
  const v = x!.values;
  for (let i = 0; i < v.length; i++) {
    const m = largest[targets[i]!]!;
    if (m > 0 && m < Infinity) squares[targets[i]!] += (v[i]! / m) ** 2;
  }
  const result = allocate(out!.dtype, largest.length);
  for (let i = 0; i < result.length; i++) {
    const m = largest[i]!;
    result[i] = m > 0 && m < Infinity ? m * Math.sqrt(squares[i]!) : m;
  }
  return result;
});

registerCpuKernel("divNoNan", ([a, b], _, [out]) => mapBinary(a!, b!, out!.shape, out!.dtype, (x, y) => (y === 0 ? 0 : x / y)));
