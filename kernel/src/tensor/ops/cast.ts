import { defineOp } from "../op.js";
import { runOp } from "../engine.js";
import { ArgumentError } from "../errors.js";
import { isDType, isFloat, type DType } from "../dtype.js";
import { installMethods, type Tensor } from "../tensor.js";
import { toTensor, type TensorLike } from "../convert.js";

declare module "../tensor.js" {
  interface TensorMethods {
    cast(dtype: DType): Tensor;
  }
}

const castOp = defineOp<{ dtype: DType }>({
  name: "cast",
  infer: ([x], { dtype }) => [{ shape: x!.shape, dtype }],
  // Only float→float casts carry a gradient; casting to int or bool cuts it.
  grad: ({ dys: [dy], inputs: [x] }) => [isFloat(x!.dtype) && isFloat(dy!.dtype) ? cast(dy!, x!.dtype) : undefined],
});

/**
 * Converts to another dtype (float→int truncates toward zero, anything→bool is `!= 0`).
 * @example cast(tensor([1.7, -1.7]), "int32").arraySync() // [1, -1]
 */
export function cast(x: TensorLike, dtype: DType): Tensor {
  if (!isDType(dtype)) throw new ArgumentError(`cast: unknown dtype ${JSON.stringify(dtype)}; expected float32, float64, int32 or bool`);
  const t = toTensor(x);
  return t.dtype === dtype ? t : runOp(castOp, [t], { dtype })[0]!;
}

installMethods({
  cast(dtype) {
    return cast(this, dtype);
  },
});
