// sort and topk. Short rows by ranking: one thread per element counts the elements of its row
// that come before it (NaN above everything, ties by index: the CPU's stable order, in both
// directions) and writes itself at that rank, O(n) per element in one dispatch. Long rows by
// the bitonic network of bitonic.ts, O(log² n) passes of O(n).
import { sizeOf } from "../../../tensor/shape.js";
import { axisLayout } from "../../cpu/kernels/cumsum.js";
import { flatMain, linearGroups } from "../codegen.js";
import { Params, wgslType, type GpuData, type GpuTensor } from "../program.js";
import type { GpuRuntime } from "../runtime.js";
import { flatPass, orderFns, sortLines, type SortedLines } from "./bitonic.js";

type Outputs = { dtype: GpuData["dtype"]; length: number }[];
import { registerGpuKernel } from "../register.js";
import { WGSL_MATH } from "./wgsl-math.js";

/** Rows longer than `rankLimit` sort by the bitonic network; tests lower it to check that path. */
export const sortTuning = { rankLimit: 2048 };

/**
 * WGSL: `rank(at0, k, n, inner, descending)` = how many elements of the line through
 * in0[at0] (element k of n, `inner` apart) sort before element k.
 */
function rankFn(type: "f32" | "i32" | "u32"): string {
  return orderFns(type) + `fn rank(at0: u32, k: u32, n: u32, inner: u32, descending: bool) -> u32 {
  let line = at0 - k * inner;
  let v = in0[at0];
  var r = 0u;
  for (var j = 0u; j < n; j++) {
    var c = order(in0[line + j * inner], v);
    if (descending) { c = -c; }
    if (c < 0 || (c == 0 && j < k)) { r++; }
  }
  return r;
}
`;
}

/** The scratch rows of sortLines as the inputs of a pass (in0: keys, in1: positions). */
const sortedInputs = ({ keys, positions }: SortedLines, dtype: GpuTensor["dtype"]): GpuTensor[] => [
  { data: keys, shape: [keys.length], dtype },
  { data: positions, shape: [positions.length], dtype: "int32" },
];

/** Element p of row `line` of x along the axis, from the sorted scratch rows. */
function sortBitonic(rt: GpuRuntime, x: GpuTensor, axis: number, descending: boolean, outputs: Outputs): GpuData[] {
  const { n, inner } = axisLayout(x.shape, axis);
  const sorted = sortLines(rt, x, axis, descending);
  const body = `  let at = ((i / (u1 * u0)) * u1 + i % u1) * u2 + (i / u1) % u0;
  out0[i] = in0[at]; out1[i] = in1[at];`;
  const result = flatPass(rt, "sort:store", "", sortedInputs(sorted, x.dtype), outputs, sizeOf(x.shape), [n, inner, sorted.width], body);
  rt.release(sorted.keys);
  rt.release(sorted.positions);
  return result;
}

/** topk of long rows: the first k of each row sorted descending, or those k in index order (placed by counting). */
function topkBitonic(rt: GpuRuntime, x: GpuTensor, k: number, sorted: boolean, outputs: Outputs): GpuData[] {
  const rows = sortLines(rt, x, x.shape.length - 1, true);
  const place = sorted ? "q" : "place";
  const body = `  let row = i / u0; let q = i % u0; let at = row * u1 + q;
  var place = 0u;
  ${sorted ? "" : "for (var e = 0u; e < u0; e++) { if (in1[row * u1 + e] < in1[at]) { place++; } }"}
  out0[row * u0 + ${place}] = in0[at]; out1[row * u0 + ${place}] = in1[at];`;
  const result = flatPass(rt, `topk:store:${sorted}`, "", sortedInputs(rows, x.dtype), outputs, outputs[0]!.length, [k, rows.width], body);
  rt.release(rows.keys);
  rt.release(rows.positions);
  return result;
}

registerGpuKernel<{ axis: number; descending: boolean }>("sort", ([x], { axis, descending }, [values, indices], rt) => {
  const { n, inner } = axisLayout(x!.shape, axis);
  const size = sizeOf(x!.shape);
  const outputs = [{ dtype: values!.dtype, length: size }, { dtype: indices!.dtype, length: size }];
  if (n > sortTuning.rankLimit) return sortBitonic(rt, x!, axis, descending, outputs);
  const params = new Params();
  const countAt = params.int(size);
  const [nAt, innerAt] = [params.int(n), params.int(inner)];
  const body = `  let n = prm(${nAt}u); let inner = prm(${innerAt}u);
  let k = (i / inner) % n;
  let to = i + (rank(i, k, n, inner, ${descending}) - k) * inner;
  out0[to] = in0[i];
  out1[to] = i32(k);`;
  return rt.run({
    key: `sort:${descending}`,
    code: () => WGSL_MATH + rankFn(wgslType(x!.dtype)) + flatMain(countAt, body),
    inputs: [x!],
    outputs,
    params,
    workgroups: size === 0 ? [0] : linearGroups(size),
  });
});

// The k largest of each last-axis row, by rank (sorted), or in index order: an element's
// place is then the number of chosen elements before it, counted from the ranks of a first pass.
// Long rows: topkBitonic.
registerGpuKernel<{ k: number; sorted: boolean }>("topk", ([x], { k, sorted }, [values, indices], rt) => {
  const n = x!.shape.at(-1) ?? 0;
  const size = sizeOf(x!.shape);
  const outSize = sizeOf(values!.shape);
  const outputs = [{ dtype: values!.dtype, length: outSize }, { dtype: indices!.dtype, length: outSize }];
  if (n > sortTuning.rankLimit && outSize > 0) return topkBitonic(rt, x!, k, sorted, outputs);
  const params = new Params();
  const countAt = params.int(x!.shape.length === 0 || outSize === 0 ? 0 : size);
  const [nAt, kAt] = [params.int(n), params.int(k)];
  const code = (body: string) => () => WGSL_MATH + rankFn(wgslType(x!.dtype)) + flatMain(countAt, `  let n = prm(${nAt}u); let K = prm(${kAt}u);\n  let j = i % n; let row = i / n;\n${body}`);
  const workgroups = (threads: number): [number, number?] => (threads === 0 ? [0] : linearGroups(threads));
  const write = (place: string) => `  if (r < K) { let to = row * K + ${place}; out0[to] = in0[i]; out1[to] = i32(j); }`;
  if (sorted) {
    const [out0, out1] = rt.run({ key: "topk:sorted", code: code(`  let r = rank(i, j, n, 1u, true);\n${write("r")}`), inputs: [x!], outputs, params, workgroups: workgroups(params.words[countAt]!) });
    return [out0!, out1!];
  }
  const [ranks] = rt.run({ key: "topk:ranks", code: code("  out0[i] = i32(rank(i, j, n, 1u, true));"), inputs: [x!], outputs: [{ dtype: "int32", length: size }], params, workgroups: workgroups(params.words[countAt]!) });
  const rankInput: GpuTensor = { data: ranks!, shape: x!.shape, dtype: "int32" };
  // in1: the ranks; an element's place is the number of chosen elements before it in its row.
  const place = `  let r = u32(in1[i]);
  var place = 0u;
  for (var q = 0u; q < j; q++) { if (u32(in1[i - j + q]) < K) { place++; } }
${write("place")}`;
  const picked = rt.run({ key: "topk:unsorted", code: code(place), inputs: [x!, rankInput], outputs, params, workgroups: workgroups(params.words[countAt]!) });
  rt.release(ranks!);
  return picked;
});
