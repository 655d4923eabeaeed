import type { WasmBackend } from "./wasm-backend.js";
import { GradbookError } from "../../tensor/errors.js";

/** Multiply-adds per share: below this a product stays on one thread (a worker that joins costs a few µs). */
const WORK_PER_SHARE = 64 ** 3;

/** k at least this many times C's longer side: split k (see GemmPlan). */
const SPLIT_K_RATIO = 8;

/** The fewest k steps a split-k share sums (one packed block of the kernel). */
const K_PER_SHARE = 256;

/** Partial-C elements per share of their sum: below this the partials are added on one thread. */
const SUM_ELEMENTS_PER_SHARE = 2 ** 15;

/** How a product is cut into shares. */
export interface GemmPlan {
  /**
   * What the shares cut: C's columns or rows (each share packs all of the other operand, so
   * the larger side of C is cut), or k (each share sums its k range into a partial C of its
   * own and the partials are added after: for a long k next to a small C, where cutting C
   * leaves few shares, each packing nearly all the work's operands again).
   */
  readonly split: "columns" | "rows" | "k";
  readonly shares: number;
}

/**
 * How to cut an m×k by k×n product into at most `maxShares` shares: by k when k is at
 * least SPLIT_K_RATIO times C's longer side, else by C's columns when it has at least as
 * many as rows, else by rows; in as many shares as the work pays for (at most one per
 * panel, and at least K_PER_SHARE k steps per share of a split k).
 * @example gemmPlan(128, 256, 784, 4) // { split: "columns", shares: 4 }
 */
export function gemmPlan(m: number, n: number, k: number, maxShares: number): GemmPlan {
  const work = Math.floor((m * n * k) / WORK_PER_SHARE);
  if (k >= SPLIT_K_RATIO * Math.max(m, n)) {
    const shares = Math.min(work, maxShares, Math.floor(k / K_PER_SHARE));
    if (shares > 1) return { split: "k", shares };
  }
  const split = n >= m ? "columns" : "rows";
  const panels = split === "columns" ? Math.ceil(n / 8) : Math.ceil(m / 4);
  return { split, shares: Math.max(1, Math.min(panels, work, maxShares)) };
}

/** Adam's arrays (byte addresses in the backend's memory) and constants, for a product whose C is a weight gradient only Adam reads. */
export interface AdamArrays {
  readonly w: number;
  readonly m: number;
  readonly v: number;
  /** The address of α, a float32 scalar. */
  readonly alpha: number;
  readonly w2: number;
  readonly m2: number;
  readonly v2: number;
  /** 1 − β1, 1 − β2 and ε, as float32. */
  readonly c1: number;
  readonly c2: number;
  readonly epsilon: number;
}

/**
 * What a product does as it stores C: add a bias (one float per column) and apply relu or
 * not (graph mode's fused layer); keep C only where a matrix shaped like it, relu's output,
 * is > 0 and store 0 elsewhere (graph mode's fused relu gradient); or, C being a weight's
 * gradient, take Adam's step on each block of it as soon as the block is complete (graph
 * mode's fused weight update).
 */
export type GemmEpilogue = { readonly bias: number; readonly relu: boolean } | { readonly mask: number } | { readonly adam: AdamArrays };

/**
 * C = op(A)·op(B) for one matrix of a batch, shared among the threads as `plan` says (by
 * default as the work pays for), with the `epilogue` applied as C is stored (see
 * GemmEpilogue; with Adam's, `c` is unused: C goes to memory of its own). Pointers are byte addresses in the backend's
 * memory; k must be > 0 for Adam's epilogue (for k = 0 C is zeros, or the bias). The result's bits depend on the plan's split
 * and, for a split k, on its share count, never on which threads run the shares.
 * @example gemm(backend, a, b, c, 128, 256, 784, false, false)
 */
export function gemm(backend: WasmBackend, a: number, b: number, c: number, m: number, n: number, k: number, transposeA: boolean, transposeB: boolean, plan?: GemmPlan, epilogue?: GemmEpilogue): void {
  if (m === 0 || n === 0) return;
  const adam = epilogue && "adam" in epilogue ? epilogue.adam : undefined;
  const { bias, relu } = epilogue && "bias" in epilogue ? epilogue : { bias: 0, relu: true };
  const mask = epilogue && "mask" in epilogue ? epilogue.mask : 0;
  if (k === 0) {
    if (adam) throw new GradbookError("gemm: Adam's epilogue needs k > 0");
    const out = new Float32Array(backend.heap.bytes as ArrayBuffer, c, m * n);
    const biases = new Float32Array(backend.heap.bytes as ArrayBuffer, bias, bias ? n : 0);
    for (let i = 0; i < m * n; i++) out[i] = bias ? (relu ? Math.max(biases[i % n]!, 0) : biases[i % n]!) : 0;
    return;
  }
  // op(A) element (i, p) at A[i·aRow + p·aCol]; op(B) element (p, j) at B[j·bRow + p·bCol].
  const [aRow, aCol] = transposeA ? [1, m] : [k, 1];
  const [bRow, bCol] = transposeB ? [k, 1] : [1, n];
  const { split, shares } = plan ?? gemmPlan(m, n, k, backend.maxShares);
  const kernels = backend.kernels;
  const splitK = split === "k";
  const scratchBytes = splitK ? kernels.gemmSplitKScratchBytes!(m, n, k, shares) : kernels.gemmScratchBytes!(m, n, k, Number(split === "columns"), shares);
  // Adam's epilogue: its block after the scratch, and the gradient C it reads.
  const gradient = adam ? backend.heap.allocate(m * n * 4) : 0;
  const scratch = backend.heap.allocate(scratchBytes + (adam ? backend.constant("ADAM_EPILOGUE_BYTES") : 0));
  const block = adam ? scratch + scratchBytes : 0;
  if (adam) {
    c = gradient;
    kernels.adamEpilogue!(block, adam.w, adam.m, adam.v, adam.alpha, adam.w2, adam.m2, adam.v2, adam.c1, adam.c2, adam.epsilon);
  }
  const floor = relu ? 0 : -Infinity; // the kernels store max(C + bias, floor)
  try {
    if (!splitK) {
      backend.parallel("gemm", [a, b, c, m, n, k, aRow, aCol, bRow, bCol, Number(split === "columns"), scratch, bias, floor, mask, block], shares);
      return;
    }
    // The partials' count is `shares` even where the pool runs them as fewer shares (one thread), so the bits stay the same.
    backend.parallel("gemmSplitK", [a, b, m, n, k, aRow, aCol, bRow, bCol, shares, scratch], shares);
    const sumShares = Math.min(m, backend.maxShares, Math.floor((m * n * shares) / SUM_ELEMENTS_PER_SHARE));
    backend.parallel("gemmAddPartials", [c, m, n, k, shares, scratch, bias, floor, mask, block], sumShares);
  } finally {
    backend.free(scratch); // after the job, which may still run (see WasmBackend.overlap)
    if (gradient) backend.free(gradient);
  }
}
