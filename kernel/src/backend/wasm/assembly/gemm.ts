// Float32 GEMM: C (m×n, row-major) = op(A) · op(B), where op(A) is m×k with element (i, p)
// at A[i·aRow + p·aCol] and op(B) is k×n with element (p, j) at B[j·bRow + p·bCol], so the
// four transpose combinations are four pairs of strides. The GotoBLAS recipe:
//  - k is cut into equal blocks of at most GEMM_KC; for each block both operands are packed into panels
//    (A: 4 rows × KC, B: 8 columns × KC, k-major, zero-padded), so the micro-kernel reads
//    both sequentially whatever the transposes were;
//  - a 4×8 micro-kernel keeps its block of C in 8 v128 accumulators (larger tiles spill
//    registers in V8) over a rolled k loop;
//  - rows of A are walked in blocks of MC so a block of A panels stays in L2 while every
//    B panel (L1-sized) streams past it.
// A job is cut into shares that threads claim independently (no barriers): each share
// computes its own columns of C (or rows, when C has more rows than columns) and packs
// what it reads itself — the whole of the other operand included, which costs a copy of
// it per share, small next to the share's multiply-adds — unless k is long next to C,
// where gemmSplitK (at the end) cuts k instead.
import { madd } from "./simd";
import { shareStart } from "./share";
import { adamRows } from "./optim";

/** The most k steps packed at once; k is cut into equal blocks of at most this many (no short last block). */
export const GEMM_KC: i32 = 256;
const MC_PANELS: i32 = 16; // 64 rows of A per L2 block

/** Stores the 4×4 block with rows r0…r3 transposed: its column j at to + j·stride. */
// @ts-ignore: decorator
@inline function transposeStore(r0: v128, r1: v128, r2: v128, r3: v128, to: usize, stride: usize): void {
  const t0 = v128.shuffle<i32>(r0, r1, 0, 4, 1, 5);
  const t1 = v128.shuffle<i32>(r2, r3, 0, 4, 1, 5);
  const t2 = v128.shuffle<i32>(r0, r1, 2, 6, 3, 7);
  const t3 = v128.shuffle<i32>(r2, r3, 2, 6, 3, 7);
  v128.store(to, v128.shuffle<i64>(t0, t1, 0, 2));
  v128.store(to + stride, v128.shuffle<i64>(t0, t1, 1, 3));
  v128.store(to + 2 * stride, v128.shuffle<i64>(t2, t3, 0, 2));
  v128.store(to + 3 * stride, v128.shuffle<i64>(t2, t3, 1, 3));
}

/**
 * Packs panels [panelFrom, panelTo) of `width` rows of an r×k operand (element (i, p) at
 * src + 4·(i·rowStride + p·colStride)), k range [p0, p0 + kc), into dst: panel q lands at
 * dst + (q − panelFrom)·kc·width·4 as kc groups of `width` floats; rows past r are zeros.
 */
function pack(src: usize, rowStride: i32, colStride: i32, r: i32, p0: i32, kc: i32, panelFrom: i32, panelTo: i32, dst: usize, width: i32): void {
  for (let panel = panelFrom; panel < panelTo; panel++) {
    const i0 = panel * width;
    const rows = min(width, r - i0);
    let out = dst + <usize>(panel - panelFrom) * kc * width * 4;
    let base = src + ((<usize>i0 * rowStride + <usize>p0 * colStride) << 2);
    const step = <usize>colStride << 2;
    if (rowStride == 1 && rows == width) {
      // The panel's rows are adjacent in memory: copy a whole group per k step.
      for (let p = 0; p < kc; p++) {
        v128.store(out, v128.load(base));
        if (width == 8) v128.store(out, v128.load(base, 16), 16);
        out += width << 2;
        base += step;
      }
      continue;
    }
    const rowBytes = <usize>rowStride << 2;
    if (colStride == 1 && rows == width) {
      // Rows run along k (a row-major A, a transposed B): four k steps of four rows at a time, transposed in registers.
      let p = 0;
      for (; p + 4 <= kc; p += 4) {
        for (let group = 0; group < width; group += 4) {
          const from = base + <usize>group * rowBytes;
          transposeStore(v128.load(from), v128.load(from + rowBytes), v128.load(from + 2 * rowBytes), v128.load(from + 3 * rowBytes), out + (<usize>group << 2), <usize>width << 2);
        }
        out += <usize>width << 4;
        base += 16;
      }
      for (; p < kc; p++) {
        for (let t = 0; t < width; t++) store<f32>(out + (t << 2), load<f32>(base + <usize>t * rowBytes));
        out += width << 2;
        base += 4;
      }
      continue;
    }
    for (let p = 0; p < kc; p++) {
      let from = base;
      for (let t = 0; t < rows; t++) {
        store<f32>(out + (t << 2), load<f32>(from));
        from += rowBytes;
      }
      for (let t = rows; t < width; t++) store<f32>(out + (t << 2), 0);
      out += width << 2;
      base += step;
    }
  }
}

