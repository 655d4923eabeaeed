// Reductions over any axes, softmax and logSoftmax: one workgroup per output element, its
// threads stride over the reduced elements, then a tree in workgroup memory.
import type { OutputInfo } from "../../backend.js";
import { sizeOf, stridesOf } from "../../../tensor/shape.js";
import type { ReduceAttrs } from "../../../tensor/ops/reduce.js";
import type { SoftmaxAttrs } from "../../../tensor/ops/softmax.js";
import type { VectorNormAttrs } from "../../../tensor/ops/reduce-norm.js";
import { flatMain, linearGroups, stridedFn } from "../codegen.js";
import { Params, typed, wgslType, type GpuData, type GpuTensor } from "../program.js";
import type { GpuRuntime } from "../runtime.js";
import { registerGpuKernel } from "../register.js";
import { WGSL_MATH } from "./wgsl-math.js";

const RW = 64;

/** Split of x's axes into the kept ones (one output each) and the reduced ones (a row each). */
function rows(x: GpuTensor, axes: readonly number[], params: Params) {
  const strides = stridesOf(x.shape);
  const kept = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const pick = (list: number[], from: readonly number[]) => list.map((i) => from[i]!);
  const groups = sizeOf(pick(kept, x.shape));
  const length = sizeOf(pick([...axes], x.shape));
  const helpers = stridedFn("kept", params, pick(kept, x.shape), pick(kept, strides)) + stridedFn("red", params, pick([...axes], x.shape), pick([...axes], strides));
  return { groups, length, helpers };
}

/**
 * A row program: `body` runs per workgroup with `o` (its output), `base` (its row's offset),
 * `R` (row length) and `t` (thread), and the helpers `kept`, `red`; `extra` inputs follow x.
 */
function rowProgram(runtime: GpuRuntime, key: string, x: GpuTensor, axes: readonly number[], outputs: { dtype: OutputInfo["dtype"]; length: number }[], body: string, treeTypes: string[], extra: GpuTensor[] = []): GpuData[] {
  const params = new Params();
  const groupsAt = params.int(0);
  const lengthAt = params.int(0);
  const { groups, length, helpers } = rows(x, axes, params);
  params.words[groupsAt] = groups;
  params.words[lengthAt] = length;
  const trees = treeTypes.map((type, k) => `var<workgroup> sh${k}: array<${type}, ${RW}>;\n`).join("");
  const code = () => `${WGSL_MATH}${helpers}${trees}
@compute @workgroup_size(${RW}) fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let o = wid.x + wid.y * nwg.x;
  if (o >= prm(${groupsAt}u)) { return; }
  let t = lid.x;
  let R = prm(${lengthAt}u);
  let base = kept(o);
${body}
}`;
  return runtime.run({ key: `${key}:${x.shape.length}:${axes.length}`, code, inputs: [x, ...extra], outputs, params, workgroups: groups === 0 ? [0] : linearGroups(groups, 1) });
}

/** WGSL: reduce `acc` (type T) across the workgroup with `combine`, leaving the result in `sh0[0]`. */
function tree(combine: string): string {
  return `  sh0[t] = acc;
  workgroupBarrier();
  for (var s = ${RW / 2}u; s > 0u; s >>= 1u) {
    if (t < s) { let x = sh0[t]; let y = sh0[t + s]; sh0[t] = ${combine}; }
    workgroupBarrier();
  }`;
}

interface Reduction {
  init: string;
  /** Combines `x` and `y` of type T. */
  combine: string;
  /** From the total `r` to the stored value (`R` is the row length). */
  finish?: string;
}

const NAN_MAX = "select(max(x, y), x + y, isnan_(T(x)) || isnan_(T(y)))";
const NAN_MIN = "select(min(x, y), x + y, isnan_(T(x)) || isnan_(T(y)))";

const REDUCTIONS: Record<string, Reduction> = {
  sum: { init: "T(0)", combine: "x + y" },
  mean: { init: "T(0)", combine: "x + y", finish: "r / T(R)" },
  prod: { init: "T(1)", combine: "x * y" },
  max: { init: "-T(bitcast<f32>(INF_BITS))", combine: NAN_MAX },
  min: { init: "T(bitcast<f32>(INF_BITS))", combine: NAN_MIN },
  all: { init: "1u", combine: "select(0u, 1u, x != 0u && y != 0u)" },
  any: { init: "0u", combine: "select(0u, 1u, x != 0u || y != 0u)" },
};

/**
 * Records reduction `name` (sum, mean, prod, max, min, all, any) of x over `axes` into new memory of `out`'s shape.
 * @example reduce(rt, "sum", grad, [0, 1, 2], { shape: [channels], dtype: "float32" }) // a bias gradient
 */
