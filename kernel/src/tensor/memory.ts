import type { Backend, DataId } from "../backend/backend.js";

/**
 * Reference-counted backend memory. Several tensors may share one Storage (reshape,
 * a detached copy, a variable's snapshot); the memory is released with the last of them.
 */
export class Storage {
  private refs = 0;

  constructor(
    readonly backend: Backend,
    readonly dataId: DataId,
    readonly bytes: number,
  ) {
    stats.buffers++;
    stats.bytes += bytes;
  }

  retain(): this {
    this.refs++;
    return this;
  }

  release(): void {
    if (--this.refs > 0) return;
    this.backend.release(this.dataId);
    stats.buffers--;
    stats.bytes -= this.bytes;
  }
}

/** Anything a memory scope can dispose. */
export interface Disposable {
  readonly isDisposed: boolean;
  readonly kept: boolean;
  dispose(): void;
}

const stats = { tensors: 0, bytes: 0, buffers: 0, transfers: 0, fallbacks: 0 };

/** Counts a copy between backends (`transfers`) or an op run on a fallback backend (`fallbacks`). */
export function countTransfer(kind: "transfers" | "fallbacks"): void {
  stats[kind]++;
}
const scopes: Set<Disposable>[] = [];

/** Called by every new tensor: counts it and puts it in the innermost tidy scope. */
export function trackTensor(tensor: Disposable): void {
  stats.tensors++;
  scopes.at(-1)?.add(tensor);
}

/** Called once when a tensor is disposed. */
export function untrackTensor(tensor: Disposable): void {
  stats.tensors--;
  scopes.at(-1)?.delete(tensor);
}

export interface MemoryInfo {
  /** Tensors created and not yet disposed. */
  numTensors: number;
  /** Backend buffers alive (tensors may share one). */
  numBuffers: number;
  /** Bytes held by those buffers. */
  numBytes: number;
  /** Copies of a tensor from one backend to another so far. */
  numTransfers: number;
  /** Ops run on a fallback backend (their backend had no kernel) so far. */
  numFallbacks: number;
}

/**
 * Live tensors and backend bytes.
 * @example const before = memory().numTensors; tidy(() => x.mul(2)); memory().numTensors === before
 */
export function memory(): MemoryInfo {
  return { numTensors: stats.tensors, numBuffers: stats.buffers, numBytes: stats.bytes, numTransfers: stats.transfers, numFallbacks: stats.fallbacks };
}

export function openScope(): void {
  scopes.push(new Set());
}

/** Disposes every tensor of the innermost scope except those in `survivors` or kept; survivors move to the parent scope. */
export function closeScope(survivors: ReadonlySet<Disposable>): void {
  const scope = scopes.pop();
  if (!scope) throw new Error("closeScope without openScope");
  const parent = scopes.at(-1);
  for (const tensor of scope) {
    if (survivors.has(tensor)) parent?.add(tensor);
    else if (!tensor.kept && !tensor.isDisposed) tensor.dispose();
  }
}

/** Removes a tensor from every open scope (used by keep()). */
export function forgetTensor(tensor: Disposable): void {
  for (const scope of scopes) scope.delete(tensor);
}
