// "Checked on read" for the GPU: a check of values (gather's index range, Embedding ids and
// cross-entropy labels, debug.checkNumerics) is one workgroup that scans the values, reduces to
// the first rejected position and the largest value, and writes them into a small log buffer
// unless an earlier check failed already. The next read copies the log along with its own data
// (one readback), clears it, and throws the failed check's error.
import type { DType } from "../../tensor/dtype.js";
import type { RejectedValue, RejectionError, ValueRule } from "../value-rule.js";
import { Params, type GpuData, type Program } from "./program.js";

/** Words of the log: the failed check's number + 1 (0: none failed), position, value bits, largest-value bits. */
export const LOG_WORDS = 4;
const THREADS = 256;

/** A check recorded on the GPU, waiting for the next read to report it. */
export interface PendingCheck {
  readonly dtype: DType;
  readonly error: RejectionError;
}

/** The WGSL test of one value against `rule` (type `T`: f32 for floats, i32 otherwise). */
function rejectedFn(rule: ValueRule, float: boolean, params: Params): string {
  const bound = (value: number) => (float ? `fprm(${params.float(value)}u)` : `iprm(${params.int(value)}u)`);
  const tests = float ? ["(bitcast<u32>(v) & 0x7f800000u) == 0x7f800000u"] : []; // NaN and ±Infinity
  if (rule.low !== undefined) tests.push(`v < ${bound(rule.low)}`);
  if (rule.high !== undefined) tests.push(`v ${rule.highIncluded ? ">" : ">="} ${bound(rule.high)}`);
  if (rule.integer && float) tests.push("floor(v) != v");
  return `fn rejected(v: T) -> bool { return ${tests.length > 0 ? tests.map((t) => `(${t})`).join(" || ") : "false"}; }\n`;
}

/**
 * The program checking `x` (its values in one workgroup) and writing check number `check`'s
 * failure into `out0`, the log, when it is the first.
 * @example runtime.run(checkProgram(ids, { low: 0, high: 10 }, 0), [log])
 */
export function checkProgram(x: GpuData, rule: ValueRule, check: number): Program {
  const float = x.dtype === "float32";
  const params = new Params();
  const countAt = params.int(x.length);
  const checkAt = params.int(check);
  const rejected = rejectedFn(rule, float, params);
  const type = float ? "f32" : "i32";
  const code = `alias T = ${type};
const NONE = 0xffffffffu;
var<workgroup> firsts: array<u32, ${THREADS}>;
var<workgroup> tops: array<T, ${THREADS}>;
fn value(i: u32) -> T { return T(in0[i]); }
fn isNan(v: T) -> bool { return ${float ? "(bitcast<u32>(v) & 0x7fffffffu) > 0x7f800000u" : "false"}; }
${rejected}
@compute @workgroup_size(${THREADS})
fn main(@builtin(local_invocation_index) t: u32) {
  let n = prm(${countAt}u);
  var first = NONE;
  var top = ${float ? "bitcast<f32>(0xff7fffffu)" : "i32(-2147483647) - 1"}; // the lowest finite value
  for (var i = t; i < n; i += ${THREADS}u) {
    let v = value(i);
    if (first == NONE && rejected(v)) { first = i; }
    if (!isNan(v) && v > top) { top = v; }
  }
  firsts[t] = first;
  tops[t] = top;
  workgroupBarrier();
  for (var s = ${THREADS / 2}u; s > 0u; s >>= 1u) {
    if (t < s) { firsts[t] = min(firsts[t], firsts[t + s]); tops[t] = max(tops[t], tops[t + s]); }
    workgroupBarrier();
  }
  if (t == 0u && firsts[0] != NONE && out0[0] == 0) {
    out0[0] = i32(prm(${checkAt}u)) + 1;
    out0[1] = i32(firsts[0]);
    out0[2] = bitcast<i32>(value(firsts[0]));
    out0[3] = bitcast<i32>(tops[0]);
  }
}
`;
  const rangeKey = [rule.low !== undefined, rule.high !== undefined, rule.highIncluded === true, rule.integer === true].map(Number).join("");
  return {
    key: `check:${rangeKey}`,
    code: () => code,
    inputs: [{ data: x, shape: [x.length], dtype: x.dtype }],
    outputs: [{ dtype: "int32", length: LOG_WORDS }],
    params,
    workgroups: [1],
  };
}

/**
 * The error of the check the log names (undefined when none failed).
 * @example const failure = failureIn(words.subarray(n), pending); if (failure) throw failure;
 */
export function failureIn(log: Uint32Array, pending: readonly PendingCheck[]): Error | undefined {
  const failed = pending[log[0]! - 1];
  if (!failed) return undefined;
  const decode = (bits: number) => (failed.dtype === "float32" ? new Float32Array(Uint32Array.of(bits).buffer)[0]! : bits | 0);
  const rejected: RejectedValue = { at: log[1]!, value: decode(log[2]!), largest: decode(log[3]!) };
  return failed.error(rejected);
}
