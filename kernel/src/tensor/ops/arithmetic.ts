import { defineOp, type OpDef } from "../op.js";
import type { ElementwiseExpression } from "../expression.js";
import { runOp } from "../engine.js";
import { DTypeError, showShape } from "../errors.js";
import { promote, type DType } from "../dtype.js";
import { broadcastShapes } from "../shape.js";
import { installMethods, Tensor } from "../tensor.js";
import { toTensor, type TensorLike } from "../convert.js";
import { cast } from "./cast.js";
import { sumTo } from "./shape-ops.js";

declare module "../tensor.js" {
  interface TensorMethods {
    add(b: TensorLike): Tensor;
    sub(b: TensorLike): Tensor;
    mul(b: TensorLike): Tensor;
    div(b: TensorLike): Tensor;
    neg(): Tensor;
  }
}

/**
 * Converts two operands to tensors of one dtype: a plain number adopts the other
 * operand's dtype, otherwise the wider dtype wins (bool < int32 < float32 < float64).
 * `minimum` raises the result (div asks for at least float32).
 */
export function coerceOperands(a: TensorLike, b: TensorLike, minimum?: DType): [Tensor, Tensor] {
  const ta = a instanceof Tensor || typeof a !== "number" ? toTensor(a) : undefined;
  const tb = b instanceof Tensor || typeof b !== "number" ? toTensor(b) : undefined;
  const x = ta ?? toTensor(a, tb?.dtype);
  const y = tb ?? toTensor(b, x.dtype);
  let dtype = promote(x.dtype, y.dtype);
  if (minimum) dtype = promote(dtype, minimum);
  return [cast(x, dtype), cast(y, dtype)];
}

/** What a binary op declares besides its name. */
export interface BinaryOpRules {
  /** The gradient rule (absent: not differentiable). */
  grad?: OpDef<Record<string, never>>["grad"];
  /** The result dtype from the operands' (default: the same; comparisons give bool). */
  outDType?: (dtype: DType) => DType;
  /** Its value in the expression language (lets graph mode fuse it). */
  expression?: ElementwiseExpression;
}

/**
 * Declares a broadcasting binary op whose operands share one dtype.
 * @example const addOp = defineBinaryOp("add", { expression: ([a, b]) => `(${a} + ${b})` });
 */
export function defineBinaryOp(name: string, { grad, outDType = (d) => d, expression }: BinaryOpRules = {}): OpDef<Record<string, never>> {
  return defineOp<Record<string, never>>({
    name,
    expression,
    infer: ([a, b]) => {
      if (a!.dtype !== b!.dtype) throw new DTypeError(`${name}: operands have dtypes ${a!.dtype} and ${b!.dtype} (shapes ${showShape(a!.shape)}, ${showShape(b!.shape)})`);
      return [{ shape: broadcastShapes(name, a!.shape, b!.shape), dtype: outDType(a!.dtype) }];
    },
    grad,
  });
}

/** Runs a binary op on two operands after dtype coercion. */
export function applyBinary(op: OpDef<Record<string, never>>, a: TensorLike, b: TensorLike, minimum?: DType): Tensor {
  const [x, y] = coerceOperands(a, b, minimum);
  return runOp(op, [x, y], {})[0]!;
}

const addOp = defineBinaryOp("add", {
  grad: ({ dys: [dy], inputs: [a, b] }) => [sumTo(dy!, a!.shape), sumTo(dy!, b!.shape)],
  expression: ([a, b]) => `(${a} + ${b})`,
});
const subOp = defineBinaryOp("sub", {
  grad: ({ dys: [dy], inputs: [a, b] }) => [sumTo(dy!, a!.shape), sumTo(neg(dy!), b!.shape)],
  expression: ([a, b]) => `(${a} - ${b})`,
});
const mulOp = defineBinaryOp("mul", {
  grad: ({ dys: [dy], inputs: [a, b] }) => [sumTo(mul(dy!, b!), a!.shape), sumTo(mul(dy!, a!), b!.shape)],
  expression: ([a, b]) => `(${a} * ${b})`,
});
const divOp = defineBinaryOp("div", {
  grad: ({ dys: [dy], inputs: [a, b], outputs: [out] }) => [sumTo(div(dy!, b!), a!.shape), sumTo(neg(mul(dy!, div(out!, b!))), b!.shape)],
  expression: ([a, b]) => `(${a} / ${b})`,
});

/** Elementwise a + b with broadcasting. @example add(tensor([1, 2]), 10).arraySync() // [11, 12] */
export function add(a: TensorLike, b: TensorLike): Tensor {
  return applyBinary(addOp, a, b);
}

/** Elementwise a − b. @example sub(tensor([5, 6]), tensor([1, 2])).arraySync() // [4, 4] */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  return applyBinary(subOp, a, b);
}

/** Elementwise a · b. @example mul(tensor([1, 2]), tensor([[1], [10]])).arraySync() // [[1, 2], [10, 20]] */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  return applyBinary(mulOp, a, b);
}

/** Elementwise true division (integers give float32). @example div(tensor([1, 3]), 2).arraySync() // [0.5, 1.5] */
export function div(a: TensorLike, b: TensorLike): Tensor {
  return applyBinary(divOp, a, b, "float32");
}

const negOp = defineOp<Record<string, never>>({
  name: "neg",
  infer: ([x]) => [{ shape: x!.shape, dtype: x!.dtype === "bool" ? "int32" : x!.dtype }],
  grad: ({ dys: [dy] }) => [neg(dy!)],
  expression: ([x]) => `(-${x})`,
});

/** Elementwise −x. @example neg(tensor([1, -2])).arraySync() // [-1, 2] */
export function neg(x: TensorLike): Tensor {
  return runOp(negOp, [toTensor(x)], {})[0]!;
}

installMethods({
  add(b) {
    return add(this, b);
  },
  sub(b) {
    return sub(this, b);
  },
  mul(b) {
    return mul(this, b);
  },
  div(b) {
    return div(this, b);
  },
  neg() {
    return neg(this);
  },
});