/**
 * Stores (or adds, when `add`) a 4×8 block given as 8 vectors into C at `c` (row length n
 * floats), clipped to rows × cols; with `bias` (else 0: the last k block of a fused
 * matmul + bias (+ relu)), stores max(block + bias[column], floor) instead (floor 0: relu;
 * −∞: the bias alone), bias pointing at the block's first column; with `mask` (else 0: the
 * last k block of a product relu's gradient reads), stores the block where the matrix at
 * `mask` (the block's place in a matrix shaped like C: relu's output) is > 0, and 0 elsewhere.
 */
function storeBlock(c: usize, n: i32, rows: i32, cols: i32, add: bool, tile: usize, bias: usize, floor: f32, mask: usize,
  c00: v128, c01: v128, c10: v128, c11: v128, c20: v128, c21: v128, c30: v128, c31: v128): void {
  const ldc = <usize>n << 2;
  if (rows == 4 && cols == 8) {
    if (add) {
      c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16));
      c10 = f32x4.add(c10, v128.load(c + ldc)); c11 = f32x4.add(c11, v128.load(c + ldc, 16));
      c20 = f32x4.add(c20, v128.load(c + 2 * ldc)); c21 = f32x4.add(c21, v128.load(c + 2 * ldc, 16));
      c30 = f32x4.add(c30, v128.load(c + 3 * ldc)); c31 = f32x4.add(c31, v128.load(c + 3 * ldc, 16));
    }
    if (bias != 0) {
      const b0 = v128.load(bias), b1 = v128.load(bias, 16), zero = f32x4.splat(floor);
      c00 = f32x4.max(f32x4.add(c00, b0), zero); c01 = f32x4.max(f32x4.add(c01, b1), zero);
      c10 = f32x4.max(f32x4.add(c10, b0), zero); c11 = f32x4.max(f32x4.add(c11, b1), zero);
      c20 = f32x4.max(f32x4.add(c20, b0), zero); c21 = f32x4.max(f32x4.add(c21, b1), zero);
      c30 = f32x4.max(f32x4.add(c30, b0), zero); c31 = f32x4.max(f32x4.add(c31, b1), zero);
    }
    if (mask != 0) {
      // All ones where the mask is > 0 (not for NaN), all zeros (+0) elsewhere, as select(mask > 0, C, 0) gives.
      const zero = f32x4.splat(0);
      c00 = v128.and(c00, f32x4.gt(v128.load(mask), zero)); c01 = v128.and(c01, f32x4.gt(v128.load(mask, 16), zero));
      c10 = v128.and(c10, f32x4.gt(v128.load(mask + ldc), zero)); c11 = v128.and(c11, f32x4.gt(v128.load(mask + ldc, 16), zero));
      c20 = v128.and(c20, f32x4.gt(v128.load(mask + 2 * ldc), zero)); c21 = v128.and(c21, f32x4.gt(v128.load(mask + 2 * ldc, 16), zero));
      c30 = v128.and(c30, f32x4.gt(v128.load(mask + 3 * ldc), zero)); c31 = v128.and(c31, f32x4.gt(v128.load(mask + 3 * ldc, 16), zero));
    }
    v128.store(c, c00); v128.store(c, c01, 16);
    v128.store(c + ldc, c10); v128.store(c + ldc, c11, 16);
    v128.store(c + 2 * ldc, c20); v128.store(c + 2 * ldc, c21, 16);
    v128.store(c + 3 * ldc, c30); v128.store(c + 3 * ldc, c31, 16);
    return;
  }
  v128.store(tile, c00); v128.store(tile, c01, 16);
  v128.store(tile, c10, 32); v128.store(tile, c11, 48);
  v128.store(tile, c20, 64); v128.store(tile, c21, 80);
  v128.store(tile, c30, 96); v128.store(tile, c31, 112);
  for (let r = 0; r < rows; r++) {
    const row = c + <usize>r * ldc;
    for (let q = 0; q < cols; q++) {
      const at = row + (<usize>q << 2);
      const value = load<f32>(tile + ((<usize>(r * 8 + q)) << 2));
      const sum = add ? load<f32>(at) + value : value;
      if (mask != 0 && !(load<f32>(mask + (at - c)) > 0)) store<f32>(at, 0);
      else store<f32>(at, bias != 0 ? max(sum + load<f32>(bias + (<usize>q << 2)), floor) : sum);
    }
  }
}

