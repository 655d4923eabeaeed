import { GradbookError } from "./errors.js";
import { closeScope, openScope, type Disposable } from "./memory.js";
import { Tensor } from "./tensor.js";

/** Composite values (ragged and sparse tensors) list the tensors they hold under this method key. */
const heldTensors = Symbol.for("gradbook.tensors");

/** Tensors found in a value: itself, or inside arrays, plain objects and composite values. */
function tensorsIn(value: unknown, found = new Set<Disposable>()): Set<Disposable> {
  if (value instanceof Tensor) found.add(value);
  else if (Array.isArray(value)) value.forEach((v) => tensorsIn(v, found));
  else if (value !== null && typeof value === "object" && typeof (value as Record<symbol, unknown>)[heldTensors] === "function") {
    tensorsIn((value as Record<symbol, () => unknown>)[heldTensors]!(), found);
  }
  else if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    Object.values(value).forEach((v) => tensorsIn(v, found));
  }
  return found;
}

/**
 * Runs `fn` and disposes every tensor it created except those it returns (in arrays or
 * plain objects too) and those `keep()`-ed: deterministic memory for training loops.
 * @example
 * const y = tidy(() => x.mul(2).add(1)); // the intermediate x.mul(2) is freed
 */
export function tidy<T>(fn: () => T): T {
  openScope();
  let result: T;
  try {
    result = fn();
  } catch (error) {
    closeScope(new Set());
    throw error;
  }
  if (result instanceof Promise) {
    closeScope(new Set());
    throw new GradbookError("tidy: the function returned a Promise; tidy() only takes synchronous functions (await outside of it)");
  }
  closeScope(tensorsIn(result));
  return result;
}

/**
 * Exempts a tensor from tidy() scopes; it lives until dispose().
 * @example let w; tidy(() => { w = keep(x.mul(2)); });
 */
export function keep<T extends Tensor>(t: T): T {
  return t.keep();
}

/**
 * Disposes tensors (and tensors inside arrays or plain objects).
 * @example dispose([a, b]);
 */
export function dispose(value: unknown): void {
  for (const t of tensorsIn(value)) t.dispose();
}
