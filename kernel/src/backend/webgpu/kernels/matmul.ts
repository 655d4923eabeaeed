// Batched matmul in all transpose combinations: a workgroup of 16×16 threads computes a
// (16·R)×(16·R) tile of C, each thread an R×R block held in registers; tiles of A and B
// pass through workgroup memory 16 k-steps at a time, loaded along each operand's
// contiguous axis (so Aᵀ and Bᵀ read coalesced too). R = 8 for products of many tiles, else 4.
// A product with few tiles and a long k (a convolution's filter gradient: [288, 64] summed
// over 7,744 pixels is 5 workgroups) splits k: each split's workgroups write a partial
// product, and a second pass adds the partials in a fixed order and applies the epilogue.
import { sizeOf } from "../../../tensor/shape.js";
import type { MatmulAttrs } from "../../../tensor/ops/matmul.js";
import { appliesRelu, type MatmulBiasReluAttrs } from "../../../tensor/ops/graph-only/matmul-bias-relu-op.js";
import { broadcastStrides } from "../../cpu/elementwise.js";
import { linearGroups, flatMain, stridedFn } from "../codegen.js";
import { Params, type GpuData, type GpuTensor } from "../program.js";
import type { GpuRuntime } from "../runtime.js";
import type { OutputInfo } from "../../backend.js";
import { registerGpuKernel } from "../register.js";
import { elementwise } from "./elementwise.js";
import { DTypeError } from "../../../tensor/errors.js";

const TK = 16;
/** Workgroups a product should give the GPU; one with fewer tiles splits k to reach it. */
const TARGET_GROUPS = 256;
/** Fewest k-steps of TK in a split (a shorter one costs more in partials than it gains). */
const MIN_SPLIT_STEPS = 8;

/**
 * Kernel choices bench/gpu.mjs compares: the register block per thread (by size unless
 * set), a padded row stride in workgroup memory (no bank conflicts when A's rows are
 * stored), the k-step loop unrolled in the generated code, and `fill`: a product of few
 * tiles gets 64×64 tiles and splits k to give the GPU TARGET_GROUPS workgroups (off: the
 * block by size alone, 8 from 256² elements of C, and no split, as before 2026-12-06).
 */
export const matmulTuning: { block?: 4 | 8; pad: boolean; unroll: boolean; fill: boolean } = { pad: true, unroll: true, fill: true };

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

/** WGSL applied to each product as it is stored: as is, plus the column's bias (binding `bias`), or that then relu (NaN stays NaN, as on the CPU). */
const EPILOGUES = {
  none: () => "fn result(c: f32, col: u32) -> f32 { return c; }",
  bias: (bias: string) => `fn result(c: f32, col: u32) -> f32 { return c + ${bias}[col]; }`,
  biasRelu: (bias: string) => `fn result(c: f32, col: u32) -> f32 { let z = c + ${bias}[col]; return select(0.0, z, z > 0.0 || (bitcast<u32>(z) & 0x7fffffffu) > 0x7f800000u); }`,
};
type Epilogue = keyof typeof EPILOGUES;

const float32Only = (op: string, out: OutputInfo) => {
  if (out.dtype !== "float32") throw new DTypeError(`${op} on the webgpu backend multiplies float32 matrices, not ${out.dtype}; cast first, or use setBackend("cpu")`);
};

registerGpuKernel<MatmulAttrs>("matmul", ([a, b], { transposeA, transposeB }, [out], runtime) => {
  float32Only("matmul", out!);
  return [matmul(runtime, a!, b!, transposeA, transposeB, out!)];
});

// Graph mode's fused dense layer (graph/passes/bias-relu-epilogue.ts): the bias and relu (unless told not to) applied as C is stored.
registerGpuKernel<MatmulBiasReluAttrs>("matmulBiasRelu", ([a, b, bias], attrs, [out], runtime) => {
  float32Only("matmulBiasRelu", out!);
  return [matmul(runtime, a!, b!, attrs.transposeA, attrs.transposeB, out!, bias, appliesRelu(attrs))];
});

// Graph mode's fused relu gradient of a dense layer's input gradient (graph/passes/relu-grad-epilogue.ts):
// the product, then the mask (select(0, product, y > 0)) recorded after it.
registerGpuKernel<MatmulAttrs>("matmulReluGrad", ([a, b, y], { transposeA, transposeB }, [out], runtime) => {
  float32Only("matmulReluGrad", out!);
  const product = matmul(runtime, a!, b!, transposeA, transposeB, out!);
  try {
    return [elementwise(runtime, "reluGradMask", [{ data: product, shape: out!.shape, dtype: out!.dtype }, y!], out!, { f32: "select(0.0, a, b > 0.0)" })];
  } finally {
    runtime.release(product);
  }
});

/**
 * Records op(A)·op(B) (batched, batch axes broadcast) into new memory of `out`'s shape;
 * with `bias` (one value per column), relu(op(A)·op(B) + bias) instead (op(A)·op(B) + bias
 * without `relu`).
 * The convolutions call it on their patch matrices.
 * @example matmul(rt, cols, w2d, false, false, { shape: [pixels, co], dtype: "float32" })
 */
