// Batched matmul in all transpose combinations: a workgroup of 16×16 threads computes a
// (16·R)×(16·R) tile of C, each thread an R×R block held in registers; tiles of A and B
// pass through workgroup memory 16 k-steps at a time, loaded along each operand's
// contiguous axis (so Aᵀ and Bᵀ read coalesced too). R = 8 for large products, else 4.
import { sizeOf } from "../../../tensor/shape.js";
import type { MatmulAttrs } from "../../../tensor/ops/matmul.js";
import { broadcastStrides } from "../../cpu/elementwise.js";
import { stridedFn } from "../codegen.js";
import { Params, type GpuData, type GpuTensor } from "../program.js";
import type { GpuRuntime } from "../runtime.js";
import type { OutputInfo } from "../../backend.js";
import { registerGpuKernel } from "../register.js";
import { DTypeError } from "../../../tensor/errors.js";

const TK = 16;

/**
 * Kernel choices bench/gpu.mjs compares: the register block per thread (by size unless
 * set), a padded row stride in workgroup memory (no bank conflicts when A's rows are
 * stored), and the k-step loop unrolled in the generated code.
 */
export const matmulTuning: { block?: 4 | 8; pad: boolean; unroll: boolean } = { pad: true, unroll: true };

/** WGSL loading a [rows × TK] slice of an operand into workgroup memory `tile[k][row]`. */
function loadTile(tile: string, input: string, base: string, size: number, stride: number, contiguousK: boolean, rowLimit: string, rowStride: string): string {
  // Thread `tid` of 256 loads elements tid, tid + 256, ... of the tile, in the operand's memory order.
  const perThread = (size * TK) / 256;
  const [row, k] = contiguousK ? ["e / 16u", "e % 16u"] : [`e % ${size}u`, `e / ${size}u`];
  const offset = contiguousK ? `(r0 + row) * ${rowStride} + k0 + kk` : `(k0 + kk) * ${rowStride} + r0 + row`;
  return `  for (var l = 0u; l < ${perThread}u; l++) {
    let e = tid + l * 256u;
    let row = ${row}; let kk = ${k};
    var v = 0.0;
    if (r0 + row < ${rowLimit} && k0 + kk < K) { v = ${input}[${base} + ${offset}]; }
    ${tile}[kk * ${stride}u + row / 4u][row % 4u] = v;
  }`.replaceAll("r0", `${tile}r0`);
}

/** WGSL declaring `count` f32 variables `name0…`. */
function declare(name: string, count: number, init: string): string {
  return Array.from({ length: count }, (_, i) => `  var ${name}${i} = ${init};`).join("\n");
}

/** WGSL reading this thread's R consecutive values of row `kk` of a tile as vec4s into `name0…`. */
function fragment(name: string, tile: string, lane: string, stride: number, R: number): string {
  const lines = [];
  for (let q = 0; q < R / 4; q++) lines.push(`      let ${name}v${q} = ${tile}[kk * ${stride}u + ${lane} * ${R / 4}u + ${q}u];`);
  for (let i = 0; i < R; i++) lines.push(`      let ${name}${i} = ${name}v${Math.floor(i / 4)}[${i % 4}];`);
  return lines.join("\n");
}

/** WGSL running `body` for kk = 0 … TK − 1: a loop, or TK copies with a constant kk. */
function kSteps(body: string, unroll: boolean): string {
  if (!unroll) return `    for (var kk = 0u; kk < ${TK}u; kk++) {\n${body}\n    }`;
  return Array.from({ length: TK }, (_, kk) => `    {\n      let kk = ${kk}u;\n${body}\n    }`).join("\n");
}

/** WGSL: the R×R register block's fused multiply-adds, unrolled. */
function products(R: number): string {
  const lines = [];
  for (let i = 0; i < R; i++) for (let j = 0; j < R; j++) lines.push(`      c${i * R + j} = fma(a${i}, b${j}, c${i * R + j});`);
  return lines.join("\n");
}

/** WGSL storing the block: rows lid.y·R + i, columns lid.x·R + j, inside the matrix only, through `result(c, col)`. */
function store(R: number): string {
  const lines = [];
  for (let i = 0; i < R; i++) {
    lines.push(`  { let row = Asr0 + lid.y * ${R}u + ${i}u; if (row < M) {`);
    for (let j = 0; j < R; j++) lines.push(`    { let col = Bsr0 + lid.x * ${R}u + ${j}u; if (col < N) { out0[cBase + row * N + col] = result(c${i * R + j}, col); } }`);
    lines.push("  } }");
  }
  return lines.join("\n");
}

