// Sparse (COO) ops: int32 indices [nnz, rank], values [nnz]. Gathers and sampled products
// take one thread per stored entry; scatters and products into a dense result take one
// thread per output element, which sums the entries aimed at it (no float atomics in WGSL;
// deterministic, O(output × nnz), as scatterAdd).
import type { OutputInfo } from "../../backend.js";
import { sizeOf, stridesOf } from "../../../tensor/shape.js";
import type { SparseIndexAttrs, SparseMatmulAttrs } from "../../../tensor/sparse.js";
import { flatMain, linearGroups } from "../codegen.js";
import { Params, typed, wgslType, type GpuData, type GpuTensor } from "../program.js";
import type { GpuRuntime } from "../runtime.js";
import { registerGpuKernel } from "../register.js";

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

// Duplicate entries sum; bool entries combine as "any".
registerGpuKernel<SparseIndexAttrs>("sparseScatter", ([indices, values], attrs, [out], rt) => {
  const add = out!.dtype === "bool" ? "acc = acc | in1[k];" : "acc += in1[k];";
  const body = `  var acc = T(0);
  for (var k = 0u; k < nnz; k++) { if (offsetOf(k) == i) { ${add} } }
  out0[i] = acc;`;
  return [sparseProgram(rt, "sparseScatter", [indices!, values!], out!, values!.shape[0]!, body, { helpers: (p) => offsetFn("in0", p, attrs) })];
});

registerGpuKernel<SparseIndexAttrs>("sparseGather", ([x, indices], attrs, [out], rt) => [
  sparseProgram(rt, "sparseGather", [x!, indices!], out!, out!.shape[0]!, "  out0[i] = in0[offsetOf(i)];", { helpers: (p) => offsetFn("in1", p, attrs) }),
]);

/** WGSL: entry k's row and column in op(a) — (p, q) = (r, c), or (c, r) for aᵀ. */
const entry = (transposeA: boolean) => `let r = u32(in0[2u * k]); let c = u32(in0[2u * k + 1u]); let p = ${transposeA ? "c" : "r"}; let q = ${transposeA ? "r" : "c"};`;

// out[p, j] = Σ over entries (p, q) of value · b[q, j].
registerGpuKernel<SparseMatmulAttrs>("sparseMatmul", ([indices, values, b], { transposeA }, [out], rt) => {
  const body = `  let row = i / cols; let j = i % cols;
  var acc = T(0);
  for (var k = 0u; k < nnz; k++) { ${entry(transposeA)} if (p == row) { acc += in1[k] * in2[q * cols + j]; } }
  out0[i] = acc;`;
  return [sparseProgram(rt, `sparseMatmul:${transposeA}`, [indices!, values!, b!], out!, values!.shape[0]!, body, { cols: out!.shape[1]! })];
});

// For each entry (p, q): the dot product of dy's row p and b's row q.
registerGpuKernel<SparseMatmulAttrs>("sparseSampledMatmul", ([indices, dy, b], { transposeA }, [out], rt) => {
  const body = `  let k = i; ${entry(transposeA)}
  var acc = T(0);
  for (var j = 0u; j < cols; j++) { acc += in1[p * cols + j] * in2[q * cols + j]; }
  out0[i] = acc;`;
  return [sparseProgram(rt, `sparseSampledMatmul:${transposeA}`, [indices!, dy!, b!], out!, out!.shape[0]!, body, { cols: dy!.shape[1]! })];
});
