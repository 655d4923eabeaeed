import type { WasmBackend } from "./wasm-backend.js";

/** Multiply-adds per share: below this a product stays on one thread (a worker that joins costs a few µs). */
const WORK_PER_SHARE = 64 ** 3;

/** How a product is cut into shares. */
export interface GemmPlan {
  /** Shares split C's columns (else its rows): each share packs all of the other operand, so split the larger one. */
  readonly byColumns: boolean;
  readonly shares: number;
}

/**
 * How to cut an m×k by k×n product into at most `maxShares` shares: by C's columns when
 * it has at least as many as rows, in as many shares as the work pays for (at most one
 * per panel).
 * @example gemmPlan(128, 256, 784, 4) // { byColumns: true, shares: 4 }
 */
export function gemmPlan(m: number, n: number, k: number, maxShares: number): GemmPlan {
  const byColumns = n >= m;
  const panels = byColumns ? Math.ceil(n / 8) : Math.ceil(m / 4);
  const shares = Math.max(1, Math.min(panels, Math.floor((m * n * k) / WORK_PER_SHARE), maxShares));
  return { byColumns, shares };
}

/**
 * C = op(A)·op(B) for one matrix of a batch, shared among the threads as the work pays for;
 * with `bias` (a pointer to n floats), C = relu(op(A)·op(B) + bias) (graph mode's fused layer).
 * Pointers are byte addresses in the backend's memory.
 * @example gemm(backend, a, b, c, 128, 256, 784, false, false)
 */
export function gemm(backend: WasmBackend, a: number, b: number, c: number, m: number, n: number, k: number, transposeA: boolean, transposeB: boolean, shares?: number, bias = 0): void {
  if (m === 0 || n === 0) return;
  if (k === 0) {
    const out = new Float32Array(backend.heap.bytes as ArrayBuffer, c, m * n);
    const biases = new Float32Array(backend.heap.bytes as ArrayBuffer, bias, bias ? n : 0);
    for (let i = 0; i < m * n; i++) out[i] = bias ? Math.max(biases[i % n]!, 0) : 0;
    return;
  }
  // op(A) element (i, p) at A[i·aRow + p·aCol]; op(B) element (p, j) at B[j·bRow + p·bCol].
  const [aRow, aCol] = transposeA ? [1, m] : [k, 1];
  const [bRow, bCol] = transposeB ? [k, 1] : [1, n];
  const plan = gemmPlan(m, n, k, backend.maxShares);
  const count = shares ?? plan.shares;
  const scratch = backend.heap.allocate(backend.kernels.gemmScratchBytes!(m, n, k, Number(plan.byColumns), count));
  try {
    backend.parallel("gemm", [a, b, c, m, n, k, aRow, aCol, bRow, bCol, Number(plan.byColumns), scratch, bias], count);
  } finally {
    backend.heap.free(scratch);
  }
}
