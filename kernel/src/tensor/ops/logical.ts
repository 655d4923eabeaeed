import { defineOp } from "../op.js";
import { runOp } from "../engine.js";
import { DTypeError, ShapeError, showShape } from "../errors.js";
import { installMethods, type Tensor } from "../tensor.js";
import { toTensor, type TensorLike } from "../convert.js";
import { broadcastShapes, type Shape } from "../shape.js";
import { coerceOperands } from "./arithmetic.js";
import { sumTo } from "./shape-ops.js";

declare module "../tensor.js" {
  interface TensorMethods {
    logicalAnd(b: TensorLike): Tensor;
    logicalOr(b: TensorLike): Tensor;
    logicalXor(b: TensorLike): Tensor;
    logicalNot(): Tensor;
    /** `condition.where(a, b)` is `where(condition, a, b)`: a where this bool tensor is true, b elsewhere. */
    where(a: TensorLike, b: TensorLike): Tensor;
  }
}

/** NumPy broadcasting of any number of shapes; the error lists every operand by role. */
function broadcastAll(op: string, shapes: readonly Shape[], roles: readonly string[]): number[] {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let size = 1;
    for (const s of shapes) {
      const d = s[s.length - rank + i] ?? 1;
      if (d !== 1 && size !== 1 && d !== size) {
        const listed = shapes.map((s, k) => `${roles[k]} ${showShape(s)}`).join(", ");
        throw new ShapeError(`${op}: shapes cannot be broadcast together: ${listed} (axis ${i})`);
      }
      if (d !== 1) size = d;
    }
    out.push(size);
  }
  return out;
}

function defineLogicalOp(name: string, arity: 1 | 2) {
  return defineOp<Record<string, never>>({
    name,
    infer: (inputs) => {
      const bad = inputs.find((t) => t.dtype !== "bool");
      if (bad) {
        const [a, b] = inputs.map((t) => `${t.dtype} ${showShape(t.shape)}`);
        throw new DTypeError(
          arity === 1
            ? `${name}: expected bool input, got ${a}; make one with a comparison (e.g. x.greater(0)) or cast(x, "bool")`
            : `${name}: expected bool operands, got ${a} and ${b}; make one with a comparison (e.g. x.greater(0)) or cast(x, "bool")`,
        );
      }
      return [{ shape: arity === 1 ? inputs[0]!.shape : broadcastShapes(name, inputs[0]!.shape, inputs[1]!.shape), dtype: "bool" }];
    },
  });
}

const logicalAndOp = defineLogicalOp("logicalAnd", 2);
const logicalOrOp = defineLogicalOp("logicalOr", 2);
const logicalXorOp = defineLogicalOp("logicalXor", 2);
const logicalNotOp = defineLogicalOp("logicalNot", 1);

/**
 * Elementwise AND of bool tensors (or booleans), with broadcasting.
 * @example logicalAnd(tensor([true, false]), true).arraySync() // [true, false]
 */
export function logicalAnd(a: TensorLike, b: TensorLike): Tensor {
  return runOp(logicalAndOp, [toTensor(a), toTensor(b)], {})[0]!;
}

/**
 * Elementwise OR of bool tensors.
 * @example logicalOr(tensor([true, false]), tensor([false, false])).arraySync() // [true, false]
 */
export function logicalOr(a: TensorLike, b: TensorLike): Tensor {
  return runOp(logicalOrOp, [toTensor(a), toTensor(b)], {})[0]!;
}

/**
 * Elementwise exclusive OR of bool tensors.
 * @example logicalXor(tensor([true, true]), tensor([true, false])).arraySync() // [false, true]
 */
export function logicalXor(a: TensorLike, b: TensorLike): Tensor {
  return runOp(logicalXorOp, [toTensor(a), toTensor(b)], {})[0]!;
}

/**
 * Elementwise NOT of a bool tensor.
 * @example logicalNot(tensor([true, false])).arraySync() // [false, true]
 */
export function logicalNot(x: TensorLike): Tensor {
  return runOp(logicalNotOp, [toTensor(x)], {})[0]!;
}

const whereOp = defineOp<Record<string, never>>({
  name: "where",
  expression: ([condition, a, b]) => `select(${condition}, ${a}, ${b})`,
  infer: ([condition, a, b]) => {
    if (condition!.dtype !== "bool") throw new DTypeError(`where: the condition must be bool, got ${condition!.dtype} (shape ${showShape(condition!.shape)}); make one with a comparison (e.g. x.greater(0)) or cast(x, "bool")`);
    if (a!.dtype !== b!.dtype) throw new DTypeError(`where: a and b have dtypes ${a!.dtype} and ${b!.dtype}`);
    return [{ shape: broadcastAll("where", [condition!.shape, a!.shape, b!.shape], ["condition", "a", "b"]), dtype: a!.dtype }];
  },
  // The gradient is routed to whichever operand each element was taken from; the mask itself has none.
  grad: ({ dys: [dy], inputs: [condition, a, b] }) => [undefined, sumTo(where(condition!, dy!, 0), a!.shape), sumTo(where(condition!, 0, dy!), b!.shape)],
});

/**
 * Takes `a` where `condition` is true and `b` elsewhere; all three broadcast together and
 * a, b are promoted to one dtype like arithmetic operands. Gradients flow to a and b.
 * @example where(tensor([true, false, true]), tensor([1, 2, 3]), 0).arraySync() // [1, 0, 3]
 */
export function where(condition: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  const mask = toTensor(condition);
  const [x, y] = coerceOperands(a, b);
  return runOp(whereOp, [mask, x, y], {})[0]!;
}

installMethods({
  logicalAnd(b) {
    return logicalAnd(this, b);
  },
  logicalOr(b) {
    return logicalOr(this, b);
  },
  logicalXor(b) {
    return logicalXor(this, b);
  },
  logicalNot() {
    return logicalNot(this);
  },
  where(a, b) {
    return where(this, a, b);
  },
});
