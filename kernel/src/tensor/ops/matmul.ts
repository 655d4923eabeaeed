import { defineOp } from "../op.js";
import { runOp } from "../engine.js";
import { DTypeError, ShapeError, showShape } from "../errors.js";
import { broadcastShapes, type Shape } from "../shape.js";
import { installMethods, type Tensor } from "../tensor.js";
import { toTensor, type TensorLike } from "../convert.js";
import { coerceOperands, mul } from "./arithmetic.js";
import { reshape, sumTo } from "./shape-ops.js";

declare module "../tensor.js" {
  interface TensorMethods {
    matmul(b: TensorLike, options?: MatmulOptions): Tensor;
    dot(b: TensorLike): Tensor;
    outer(b: TensorLike): Tensor;
  }
}

/** Whether to use an operand's transpose (its last two axes swapped). */
export interface MatmulOptions {
  transposeA?: boolean;
  transposeB?: boolean;
}

/** Attributes of the matmul op (both always present). */
export interface MatmulAttrs {
  transposeA: boolean;
  transposeB: boolean;
}

/** The (rows, cols) of op(x): x's last two axes, swapped when transposed. */
function matrixDims(shape: Shape, transposed: boolean): [number, number] {
  const r = shape[shape.length - 2]!;
  const c = shape[shape.length - 1]!;
  return transposed ? [c, r] : [r, c];
}

function flags({ transposeA, transposeB }: MatmulAttrs): string {
  const set = [transposeA && "transposeA", transposeB && "transposeB"].filter(Boolean);
  return set.length ? ` (with ${set.join(", ")})` : "";
}

/** Checks two operands of rank ≥ 2 and gives the output shape; `name` is the op the user called. */
function matmulShape(name: string, a: Shape, b: Shape, attrs: MatmulAttrs, shown: [Shape, Shape] = [a, b]): number[] {
  const [m, ka] = matrixDims(a, attrs.transposeA);
  const [kb, n] = matrixDims(b, attrs.transposeB);
  if (ka !== kb) {
    throw new ShapeError(`${name}: inner dimensions differ: a is ${showShape(shown[0])}, b is ${showShape(shown[1])}${flags(attrs)}`);
  }
  let batch: number[];
  try {
    batch = broadcastShapes(name, a.slice(0, -2), b.slice(0, -2));
  } catch {
    throw new ShapeError(`${name}: batch dimensions ${showShape(a.slice(0, -2))} and ${showShape(b.slice(0, -2))} cannot be broadcast together: a is ${showShape(shown[0])}, b is ${showShape(shown[1])}`);
  }
  return [...batch, m, n];
}

const matmulOp = defineOp<MatmulAttrs>({
  name: "matmul",
  infer: ([a, b], attrs) => {
    if (a!.dtype !== b!.dtype) throw new DTypeError(`matmul: operands have dtypes ${a!.dtype} and ${b!.dtype} (shapes ${showShape(a!.shape)}, ${showShape(b!.shape)})`);
    if (a!.dtype === "bool") throw new DTypeError(`matmul: bool operands are not supported; cast() them to int32 or float32 first`);
    if (a!.rank < 2 || b!.rank < 2) throw new ShapeError(`matmul: the op needs operands of rank ≥ 2, got a ${showShape(a!.shape)} and b ${showShape(b!.shape)}`);
    return [{ shape: matmulShape("matmul", a!.shape, b!.shape, attrs), dtype: a!.dtype }];
  },
  // C = op(A)·op(B). Each rule is itself a matmul (with transpose flags instead of
  // transposed copies), so gradients of gradients work; sumTo undoes batch broadcasting.
  grad: ({ dys: [dy], inputs: [a, b], attrs: { transposeA, transposeB }, needs: [needsA, needsB] }) => {
    const g = dy!;
    let da: () => Tensor;
    let db: () => Tensor;
    if (!transposeA && !transposeB) {
      da = () => matmul(g, b!, { transposeB: true }); //  dA = dC·Bᵀ
      db = () => matmul(a!, g, { transposeA: true }); //  dB = Aᵀ·dC
    } else if (transposeA && !transposeB) {
      da = () => matmul(b!, g, { transposeB: true }); //  C = AᵀB: dA = B·dCᵀ
      db = () => matmul(a!, g); //                        dB = A·dC
    } else if (!transposeA && transposeB) {
      da = () => matmul(g, b!); //                        C = ABᵀ: dA = dC·B
      db = () => matmul(g, a!, { transposeA: true }); //  dB = dCᵀ·A
    } else {
      da = () => matmul(b!, g, { transposeA: true, transposeB: true }); // C = AᵀBᵀ: dA = Bᵀ·dCᵀ
      db = () => matmul(g, a!, { transposeA: true, transposeB: true }); //           dB = dCᵀ·Aᵀ
    }
    return [needsA ? sumTo(da(), a!.shape) : undefined, needsB ? sumTo(db(), b!.shape) : undefined];
  },
});

