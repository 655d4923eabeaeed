// A bitonic sorting network for long rows: each line of x along an axis is copied into a
// scratch row of a power-of-two width (keys, and int32 payloads holding each key's position;
// padding has payload −1 and sorts last), then log₂w·(log₂w + 1)/2 compare-exchange passes
// sort every row at once, one thread per pair. Ties fall back to the position, so the order is
// the CPU's stable one. O(n log² n) work instead of the ranking's O(n²).
import { axisLayout } from "../../cpu/kernels/cumsum.js";
import { flatMain, linearGroups } from "../codegen.js";
import { Params, typed, wgslType, type GpuData, type GpuTensor } from "../program.js";
import type { GpuRuntime } from "../runtime.js";
import { WGSL_MATH } from "./wgsl-math.js";

/**
 * WGSL `order(a, b)` for values of `type`: −1, 0, 1 as a sorts before, with or after b
 * (NaN above everything and equal to NaN), with `nan(v)`.
 * @example orderFns("f32") + "fn rank(...) { ... order(x, v) ... }"
 */
export function orderFns(type: "f32" | "i32" | "u32"): string {
  return typed(`fn nan(v: T) -> bool { return ${type === "f32" ? "isnan_(v)" : "false"}; }
fn order(a: T, b: T) -> i32 {
  if (nan(a) || nan(b)) { return i32(nan(a)) - i32(nan(b)); }
  return select(select(0, 1, a > b), -1, a < b);
}
`, type);
}

/** Rows sorted by sortLines: `width` entries per row, the first n of them x's line in order. */
export interface SortedLines {
  readonly keys: GpuData;
  readonly positions: GpuData;
  readonly width: number;
}

/**
 * One dispatch of a thread per element `i < threads` running `body` after `code`, with the
 * integer uniforms `ints` read as `u0, u1, …`; `into`: outputs written in place.
 * @example flatPass(rt, "copy", "", [x], [{ dtype: "float32", length: n }], n, [], "  out0[i] = in0[i];")
 */
export function flatPass(rt: GpuRuntime, key: string, code: string, inputs: GpuTensor[], outputs: { dtype: GpuData["dtype"]; length: number }[], threads: number, ints: number[], body: string, into?: GpuData[]): GpuData[] {
  const params = new Params();
  const countAt = params.int(threads);
  const at = params.ints(ints);
  const uniforms = ints.map((_, k) => `let u${k} = prm(${at + k}u);`).join(" ");
  return rt.run({ key, code: () => code + flatMain(countAt, `  ${uniforms}\n${body}`), inputs, outputs, params, workgroups: threads === 0 ? [0] : linearGroups(threads) }, into);
}

/**
 * Sorts every line of x along `axis` (ascending, or descending), NaN above everything, ties
 * by position; the caller releases the result.
 * @example const { keys, positions, width } = sortLines(rt, x, 1, true);
 */
export function sortLines(rt: GpuRuntime, x: GpuTensor, axis: number, descending: boolean): SortedLines {
  const { outer, n, inner } = axisLayout(x.shape, axis);
  const width = 2 ** Math.ceil(Math.log2(Math.max(n, 1)));
  const length = outer * inner * width;
  const type = wgslType(x.dtype);
  const outputs = [{ dtype: x.dtype, length }, { dtype: "int32" as const, length }];
  const load = `  let line = i / u2; let p = i % u2;
  if (p < u0) { out0[i] = in0[((line / u1) * u0 + p) * u1 + line % u1]; out1[i] = i32(p); } else { out0[i] = ${type}(0); out1[i] = -1; }`;
  const [keys, positions] = flatPass(rt, "bitonic:load", "", [x], outputs, length, [n, inner, width], load);
  const exchange = `${WGSL_MATH}${orderFns(type)}
fn before(p: u32, q: u32) -> bool {
  let pp = out1[p]; let qp = out1[q];
  if (pp < 0 || qp < 0) { return qp < 0 && pp >= 0; }
  let c = order(out0[p], out0[q]) * ${descending ? -1 : 1};
  return c < 0 || (c == 0 && pp < qp);
}
`;
  // u0 = width, u1 = k (the size of the bitonic blocks being merged), u2 = j (the exchange distance).
  const body = `  let half = u0 / 2u; let line = i / half; let t = i % half;
  let a0 = 2u * u2 * (t / u2) + t % u2;
  let a = line * u0 + a0; let b = a + u2;
  if (select(before(a, b), before(b, a), (a0 & u1) == 0u)) {
    let key = out0[a]; out0[a] = out0[b]; out0[b] = key;
    let position = out1[a]; out1[a] = out1[b]; out1[b] = position;
  }`;
  for (let k = 2; k <= width; k *= 2) {
    for (let j = k / 2; j >= 1; j /= 2) flatPass(rt, `bitonic:${descending}`, exchange, [], outputs, length / 2, [width, k, j], body, [keys!, positions!]);
  }
  return { keys: keys!, positions: positions!, width };
}
