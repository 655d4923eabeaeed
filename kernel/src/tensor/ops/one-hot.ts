import { defineOp } from "../op.js";
import { runOp } from "../engine.js";
import { ArgumentError } from "../errors.js";
import { installMethods, type Tensor } from "../tensor.js";
import type { TensorLike } from "../convert.js";
import { toIndices } from "./gather.js";

declare module "../tensor.js" {
  interface TensorMethods {
    oneHot(depth: number, onValue?: number, offValue?: number): Tensor;
  }
}

/** Attributes of oneHot: the number of classes and the two fill values. */
export interface OneHotAttrs {
  depth: number;
  onValue: number;
  offValue: number;
}

const oneHotOp = defineOp<OneHotAttrs>({
  name: "oneHot",
  infer: ([indices], { depth }) => [{ shape: [...indices!.shape, depth], dtype: "float32" }],
  // Integer indices carry no gradient.
  grad: () => [undefined],
});

/**
 * float32 one-hot encoding of int32 class indices: a new last axis of length `depth`
 * holding `onValue` at the index and `offValue` elsewhere. Indices outside 0 … depth−1
 * (such as −1 for "no class") give a row of `offValue`, as in TensorFlow.
 * @example oneHot([0, 2, -1], 3).arraySync() // [[1, 0, 0], [0, 0, 1], [0, 0, 0]]
 */
export function oneHot(indices: TensorLike, depth: number, onValue = 1, offValue = 0): Tensor {
  if (!Number.isInteger(depth) || depth < 0) throw new ArgumentError(`oneHot: depth must be a non-negative integer (the number of classes), got ${depth}`);
  if (typeof onValue !== "number" || typeof offValue !== "number") throw new ArgumentError(`oneHot: onValue and offValue must be numbers, got ${JSON.stringify(onValue)} and ${JSON.stringify(offValue)}`);
  return runOp(oneHotOp, [toIndices("oneHot", indices)], { depth, onValue, offValue })[0]!;
}

installMethods({
  oneHot(depth, onValue, offValue) {
    return oneHot(this, depth, onValue, offValue);
  },
});
