import { defineOp, type OpDef } from "../op.js";
import type { ElementwiseExpression } from "../expression.js";
import { runOp } from "../engine.js";
import { DTypeError, showShape } from "../errors.js";
import { promote, type DType } from "../dtype.js";
import { broadcastShapes } from "../shape.js";
import { installMethods, Tensor } from "../tensor.js";
import { toTensor, type TensorLike } from "../convert.js";
import { cast } from "./cast.js";
import { logicalAnd, logicalOr } from "./logical.js";
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
 * operand's dtype (an integer next to bool gives int32, a fraction float32, as in NumPy),
 * otherwise the wider dtype wins (bool < int32 < float32 < float64).
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

// Two bool operands follow NumPy: add is logical or and mul logical and (True + True is
// True, so a sum of the result counts its true entries); sub and neg are refused, as there.
// Mixed with another dtype, bool promotes like any other operand.

/**
 * Elementwise a + b with broadcasting; for two bools it is their logical or (NumPy's rule).
 * @example add(tensor([1, 2]), 10).arraySync() // [11, 12]
 */
export function add(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = coerceOperands(a, b);
  return x.dtype === "bool" ? logicalOr(x, y) : runOp(addOp, [x, y], {})[0]!;
}

/**
 * Elementwise a − b. Two bools are refused, as in NumPy.
 * @example sub(tensor([5, 6]), tensor([1, 2])).arraySync() // [4, 4]
 */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = coerceOperands(a, b);
  if (x.dtype === "bool") throw new DTypeError(`sub: both operands are bool (shapes ${showShape(x.shape)}, ${showShape(y.shape)}), which cannot be subtracted (NumPy refuses too); logicalXor(a, b) says where they differ; cast(a, "int32") counts with -1/0/1`);
  return runOp(subOp, [x, y], {})[0]!;
}

/**
 * Elementwise a · b; for two bools it is their logical and (NumPy's rule).
 * @example mul(tensor([1, 2]), tensor([[1], [10]])).arraySync() // [[1, 2], [10, 20]]
 */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = coerceOperands(a, b);
  return x.dtype === "bool" ? logicalAnd(x, y) : runOp(mulOp, [x, y], {})[0]!;
}

/** Elementwise true division (integers and bools give float32). @example div(tensor([1, 3]), 2).arraySync() // [0.5, 1.5] */
export function div(a: TensorLike, b: TensorLike): Tensor {
  return applyBinary(divOp, a, b, "float32");
}

const negOp = defineOp<Record<string, never>>({
  name: "neg",
  infer: ([x]) => {
    if (x!.dtype === "bool") throw new DTypeError(`neg: the operand is bool (shape ${showShape(x!.shape)}), which cannot be negated (NumPy refuses too); logicalNot(x) flips it, cast(x, "int32").neg() gives 0/-1`);
    return [{ shape: x!.shape, dtype: x!.dtype }];
  },
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
