// Ragged row ops over flat values [total, ...inner] and int32 row splits [rows + 1] (in1):
// per-row reductions loop over their row (one thread per row and inner position), and the
// ops writing values find each value's row by binary search in the splits.
import type { OutputInfo } from "../../backend.js";
import { sizeOf, type Shape } from "../../../tensor/shape.js";
import type { RaggedExtremeAttrs, RaggedSizeAttrs, RaggedToDenseAttrs } from "../../../tensor/ragged.js";
import { flatMain, linearGroups } from "../codegen.js";
import { Params, typed, wgslType, type GpuData, type GpuTensor } from "../program.js";
import type { GpuRuntime } from "../runtime.js";
import { registerGpuKernel } from "../register.js";
import { WGSL_MATH } from "./wgsl-math.js";

/** WGSL: `rowOf(v, rows)`, the row whose splits hold value v (rows = splits − 1), or -1 if none does. */
const ROW_OF = `fn rowOf(v: i32, rows: u32) -> i32 {
  var lo = 0u; var hi = rows;
  while (lo < hi) { let mid = (lo + hi) / 2u; if (in1[mid + 1u] <= v) { lo = mid + 1u; } else { hi = mid; } }
  if (lo >= rows || in1[lo] > v) { return -1; }
  return i32(lo);
}
`;

/**
 * One dispatch, a thread per element of `out`: `body` sees `i`, `inner` (elements per value
 * of `valueShape`), `rows`, `width` and the constant `c0` (of the output's type, WGSL type `T`).
 */
function raggedProgram(rt: GpuRuntime, key: string, inputs: GpuTensor[], out: OutputInfo, valueShape: Shape, body: string, { constant = 0, width = 0 } = {}): GpuData {
  const threads = sizeOf(out.shape);
  const params = new Params();
  const type = wgslType(out.dtype);
  const countAt = params.int(threads);
  const [innerAt, rowsAt] = [params.int(sizeOf(valueShape.slice(1))), params.int(inputs[1]!.shape[0]! - 1)];
  const widthAt = params.int(width);
  const constantAt = type === "f32" ? params.float(constant) : params.int(constant);
  const prologue = `  let inner = prm(${innerAt}u); let rows = prm(${rowsAt}u); let width = prm(${widthAt}u); let c0 = bitcast<T>(prm(${constantAt}u));\n`;
  return rt.run({
    key,
    code: () => WGSL_MATH + ROW_OF + typed(flatMain(countAt, prologue + body), type),
    inputs,
    outputs: [{ dtype: out.dtype, length: sizeOf(out.shape) }],
    params,
    workgroups: threads === 0 ? [0] : linearGroups(threads),
  })[0]!;
}

/** WGSL: the row r and inner position j of thread i over [rows, inner], and the row's first and end value. */
const ROW = "  let r = i / inner; let j = i % inner; let start = u32(in1[r]); let end = u32(in1[r + 1u]);\n";

// bool values sum as int32 (the output's type); accumulated in the output's type.
registerGpuKernel("raggedRowSum", ([values, splits], _, [out], rt) => [
  raggedProgram(rt, "raggedRowSum", [values!, splits!], out!, values!.shape, `${ROW}  var acc = T(0);
  for (var v = start; v < end; v++) { acc += T(in0[v * inner + j]); }
  out0[i] = acc;`),
]);

registerGpuKernel<RaggedSizeAttrs>("raggedRowRepeat", ([x, splits], _, [out], rt) => [
  raggedProgram(rt, "raggedRowRepeat", [x!, splits!], out!, out!.shape, `  let r = rowOf(i32(i / inner), rows);
  var v = T(0);
  if (r >= 0) { v = in0[u32(r) * inner + i % inner]; }
  out0[i] = v;`),
]);

// The first extreme of each row wins, and NaN over everything; an empty row holds the
// identity (−∞ / +∞, the int32 limits, false / true for bool), passed as c0.
const EMPTY: Record<string, Record<"max" | "min", number>> = { f32: { max: -Infinity, min: Infinity }, i32: { max: -2147483648, min: 2147483647 }, u32: { max: 0, min: 1 } };
for (const kind of ["max", "min"] as const) {
  const name = kind === "max" ? "raggedRowMax" : "raggedRowMin";
  registerGpuKernel<RaggedExtremeAttrs>(name, ([values, splits], _, [out], rt) => {
    const float = wgslType(out!.dtype) === "f32";
    const better = `${kind === "max" ? "x > best" : "x < best"}${float ? " || isnan_(x)" : ""}`;
    return [
      raggedProgram(rt, name, [values!, splits!], out!, values!.shape, `${ROW}  var best = c0;
  for (var v = start; v < end; v++) {
    let x = in0[v * inner + j];
    if (v == start || ${better}) { best = x; }
    ${float ? "if (isnan_(best)) { break; }" : ""}
  }
  out0[i] = best;`, { constant: EMPTY[wgslType(out!.dtype)]![kind] }),
    ];
  });
}

registerGpuKernel<RaggedToDenseAttrs>("raggedToDense", ([values, splits], { width, pad }, [out], rt) => {
  const body = `  let j = i % inner; let col = (i / inner) % width; let r = i / (inner * width);
  let start = u32(in1[r]);
  var v = c0;
  if (col < u32(in1[r + 1u]) - start) { v = in0[(start + col) * inner + j]; }
  out0[i] = v;`;
  return [raggedProgram(rt, "raggedToDense", [values!, splits!], out!, values!.shape, body, { constant: pad, width })];
});

// Row r's first (splits[r+1] − splits[r]) dense entries, read from the row's start as the CPU does.
registerGpuKernel<RaggedSizeAttrs>("raggedFromDense", ([dense, splits], _, [out], rt) => {
  const body = `  let r = rowOf(i32(i / inner), rows);
  var v = T(0);
  if (r >= 0) { v = in0[(u32(r) * width + i / inner - u32(in1[r])) * inner + i % inner]; }
  out0[i] = v;`;
  return [raggedProgram(rt, "raggedFromDense", [dense!, splits!], out!, out!.shape, body, { width: dense!.shape[1]! })];
});
