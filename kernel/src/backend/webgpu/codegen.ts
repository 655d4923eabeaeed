import type { Params } from "./program.js";

/** Threads per workgroup of the one-thread-per-element programs. */
export const WG = 64;
const MAX_GROUPS = 65535;

/** Storage buffers one shader may bind: WebGPU's default until a device is opened. */
let storageBuffers = 8;

/**
 * Records the opened device's limit on storage buffers per shader (generators with a
 * variable number of inputs, like fused programs, stay within it).
 * @example setStorageBufferLimit(gpu.limits.maxStorageBuffersPerShaderStage)
 */
export function setStorageBufferLimit(limit: number): void {
  storageBuffers = limit;
}

/**
 * Storage buffers one shader may bind on the opened device (8 before one is opened).
 * @example if (inputs + outputs > storageBufferLimit()) return undefined;
 */
export function storageBufferLimit(): number {
  return storageBuffers;
}

/**
 * Workgroups covering `threads` threads of a flat program (a second dimension past 65535).
 * @example linearGroups(1e7) // [65535, 3]
 */
export function linearGroups(threads: number, perGroup = WG): [number, number] {
  const groups = Math.ceil(threads / perGroup);
  return groups <= MAX_GROUPS ? [groups, 1] : [MAX_GROUPS, Math.ceil(groups / MAX_GROUPS)];
}

/**
 * The entry point of a flat program: `i` is the thread's element, threads past `prm(n)` stop.
 * @example flatMain(p.int(size), "out0[i] = in0[i] * 2.0;")
 */
export function flatMain(countAt: number, body: string): string {
  return `@compute @workgroup_size(${WG}) fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${WG}u;
  if (i >= prm(${countAt}u)) { return; }
${body}
}
`;
}

/**
 * A WGSL function `name(i: u32) -> u32` turning a flat index over a shape into an offset
 * through strides, both stored as uniforms (written here into `params`).
 * @example stridedFn("idx0", p, [2, 3], [0, 1]) // broadcasting a [3] input over [2, 3]
 */
export function stridedFn(name: string, params: Params, shape: readonly number[], strides: readonly number[]): string {
  const shapeAt = params.ints(shape);
  const stridesAt = params.ints(strides);
  const lines = [`fn ${name}(flat: u32) -> u32 {`, "  var rest = flat;", "  var offset = 0u;"];
  for (let d = shape.length - 1; d >= 0; d--) {
    lines.push(`  offset += (rest % prm(${shapeAt + d}u)) * prm(${stridesAt + d}u);`);
    if (d > 0) lines.push(`  rest /= prm(${shapeAt + d}u);`);
  }
  lines.push("  return offset;", "}");
  return lines.join("\n") + "\n";
}
