// Shape ops as strided reads (out[i] = x[offset + Σ coordᵢ·strideᵢ]) and strided writes
// into a filled output (pad, slice gradients, concat); gather, scatterAdd and oneHot.
import type { OutputInfo } from "../../backend.js";
import { sizeOf, stridesOf, type Shape } from "../../../tensor/shape.js";
import type { TransposeAttrs } from "../../../tensor/ops/transpose.js";
import type { ConcatAttrs, SplitAttrs } from "../../../tensor/ops/concat.js";
import type { SliceAttrs, SliceGradAttrs } from "../../../tensor/ops/slice.js";
import type { GatherAttrs } from "../../../tensor/ops/gather.js";
import { indexOutOfRange } from "../../../tensor/index-errors.js";
import type { PadAttrs } from "../../../tensor/ops/pad.js";
import type { TileAttrs } from "../../../tensor/ops/tile.js";
import type { OneHotAttrs } from "../../../tensor/ops/one-hot.js";
import { broadcastStrides } from "../../cpu/elementwise.js";
import { flatMain, linearGroups, stridedFn } from "../codegen.js";
import { Params, wgslType, type GpuData, type GpuTensor } from "../program.js";
import type { GpuRuntime } from "../runtime.js";
import { registerGpuKernel } from "../register.js";

/** out[i] = x[offset + strided(i)] over `shape` (the output's shape, or a view of it). */
function stridedRead(runtime: GpuRuntime, x: GpuTensor, out: OutputInfo, offset: number, shape: Shape, strides: readonly number[]): GpuData {
  const params = new Params();
  const size = sizeOf(out.shape);
  const countAt = params.int(size);
  const offsetAt = params.int(offset);
  const fn = stridedFn("at", params, shape, strides);
  return runtime.run({
    key: `read:${shape.length}`,
    code: () => fn + flatMain(countAt, `  out0[i] = in0[prm(${offsetAt}u) + at(i)];`),
    inputs: [x],
    outputs: [{ dtype: out.dtype, length: size }],
    params,
    workgroups: size === 0 ? [0] : linearGroups(size),
  })[0]!;
}

/** dst[offset + strided(i)] = x[i] for every element of x, in place. */
function stridedWrite(runtime: GpuRuntime, dst: GpuData, x: GpuTensor, offset: number, strides: readonly number[]): void {
  const params = new Params();
  const size = sizeOf(x.shape);
  const countAt = params.int(size);
  const offsetAt = params.int(offset);
  const fn = stridedFn("at", params, x.shape, strides);
  runtime.run(
    {
      key: `write:${x.shape.length}`,
      code: () => fn + flatMain(countAt, `  out0[prm(${offsetAt}u) + at(i)] = in0[i];`),
      inputs: [x],
      outputs: [{ dtype: dst.dtype, length: dst.length }],
      params,
      workgroups: size === 0 ? [0] : linearGroups(size),
    },
    [dst],
  );
}

/** A new output filled with `value`. */
function filled(runtime: GpuRuntime, out: OutputInfo, value: number): GpuData {
  const params = new Params();
  const size = sizeOf(out.shape);
  const countAt = params.int(size);
  const type = wgslType(out.dtype);
  const valueAt = type === "f32" ? params.float(value) : params.int(value);
  return runtime.run({
    key: "fill",
    code: () => flatMain(countAt, `  out0[i] = bitcast<${type}>(prm(${valueAt}u));`),
    inputs: [],
    outputs: [{ dtype: out.dtype, length: size }],
    params,
    workgroups: size === 0 ? [0] : linearGroups(size),
  })[0]!;
}

const share = ([x]: readonly GpuTensor[]) => [x!.data];
registerGpuKernel("reshape", share);
registerGpuKernel("stopGradient", share);
registerGpuKernel("customGrad", (inputs) => [inputs.at(-1)!.data]);

registerGpuKernel("broadcastTo", ([x], _, [out], rt) => [stridedRead(rt, x!, out!, 0, out!.shape, broadcastStrides(x!.shape, out!.shape))]);

registerGpuKernel<TransposeAttrs>("transpose", ([x], { perm }, [out], rt) => {
  const strides = stridesOf(x!.shape);
  return [stridedRead(rt, x!, out!, 0, out!.shape, perm.map((p) => strides[p]!))];
});

/** Offset of the first sliced element and the per-axis strides (step times the axis stride). */
function sliceWalk(shape: Shape, { start, step }: SliceAttrs): { offset: number; strides: number[] } {
  const strides = stridesOf(shape);
  const offset = start.reduce((sum, s, k) => sum + s * strides[k]!, 0);
  return { offset, strides: strides.map((st, k) => st * step[k]!) };
}

registerGpuKernel<SliceAttrs>("stridedSlice", ([x], attrs, [out], rt) => {
  const { offset, strides } = sliceWalk(x!.shape, attrs);
  return [stridedRead(rt, x!, out!, offset, out!.shape, strides)];
});

registerGpuKernel<SliceGradAttrs>("stridedSliceGrad", ([dy], attrs, [out], rt) => {
  const result = filled(rt, out!, 0);
  const { offset, strides } = sliceWalk(attrs.inputShape, attrs);
  stridedWrite(rt, result, dy!, offset, strides);
  return [result];
});

registerGpuKernel<PadAttrs>("pad", ([x], { paddings, constantValue }, [out], rt) => {
  const result = filled(rt, out!, constantValue);
  const strides = stridesOf(out!.shape);
  stridedWrite(rt, result, x!, paddings.reduce((sum, [before], k) => sum + before * strides[k]!, 0), strides);
  return [result];
});