/** One 4×8 block of C from an A panel and a B panel of kc steps. */
function microKernel(pa: usize, pb: usize, kc: i32, c: usize, n: i32, rows: i32, cols: i32, add: bool, tile: usize, bias: usize, floor: f32, mask: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load32_splat(pa);
    c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
    a = v128.load32_splat(pa, 4);
    c10 = madd(a, b0, c10); c11 = madd(a, b1, c11);
    a = v128.load32_splat(pa, 8);
    c20 = madd(a, b0, c20); c21 = madd(a, b1, c21);
    a = v128.load32_splat(pa, 12);
    c30 = madd(a, b0, c30); c31 = madd(a, b1, c31);
    pa += 16;
    pb += 32;
  }
  storeBlock(c, n, rows, cols, add, tile, bias, floor, mask, c00, c01, c10, c11, c20, c21, c30, c31);
}

/** The k steps packed at once: k cut into equal blocks of at most GEMM_KC (no short last block). */
// @ts-ignore: decorator
@inline function kBlock(k: i32): i32 {
  const blocks = (k + GEMM_KC - 1) / GEMM_KC;
  return (k + blocks - 1) / blocks;
}

/** Bytes of scratch one share needs: its edge tile and packed panels of both operands. */
function shareScratchBytes(m: i32, n: i32, k: i32, byColumns: bool, shares: i32): i32 {
  const mPanels = (m + 3) >> 2;
  const nPanels = (n + 7) >> 3;
  const aPanels = byColumns ? mPanels : (mPanels + shares - 1) / shares;
  const bPanels = byColumns ? (nPanels + shares - 1) / shares : nPanels;
  return 128 + (aPanels * 16 + bPanels * 32) * kBlock(k);
}

/** Bytes of scratch gemm needs for `shares` shares (the caller allocates them). */
export function gemmScratchBytes(m: i32, n: i32, k: i32, byColumns: bool, shares: i32): i32 {
  return shares * shareScratchBytes(m, n, k, byColumns, shares);
}

/**
 * Share `share` of `shares` of C = op(A)·op(B) (see the file comment for the strides): the
 * share's columns of C when `byColumns`, else its rows. `scratch` holds
 * gemmScratchBytes(m, n, k, byColumns, shares) bytes. k must be > 0. With `bias` (n floats;
 * else 0), C = max(op(A)·op(B) + bias, floor), the bias added to every row (graph mode's
 * fused dense or conv layer: floor 0 is relu, −∞ the bias alone), applied as the last k
 * block is stored. With `mask` (m×n floats; else 0), C where mask > 0 and 0 elsewhere (graph
 * mode's fused relu gradient of a dense layer's input gradient). With `adam` (an adamEpilogue block; else 0), C is a weight's gradient:
 * each block of 64 rows of the share's part of C takes Adam's step as soon as it is complete,
 * while it is still in the cache (and while the other threads multiply).
 */
export function gemm(a: usize, b: usize, c: usize, m: i32, n: i32, k: i32,
  aRow: i32, aCol: i32, bRow: i32, bCol: i32, byColumns: bool, scratch: usize, bias: usize, floor: f32, mask: usize, adam: usize, share: i32, shares: i32): void {
  const mPanels = (m + 3) >> 2;
  const nPanels = (n + 7) >> 3;
  const iFrom = byColumns ? 0 : shareStart(mPanels, share, shares);
  const iTo = byColumns ? mPanels : shareStart(mPanels, share + 1, shares);
  const jFrom = byColumns ? shareStart(nPanels, share, shares) : 0;
  const jTo = byColumns ? shareStart(nPanels, share + 1, shares) : nPanels;
  if (iFrom == iTo || jFrom == jTo) return;
  const kcMax = kBlock(k);
  const tile = scratch + <usize>share * shareScratchBytes(m, n, k, byColumns, shares);
  const packedA = tile + 128;
  for (let p0 = 0; p0 < k; p0 += kcMax) {
    const kc = min(kcMax, k - p0);
    const packedB = packedA + <usize>(iTo - iFrom) * kc * 16;
    pack(a, aRow, aCol, m, p0, kc, iFrom, iTo, packedA, 4);
    pack(b, bRow, bCol, n, p0, kc, jFrom, jTo, packedB, 8);
    const add = p0 > 0;
    const last = p0 + kc >= k;
    for (let ib = iFrom; ib < iTo; ib += MC_PANELS) {
      const ibEnd = min(ib + MC_PANELS, iTo);
      for (let jp = jFrom; jp < jTo; jp++) {
        const pb = packedB + <usize>(jp - jFrom) * kc * 32;
        const cols = min(8, n - jp * 8);
        for (let ip = ib; ip < ibEnd; ip++) {
          const rows = min(4, m - ip * 4);
          const offset = (<usize>ip * 4 * n + <usize>jp * 8) << 2;
          microKernel(packedA + <usize>(ip - iFrom) * kc * 16, pb, kc, c + offset, n, rows, cols, add, tile,
            last && bias != 0 ? bias + (<usize>jp << 5) : 0, floor, last && mask != 0 ? mask + offset : 0);
        }
      }
      if (last && adam != 0) adamRows(adam, c, n, ib * 4, min(ibEnd * 4, m), jFrom * 8, min(jTo * 8, n));
    }
  }
}

