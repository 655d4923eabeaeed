// The unknown batch dimension of graph mode. A placeholder made with `placeholder([null, 784])`
// (or traced by `jit(f, { batchPolymorphic: true })`) is a symbolic tensor whose first
// dimension is UNKNOWN_BATCH: a size no real tensor can have (above the 2^32 elements one
// tensor holds), so shape rules work on it unchanged, any attempt to allocate it fails, and
// every shape or attribute derived from it (a reshape to [batch·784]) stays recognisable as an
// exact multiple of it. A traced graph is specialised for a batch size B by replacing those
// multiples k·UNKNOWN_BATCH with k·B (graph/unknown-batch.ts).

/** The size that stands for an unknown batch dimension while graphs are built (a prime above 2^32). */
export const UNKNOWN_BATCH = 4294967311;

/**
 * How many batches `value` is (k for k·UNKNOWN_BATCH, or k·unit for another stand-in), or 0
 * when it is not a positive whole multiple.
 * @example batchMultiple(UNKNOWN_BATCH * 784) // 784; batchMultiple(784) // 0
 */
export function batchMultiple(value: number, unit = UNKNOWN_BATCH): number {
  // The size test first: every op's output shape passes through here (engine.runOp).
  return value >= unit && Number.isSafeInteger(value) && value % unit === 0 ? value / unit : 0;
}

/**
 * Whether a shape has the unknown batch dimension in it (in any axis, possibly multiplied).
 * @example hasUnknownBatch([UNKNOWN_BATCH, 3]) // true
 */
export function hasUnknownBatch(shape: readonly number[]): boolean {
  return shape.some((d) => batchMultiple(d) > 0);
}

/**
 * A dimension as messages and summaries show it: "?" for the unknown batch, "784·?" for a multiple.
 * @example showDim(UNKNOWN_BATCH) // "?"; showDim(3) // "3"
 */
export function showDim(d: number): string {
  const k = batchMultiple(d);
  return k === 0 ? String(d) : k === 1 ? "?" : `${k}·?`;
}

/** Above any real dimension or index: a number this large in a graph came from UNKNOWN_BATCH. */
const HUGE = 2 ** 31;

/**
 * Whether a number looks computed from UNKNOWN_BATCH: too large for a real size, or the
 * reciprocal of a multiple of it (x.shape[0], 1 / x.shape[0], x.shape[0] − 1 while a graph
 * is built). Small constants such as a norm's epsilon 1e-12 are not reciprocals of sizes.
 * @example looksBatchDerived(1 / UNKNOWN_BATCH) // true; looksBatchDerived(1e30) // false; looksBatchDerived(1e-12) // false
 */
export function looksBatchDerived(v: number): boolean {
  const size = Math.abs(v);
  return Number.isFinite(v) && v !== 0 && ((size >= HUGE && size < 2 ** 53) || reciprocalOfBatchMultiple(size));
}

/** Whether 1 / size is k·UNKNOWN_BATCH (or k·UNKNOWN_BATCH − 1), to a float32 constant's precision. */
function reciprocalOfBatchMultiple(size: number): boolean {
  const reciprocal = 1 / size;
  const k = Math.round(reciprocal / UNKNOWN_BATCH);
  return k >= 1 && Math.abs(reciprocal - k * UNKNOWN_BATCH) <= 1e-7 * reciprocal;
}

const fromBatch = new WeakSet<object>();

/**
 * Remembers a tensor made from host values that look computed from the unknown batch size
 * (checked for small tensors only): graphs find such constants on every backend, also those
 * whose values cannot be read back synchronously.
 * @example noteHostValues(t, Float32Array.of(4294967311))
 */
export function noteHostValues(tensor: object, values: ArrayLike<number>): void {
  if (values.length > 64) return;
  for (let i = 0; i < values.length; i++) {
    if (looksBatchDerived(values[i]!)) {
      fromBatch.add(tensor);
      return;
    }
  }
}

/**
 * Whether noteHostValues() saw batch-derived values in this tensor.
 * @example madeFromBatchSize(tensor(x.shape[0])) // true while x is a placeholder of unknown batch
 */
export function madeFromBatchSize(tensor: object): boolean {
  return fromBatch.has(tensor);
}