registerGpuKernel<TileAttrs>("tile", ([x], { reps }, [out], rt) => {
  // The output, seen as shape [r0, d0, r1, d1, …], reads x with stride 0 on the r axes.
  const strides = stridesOf(x!.shape);
  return [stridedRead(rt, x!, out!, 0, x!.shape.flatMap((d, k) => [reps[k]!, d]), strides.flatMap((s) => [0, s]))];
});

registerGpuKernel<ConcatAttrs>("concat", (inputs, { axis }, [out], rt) => {
  const result = rt.allocate(out!.dtype, sizeOf(out!.shape));
  const outStrides = stridesOf(out!.shape);
  let at = 0;
  for (const input of inputs) {
    stridedWrite(rt, result, input, at * outStrides[axis]!, outStrides);
    at += input.shape[axis]!;
  }
  return [result];
});

registerGpuKernel<SplitAttrs>("split", ([x], { axis }, outputs, rt) => {
  const strides = stridesOf(x!.shape);
  let at = 0;
  return outputs.map((out) => {
    const part = stridedRead(rt, x!, out, at * strides[axis]!, out.shape, strides);
    at += out.shape[axis]!;
    return part;
  });
});

/** Sizes around `axis`: elements before it (outer), along it, and in one step of it (inner). */
function aroundAxis(shape: Shape, axis: number): [number, number, number] {
  return [sizeOf(shape.slice(0, axis)), shape[axis]!, sizeOf(shape.slice(axis + 1))];
}

// Indices are checked on the GPU and an index outside the axis reported at the next read, with
// the CPU's message (meanwhile it gathers zeros and scatters nothing). Negative indices count
// from the end, as on the CPU.
function checkIndices(op: string, rt: GpuRuntime, x: GpuTensor, indices: GpuTensor, axis: number): void {
  const length = x.shape[axis]!;
  rt.check(indices.data, { low: -length, high: length }, ({ value, at }) => indexOutOfRange(op, value, at, axis, length, x.shape));
}

const RESOLVE = "fn resolve(j: u32, length: u32) -> u32 { let v = i32(in1[j]); return select(u32(v), u32(v + i32(length)), v < 0); }\n";

registerGpuKernel<GatherAttrs>("gather", ([x, indices], { axis }, [out], rt) => {
  checkIndices("gather", rt, x!, indices!, axis);
  const params = new Params();
  const size = sizeOf(out!.shape);
  const countAt = params.int(size);
  const dims = params.ints([...aroundAxis(x!.shape, axis), sizeOf(indices!.shape)]);
  const body = `  let inner = prm(${dims + 2}u); let length = prm(${dims + 1}u); let m = prm(${dims + 3}u);
  let q = i / inner; let j = q % m; let o = q / m;
  let pick = resolve(j, length);
  var v = ${wgslType(out!.dtype)}(0);
  if (pick < length) { v = in0[(o * length + pick) * inner + i % inner]; }
  out0[i] = v;`;
  return rt.run({
    key: "gather",
    code: () => RESOLVE + flatMain(countAt, body),
    inputs: [x!, indices!],
    outputs: [{ dtype: out!.dtype, length: size }],
    params,
    workgroups: size === 0 ? [0] : linearGroups(size),
  });
});

// Each output element sums the updates aimed at it (no float atomics in WGSL; deterministic).
registerGpuKernel<GatherAttrs>("scatterAdd", ([x, indices, updates], { axis }, [out], rt) => {
  checkIndices("scatterAdd", rt, x!, indices!, axis);
  const params = new Params();
  const size = sizeOf(out!.shape);
  const countAt = params.int(size);
  const dims = params.ints([...aroundAxis(x!.shape, axis), sizeOf(indices!.shape)]);
  const body = `  let inner = prm(${dims + 2}u); let length = prm(${dims + 1}u); let m = prm(${dims + 3}u);
  let r = i % inner; let q = i / inner; let dest = q % length; let o = q / length;
  var acc = in0[i];
  for (var j = 0u; j < m; j++) { if (resolve(j, length) == dest) { acc += in2[(o * m + j) * inner + r]; } }
  out0[i] = acc;`;
  return rt.run({
    key: "scatterAdd",
    code: () => RESOLVE + flatMain(countAt, body),
    inputs: [x!, indices!, updates!],
    outputs: [{ dtype: out!.dtype, length: size }],
    params,
    workgroups: size === 0 ? [0] : linearGroups(size),
  });
});

registerGpuKernel<OneHotAttrs>("oneHot", ([indices], { depth, onValue, offValue }, [out], rt) => {
  const params = new Params();
  const size = sizeOf(out!.shape);
  const countAt = params.int(size);
  const depthAt = params.int(depth);
  const type = wgslType(out!.dtype);
  const on = type === "f32" ? params.float(onValue) : params.int(onValue);
  const off = type === "f32" ? params.float(offValue) : params.int(offValue);
  return rt.run({
    key: "oneHot",
    code: () => flatMain(countAt, `  let d = prm(${depthAt}u);
  out0[i] = bitcast<${type}>(select(prm(${off}u), prm(${on}u), i32(in0[i / d]) == i32(i % d)));`),
    inputs: [indices!],
    outputs: [{ dtype: out!.dtype, length: size }],
    params,
    workgroups: size === 0 ? [0] : linearGroups(size),
  });
});
