// On a backend that uploads host values (webgpu), every `x.add(1)`, every mean's 1/n and
// every Adam step size made a new one-value buffer: an upload, and, as the buffer differed
// each time, a new bind group (the costliest part of a GPU op's recording). One Storage per
// backend, dtype and value serves them all: tensors are immutable and Storage is
// reference-counted, so tensors may share it.
import type { Backend } from "../backend/backend.js";
import type { DType, TypedArray } from "./dtype.js";
import type { Storage } from "./memory.js";

/** Distinct values kept per backend; beyond, the least recently used goes (Adam's step size is new at every step). */
export const SCALAR_CACHE_LIMIT = 256;

const caches = new WeakMap<Backend, Map<string, Storage>>();

/**
 * The backend's shared storage of one host value (`values` has one element), made by
 * `make` the first time; the cache holds one reference, each tensor its own.
 * @example const storage = sharedScalarStorage(backend, Float32Array.of(1), "float32", () => new Storage(...))
 */
export function sharedScalarStorage(backend: Backend, values: TypedArray, dtype: DType, make: () => Storage): Storage {
  // The value's bytes, so that 0 and −0 or two NaN payloads stay apart.
  const key = `${dtype}:${new Uint8Array(values.buffer, values.byteOffset, values.byteLength).join(",")}`;
  let cache = caches.get(backend);
  if (!cache) caches.set(backend, (cache = new Map()));
  let storage = cache.get(key);
  if (storage) cache.delete(key); // re-inserted below: a Map iterates oldest first
  else {
    if (cache.size >= SCALAR_CACHE_LIMIT) {
      const [oldest, kept] = cache.entries().next().value!;
      cache.delete(oldest);
      kept.release();
    }
    storage = make().retain();
  }
  cache.set(key, storage);
  return storage;
}
