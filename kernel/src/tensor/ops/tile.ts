import { defineOp } from "../op.js";
import { runOp } from "../engine.js";
import { ArgumentError, showShape } from "../errors.js";
import { normalizeAxis } from "../shape.js";
import { installMethods, type Tensor } from "../tensor.js";
import { tensor, toTensor, type TensorLike } from "../convert.js";
import { reshape, flatten } from "./shape-ops.js";
import { sum } from "./reduce.js";
import { gather } from "./gather.js";

declare module "../tensor.js" {
  interface TensorMethods {
    tile(reps: number | readonly number[]): Tensor;
    repeat(repeats: number | readonly number[], axis?: number): Tensor;
  }
}

/** Attributes of tile: how many copies along each axis (one entry per axis). */
export interface TileAttrs {
  reps: number[];
}

const tileOp = defineOp<TileAttrs>({
  name: "tile",
  infer: ([x], { reps }) => {
    if (reps.length !== x!.rank) throw new ArgumentError(`tile: ${reps.length} repetition counts for a tensor of rank ${x!.rank}`);
    return [{ shape: x!.shape.map((d, k) => d * reps[k]!), dtype: x!.dtype }];
  },
  // Seen as shape [r0, d0, r1, d1, …] the output is x repeated along the r axes, so the
  // gradient is the sum of the copies: sum over those axes.
  grad: ({ dys: [dy], inputs: [x], attrs: { reps } }) => {
    const interleaved = x!.shape.flatMap((d, k) => [reps[k]!, d]);
    return [sum(reshape(dy!, interleaved), reps.map((_, k) => 2 * k))];
  },
});

function checkCounts(op: string, what: string, counts: readonly number[]): void {
  if (!counts.every((r) => Number.isInteger(r) && r >= 0)) throw new ArgumentError(`${op}: ${what} must be non-negative integers, got ${JSON.stringify(counts)}`);
}

/**
 * Repeats the whole tensor `reps[k]` times along axis k (NumPy `np.tile`: a shorter reps
 * list is padded with leading 1s, a longer one adds leading axes to x).
 * @example
 * tile(tensor([1, 2]), 3).arraySync()          // [1, 2, 1, 2, 1, 2]
 * tile(tensor([[1, 2]]), [2, 2]).arraySync()   // [[1, 2, 1, 2], [1, 2, 1, 2]]
 */
export function tile(x: TensorLike, reps: number | readonly number[]): Tensor {
  let t = toTensor(x);
  const list = typeof reps === "number" ? [reps] : reps;
  if (!Array.isArray(list)) throw new ArgumentError(`tile: reps must be a count or a list of counts, got ${JSON.stringify(reps)}`);
  checkCounts("tile", "reps", list);
  if (list.length > t.rank) t = reshape(t, [...new Array<number>(list.length - t.rank).fill(1), ...t.shape]);
  const full = [...new Array<number>(t.rank - list.length).fill(1), ...list];
  if (full.every((r) => r === 1)) return t;
  return runOp(tileOp, [t], { reps: full })[0]!;
}

/**
 * Repeats each element `repeats` times along `axis` (NumPy `np.repeat`): one count for all
 * elements or one per element of that axis. Without an axis, x is flattened first.
 * Lowers to gather, so the gradient sums each element's copies.
 * @example
 * repeat(tensor([1, 2]), 2).arraySync()                    // [1, 1, 2, 2]
 * repeat(tensor([[1, 2], [3, 4]]), [1, 2], 0).arraySync()  // [[1, 2], [3, 4], [3, 4]]
 */
export function repeat(x: TensorLike, repeats: number | readonly number[], axis?: number): Tensor {
  let t = toTensor(x);
  if (axis === undefined) t = flatten(t);
  const at = normalizeAxis("repeat", axis ?? 0, t.rank);
  const length = t.shape[at]!;
  const counts = typeof repeats === "number" ? new Array<number>(length).fill(repeats) : repeats;
  if (!Array.isArray(counts)) throw new ArgumentError(`repeat: repeats must be a count or a list of counts, got ${JSON.stringify(repeats)}`);
  checkCounts("repeat", "repeats", typeof repeats === "number" ? [repeats] : counts);
  if (counts.length !== length) throw new ArgumentError(`repeat: ${counts.length} counts for axis ${at} of length ${length} (shape ${showShape(t.shape)}); give one count or one per element`);
  const total = counts.reduce((a, b) => a + b, 0);
  const indices = new Int32Array(total);
  let o = 0;
  counts.forEach((c, i) => indices.fill(i, o, (o += c)));
  return gather(t, tensor(indices, "int32"), at);
}

installMethods({
  tile(reps) {
    return tile(this, reps);
  },
  repeat(repeats, axis) {
    return repeat(this, repeats, axis);
  },
});
