import type { Shape } from "../../tensor/shape.js";

/** The most axes a WebAssembly elementwise kernel loops over. */
export const KERNEL_RANK = 4;

/**
 * Collapses an output shape and each operand's element strides into at most four axes
 * (merging neighbours that every operand walks contiguously, dropping size-1 axes), padded
 * in front with size-1 axes. Returns undefined when more than four axes remain.
 * @example collapse([2, 3, 4], [[12, 4, 1], [0, 0, 1]]) // { shape: [1, 1, 6, 4], strides: [[0, 0, 4, 1], [0, 0, 0, 1]] }
 */
export function collapse(shape: Shape, strides: readonly (readonly number[])[]): { shape: number[]; strides: number[][] } | undefined {
  const dims: number[] = [];
  const merged: number[][] = strides.map(() => []);
  shape.forEach((size, axis) => {
    if (size === 1) return;
    const last = dims.length - 1;
    const joins = last >= 0 && strides.every((s, i) => merged[i]![last] === s[axis]! * size);
    if (joins) {
      dims[last]! *= size;
      strides.forEach((s, i) => (merged[i]![last] = s[axis]!));
    } else {
      dims.push(size);
      strides.forEach((s, i) => merged[i]!.push(s[axis]!));
    }
  });
  if (dims.length > KERNEL_RANK) return undefined;
  const pad = KERNEL_RANK - dims.length;
  return { shape: [...Array<number>(pad).fill(1), ...dims], strides: merged.map((s) => [...Array<number>(pad).fill(0), ...s]) };
}