export function matmul(runtime: GpuRuntime, a: GpuTensor, b: GpuTensor, transposeA: boolean, transposeB: boolean, out: OutputInfo, bias?: GpuTensor, relu = true): GpuData {
  const rank = out.shape.length;
  const [m, n] = [out.shape[rank - 2]!, out.shape[rank - 1]!];
  const k = transposeA ? a.shape[a.shape.length - 2]! : a.shape[a.shape.length - 1]!;
  const batches = sizeOf(out.shape.slice(0, -2));
  const epilogue: Epilogue = bias ? (relu ? "biasRelu" : "bias") : "none";
  const T = 16 * blockFor(m, n, batches);
  const tiles = Math.ceil(m / T) * Math.ceil(n / T) * batches;
  const wanted = tiles >= TARGET_GROUPS || !matmulTuning.fill ? 1 : Math.min(Math.ceil(TARGET_GROUPS / tiles), Math.floor(k / (MIN_SPLIT_STEPS * TK)));
  if (wanted <= 1 || batches * m * n === 0) return tiledProduct(runtime, a, b, transposeA, transposeB, out, 1, k, bias, epilogue);
  const chunk = Math.ceil(k / wanted / TK) * TK; // whole k-steps: a split's tiles end at its chunk or at k
  const splits = Math.ceil(k / chunk);
  const partials = tiledProduct(runtime, a, b, transposeA, transposeB, out, splits, chunk);
  const sum = sumSplits(runtime, partials, splits, out, bias, epilogue);
  runtime.release(partials);
  return sum;
}

/**
 * The register block per thread (unless tuned): 8 where 128×128 tiles still give the GPU
 * TARGET_GROUPS workgroups (2048² has 256), else 4 — a [7744, 64] convolution product in
 * 128-wide tiles would leave half of each tile's threads without columns, and a 1024²
 * product in them is 64 workgroups for a GPU of 132 multiprocessors.
 */
function blockFor(m: number, n: number, batches: number): 4 | 8 {
  if (matmulTuning.block) return matmulTuning.block;
  if (!matmulTuning.fill) return m * n >= 256 * 256 ? 8 : 4;
  return Math.ceil(m / 128) * Math.ceil(n / 128) * batches >= TARGET_GROUPS ? 8 : 4;
}

/**
 * Records the tiled product C = op(A)·op(B) (`out`: C's shape); with `splits` > 1, split s of
 * batch b sums k in [s·chunk, (s + 1)·chunk) into slice b·splits + s of a buffer of `splits`
 * times C's size (without the epilogue: sumSplits applies it).
 */
function tiledProduct(runtime: GpuRuntime, a: GpuTensor, b: GpuTensor, transposeA: boolean, transposeB: boolean, out: OutputInfo, splits: number, chunk: number, bias?: GpuTensor, epilogue: Epilogue = "none"): GpuData {
  const rank = out.shape.length;
  const [m, n] = [out.shape[rank - 2]!, out.shape[rank - 1]!];
  const k = transposeA ? a.shape[a.shape.length - 2]! : a.shape[a.shape.length - 1]!;
  const batchShape = out.shape.slice(0, -2);
  const batches = sizeOf(batchShape) * splits;
  const { pad, unroll } = matmulTuning;
  const R = blockFor(m, n, sizeOf(batchShape));
  const T = 16 * R;
  const S = T / 4 + (pad ? 1 : 0);
  const params = new Params();
  const dims = params.ints([m, n, k, splits, chunk]);
  const batchFns =
    stridedFn("aBatch", params, batchShape, broadcastStrides((a as GpuTensor).shape.slice(0, -2), batchShape).map((s) => s * m * k)) +
    stridedFn("bBatch", params, batchShape, broadcastStrides((b as GpuTensor).shape.slice(0, -2), batchShape).map((s) => s * k * n));
  // A stored [m, k] (or [k, m] when transposed): rows of op(A) are m; B stored [k, n] (or [n, k]).
  const code = () => `${batchFns}
${EPILOGUES[epilogue]("in2")}
var<workgroup> As: array<vec4<f32>, ${TK * S}>;
var<workgroup> Bs: array<vec4<f32>, ${TK * S}>;
@compute @workgroup_size(16, 16) fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
  let M = prm(${dims}u); let N = prm(${dims + 1}u); let K = prm(${dims + 2}u);
  let splits = prm(${dims + 3}u); let chunk = prm(${dims + 4}u);
  let batch = wid.z / splits; let kStart = (wid.z % splits) * chunk; let kEnd = min(K, kStart + chunk);
  let aBase = aBatch(batch); let bBase = bBatch(batch);
  let Asr0 = wid.y * ${T}u; let Bsr0 = wid.x * ${T}u;
  let tid = lid.y * 16u + lid.x;
${declare("c", R * R, "0.0")}
  for (var k0 = kStart; k0 < kEnd; k0 += ${TK}u) {
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
    outputs: [{ dtype: out.dtype, length: sizeOf(out.shape) * splits }],
    params,
    workgroups: sizeOf(out.shape) === 0 ? [0] : groups,
  })[0]!;
}

/** Records C[b] = epilogue(Σ over s of partials[b·splits + s]) for C's matrices b, adding the splits in order. */
function sumSplits(runtime: GpuRuntime, partials: GpuData, splits: number, out: OutputInfo, bias: GpuTensor | undefined, epilogue: Epilogue): GpuData {
  const size = sizeOf(out.shape);
  const [m, n] = out.shape.slice(-2) as [number, number];
  const params = new Params();
  const countAt = params.int(size);
  const at = params.ints([splits, m * n, n]);
  const body = `  let splits = prm(${at}u); let slice = prm(${at + 1}u);
  let b = i / slice; let r = i % slice;
  var c = 0.0;
  for (var s = 0u; s < splits; s++) { c += in0[(b * splits + s) * slice + r]; }
  out0[i] = result(c, r % prm(${at + 2}u));`;
  const summands: GpuTensor = { data: partials, shape: [partials.length], dtype: "float32" };
  return runtime.run({
    key: `matmul:splits:${epilogue}`,
    code: () => `${EPILOGUES[epilogue]("in1")}\n${flatMain(countAt, body)}`,
    inputs: bias ? [summands, bias] : [summands],
    outputs: [{ dtype: out.dtype, length: size }],
    params,
    workgroups: linearGroups(size),
  })[0]!;
}
