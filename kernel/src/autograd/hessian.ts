import { ArgumentError } from "../tensor/errors.js";
import { tensor, toTensor, type TensorLike } from "../tensor/convert.js";
import type { Tensor } from "../tensor/tensor.js";
import { stack } from "../tensor/ops/index.js";
import { gradients } from "./backprop.js";
import { asInput } from "./api.js";

/** Largest input (in elements) hessian() accepts: it costs one backward pass per element. */
export const HESSIAN_MAX_SIZE = 4096;

function basisVector(x: Tensor, i: number): Tensor {
  const values = new (x.dtype === "float64" ? Float64Array : Float32Array)(x.size);
  values[i] = 1;
  return tensor(values, { shape: [...x.shape], dtype: x.dtype });
}

/**
 * The matrix of second derivatives of a scalar function, shaped [...x.shape, ...x.shape]:
 * one Hessian-vector product per input element, so keep inputs small (≤ HESSIAN_MAX_SIZE).
 * Powers Newton's method.
 * @example
 * const A = tensor([[2, 1], [0, 3]]);
 * hessian((x) => x.matmul(A).mul(x).sum())(tensor([1, 1])) // A + Aᵀ = [[4, 1], [1, 6]]
 */
export function hessian(f: (x: Tensor) => Tensor): (x: TensorLike) => Tensor {
  return (x) => {
    const input = asInput(x);
    if (input.size > HESSIAN_MAX_SIZE) {
      throw new ArgumentError(`hessian: the input has ${input.size} elements, at most ${HESSIAN_MAX_SIZE} are supported (one backward pass each); use hvp() for Hessian-vector products`);
    }
    const [g] = gradients(f(input), [input]);
    const rows = Array.from({ length: input.size }, (_, i) => gradients(g!, [input], basisVector(input, i))[0]!);
    return stack(rows.map((row) => row.reshape([-1])), 0).reshape([...input.shape, ...input.shape]);
  };
}

/**
 * Hessian-vector product H(x)·v without forming H (two backward passes).
 * @example hvp((x) => x.pow(3).sum())(tensor([1, 2]), tensor([1, 1])) // 6x·v = [6, 12]
 */
export function hvp(f: (x: Tensor) => Tensor): (x: TensorLike, v: TensorLike) => Tensor {
  return (x, v) => {
    const input = asInput(x);
    const direction = toTensor(v, input.dtype);
    if (direction.shape.join() !== input.shape.join()) {
      throw new ArgumentError(`hvp: v has shape [${direction.shape.join(", ")}] but x has [${input.shape.join(", ")}]`);
    }
    const [g] = gradients(f(input), [input]);
    return gradients(g!, [input], direction.cast(input.dtype))[0]!;
  };
}
