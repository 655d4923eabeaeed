import { GradbookError } from "../../tensor/errors.js";

/** Bytes below this address are never handed out: 0 stays an invalid pointer. */
export const RESERVED_BYTES = 65536;
const PAGE = 65536;
const ALIGN = 64;

/**
 * The size class of a request: a multiple of 64 bytes rounded up to 2^k or 1.5·2^k, so a
 * freed block fits the next request of about the same size (≤ 33% waste).
 */
export function sizeClass(bytes: number): number {
  if (bytes <= ALIGN) return ALIGN;
  const power = 2 ** Math.floor(Math.log2(bytes));
  if (bytes === power) return power;
  return bytes <= power * 1.5 ? power * 1.5 : power * 2;
}

/**
 * A pooled allocator over a (shared) WebAssembly memory: freed blocks go to a free list
 * per size class and are handed out again, so a training loop that makes the same
 * tensors each step stops growing after its first step. Memory is never returned to
 * the system (WebAssembly cannot shrink), but `heldBytes` says exactly how much is held.
 * @example const heap = new Heap(memory); const p = heap.allocate(400); heap.free(p);
 */
export class Heap {
  private top = RESERVED_BYTES;
  private readonly free_ = new Map<number, number[]>();
  private readonly sizes = new Map<number, number>();
  private inUse = 0;
  private buffer: ArrayBuffer | SharedArrayBuffer;
  private f32View: Float32Array;

  constructor(readonly memory: WebAssembly.Memory) {
    this.buffer = memory.buffer;
    this.f32View = new Float32Array(this.buffer);
  }

  /** A block of at least `bytes` bytes (64-byte aligned); its contents are arbitrary. */
  allocate(bytes: number): number {
    const size = sizeClass(bytes);
    this.inUse += size;
    const pooled = this.free_.get(size)?.pop();
    if (pooled !== undefined) {
      this.sizes.set(pooled, size);
      return pooled;
    }
    const ptr = this.top;
    this.top += size;
    const missing = this.top - this.memory.buffer.byteLength;
    if (missing > 0) this.grow(Math.ceil(missing / PAGE), bytes);
    this.sizes.set(ptr, size);
    return ptr;
  }

  private grow(pages: number, bytes: number): void {
    try {
      this.memory.grow(pages);
    } catch {
      this.top -= sizeClass(bytes);
      this.inUse -= sizeClass(bytes);
      const held = (this.heldBytes / 2 ** 20).toFixed(0);
      throw new GradbookError(`the "cpu" backend cannot allocate ${bytes} more bytes: its WebAssembly memory holds ${held} MiB and cannot grow further; dispose() tensors you no longer need, or use smaller batches`);
    }
  }

  /** Gives a block back to the pool. */
  free(ptr: number): void {
    const size = this.sizes.get(ptr);
    if (size === undefined) throw new Error(`heap: ${ptr} is not an allocated block`);
    this.sizes.delete(ptr);
    this.inUse -= size;
    let list = this.free_.get(size);
    if (!list) this.free_.set(size, (list = []));
    list.push(ptr);
  }

  /** Bytes taken from the WebAssembly memory (in use plus pooled). */
  get heldBytes(): number {
    return this.top - RESERVED_BYTES;
  }

  /** Bytes in blocks currently handed out. */
  get usedBytes(): number {
    return this.inUse;
  }

  /** The memory's current buffer (a new one after the memory grew). */
  get bytes(): ArrayBuffer | SharedArrayBuffer {
    if (this.buffer !== this.memory.buffer) {
      this.buffer = this.memory.buffer;
      this.f32View = new Float32Array(this.buffer);
    }
    return this.buffer;
  }

  /** A float32 view over the whole memory (valid until the memory next grows). */
  get f32(): Float32Array {
    this.bytes; // refreshes the view after growth
    return this.f32View;
  }
}
