import { registerCpuKernel, type CpuTensor } from "../register.js";
import type { OutputInfo } from "../../backend.js";
import { matmulGeometry } from "../../matmul-geometry.js";
import { allocate, type TypedArray } from "../../../tensor/dtype.js";
import { sizeOf } from "../../../tensor/shape.js";
import { checkInterrupt } from "../../../tensor/interrupt-check.js";
import type { MatmulAttrs } from "../../../tensor/ops/matmul.js";
import { appliesRelu, type MatmulBiasReluAttrs } from "../../../tensor/ops/graph-only/matmul-bias-relu-op.js";

// Register-blocked GEMM in plain JavaScript. Both operands are first packed into panels of
// four rows (of op(A)) / four columns (of op(B)) laid out k-major in float64, so:
//  - a transposed operand costs nothing extra (packing reads it with swapped strides),
//  - the micro-kernel reads both panels sequentially and keeps a 4×4 block of C in 16
//    local doubles (V8 keeps them in registers), which is ~4× faster than i-k-j loops,
//  - float32 products are accumulated in float64 and rounded once, when C is written.
// Panels are zero-padded to a multiple of four, so the micro-kernel has no edge cases.
const TILE = 4;

/**
 * Packs an r×k operand (element (i, p) at `offset + i*rowStride + p*colStride`) into
 * ceil(r/4) panels of [k][4] doubles.
 */
function pack(src: TypedArray, offset: number, r: number, k: number, rowStride: number, colStride: number, dst: Float64Array): void {
  const panels = Math.ceil(r / TILE);
  let o = 0;
  for (let panel = 0; panel < panels; panel++) {
    const i0 = panel * TILE;
    const rows = Math.min(TILE, r - i0);
    for (let p = 0; p < k; p++) {
      const base = offset + i0 * rowStride + p * colStride;
      for (let t = 0; t < rows; t++) dst[o + t] = src[base + t * rowStride]!;
      for (let t = rows; t < TILE; t++) dst[o + t] = 0;
      o += TILE;
    }
  }
}

/** C (m×n, row-major, float64) = packedA · packedB. */
function multiplyPacked(pa: Float64Array, pb: Float64Array, c: Float64Array, m: number, n: number, k: number): void {
  const mPanels = Math.ceil(m / TILE);
  const nPanels = Math.ceil(n / TILE);
  // Column panels outside: one B panel (k×4 doubles) stays in L1 while A's panels stream past.
  for (let jp = 0; jp < nPanels; jp++) {
    checkInterrupt();
    const j0 = jp * TILE;
    for (let ip = 0; ip < mPanels; ip++) {
      let ao = ip * k * TILE;
      let bo = jp * k * TILE;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let p = 0; p < k; p++) {
        const a0 = pa[ao]!, a1 = pa[ao + 1]!, a2 = pa[ao + 2]!, a3 = pa[ao + 3]!;
        const b0 = pb[bo]!, b1 = pb[bo + 1]!, b2 = pb[bo + 2]!, b3 = pb[bo + 3]!;
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
        c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        ao += TILE;
        bo += TILE;
      }
      const i0 = ip * TILE;
      const rows = Math.min(TILE, m - i0);
      const cols = Math.min(TILE, n - j0);
      if (rows === TILE && cols === TILE) {
        let o = i0 * n + j0;
        c[o] = c00; c[o + 1] = c01; c[o + 2] = c02; c[o + 3] = c03; o += n;
        c[o] = c10; c[o + 1] = c11; c[o + 2] = c12; c[o + 3] = c13; o += n;
        c[o] = c20; c[o + 1] = c21; c[o + 2] = c22; c[o + 3] = c23; o += n;
        c[o] = c30; c[o + 1] = c31; c[o + 2] = c32; c[o + 3] = c33;
      } else {
        const block = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
        for (let r = 0; r < rows; r++) for (let q = 0; q < cols; q++) c[(i0 + r) * n + j0 + q] = block[r * TILE + q]!;
      }
    }
  }
}

/**
 * op(a)·op(b) (batched as matmulGeometry pairs them), float64 sums rounded once into `out`'s dtype.
 * @example product(a, b, { transposeA: true, transposeB: false }, { shape: [9, 32], dtype: "float32" })
 */
export function product(a: CpuTensor, b: CpuTensor, { transposeA, transposeB }: MatmulAttrs, out: OutputInfo): TypedArray {
  const { m, n, k, pairs } = matmulGeometry(a.shape, b.shape, out.shape, transposeA);
  const result = allocate(out.dtype, sizeOf(out.shape));
  if (result.length === 0) return result;
  const aSize = m * k;
  const bSize = k * n;
  const pa = new Float64Array(Math.ceil(m / TILE) * TILE * k);
  const pb = new Float64Array(Math.ceil(n / TILE) * TILE * k);
  const c = new Float64Array(m * n);
  // op(A) is m×k: element (i, p) of A (stored [m, k], or [k, m] when transposed).
  const [aRow, aCol] = transposeA ? [1, m] : [k, 1];
  // op(B)ᵀ is n×k: element (j, p) of B (stored [k, n], or [n, k] when transposed).
  const [bRow, bCol] = transposeB ? [k, 1] : [1, n];
  let packedA = -1;
  let packedB = -1;
  pairs.forEach(([aBatch, bBatch], batch) => {
    // A broadcast operand (x · W over a batch) is packed once.
    if (aBatch !== packedA) pack(a.values, aBatch * aSize, m, k, aRow, aCol, pa), (packedA = aBatch);
    if (bBatch !== packedB) pack(b.values, bBatch * bSize, n, k, bRow, bCol, pb), (packedB = bBatch);
    multiplyPacked(pa, pb, c, m, n, k);
    result.set(c, batch * m * n);
  });
  return result;
}

registerCpuKernel<MatmulAttrs>("matmul", ([a, b], attrs, [out]) => product(a!, b!, attrs, out!));

// Graph mode's fused dense layer (graph/passes/bias-relu-epilogue.ts): the product rounded,
// then the bias added and relu applied with the same roundings as the unfused add and relu.
registerCpuKernel<MatmulBiasReluAttrs>("matmulBiasRelu", ([a, b, bias], attrs, [out]) => matmulBiasRelu(a!, b!, bias!, attrs, out!));

/**
 * The product a·b (as `attrs` transposes them), then the bias added to every row and relu
 * applied (unless `attrs.relu` is false), each rounded to `out`'s dtype as the unfused ops round.
 * @example matmulBiasRelu(col, w, bias, { transposeA: false, transposeB: false }, { shape: [43264, 32], dtype: "float32" })
 */
export function matmulBiasRelu(a: CpuTensor, b: CpuTensor, bias: CpuTensor, attrs: MatmulBiasReluAttrs, out: OutputInfo): TypedArray {
  const result = product(a, b, attrs, out);
  const columns = out.shape.at(-1)!;
  const relu = appliesRelu(attrs);
  for (let i = 0; i < result.length; i++) {
    const z = result[i]! + bias.values[i % columns]!;
    result[i] = relu ? Math.max(z, 0) : z;
  }
  return result;
}

// Graph mode's fused relu gradient of a dense layer's input gradient
// (graph/passes/relu-grad-epilogue.ts), as the reference defines it: the product rounded,
// kept where y > 0, 0 elsewhere.
registerCpuKernel<MatmulAttrs>("matmulReluGrad", ([a, b, y], attrs, [out]) => {
  const result = product(a!, b!, attrs, out!);
  const mask = y!.values;
  for (let i = 0; i < result.length; i++) if (!(mask[i]! > 0)) result[i] = 0;
  return result;
});