// Split-k: when k is long next to C (a first conv layer's filter gradient, 9×32 over
// k = 43264), cutting C would leave few shares, each packing the whole other operand;
// instead part `p` of `parts` sums its own k range into a partial C of its own, and
// gemmAddPartials adds the partials in order — the same bits whichever threads ran them.

/** Bytes of one part's scratch: its partial C (64-byte aligned), then one share's gemm scratch over at most its k range. */
function partBytes(m: i32, n: i32, k: i32, parts: i32): i32 {
  const partialBytes = (m * n * 4 + 63) & ~63;
  // kBlock(range) ≤ min(range, GEMM_KC) for every part's range, so this fits whichever range a part gets.
  return partialBytes + shareScratchBytes(m, n, min((k + parts - 1) / parts, GEMM_KC), true, 1);
}

/** Bytes of scratch gemmSplitK and gemmAddPartials need for `parts` parts (the caller allocates them). */
export function gemmSplitKScratchBytes(m: i32, n: i32, k: i32, parts: i32): i32 {
  return parts * partBytes(m, n, k, parts);
}

/**
 * Share `share` of `shares` of the partial products of C = op(A)·op(B) (strides as gemm's)
 * cut into `parts` k ranges: it computes parts [share·parts/shares, (share+1)·parts/shares)
 * into their partials in `scratch` (gemmSplitKScratchBytes(m, n, k, parts) bytes).
 */
export function gemmSplitK(a: usize, b: usize, m: i32, n: i32, k: i32, aRow: i32, aCol: i32, bRow: i32, bCol: i32,
  parts: i32, scratch: usize, share: i32, shares: i32): void {
  const bytes = partBytes(m, n, k, parts);
  for (let part = shareStart(parts, share, shares); part < shareStart(parts, share + 1, shares); part++) {
    const from = shareStart(k, part, parts);
    const to = shareStart(k, part + 1, parts);
    const partial = scratch + <usize>part * bytes;
    if (from == to) {
      // More parts than k steps: this part adds nothing.
      for (let i = 0; i < m * n; i++) store<f32>(partial + (<usize>i << 2), 0);
      continue;
    }
    gemm(a + (<usize>from * aCol << 2), b + (<usize>from * bCol << 2), partial, m, n, to - from, aRow, aCol, bRow, bCol,
      true, partial + ((<usize>m * n * 4 + 63) & ~63), 0, 0, 0, 0, 0, 1);
  }
}

/**
 * Share `share` of `shares` of C's m·n elements: C = partial 0 + partial 1 + … (in that
 * order) from gemmSplitK's scratch; with `bias` (n floats; else 0), max(C + bias[column], floor);
 * with `mask` (m×n floats; else 0), C where mask > 0 and 0 elsewhere; with `adam` (an
 * adamEpilogue block; else 0), Adam's step on the share's rows of C once they are summed.
 */
export function gemmAddPartials(c: usize, m: i32, n: i32, k: i32, parts: i32, scratch: usize, bias: usize, floor: f32, mask: usize, adam: usize, share: i32, shares: i32): void {
  const bytes = <usize>partBytes(m, n, k, parts);
  const from = shareStart(m, share, shares);
  const to = shareStart(m, share + 1, shares);
  for (let row = from; row < to; row++) {
    const at = <usize>row * n << 2;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const offset = at + (<usize>j << 2);
      let sum = v128.load(scratch + offset);
      for (let part = 1; part < parts; part++) sum = f32x4.add(sum, v128.load(scratch + <usize>part * bytes + offset));
      if (bias != 0) sum = f32x4.max(f32x4.add(sum, v128.load(bias + (<usize>j << 2))), f32x4.splat(floor));
      if (mask != 0) sum = v128.and(sum, f32x4.gt(v128.load(mask + offset), f32x4.splat(0)));
      v128.store(c + offset, sum);
    }
    for (; j < n; j++) {
      const offset = at + (<usize>j << 2);
      let sum = load<f32>(scratch + offset);
      for (let part = 1; part < parts; part++) sum += load<f32>(scratch + <usize>part * bytes + offset);
      if (bias != 0) sum = max(sum + load<f32>(bias + (<usize>j << 2)), floor);
      store<f32>(c + offset, mask != 0 && !(load<f32>(mask + offset) > 0) ? 0 : sum);
    }
  }
  if (adam != 0) adamRows(adam, c, n, from, to, 0, n);
}
