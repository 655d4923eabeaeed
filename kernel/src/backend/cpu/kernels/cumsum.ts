import { registerCpuKernel } from "../register.js";
import { allocate } from "../../../tensor/dtype.js";
import type { Shape } from "../../../tensor/shape.js";
import type { ScanAttrs } from "../../../tensor/ops/cumsum.js";

/**
 * A shape seen as [outer, n, inner] around `axis`: element (o, k, j) is at (o·n + k)·inner + j.
 * @example axisLayout([2, 3, 4], 1) // { outer: 2, n: 3, inner: 4 }
 */
export function axisLayout(shape: Shape, axis: number): { outer: number; n: number; inner: number } {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i]!;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i]!;
  return { outer, n: shape[axis]!, inner };
}

registerCpuKernel<ScanAttrs>("cumsum", ([x], { axis, exclusive, reverse }, [out]) => {
  const { outer, n, inner } = axisLayout(x!.shape, axis);
  const v = x!.values;
  const result = allocate(out!.dtype, v.length);
  // One running (float64) sum per inner position, so the inner loop walks memory in order.
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    acc.fill(0);
    for (let step = 0; step < n; step++) {
      const base = (o * n + (reverse ? n - 1 - step : step)) * inner;
      for (let j = 0; j < inner; j++) {
        if (exclusive) {
          result[base + j] = acc[j]!;
          acc[j] += v[base + j]!;
        } else {
          acc[j] += v[base + j]!;
          result[base + j] = acc[j]!;
        }
      }
    }
  }
  return result;
});

registerCpuKernel<{ axis: number; offset: 1 | -1 }>("shiftAlongAxis", ([x], { axis, offset }, [out]) => {
  const { outer, n, inner } = axisLayout(x!.shape, axis);
  const v = x!.values;
  const result = allocate(out!.dtype, v.length);
  for (let o = 0; o < outer; o++) {
    for (let k = Math.max(0, offset); k < Math.min(n, n + offset); k++) {
      const to = (o * n + k) * inner;
      const from = (o * n + k - offset) * inner;
      for (let j = 0; j < inner; j++) result[to + j] = v[from + j]!;
    }
  }
  return result;
});

registerCpuKernel<{ axis: number; reverse: boolean }>("linearRecurrence", ([a, b], { axis, reverse }, [out]) => {
  const { outer, n, inner } = axisLayout(b!.shape, axis);
  const av = a!.values;
  const bv = b!.values;
  const result = allocate(out!.dtype, bv.length);
  const h = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    h.fill(0);
    for (let step = 0; step < n; step++) {
      const base = (o * n + (reverse ? n - 1 - step : step)) * inner;
      for (let j = 0; j < inner; j++) {
        h[j] = av[base + j]! * h[j]! + bv[base + j]!;
        result[base + j] = h[j]!;
      }
    }
  }
  return result;
});
