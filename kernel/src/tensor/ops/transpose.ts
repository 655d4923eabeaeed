import { defineOp } from "../op.js";
import { runOp } from "../engine.js";
import { ArgumentError, ShapeError, showShape } from "../errors.js";
import { installMethods, type Tensor } from "../tensor.js";
import { toTensor, type TensorLike } from "../convert.js";

declare module "../tensor.js" {
  interface TensorMethods {
    transpose(perm?: readonly number[]): Tensor;
  }
}

/** Attributes of transpose: output axis i is input axis perm[i]. */
export interface TransposeAttrs {
  perm: number[];
}

/** The permutation that undoes `perm`. @example inversePermutation([2, 0, 1]) // [1, 2, 0] */
export function inversePermutation(perm: readonly number[]): number[] {
  const inverse = new Array<number>(perm.length);
  perm.forEach((p, i) => (inverse[p] = i));
  return inverse;
}

function checkPermutation(op: string, perm: readonly number[], shape: readonly number[]): void {
  const rank = shape.length;
  const valid = perm.length === rank && perm.every((p) => Number.isInteger(p) && p >= 0 && p < rank) && new Set(perm).size === rank;
  if (!valid) {
    throw new ShapeError(
      rank === 0
        ? `${op}: perm ${JSON.stringify(perm)} is not [] (a scalar has no axes) for a tensor of shape ${showShape(shape)}`
        : `${op}: perm ${JSON.stringify(perm)} is not a permutation of 0 … ${rank - 1} for a tensor of shape ${showShape(shape)}`,
    );
  }
}

const transposeOp = defineOp<TransposeAttrs>({
  name: "transpose",
  infer: ([x], { perm }) => {
    checkPermutation("transpose", perm, x!.shape);
    return [{ shape: perm.map((p) => x!.shape[p]!), dtype: x!.dtype }];
  },
  grad: ({ dys: [dy], attrs: { perm } }) => [transpose(dy!, inversePermutation(perm))],
});

/**
 * Permutes the axes: output axis i is input axis `perm[i]` (negatives count from the end).
 * Without `perm` the axes are reversed (a matrix's transpose).
 * @example
 * transpose(tensor([[1, 2, 3], [4, 5, 6]])).arraySync() // [[1, 4], [2, 5], [3, 6]]
 * transpose(zeros([2, 3, 4]), [0, 2, 1]).shape         // [2, 4, 3]
 */
export function transpose(x: TensorLike, perm?: readonly number[]): Tensor {
  const t = toTensor(x);
  if (perm !== undefined && !Array.isArray(perm)) throw new ArgumentError(`transpose: perm must be a list of axes, got ${JSON.stringify(perm)}`);
  const resolved = perm === undefined ? t.shape.map((_, i) => t.rank - 1 - i) : perm.map((p) => (Number.isInteger(p) && p < 0 ? p + t.rank : p));
  checkPermutation("transpose", resolved, t.shape);
  if (resolved.every((p, i) => p === i)) return t;
  return runOp(transposeOp, [t], { perm: resolved })[0]!;
}

installMethods({
  transpose(perm) {
    return transpose(this, perm);
  },
});
