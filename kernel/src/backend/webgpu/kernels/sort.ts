// sort and topk by ranking: one thread per element counts the elements of its row that come
// before it (NaN above everything, ties by index: the CPU's stable order, in both directions)
// and writes itself at that rank. O(n) per element: fine for rows up to a few thousand.
import { sizeOf } from "../../../tensor/shape.js";
import { axisLayout } from "../../cpu/kernels/cumsum.js";
import { flatMain, linearGroups } from "../codegen.js";
import { Params, typed, wgslType, type GpuTensor } from "../program.js";
import { registerGpuKernel } from "../register.js";
import { WGSL_MATH } from "./wgsl-math.js";

/**
 * WGSL: `rank(at0, k, n, inner, descending)` = how many elements of the line through
 * in0[at0] (element k of n, `inner` apart) sort before element k.
 */
function rankFn(type: "f32" | "i32" | "u32"): string {
  return typed(`fn nan(v: T) -> bool { return ${type === "f32" ? "isnan_(v)" : "false"}; }
// -1, 0, 1 as a compares to b, NaN above everything and equal to NaN.
fn order(a: T, b: T) -> i32 {
  if (nan(a) || nan(b)) { return i32(nan(a)) - i32(nan(b)); }
  return select(select(0, 1, a > b), -1, a < b);
}
fn rank(at0: u32, k: u32, n: u32, inner: u32, descending: bool) -> u32 {
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
`, type);
}

registerGpuKernel<{ axis: number; descending: boolean }>("sort", ([x], { axis, descending }, [values, indices], rt) => {
  const { n, inner } = axisLayout(x!.shape, axis);
  const size = sizeOf(x!.shape);
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
    outputs: [{ dtype: values!.dtype, length: size }, { dtype: indices!.dtype, length: size }],
    params,
    workgroups: size === 0 ? [0] : linearGroups(size),
  });
});

// The k largest of each last-axis row, by rank (sorted), or in index order: an element's
// place is then the number of chosen elements before it, counted from the ranks of a first pass.
registerGpuKernel<{ k: number; sorted: boolean }>("topk", ([x], { k, sorted }, [values, indices], rt) => {
  const n = x!.shape.at(-1) ?? 0;
  const size = sizeOf(x!.shape);
  const outSize = sizeOf(values!.shape);
  const outputs = [{ dtype: values!.dtype, length: outSize }, { dtype: indices!.dtype, length: outSize }];
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
