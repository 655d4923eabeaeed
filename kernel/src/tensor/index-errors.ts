// The error for an index outside its axis, shared by every backend's gather and scatterAdd
// (the CPU throws it at once, the GPU at the next read) so that both say the same.
import { ArgumentError, showShape } from "./errors.js";
import type { Shape } from "./shape.js";

/**
 * The error for an index outside its axis (gather, scatterAdd), the same on every backend.
 * @example throw indexOutOfRange("gather", 5, 0, 0, 3, [3]) // "gather: index 5 (at flat position 0 …) is out of range …"
 */
export function indexOutOfRange(op: string, index: number, at: number, axis: number, length: number, shape: Shape): ArgumentError {
  return new ArgumentError(`${op}: index ${index} (at flat position ${at} of the indices) is out of range for axis ${axis} of length ${length} in ${showShape(shape)} (expected ${-length} … ${length - 1})`);
}
