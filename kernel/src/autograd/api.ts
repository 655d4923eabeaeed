import { GradbookError } from "../tensor/errors.js";
import { Tensor } from "../tensor/tensor.js";
import { toTensor, type HasValue, type TensorLike } from "../tensor/convert.js";
import { gradients } from "./backprop.js";

/** Converts a differentiation argument to a float tensor (ints are cast to float32). */
export function asInput(x: TensorLike): Tensor {
  const t = toTensor(x);
  return t.dtype === "float32" || t.dtype === "float64" ? t : toTensor(t.cast("float32"));
}

function asScalarOutput(name: string, y: unknown): Tensor {
  if (!(y instanceof Tensor)) throw new GradbookError(`${name}: the function must return a tensor, got ${y === null ? "null" : typeof y}`);
  return y;
}

/**
 * Gradients of `y` with respect to `xs` (tensors or variables), for training loops.
 * Every op is recorded, so no tape has to be opened first; a non-scalar y counts as sum(y).
 * @example
 * const w = variable(tensor([1, 2]));
 * const loss = w.square().sum();
 * const [dw] = gradient(loss, [w]); // [2, 4]
 */
export function gradient(y: Tensor, xs: readonly (Tensor | HasValue)[], dy?: Tensor): Tensor[] {
  return gradients(y, xs, dy);
}

/**
 * The gradient function of a function of one tensor. Composable: grad(grad(f)) is the second derivative.
 * @example
 * const f = (x: Tensor) => x.mul(x).mul(x);        // x³
 * grad(f)(tensor(2)).item()                         // 12
 * grad(grad(f))(tensor(2)).item()                   // 12 (6x)
 */
export function grad(f: (x: Tensor) => Tensor): (x: TensorLike, dy?: Tensor) => Tensor {
  return (x, dy) => {
    const input = asInput(x);
    return gradients(asScalarOutput("grad", f(input)), [input], dy)[0]!;
  };
}

/**
 * Gradients of a function of several tensors, one per argument.
 * @example grads((a, b) => a.mul(b).sum())(tensor([1, 2]), tensor([3, 4])) // [[3, 4], [1, 2]]
 */
export function grads(f: (...xs: Tensor[]) => Tensor): (...xs: TensorLike[]) => Tensor[] {
  return (...xs) => {
    const inputs = xs.map(asInput);
    return gradients(asScalarOutput("grads", f(...inputs)), inputs);
  };
}

/**
 * Value and gradient of a function of one tensor, in one pass.
 * @example const { value, grad } = valueAndGrad((x) => x.square().sum())(tensor([3])); // 9, [6]
 */
export function valueAndGrad(f: (x: Tensor) => Tensor): (x: TensorLike, dy?: Tensor) => { value: Tensor; grad: Tensor } {
  return (x, dy) => {
    const input = asInput(x);
    const value = asScalarOutput("valueAndGrad", f(input));
    return { value, grad: gradients(value, [input], dy)[0]! };
  };
}

/**
 * Value and gradients of a function of several tensors.
 * @example valueAndGrads((a, b) => a.mul(b).sum())(tensor([1]), tensor([2])) // { value: 2, grads: [[2], [1]] }
 */
export function valueAndGrads(f: (...xs: Tensor[]) => Tensor): (...xs: TensorLike[]) => { value: Tensor; grads: Tensor[] } {
  return (...xs) => {
    const inputs = xs.map(asInput);
    const value = asScalarOutput("valueAndGrads", f(...inputs));
    return { value, grads: gradients(value, inputs) };
  };
}

/**
 * Runs a loss function and returns its value with the gradients for each variable:
 * the step of a hand-written training loop.
 * @example
 * const { value, grads } = variableGrads(() => w.mul(x).sub(y).square().mean(), [w]);
 */
export function variableGrads(f: () => Tensor, variables: readonly HasValue[]): { value: Tensor; grads: Tensor[] } {
  const value = asScalarOutput("variableGrads", f());
  return { value, grads: gradient(value, variables) };
}