export function reduce(runtime: GpuRuntime, name: string, x: GpuTensor, axes: readonly number[], out: OutputInfo): GpuData {
  const spec = REDUCTIONS[name]!;
  // all/any read bools, the others accumulate in the output's type (int32 sums stay exact).
  const type = name === "all" || name === "any" ? "u32" : wgslType(out.dtype);
  const intMax = type === "i32" ? { max: "i32(-2147483648)", min: "2147483647" } : undefined;
  const init = typed(intMax && (name === "max" || name === "min") ? intMax[name] : spec.init, type);
  const combine = typed(type === "f32" ? spec.combine : spec.combine.replace(NAN_MAX, "max(x, y)").replace(NAN_MIN, "min(x, y)"), type);
  const finish = typed(spec.finish ?? "r", type);
  const leading = axes.length < x.shape.length && [...axes].sort((a, b) => a - b).every((axis, i) => axis === i);
  const rowCount = sizeOf(x.shape.slice(0, axes.length));
  if (leading && rowCount > RW) return columnReduce(runtime, name, x, rowCount, out, { type, init, combine, finish });
  const body = `  var acc = ${init};
  for (var k = t; k < R; k += ${RW}u) { let x = acc; let y = ${type}(in0[base + red(k)]); acc = ${combine}; }
${tree(combine)}
  if (t == 0u) { let r = sh0[0]; out0[o] = ${finish}; }`;
  return rowProgram(runtime, `reduce:${name}`, x, axes, [{ dtype: out.dtype, length: sizeOf(out.shape) }], body, [type])[0]!;
}

/** Most row blocks a column reduction's first pass cuts the rows into. */
const MAX_ROW_BLOCKS = 256;

/**
 * A reduction over x's leading axes (a bias gradient: [pixels, channels] summed over pixels),
 * seen as `rows` rows of C columns. One workgroup per row per column would read a column
 * with a thread per row, far apart in memory, and give a GPU only C workgroups; instead the
 * rows are cut into blocks, each workgroup's threads read consecutive columns of its block's
 * rows (coalesced), and a second pass combines the blocks' partials in order.
 */
function columnReduce(runtime: GpuRuntime, name: string, x: GpuTensor, rows: number, out: OutputInfo, r: { type: string; init: string; combine: string; finish: string }): GpuData {
  const columns = sizeOf(x.shape) / rows;
  const blocks = Math.min(MAX_ROW_BLOCKS, Math.ceil(rows / RW));
  const rowsPerBlock = Math.ceil(rows / blocks);
  const first = new Params();
  const at = first.ints([rows, columns, rowsPerBlock]);
  const [partials] = runtime.run({
    key: `reduce:${name}:columns`,
    // Column groups on x (and y past 65,535 groups), row blocks on z.
    code: () => `${WGSL_MATH}@compute @workgroup_size(${RW}) fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let R = prm(${at}u); let C = prm(${at + 1}u); let per = prm(${at + 2}u);
  let c = (wid.x + wid.y * nwg.x) * ${RW}u + lid.x;
  if (c >= C) { return; }
  var acc = ${r.init};
  for (var row = wid.z * per; row < min(R, (wid.z + 1u) * per); row++) { let x = acc; let y = ${r.type}(in0[row * C + c]); acc = ${r.combine}; }
  out0[wid.z * C + c] = acc;
}`,
    inputs: [x],
    // Partials in the output's dtype: the accumulator's type is the one it stores (bool as u32).
    outputs: [{ dtype: out.dtype, length: blocks * columns }],
    params: first,
    workgroups: [...linearGroups(columns, RW), blocks],
  });
  const second = new Params();
  const countAt = second.int(columns);
  const blocksAt = second.ints([blocks, rows]);
  const [result] = runtime.run({
    key: `reduce:${name}:blocks`,
    code: () => WGSL_MATH + flatMain(countAt, `  let R = prm(${blocksAt + 1}u);
  var acc = ${r.init};
  for (var b = 0u; b < prm(${blocksAt}u); b++) { let x = acc; let y = in0[b * prm(${countAt}u) + i]; acc = ${r.combine}; }
  let r = acc;
  out0[i] = ${r.finish};`),
    inputs: [{ data: partials!, shape: [blocks * columns], dtype: out.dtype }],
    outputs: [{ dtype: out.dtype, length: columns }],
    params: second,
    workgroups: linearGroups(columns),
  });
  runtime.release(partials!);
  return result!;
}

for (const name of Object.keys(REDUCTIONS)) {
  registerGpuKernel<ReduceAttrs>(name, ([x], { axes }, [out], runtime) => [reduce(runtime, name, x!, axes, out!)]);
}

/** WGSL: per row, `m` = max (NaN if any) and `s` = Σ exp(x − m), both uniform across the workgroup. */
const MAX_AND_SUM = `  var acc = -bitcast<f32>(INF_BITS);
  for (var k = t; k < R; k += ${RW}u) { let x = acc; let y = in0[base + red(k)]; acc = ${typed(NAN_MAX, "f32")}; }
${tree(typed(NAN_MAX, "f32"))}
  let m = sh0[0];
  workgroupBarrier();
  acc = 0.0;
  for (var k = t; k < R; k += ${RW}u) { acc += exp(in0[base + red(k)] - m); }
${tree("x + y")}
  let s = sh0[0];`;

