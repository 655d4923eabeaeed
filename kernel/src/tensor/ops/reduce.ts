import { defineOp } from "../op.js";
import { runOp } from "../engine.js";
import { normalizeAxes, reducedShape } from "../shape.js";
import { installMethods, type Tensor } from "../tensor.js";
import { toTensor, type TensorLike } from "../convert.js";
import { broadcastTo, reshape } from "./shape-ops.js";

declare module "../tensor.js" {
  interface TensorMethods {
    sum(axes?: number | number[], keepDims?: boolean): Tensor;
  }
}

/** Attributes of every reduction: normalised, sorted axes and keepDims. */
export interface ReduceAttrs {
  axes: number[];
  keepDims: boolean;
}

/** Brings a reduction's gradient (or output) back to the input's rank, then shape. */
export function expandReduced(dy: Tensor, inputShape: readonly number[], { axes }: ReduceAttrs): Tensor {
  return broadcastTo(reshape(dy, reducedShape(inputShape, axes, true)), inputShape);
}

const sumOp = defineOp<ReduceAttrs>({
  name: "sum",
  infer: ([x], { axes, keepDims }) => [{ shape: reducedShape(x!.shape, axes, keepDims), dtype: x!.dtype === "bool" ? "int32" : x!.dtype }],
  grad: ({ dys: [dy], inputs: [x], attrs }) => [expandReduced(dy!, x!.shape, attrs)],
});

/**
 * Sum over `axes` (all by default); keepDims leaves them as size 1.
 * @example sum(tensor([[1, 2], [3, 4]]), 0).arraySync() // [4, 6]
 */
export function sum(x: TensorLike, axes?: number | readonly number[], keepDims = false): Tensor {
  const t = toTensor(x);
  return runOp(sumOp, [t], { axes: normalizeAxes("sum", axes, t.rank), keepDims })[0]!;
}

installMethods({
  sum(axes, keepDims) {
    return sum(this, axes, keepDims);
  },
});