/** matmul with NumPy's 1-D rules; `name` is the front-end the user called (for messages). */
function matmulAs(name: string, a: TensorLike, b: TensorLike, options: MatmulOptions): Tensor {
  const [x, y] = coerceOperands(a, b);
  const attrs: MatmulAttrs = { transposeA: options.transposeA ?? false, transposeB: options.transposeB ?? false };
  if (x.rank === 0 || y.rank === 0) {
    throw new ShapeError(`${name}: scalars cannot be multiplied as matrices (a is ${showShape(x.shape)}, b is ${showShape(y.shape)}); use mul()`);
  }
  // NumPy: a vector a is a row [1, k], a vector b is a column [k, 1]; the added axis is dropped afterwards.
  const a2 = x.rank === 1 ? { shape: [1, x.shape[0]!], flag: false } : { shape: x.shape, flag: attrs.transposeA };
  const b2 = y.rank === 1 ? { shape: [y.shape[0]!, 1], flag: false } : { shape: y.shape, flag: attrs.transposeB };
  const finalAttrs: MatmulAttrs = { transposeA: a2.flag, transposeB: b2.flag };
  const full = matmulShape(name, a2.shape, b2.shape, finalAttrs, [x.shape, y.shape]);
  const product = runOp(matmulOp, [reshape(x, a2.shape), reshape(y, b2.shape)], finalAttrs)[0]!;
  if (x.rank > 1 && y.rank > 1) return product;
  const outShape = full.filter((_, i) => !((x.rank === 1 && i === full.length - 2) || (y.rank === 1 && i === full.length - 1)));
  return reshape(product, outShape);
}

/**
 * Matrix product over the last two axes, batched over the leading axes with NumPy
 * broadcasting: [..., m, k] · [..., k, n] → [..., m, n]. `transposeA`/`transposeB` use an
 * operand's transpose without copying it. Like NumPy's `matmul`, a 1-D `a` is treated as
 * a row vector and a 1-D `b` as a column vector, and that axis is removed from the result
 * (the transpose flags do not apply to 1-D operands); scalars are rejected (use `mul`).
 * Integer operands give an integer result; bool is rejected.
 * @example
 * matmul(tensor([[1, 2], [3, 4]]), tensor([[5], [6]])).arraySync() // [[17], [39]]
 * matmul(zeros([8, 2, 3]), zeros([3, 4])).shape                   // [8, 2, 4]
 * matmul(zeros([3, 2]), zeros([3, 4]), { transposeA: true }).shape  // [2, 4]
 */
export function matmul(a: TensorLike, b: TensorLike, options: MatmulOptions = {}): Tensor {
  return matmulAs("matmul", a, b, options);
}

/**
 * The dot product of vectors and matrices, for operands of rank 1 or 2:
 * vector·vector → scalar (inner product), matrix·vector → vector,
 * vector·matrix → vector, matrix·matrix → matrix (the matrix product).
 * Higher ranks are rejected: use `matmul` for batches.
 * @example
 * dot(tensor([1, 2, 3]), tensor([4, 5, 6])).item()               // 32
 * dot(tensor([[1, 2], [3, 4]]), tensor([1, 1])).arraySync()       // [3, 7]
 */
export function dot(a: TensorLike, b: TensorLike): Tensor {
  const x = toTensor(a);
  const y = toTensor(b);
  if (x.rank < 1 || x.rank > 2 || y.rank < 1 || y.rank > 2) {
    throw new ShapeError(`dot: expects vectors or matrices (rank 1 or 2), got a ${showShape(x.shape)} and b ${showShape(y.shape)}; use matmul() for batches and mul() for scalars`);
  }
  return matmulAs("dot", x, y, {});
}

/**
 * Outer product: out[i, j] = a[i] · b[j]. Operands of any rank are flattened first
 * (as in NumPy), so the result is always [a.size, b.size].
 * @example outer(tensor([1, 2]), tensor([1, 10, 100])).arraySync() // [[1, 10, 100], [2, 20, 200]]
 */
export function outer(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = coerceOperands(a, b);
  return mul(reshape(x, [x.size, 1]), reshape(y, [1, y.size]));
}

installMethods({
  matmul(b, options) {
    return matmul(this, b, options);
  },
  dot(b) {
    return dot(this, b);
  },
  outer(b) {
    return outer(this, b);
  },
});
