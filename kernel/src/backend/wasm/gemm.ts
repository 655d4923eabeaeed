import { BARRIER_ADDRESS, type WasmBackend } from "./wasm-backend.js";

/** Multiply-adds per extra thread: below this a product stays on one thread (waking a worker costs ~5–20 µs). */
const WORK_PER_THREAD = 64 ** 3;
/** Multiply-adds per extra thread between two of the kernel's barriers (one k block): a thin product over a long k meets at hundreds of them. */
const BLOCK_WORK_PER_THREAD = 2 ** 20;

/**
 * How many threads a product of m×k by k×n pays for: enough work in all, and in each k
 * block of `kBlock` steps (the threads meet at a barrier after each).
 * @example gemmThreads(9, 32, 43264, 256) // 1: a filter gradient's 9×32 block is too small to share
 */
export function gemmThreads(m: number, n: number, k: number, kBlock: number): number {
  return Math.max(1, Math.min(Math.floor((m * n * k) / WORK_PER_THREAD), Math.floor((m * n * Math.min(k, kBlock)) / BLOCK_WORK_PER_THREAD)));
}

/**
 * C = op(A)·op(B) for one matrix of a batch, on as many threads as the work pays for.
 * Pointers are byte addresses in the backend's memory.
 * @example gemm(backend, a, b, c, 128, 256, 784, false, false)
 */
export function gemm(backend: WasmBackend, a: number, b: number, c: number, m: number, n: number, k: number, transposeA: boolean, transposeB: boolean, threads?: number): void {
  if (m === 0 || n === 0) return;
  if (k === 0) {
    new Float32Array(backend.heap.bytes as ArrayBuffer, c, m * n).fill(0);
    return;
  }
  // op(A) element (i, p) at A[i·aRow + p·aCol]; op(B) element (p, j) at B[j·bRow + p·bCol].
  const [aRow, aCol] = transposeA ? [1, m] : [k, 1];
  const [bRow, bCol] = transposeB ? [k, 1] : [1, n];
  const scratch = backend.heap.allocate(backend.kernels.gemmScratchBytes!(m, n, k));
  try {
    const wanted = threads ?? gemmThreads(m, n, k, backend.constant("GEMM_KC"));
    backend.parallel("gemm", [a, b, c, m, n, k, aRow, aCol, bRow, bCol, scratch, BARRIER_ADDRESS], wanted);
  } finally {
    backend.heap.free(scratch);
  }
}
