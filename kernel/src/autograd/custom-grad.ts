import { defineOp } from "../tensor/op.js";
import { runOp } from "../tensor/engine.js";
import { GradbookError, showShape } from "../tensor/errors.js";
import { toTensor, type TensorLike } from "../tensor/convert.js";
import { Tensor } from "../tensor/tensor.js";

/** What the function given to customGrad returns: its value and how to push a gradient back. */
export interface CustomGradResult {
  value: Tensor;
  /** Gradients with respect to each input, given the gradient of the value. Written with ops, it can be differentiated again. */
  gradFunc: (dy: Tensor) => Tensor[];
}

interface CustomAttrs {
  gradFunc: (dy: Tensor) => Tensor[];
}

// Inputs are [...xs, value]; the output aliases value's memory, and the gradient rule is the user's.
const customGradOp = defineOp<CustomAttrs>({
  name: "customGrad",
  infer: (inputs) => [{ shape: inputs.at(-1)!.shape, dtype: inputs.at(-1)!.dtype }],
  grad: ({ dys: [dy], inputs, attrs }) => {
    const xs = inputs.slice(0, -1);
    const grads = attrs.gradFunc(dy!);
    if (!Array.isArray(grads) || grads.length !== xs.length) {
      throw new GradbookError(`customGrad: gradFunc must return ${xs.length} gradient(s), one per input, got ${Array.isArray(grads) ? grads.length : typeof grads}`);
    }
    grads.forEach((g, i) => {
      if (g.shape.join() !== xs[i]!.shape.join()) throw new GradbookError(`customGrad: gradient ${i} has shape ${showShape(g.shape)}, its input has ${showShape(xs[i]!.shape)}`);
    });
    return [...grads, undefined];
  },
  describe: () => ({}),
});

/**
 * Wraps a function with a hand-written gradient (e.g. a numerically stable formula, or a
 * straight-through estimator).
 * @example
 * const clipGrad = customGrad((x) => ({ value: x.mul(1), gradFunc: (dy) => [dy.clip(-1, 1)] }));
 */
export function customGrad(f: (...xs: Tensor[]) => CustomGradResult): (...xs: TensorLike[]) => Tensor {
  return (...args) => {
    const xs = args.map((x) => toTensor(x));
    const { value, gradFunc } = f(...xs);
    if (!(value instanceof Tensor) || typeof gradFunc !== "function") {
      throw new GradbookError("customGrad: the function must return { value: Tensor, gradFunc: (dy) => Tensor[] }");
    }
    return runOp(customGradOp, [...xs, value], { gradFunc })[0]!;
  };
}
