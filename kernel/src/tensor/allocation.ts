import { freemem, totalmem } from "node:os";
import { allocate, bytesPer, type DType, type TypedArray } from "./dtype.js";
import { GradbookError, showShape } from "./errors.js";
import { sizeOf, type Shape } from "./shape.js";

/** A tensor that does not fit in memory: names the op, the bytes asked for and what there is. */
export class MemoryError extends GradbookError {}

// V8's limit on one typed array's length (2^32 elements in Node 20).
const MAX_ELEMENTS = 2 ** 32;
// Read once: os.totalmem() is a system call, and every scalar an op converts is checked.
const MACHINE_BYTES = totalmem();

/** 40000000000 → "40 GB", 1536 → "1.5 KB". */
function showBytes(bytes: number): string {
  const units = ["bytes", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : Number(value.toPrecision(3))} ${units[unit]}`;
}

/** The error for a tensor over `limit` (the elements one typed array holds, the machine's memory), or whose allocation failed. */
function tooBig(op: string, shape: Shape, dtype: DType, limit: "elements" | "memory" | "failed"): MemoryError {
  const bytes = sizeOf(shape) * bytesPer(dtype);
  const [needs, exact, total, free] = [showBytes(bytes), bytes.toLocaleString("en"), showBytes(totalmem()), showBytes(freemem())];
  // One template per case, so that each translates as a whole sentence.
  switch (limit) {
    case "elements":
      return new MemoryError(
        `${op}: a ${dtype} tensor of shape ${showShape(shape)} needs ${needs} (${exact} bytes), more than the ${MAX_ELEMENTS.toLocaleString("en")} elements one tensor can hold; ` +
          `this machine has ${total} of memory, ${free} of it free. Use a smaller shape, float32 instead of float64, or batches`,
      );
    case "memory":
      return new MemoryError(
        `${op}: a ${dtype} tensor of shape ${showShape(shape)} needs ${needs} (${exact} bytes), more than the machine's memory; ` +
          `this machine has ${total} of memory, ${free} of it free. Use a smaller shape, float32 instead of float64, or batches`,
      );
    case "failed":
      return new MemoryError(
        `${op}: a ${dtype} tensor of shape ${showShape(shape)} needs ${needs} (${exact} bytes), which could not be allocated; ` +
          `this machine has ${total} of memory, ${free} of it free. Use a smaller shape, float32 instead of float64, or batches`,
      );
  }
}

/**
 * Refuses a tensor that cannot fit before any memory is touched: more elements than one
 * typed array holds, or more bytes than the machine has.
 * @example checkAllocation("zeros", [100000, 100000], "float32") // throws MemoryError: zeros: a float32 tensor of shape [100000, 100000] needs 40 GB ...
 */
export function checkAllocation(op: string, shape: Shape, dtype: DType): void {
  const size = sizeOf(shape);
  if (size > MAX_ELEMENTS) throw tooBig(op, shape, dtype, "elements");
  if (size * bytesPer(dtype) > MACHINE_BYTES) throw tooBig(op, shape, dtype, "memory");
}

/**
 * A zeroed typed array for a tensor of `shape`, or a MemoryError naming `op` when it cannot
 * be had (checked first, and if the allocation itself fails).
 * @example const values = allocateFor("ones", [2, 3], "float32");
 */
export function allocateFor(op: string, shape: Shape, dtype: DType): TypedArray {
  checkAllocation(op, shape, dtype);
  try {
    return allocate(dtype, sizeOf(shape));
  } catch (error) {
    if (error instanceof RangeError) throw tooBig(op, shape, dtype, "failed");
    throw error;
  }
}
