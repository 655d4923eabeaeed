import { defineOp } from "../op.js";
import { runOp } from "../engine.js";
import { ArgumentError, showShape } from "../errors.js";
import { normalizeAxis } from "../shape.js";
import { installMethods, type Tensor } from "../tensor.js";
import { toTensor, type TensorLike } from "../convert.js";

declare module "../tensor.js" {
  interface TensorMethods {
    sort(options?: SortOptions): SortResult;
    topk(k?: number, options?: TopkOptions): SortResult;
  }
}

/** Sorted (or selected) values and, for each, its int32 index along the axis in the input. */
export interface SortResult {
  values: Tensor;
  indices: Tensor;
}

export interface SortOptions {
  /** The axis to sort along (negatives count from the end). Default -1. */
  axis?: number;
  /** Largest first. Default false. */
  descending?: boolean;
}

export interface TopkOptions {
  /** Largest first (default true); false keeps the k largest in their original order. */
  sorted?: boolean;
}

const sortOp = defineOp<{ axis: number; descending: boolean }>({
  name: "sort",
  infer: ([x]) => [
    { shape: x!.shape, dtype: x!.dtype },
    { shape: x!.shape, dtype: "int32" },
  ],
});

/**
 * Sorts along `axis` (default the last). Stable: equal values keep their order, in both
 * directions. NaN counts as larger than everything (last ascending, first descending), as in
 * NumPy. Returns the values and their int32 indices in the input. Not differentiable.
 * @example
 * const { values, indices } = sort(tensor([3, 1, 2]));
 * values.arraySync()  // [1, 2, 3]
 * indices.arraySync() // [1, 2, 0]
 */
export function sort(x: TensorLike, { axis = -1, descending = false }: SortOptions = {}): SortResult {
  const t = toTensor(x);
  if (t.rank === 0) throw new ArgumentError(`sort: needs a tensor of rank ≥ 1 to sort along an axis, got a scalar`);
  const [values, indices] = runOp(sortOp, [t], { axis: normalizeAxis("sort", axis, t.rank), descending: Boolean(descending) });
  return { values: values!, indices: indices! };
}

const topkOp = defineOp<{ k: number; sorted: boolean }>({
  name: "topk",
  infer: ([x], { k }) => {
    const shape = [...x!.shape.slice(0, -1), k];
    return [
      { shape, dtype: x!.dtype },
      { shape, dtype: "int32" },
    ];
  },
});

/**
 * The `k` largest entries along the last axis (default k = 1) and their int32 indices; on ties
 * the lower index comes first (as tf.math.top_k). Not differentiable.
 * @example
 * const { values, indices } = topk(tensor([[1, 9, 3, 7]]), 2);
 * values.arraySync()  // [[9, 7]]
 * indices.arraySync() // [[1, 3]]
 */
export function topk(x: TensorLike, k = 1, { sorted = true }: TopkOptions = {}): SortResult {
  const t = toTensor(x);
  if (t.rank === 0) throw new ArgumentError(`topk: needs a tensor of rank ≥ 1, got a scalar`);
  const n = t.shape[t.rank - 1]!;
  if (!Number.isInteger(k) || k < 0 || k > n) {
    throw new ArgumentError(`topk: k must be an integer from 0 to ${n} (the size of the last axis of shape ${showShape(t.shape)}), got ${k}`);
  }
  const [values, indices] = runOp(topkOp, [t], { k, sorted: Boolean(sorted) });
  return { values: values!, indices: indices! };
}

installMethods({
  sort(options) {
    return sort(this, options);
  },
  topk(k, options) {
    return topk(this, k, options);
  },
});
