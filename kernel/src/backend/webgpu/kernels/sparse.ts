// Sparse (COO) ops: int32 indices [nnz, rank], values [nnz]. Gathers and sampled products
// take one thread per stored entry. Scatters and products into a dense result (no float
// atomics in WGSL) first sort the entries by the output position (or row) they add to, with
// the bitonic network; then one thread per output element finds its entries by binary search
// and sums them in entry order: deterministic, O(nnz log² nnz + output × log nnz).
import type { OutputInfo } from "../../backend.js";
import { sizeOf, stridesOf } from "../../../tensor/shape.js";
import type { SparseIndexAttrs, SparseMatmulAttrs } from "../../../tensor/sparse.js";
import { flatMain, linearGroups } from "../codegen.js";
import { Params, typed, wgslType, type GpuData, type GpuTensor } from "../program.js";
import type { GpuRuntime } from "../runtime.js";
import { registerGpuKernel } from "../register.js";
import { sortLines } from "./bitonic.js";

/** WGSL `offsetOf(k)`: entry k's flat offset in a dense tensor of `shape`, ignoring the index columns in `axes` (indices in `buffer`). */
function offsetFn(buffer: string, params: Params, { shape, axes }: SparseIndexAttrs): string {
  const rank = shape.length;
  const stridesAt = params.ints(stridesOf(shape).map((s, axis) => (axes.includes(axis) ? 0 : s)));
  const rankAt = params.int(rank);
  return `fn offsetOf(k: u32) -> u32 {
  let rank = prm(${rankAt}u);
  var offset = 0u;
  for (var a = 0u; a < rank; a++) { offset += u32(${buffer}[k * rank + a]) * prm(${stridesAt}u + a); }
  return offset;
}
`;
}

/** One thread per element of `out`; `body` sees `i`, `nnz` and `cols`, with `T` the output's WGSL type. */
function sparseProgram(rt: GpuRuntime, key: string, inputs: GpuTensor[], out: OutputInfo, nnz: number, body: string, { cols = 0, helpers = (_: Params): string => "" }: { cols?: number; helpers?: (params: Params) => string } = {}): GpuData {
  const size = sizeOf(out.shape);
  const params = new Params();
  const countAt = params.int(size);
  const [nnzAt, colsAt] = [params.int(nnz), params.int(cols)];
  const code = helpers(params) + typed(flatMain(countAt, `  let nnz = prm(${nnzAt}u); let cols = prm(${colsAt}u);\n${body}`), wgslType(out.dtype));
  return rt.run({ key, code: () => code, inputs, outputs: [{ dtype: out.dtype, length: size }], params, workgroups: size === 0 ? [0] : linearGroups(size) })[0]!;
}

/** WGSL `lowerBound(v)`: the first of the nnz sorted keys in `buffer` that is ≥ v. */
const lowerBound = (buffer: string) => `fn lowerBound(v: i32, nnz: u32) -> u32 {
  var lo = 0u; var hi = nnz;
  while (lo < hi) { let mid = (lo + hi) / 2u; if (${buffer}[mid] < v) { lo = mid + 1u; } else { hi = mid; } }
  return lo;
}
`;

/**
 * The entries sorted by the output position `target` (WGSL of entry k, over `inputs`) they add to:
 * inputs for a pass, the sorted targets then the entries' numbers. The caller releases them.
 */
function entriesByTarget(rt: GpuRuntime, inputs: GpuTensor[], nnz: number, target: string, helpers?: (params: Params) => string): [GpuTensor, GpuTensor] {
  const targets = sparseProgram(rt, `sparseTargets:${target}`, inputs, { shape: [nnz], dtype: "int32" }, nnz, `  let k = i; ${target}`, { helpers });
  const sorted = sortLines(rt, { data: targets, shape: [nnz], dtype: "int32" }, 0, false);
  rt.release(targets);
  return [{ data: sorted.keys, shape: [sorted.width], dtype: "int32" }, { data: sorted.positions, shape: [sorted.width], dtype: "int32" }];
}

// Duplicate entries sum; bool entries combine as "any".
registerGpuKernel<SparseIndexAttrs>("sparseScatter", ([indices, values], attrs, [out], rt) => {
  const nnz = values!.shape[0]!;
  const sorted = entriesByTarget(rt, [indices!], nnz, "out0[i] = i32(offsetOf(k));", (p) => offsetFn("in0", p, attrs));
  const add = out!.dtype === "bool" ? "acc = acc | in0[k];" : "acc += in0[k];";
  const body = `  var acc = T(0);
  for (var e = lowerBound(i32(i), nnz); e < nnz && in1[e] == i32(i); e++) { let k = u32(in2[e]); ${add} }
  out0[i] = acc;`;
  const result = sparseProgram(rt, "sparseScatter", [values!, ...sorted], out!, nnz, body, { helpers: () => lowerBound("in1") });
  for (const t of sorted) rt.release(t.data);
  return [result];
});

registerGpuKernel<SparseIndexAttrs>("sparseGather", ([x, indices], attrs, [out], rt) => [
  sparseProgram(rt, "sparseGather", [x!, indices!], out!, out!.shape[0]!, "  out0[i] = in0[offsetOf(i)];", { helpers: (p) => offsetFn("in1", p, attrs) }),
]);

/** WGSL: entry k's row and column in op(a) — (p, q) = (r, c), or (c, r) for aᵀ. */
const entry = (transposeA: boolean) => `let r = u32(in0[2u * k]); let c = u32(in0[2u * k + 1u]); let p = ${transposeA ? "c" : "r"}; let q = ${transposeA ? "r" : "c"};`;

// out[p, j] = Σ over entries (p, q) of value · b[q, j].
registerGpuKernel<SparseMatmulAttrs>("sparseMatmul", ([indices, values, b], { transposeA }, [out], rt) => {
  const nnz = values!.shape[0]!;
  const sorted = entriesByTarget(rt, [indices!], nnz, `${entry(transposeA)} out0[i] = i32(p);`);
  const body = `  let row = i / cols; let j = i % cols;
  var acc = T(0);
  for (var e = lowerBound(i32(row), nnz); e < nnz && in3[e] == i32(row); e++) { let k = u32(in4[e]); ${entry(transposeA)} acc += in1[k] * in2[q * cols + j]; }
  out0[i] = acc;`;
  const result = sparseProgram(rt, `sparseMatmul:${transposeA}`, [indices!, values!, b!, ...sorted], out!, nnz, body, { cols: out!.shape[1]!, helpers: () => lowerBound("in3") });
  for (const t of sorted) rt.release(t.data);
  return [result];
});

// For each entry (p, q): the dot product of dy's row p and b's row q.
registerGpuKernel<SparseMatmulAttrs>("sparseSampledMatmul", ([indices, dy, b], { transposeA }, [out], rt) => {
  const body = `  let k = i; ${entry(transposeA)}
  var acc = T(0);
  for (var j = 0u; j < cols; j++) { acc += in1[p * cols + j] * in2[q * cols + j]; }
  out0[i] = acc;`;
  return [sparseProgram(rt, `sparseSampledMatmul:${transposeA}`, [indices!, dy!, b!], out!, out!.shape[0]!, body, { cols: dy!.shape[1]! })];
});
