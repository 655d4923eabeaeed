/// <reference types="@webgpu/types" />

/** The size a request of `bytes` is rounded up to: 256 B, then four classes per power of two. */
export function sizeClass(bytes: number): number {
  if (bytes <= 256) return 256;
  const octave = 2 ** Math.floor(Math.log2(bytes));
  for (const step of [1, 1.25, 1.5, 1.75, 2]) {
    const size = octave * step;
    if (size >= bytes) return size;
  }
  return octave * 2;
}

/**
 * GPU buffers of one usage, recycled by size class. A buffer released since the last submit
 * may still be read by recorded commands, so it is only handed out for writes recorded
 * after them (dispatch outputs), never for `queue.writeBuffer` uploads, which run first.
 * @example const pool = new BufferPool(device, STORAGE); const b = pool.take(1024, true); pool.give(b);
 */
export class BufferPool {
  private readonly clean = new Map<number, GPUBuffer[]>();
  private readonly dirty = new Map<number, GPUBuffer[]>();
  /** Bytes of every buffer this pool created and has not destroyed (in use or free). */
  bytes = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly usage: number,
  ) {}

  /** A buffer of at least `bytes`; `recorded` says its first write is a recorded command. */
  take(bytes: number, recorded: boolean): GPUBuffer {
    const size = sizeClass(bytes);
    const reused = (recorded ? this.dirty.get(size)?.pop() : undefined) ?? this.clean.get(size)?.pop();
    if (reused) return reused;
    this.bytes += size;
    return this.device.createBuffer({ size, usage: this.usage });
  }

  /** Returns a buffer to the pool. */
  give(buffer: GPUBuffer): void {
    const list = this.dirty.get(buffer.size) ?? [];
    list.push(buffer);
    this.dirty.set(buffer.size, list);
  }

  /** After a submit every released buffer is safe for uploads too. */
  submitted(): void {
    for (const [size, list] of this.dirty) {
      const clean = this.clean.get(size) ?? [];
      clean.push(...list);
      this.clean.set(size, clean);
    }
    this.dirty.clear();
  }

  /** Destroys the free buffers (the ones in use stay). */
  trim(): void {
    this.submitted();
    for (const list of this.clean.values()) {
      for (const buffer of list) {
        this.bytes -= buffer.size;
        buffer.destroy();
      }
    }
    this.clean.clear();
  }
}
