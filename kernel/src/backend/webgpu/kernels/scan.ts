// Scans along one axis (cumsum, linearRecurrence: one thread per line, walking it in order,
// the running value in the output's type) and shiftAlongAxis (one thread per element).
import type { OutputInfo } from "../../backend.js";
import { sizeOf } from "../../../tensor/shape.js";
import type { ScanAttrs } from "../../../tensor/ops/cumsum.js";
import { axisLayout } from "../../cpu/kernels/cumsum.js";
import { flatMain, linearGroups } from "../codegen.js";
import { Params, typed, wgslType, type GpuData, type GpuTensor } from "../program.js";
import type { GpuRuntime } from "../runtime.js";
import { registerGpuKernel } from "../register.js";

/**
 * One thread per line along `axis` of `shape`: `step` runs for each element in order (or
 * reversed) with `at` its index and `h` the running value of type T, starting at T(0).
 */
function lineScan(rt: GpuRuntime, key: string, inputs: GpuTensor[], axis: number, reverse: boolean, out: OutputInfo, step: string): GpuData {
  const { outer, n, inner } = axisLayout(out.shape, axis);
  const params = new Params();
  const countAt = params.int(outer * inner);
  const [nAt, innerAt] = [params.int(n), params.int(inner)];
  const type = wgslType(out.dtype);
  const body = `  let n = prm(${nAt}u); let inner = prm(${innerAt}u);
  let base = (i / inner) * n * inner + i % inner;
  var h = T(0);
  for (var s = 0u; s < n; s++) {
    let at = base + ${reverse ? "(n - 1u - s)" : "s"} * inner;
${step}
  }`;
  return rt.run({
    key: `${key}:${reverse}`,
    code: () => flatMain(countAt, typed(body, type)),
    inputs,
    outputs: [{ dtype: out.dtype, length: sizeOf(out.shape) }],
    params,
    workgroups: outer * inner * n === 0 ? [0] : linearGroups(outer * inner),
  })[0]!;
}

// bool counts as int32 (the output's type).
registerGpuKernel<ScanAttrs>("cumsum", ([x], { axis, exclusive, reverse }, [out], rt) => [
  lineScan(rt, `cumsum:${exclusive}`, [x!], axis, reverse, out!, exclusive ? "    out0[at] = h; h += T(in0[at]);" : "    h += T(in0[at]); out0[at] = h;"),
]);

registerGpuKernel<{ axis: number; reverse: boolean }>("linearRecurrence", ([a, b], { axis, reverse }, [out], rt) => [
  lineScan(rt, "linearRecurrence", [a!, b!], axis, reverse, out!, "    h = in0[at] * h + in1[at]; out0[at] = h;"),
]);

// out[k] = x[k − offset] along the axis, 0 where k − offset falls outside it.
registerGpuKernel<{ axis: number; offset: 1 | -1 }>("shiftAlongAxis", ([x], { axis, offset }, [out], rt) => {
  const { n, inner } = axisLayout(x!.shape, axis);
  const size = sizeOf(x!.shape);
  const params = new Params();
  const countAt = params.int(size);
  const [nAt, innerAt] = [params.int(n), params.int(inner)];
  const [from, inside] = offset === 1 ? ["i - inner", "k > 0u"] : ["i + inner", "k + 1u < n"];
  const body = `  let n = prm(${nAt}u); let inner = prm(${innerAt}u);
  let k = (i / inner) % n;
  var v = ${wgslType(x!.dtype)}(0);
  if (${inside}) { v = in0[${from}]; }
  out0[i] = v;`;
  return rt.run({ key: `shiftAlongAxis:${offset}`, code: () => flatMain(countAt, body), inputs: [x!], outputs: [{ dtype: out!.dtype, length: size }], params, workgroups: size === 0 ? [0] : linearGroups(size) });
});
