// A small tensor made from host values on a backend that reads asynchronously (webgpu) keeps
// a copy of them, so that graph passes can still inspect its values when it is a constant
// (relu's mask greater(z, 0), an x·1) without reading them back from the device.
import type { TypedArray } from "./dtype.js";

/** Most elements a tensor's host copy holds (constants the passes inspect are scalars or tiny). */
export const HOST_COPY_LIMIT = 16;

const copies = new WeakMap<object, TypedArray>();

/**
 * Keeps a copy of `values`, the host values `tensor` was made from, when they are few.
 * @example keepHostCopy(t, Float32Array.of(0)) // hostCopyOf(t) is now [0]
 */
export function keepHostCopy(tensor: object, values: TypedArray): void {
  if (values.length <= HOST_COPY_LIMIT) copies.set(tensor, values.slice());
}

/**
 * The host values a tensor was made from, if keepHostCopy kept them.
 * @example hostCopyOf(constant)?.[0] === 0
 */
export function hostCopyOf(tensor: object): TypedArray | undefined {
  return copies.get(tensor);
}
