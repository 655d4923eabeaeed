// CPU kernels of the shape and indexing ops. Each works on any dtype: values are copied
// between typed arrays of the output's dtype without arithmetic (scatterAdd aside).
import { registerCpuKernel } from "../register.js";
import { mapBinary } from "../elementwise.js";
import { stridedRead, stridedWrite } from "../strided.js";
import { aroundAxis, resolveIndices, sliceWalk } from "../indexing.js";
import { allocate, type TypedArray } from "../../../tensor/dtype.js";
import { sizeOf, stridesOf, type Shape } from "../../../tensor/shape.js";
import type { TransposeAttrs } from "../../../tensor/ops/transpose.js";
import type { ConcatAttrs, SplitAttrs } from "../../../tensor/ops/concat.js";
import type { SliceAttrs, SliceGradAttrs } from "../../../tensor/ops/slice.js";
import type { GatherAttrs } from "../../../tensor/ops/gather.js";
import type { PadAttrs } from "../../../tensor/ops/pad.js";
import type { TileAttrs } from "../../../tensor/ops/tile.js";
import type { OneHotAttrs } from "../../../tensor/ops/one-hot.js";

// Same elements in the same order: share the input's memory.
registerCpuKernel("reshape", ([x]) => x!.values);
registerCpuKernel("broadcastTo", ([x], _, [out]) =>
  mapBinary(x!, { values: allocate(x!.dtype, 1), shape: [], dtype: x!.dtype }, out!.shape, out!.dtype, (v) => v),
);

registerCpuKernel<TransposeAttrs>("transpose", ([x], { perm }, [out]) => {
  const strides = stridesOf(x!.shape);
  const values = allocate(out!.dtype, sizeOf(out!.shape));
  stridedRead(x!.values, 0, perm.map((p) => strides[p]!), out!.shape, values);
  return values;
});

registerCpuKernel<SliceAttrs>("stridedSlice", ([x], attrs, [out]) => {
  const values = allocate(out!.dtype, sizeOf(out!.shape));
  const { offset, strides } = sliceWalk(x!.shape, attrs);
  stridedRead(x!.values, offset, strides, out!.shape, values);
  return values;
});

registerCpuKernel<SliceGradAttrs>("stridedSliceGrad", ([dy], attrs, [out]) => {
  const values = allocate(out!.dtype, sizeOf(out!.shape));
  const { offset, strides } = sliceWalk(attrs.inputShape, attrs);
  stridedWrite(values, offset, strides, dy!.shape, dy!.values);
  return values;
});

registerCpuKernel<PadAttrs>("pad", ([x], { paddings, constantValue }, [out]) => {
  const values = allocate(out!.dtype, sizeOf(out!.shape));
  if (constantValue !== 0) values.fill(constantValue);
  const strides = stridesOf(out!.shape);
  let offset = 0;
  paddings.forEach(([before], k) => (offset += before * strides[k]!));
  stridedWrite(values, offset, strides, x!.shape, x!.values);
  return values;
});

registerCpuKernel<TileAttrs>("tile", ([x], { reps }, [out]) => {
  // The output, seen as shape [r0, d0, r1, d1, …], reads x with stride 0 on the r axes.
  const values = allocate(out!.dtype, sizeOf(out!.shape));
  const strides = stridesOf(x!.shape);
  stridedRead(x!.values, 0, strides.flatMap((s) => [0, s]), x!.shape.flatMap((d, k) => [reps[k]!, d]), values);
  return values;
});

/** Copies `count` elements; a loop rather than set(subarray()) so no view is allocated per row. */
function copy(dst: TypedArray, dstAt: number, src: TypedArray, srcAt: number, count: number): void {
  for (let i = 0; i < count; i++) dst[dstAt + i] = src[srcAt + i]!;
}

registerCpuKernel<ConcatAttrs>("concat", (inputs, { axis }, [out]) => {
  const values = allocate(out!.dtype, sizeOf(out!.shape));
  const { outer, inner } = aroundAxis(out!.shape, axis);
  const outRow = out!.shape[axis]! * inner;
  let at = 0;
  for (const input of inputs) {
    const row = input.shape[axis]! * inner;
    for (let o = 0; o < outer; o++) copy(values, o * outRow + at, input.values, o * row, row);
    at += row;
  }
  return values;
});

registerCpuKernel<SplitAttrs>("split", ([x], { axis }, outputs) => {
  const { outer, inner } = aroundAxis(x!.shape, axis);
  const inRow = x!.shape[axis]! * inner;
  let at = 0;
  return outputs.map((out) => {
    const values = allocate(out.dtype, sizeOf(out.shape));
    const row = out.shape[axis]! * inner;
    for (let o = 0; o < outer; o++) copy(values, o * row, x!.values, o * inRow + at, row);
    at += row;
    return values;
  });
});

registerCpuKernel<GatherAttrs>("gather", ([x, indices], { axis }, [out]) => {
  const values = allocate(out!.dtype, sizeOf(out!.shape));
  const length = x!.shape[axis]!;
  const picks = resolveIndices("gather", indices!.values, length, x!.shape, axis);
  const { outer, inner } = aroundAxis(x!.shape, axis);
  const m = picks.length;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) copy(values, (o * m + j) * inner, x!.values, (o * length + picks[j]!) * inner, inner);
  }
  return values;
});

registerCpuKernel<GatherAttrs>("scatterAdd", ([x, indices, updates], { axis }, [out]) => {
  const length = x!.shape[axis]!;
  const targets = resolveIndices("scatterAdd", indices!.values, length, x!.shape, axis);
  // Repeated indices accumulate: do it in float64 so float32 sums keep their precision.
  const acc = out!.dtype === "int32" ? Int32Array.from(x!.values) : Float64Array.from(x!.values);
  const { outer, inner } = aroundAxis(x!.shape, axis);
  const m = targets.length;
  const u = updates!.values;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      const dst = (o * length + targets[j]!) * inner;
      const src = (o * m + j) * inner;
      for (let i = 0; i < inner; i++) acc[dst + i] += u[src + i]!;
    }
  }
  if (out!.dtype !== "float32") return acc;
  const values = allocate(out!.dtype, acc.length);
  values.set(acc);
  return values;
});

registerCpuKernel<OneHotAttrs>("oneHot", ([indices], { depth, onValue, offValue }, [out]) => {
  const values = allocate(out!.dtype, sizeOf(out!.shape));
  if (offValue !== 0) values.fill(offValue);
  const v = indices!.values;
  for (let j = 0; j < v.length; j++) {
    const i = v[j]!;
    if (i >= 0 && i < depth) values[j * depth + i] = onValue;
  }
  return values;
});