/** WGSL applied to each product as it is stored: as is, or plus the column's bias (in2) then relu (NaN stays NaN, as on the CPU). */
const EPILOGUES = {
  none: "fn result(c: f32, col: u32) -> f32 { return c; }",
  biasRelu: "fn result(c: f32, col: u32) -> f32 { let z = c + in2[col]; return select(0.0, z, z > 0.0 || (bitcast<u32>(z) & 0x7fffffffu) > 0x7f800000u); }",
};

const float32Only = (op: string, out: OutputInfo) => {
  if (out.dtype !== "float32") throw new DTypeError(`${op} on the webgpu backend multiplies float32 matrices, not ${out.dtype}; cast first, or use setBackend("cpu")`);
};

registerGpuKernel<MatmulAttrs>("matmul", ([a, b], { transposeA, transposeB }, [out], runtime) => {
  float32Only("matmul", out!);
  return [matmul(runtime, a!, b!, transposeA, transposeB, out!)];
});

// Graph mode's fused dense layer (graph/passes/bias-relu-epilogue.ts): the bias and relu applied as C is stored.
registerGpuKernel<MatmulAttrs>("matmulBiasRelu", ([a, b, bias], { transposeA, transposeB }, [out], runtime) => {
  float32Only("matmulBiasRelu", out!);
  return [matmul(runtime, a!, b!, transposeA, transposeB, out!, bias)];
});

/**
 * Records op(A)·op(B) (batched, batch axes broadcast) into new memory of `out`'s shape;
 * with `bias` (one value per column), relu(op(A)·op(B) + bias) instead.
 * The convolutions call it on their patch matrices.
 * @example matmul(rt, cols, w2d, false, false, { shape: [pixels, co], dtype: "float32" })
 */
export function matmul(runtime: GpuRuntime, a: GpuTensor, b: GpuTensor, transposeA: boolean, transposeB: boolean, out: OutputInfo, bias?: GpuTensor): GpuData {
  const rank = out!.shape.length;
  const [m, n] = [out!.shape[rank - 2]!, out!.shape[rank - 1]!];
  const k = transposeA ? a!.shape[a!.shape.length - 2]! : a!.shape[a!.shape.length - 1]!;
  const batchShape = out!.shape.slice(0, -2);
  const batches = sizeOf(batchShape);
  const { pad, unroll } = matmulTuning;
  const R = matmulTuning.block ?? (m * n >= 256 * 256 ? 8 : 4);
  const T = 16 * R;
  const S = T / 4 + (pad ? 1 : 0);
  const params = new Params();
  const dims = params.ints([m, n, k]);
  const batchFns =
    stridedFn("aBatch", params, batchShape, broadcastStrides((a as GpuTensor).shape.slice(0, -2), batchShape).map((s) => s * m * k)) +
    stridedFn("bBatch", params, batchShape, broadcastStrides((b as GpuTensor).shape.slice(0, -2), batchShape).map((s) => s * k * n));
  // A stored [m, k] (or [k, m] when transposed): rows of op(A) are m; B stored [k, n] (or [n, k]).
  const epilogue = bias ? "biasRelu" : "none";
  const code = () => `${batchFns}
${EPILOGUES[epilogue]}
var<workgroup> As: array<vec4<f32>, ${TK * S}>;
var<workgroup> Bs: array<vec4<f32>, ${TK * S}>;
@compute @workgroup_size(16, 16) fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
  let M = prm(${dims}u); let N = prm(${dims + 1}u); let K = prm(${dims + 2}u);
  let aBase = aBatch(wid.z); let bBase = bBatch(wid.z);
  let Asr0 = wid.y * ${T}u; let Bsr0 = wid.x * ${T}u;
  let tid = lid.y * 16u + lid.x;
${declare("c", R * R, "0.0")}
  for (var k0 = 0u; k0 < K; k0 += ${TK}u) {
${loadTile("As", "in0", "aBase", T, S, !transposeA, "M", transposeA ? "M" : "K")}
${loadTile("Bs", "in1", "bBase", T, S, transposeB, "N", transposeB ? "K" : "N")}
    workgroupBarrier();
${kSteps(`${fragment("a", "As", "lid.y", S, R)}\n${fragment("b", "Bs", "lid.x", S, R)}\n${products(R)}`, unroll)}
    workgroupBarrier();
  }
  let cBase = wid.z * M * N;
${store(R)}
}`;
  const groups: [number, number, number] = [Math.ceil(n / T), Math.ceil(m / T), batches];
  return runtime.run({
    key: `matmul:${transposeA}:${transposeB}:${R}:${pad}:${unroll}:${batchShape.length}:${epilogue}`,
    code,
    inputs: bias ? [a, b, bias] : [a, b],
    outputs: [{ dtype: out!.dtype, length: sizeOf(out!.shape) }],
    params,
    workgroups: sizeOf(out!.shape) === 0 ? [0] : groups,
  })[0]!;
}
