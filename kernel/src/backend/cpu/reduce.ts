import { allocate, type DType, type TypedArray } from "../../tensor/dtype.js";
import { reducedShape, sizeOf, stridesOf } from "../../tensor/shape.js";
import type { CpuTensor } from "./register.js";

/**
 * For each input element, the flat index of the output element it reduces into.
 * Computed once per call; every reduction kernel shares it.
 */
export function reductionTargets(shape: readonly number[], axes: readonly number[]): Int32Array {
  const outStrides = stridesOf(reducedShape(shape, axes, true));
  const size = sizeOf(shape);
  const targets = new Int32Array(size);
  const rank = shape.length;
  const index = new Array<number>(rank).fill(0);
  // How far the target moves along each axis: not at all along a reduced one.
  const steps = outStrides.map((stride, axis) => (axes.includes(axis) ? 0 : stride));
  let target = 0;
  for (let i = 0; i < size; i++) {
    targets[i] = target;
    for (let axis = rank - 1; axis >= 0; axis--) {
      index[axis]!++;
      const step = steps[axis]!;
      target += step;
      if (index[axis]! < shape[axis]!) break;
      target -= step * shape[axis]!;
      index[axis] = 0;
    }
  }
  return targets;
}

/**
 * A generic reduction: `init` per output element, `step(acc, value)` per input element.
 * @example reduceAxes(x, [1], "float32", 0, (acc, v) => acc + v)
 */
export function reduceAxes(x: CpuTensor, axes: readonly number[], dtype: DType, init: number, step: (acc: number, value: number) => number): TypedArray {
  const outSize = sizeOf(reducedShape(x.shape, axes, false));
  // Accumulate in float64 so float32 sums do not lose precision.
  const acc = new Float64Array(outSize).fill(init);
  const targets = reductionTargets(x.shape, axes);
  const v = x.values;
  for (let i = 0; i < v.length; i++) acc[targets[i]!] = step(acc[targets[i]!]!, v[i]!);
  const out = allocate(dtype, outSize);
  out.set(acc);
  return out;
}
