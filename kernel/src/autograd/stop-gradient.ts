import { defineOp } from "../tensor/op.js";
import { runOp } from "../tensor/engine.js";
import { toTensor, type TensorLike } from "../tensor/convert.js";
import { installMethods, type Tensor } from "../tensor/tensor.js";

declare module "../tensor/tensor.js" {
  interface TensorMethods {
    stopGradient(): Tensor;
  }
}

const stopGradientOp = defineOp<Record<string, never>>({
  name: "stopGradient",
  infer: ([x]) => [{ shape: x!.shape, dtype: x!.dtype }],
  grad: () => [undefined],
});

/**
 * The same values, but gradients do not flow back through it (a constant to autograd).
 * @example grad((x) => x.mul(stopGradient(x)).sum())(tensor([3])) // [3], not [6]
 */
export function stopGradient(x: TensorLike): Tensor {
  return runOp(stopGradientOp, [toTensor(x)], {})[0]!;
}

installMethods({
  stopGradient() {
    return stopGradient(this);
  },
});
