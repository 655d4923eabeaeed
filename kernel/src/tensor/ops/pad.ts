import { defineOp } from "../op.js";
import { runOp } from "../engine.js";
import { ArgumentError, showShape } from "../errors.js";
import { installMethods, type Tensor } from "../tensor.js";
import { toTensor, type TensorLike } from "../convert.js";
import { slice } from "./slice.js";

declare module "../tensor.js" {
  interface TensorMethods {
    pad(paddings: readonly (readonly [number, number])[], constantValue?: number | boolean): Tensor;
  }
}

/** Attributes of pad: [before, after] per axis, and the fill value (0/1 for bool tensors). */
export interface PadAttrs {
  paddings: [number, number][];
  constantValue: number;
}

const padOp = defineOp<PadAttrs>({
  name: "pad",
  infer: ([x], { paddings }) => {
    if (paddings.length !== x!.rank) throw new ArgumentError(`pad: ${paddings.length} [before, after] pairs for a tensor of rank ${x!.rank}`);
    return [{ shape: x!.shape.map((d, k) => paddings[k]![0] + d + paddings[k]![1]), dtype: x!.dtype }];
  },
  // The padding is constant, so only the original block gets a gradient: slice it back out.
  grad: ({ dys: [dy], inputs: [x], attrs: { paddings } }) => [slice(dy!, paddings.map(([before]) => before), x!.shape)],
});

/**
 * Adds `paddings[k] = [before, after]` elements of `constantValue` around axis k
 * (one pair per axis; NumPy `np.pad` with mode "constant").
 * @example pad(tensor([[1, 2]]), [[1, 0], [0, 2]]).arraySync() // [[0, 0, 0, 0], [1, 2, 0, 0]]
 */
export function pad(x: TensorLike, paddings: readonly (readonly [number, number])[], constantValue: number | boolean = 0): Tensor {
  const t = toTensor(x);
  const valid =
    Array.isArray(paddings) &&
    paddings.every((p) => Array.isArray(p) && p.length === 2 && p.every((v) => Number.isInteger(v) && v >= 0));
  if (!valid) throw new ArgumentError(`pad: paddings must be a list of [before, after] pairs of non-negative integers, got ${JSON.stringify(paddings)}`);
  if (paddings.length !== t.rank) {
    throw new ArgumentError(`pad: expected ${t.rank} [before, after] pairs (one per axis of ${showShape(t.shape)}), got ${paddings.length}`);
  }
  if (typeof constantValue !== "number" && typeof constantValue !== "boolean") throw new ArgumentError(`pad: constantValue must be a number or boolean, got ${JSON.stringify(constantValue)}`);
  if (paddings.every(([a, b]) => a === 0 && b === 0)) return t;
  const value = t.dtype === "bool" ? (Number(constantValue) !== 0 ? 1 : 0) : Number(constantValue);
  return runOp(padOp, [t], { paddings: paddings.map(([a, b]) => [a, b] as [number, number]), constantValue: value })[0]!;
}

installMethods({
  pad(paddings, constantValue) {
    return pad(this, paddings, constantValue);
  },
});