registerGpuKernel<ReduceAttrs>("logSumExp", ([x], { axes }, [out], runtime) =>
  rowProgram(runtime, "logSumExp", x!, axes, [{ dtype: out!.dtype, length: sizeOf(out!.shape) }], `${MAX_AND_SUM}
  if (t == 0u) { out0[o] = select(m + log(s), m, abs(m) == bitcast<f32>(INF_BITS)); }`, ["f32"]),
);

const softmaxLike = (name: string, value: string) =>
  registerGpuKernel<SoftmaxAttrs>(name, ([x], { axes }, [out], runtime) =>
    rowProgram(runtime, name, x!, axes, [{ dtype: out!.dtype, length: sizeOf(out!.shape) }], `${MAX_AND_SUM}
  for (var k = t; k < R; k += ${RW}u) { let at = base + red(k); out0[at] = ${value}; }`, ["f32"]),
  );
softmaxLike("softmax", "exp(in0[at] - m) / s");
softmaxLike("logSoftmax", "in0[at] - m - log(s)");

// argmax/argmin: the position in the row of the first best value; the first NaN beats everything.
const argExtremum = (name: string, better: string) =>
  registerGpuKernel<ReduceAttrs>(name, ([x], { axes }, [out], runtime) =>
    rowProgram(runtime, name, x!, axes, [{ dtype: "int32", length: sizeOf(out!.shape) }], `  var bv = 0.0;
  var bi = 0xffffffffu;
  for (var k = t; k < R; k += ${RW}u) {
    let v = f32(in0[base + red(k)]);
    if (bi == 0xffffffffu || (!isnan_(bv) && (${better} || isnan_(v)))) { bv = v; bi = k; }
  }
  sh0[t] = bv;
  sh1[t] = bi;
  workgroupBarrier();
  for (var s = ${RW / 2}u; s > 0u; s >>= 1u) {
    if (t < s) {
      let v = sh0[t + s]; let i = sh1[t + s]; let cv = sh0[t]; let ci = sh1[t];
      let take = i != 0xffffffffu && (ci == 0xffffffffu || (isnan_(v) && (!isnan_(cv) || i < ci)) || (!isnan_(cv) && !isnan_(v) && (${better.replaceAll("bv", "cv")} || (v == cv && i < ci))));
      if (take) { sh0[t] = v; sh1[t] = i; }
    }
    workgroupBarrier();
  }
  if (t == 0u) { out0[o] = i32(sh1[0]); }`, ["f32", "u32"]),
  );
argExtremum("argmax", "v > bv");
argExtremum("argmin", "v < bv");

// 1/k at each of the k positions of a row equal to its extremum y[o] (NaN matches NaN), else 0.
registerGpuKernel<{ axes: number[] }>("extremumWeights", ([x, y], { axes }, [out], runtime) =>
  rowProgram(runtime, "extremumWeights", x!, axes, [{ dtype: out!.dtype, length: sizeOf(out!.shape) }], `  let m = in1[o];
  var acc = 0.0;
  for (var k = t; k < R; k += ${RW}u) { let v = in0[base + red(k)]; if (v == m || (isnan_(v) && isnan_(m))) { acc += 1.0; } }
${tree("x + y")}
  let count = sh0[0];
  for (var k = t; k < R; k += ${RW}u) { let at = base + red(k); let v = in0[at]; out0[at] = select(0.0, 1.0 / count, v == m || (isnan_(v) && isnan_(m))); }`, ["f32"], [y!]),
);

// Vector norms: Σ|x|, max|x| (NaN propagates), and √Σx² as m·√Σ(x/m)² with m = max|x| (no overflow).
const MAX_ABS = `  var acc = 0.0;
  for (var k = t; k < R; k += ${RW}u) { let x = acc; let y = abs(in0[base + red(k)]); acc = ${typed(NAN_MAX, "f32")}; }
${tree(typed(NAN_MAX, "f32"))}
  let m = sh0[0];
  workgroupBarrier();`;
const NORMS: Record<VectorNormAttrs["ord"], string> = {
  l1: `  var acc = 0.0;
  for (var k = t; k < R; k += ${RW}u) { acc += abs(in0[base + red(k)]); }
${tree("x + y")}
  if (t == 0u) { out0[o] = sh0[0]; }`,
  max: `${MAX_ABS}
  if (t == 0u) { out0[o] = m; }`,
  l2: `${MAX_ABS}
  acc = 0.0;
  let finite = m > 0.0 && m < bitcast<f32>(INF_BITS);
  if (finite) { for (var k = t; k < R; k += ${RW}u) { let q = in0[base + red(k)] / m; acc += q * q; } }
${tree("x + y")}
  if (t == 0u) { out0[o] = select(m, m * sqrt(sh0[0]), finite); }`,
};
registerGpuKernel<VectorNormAttrs>("vectorNorm", ([x], { ord, axes }, [out], runtime) =>
  rowProgram(runtime, `vectorNorm:${ord}`, x!, axes, [{ dtype: out!.dtype, length: sizeOf(out!.shape) }], NORMS[ord], ["f32"]),
);
