/**
 * Sparse COO tensors: the coordinates of the non-zero entries (`indices`, int32
 * [nnz, rank]), their `values` ([nnz]) and the dense shape. Sparse × dense matmul and
 * sums cost O(nnz), never O(dense size); gradients flow to the values and to dense operands.
 */
import { promote, type DType } from "./dtype.js";
import { runOp } from "./engine.js";
import { ArgumentError, DTypeError, ShapeError, showShape } from "./errors.js";
import { elementFormatter, getPrintOptions } from "./format.js";
import { defineOp, type OpDef } from "./op.js";
import { checkShape, normalizeAxes, reducedShape, shapesEqual, stridesOf, type Shape } from "./shape.js";
import { Tensor } from "./tensor.js";
import { tensor, toTensor, type TensorLike } from "./convert.js";
import { cast } from "./ops/cast.js";
import { reshape } from "./ops/shape-ops.js";

/** Attributes of sparseScatter / sparseGather: index columns in `axes` are ignored (summed over / broadcast). */
export interface SparseIndexAttrs {
  /** The dense tensor's shape, with every axis in `axes` set to 1. */
  shape: number[];
  axes: number[];
}

function checkIndices(op: string, indices: Tensor, nnz: number, rank: number): void {
  if (indices.dtype !== "int32") throw new DTypeError(`${op}: indices must be int32, got ${indices.dtype}`);
  if (indices.rank !== 2 || indices.shape[0] !== nnz || indices.shape[1] !== rank) {
    throw new ShapeError(`${op}: indices must have shape [${nnz}, ${rank}] (nnz, rank), got ${showShape(indices.shape)}`);
  }
}

const scatterOp: OpDef<SparseIndexAttrs> = defineOp<SparseIndexAttrs>({
  name: "sparseScatter",
  infer: ([indices, values], { shape }) => {
    if (values!.rank !== 1) throw new ShapeError(`sparseScatter: values must be 1-D, got shape ${showShape(values!.shape)}`);
    checkIndices("sparseScatter", indices!, values!.shape[0]!, shape.length);
    return [{ shape, dtype: values!.dtype }];
  },
  grad: ({ dys: [dy], inputs: [indices], attrs }) => [undefined, runOp(gatherOp, [dy!, indices!], { shape: attrs.shape, axes: attrs.axes })[0]!],
});

const gatherOp: OpDef<SparseIndexAttrs> = defineOp<SparseIndexAttrs>({
  name: "sparseGather",
  infer: ([x, indices], { shape }) => {
    if (!shapesEqual(x!.shape, shape)) throw new ShapeError(`sparseGather: the dense operand has shape ${showShape(x!.shape)}, expected ${showShape(shape)}`);
    checkIndices("sparseGather", indices!, indices!.shape[0] ?? 0, shape.length);
    return [{ shape: [indices!.shape[0]!], dtype: x!.dtype }];
  },
  grad: ({ dys: [dy], inputs: [, indices], attrs }) => [runOp(scatterOp, [indices!, dy!], { shape: attrs.shape, axes: attrs.axes })[0]!, undefined],
});

/** Attributes of sparseMatmul: the sparse operand's dense shape [m, n], and whether it is transposed. */
export interface SparseMatmulAttrs {
  shape: [number, number];
  transposeA: boolean;
}

function checkMatmulOperands(op: string, indices: Tensor, values: Tensor, b: Tensor): void {
  if (values.rank !== 1) throw new ShapeError(`${op}: values must be 1-D, got shape ${showShape(values.shape)}`);
  checkIndices(op, indices, values.shape[0]!, 2);
  if (b.rank !== 2) throw new ShapeError(`${op}: the dense operand must be 2-D, got shape ${showShape(b.shape)}`);
  if (values.dtype !== b.dtype) throw new DTypeError(`${op}: the sparse values are ${values.dtype} but the dense operand is ${b.dtype}; cast() one of them`);
  if (values.dtype === "bool") throw new DTypeError(`${op}: bool operands are not supported; cast() them to a number type`);
}

const matmulOp: OpDef<SparseMatmulAttrs> = defineOp<SparseMatmulAttrs>({
  name: "sparseMatmul",
  infer: ([indices, values, b], { shape: [m, n], transposeA }) => {
    checkMatmulOperands("sparseMatmul", indices!, values!, b!);
    const [rows, inner] = transposeA ? [n, m] : [m, n];
    if (b!.shape[0] !== inner) {
      throw new ShapeError(
        transposeA
          ? `sparseMatmul: inner dimensions differ: a is ${showShape([n, m])} (transposed), b is ${showShape(b!.shape)}`
          : `sparseMatmul: inner dimensions differ: a is ${showShape([m, n])}, b is ${showShape(b!.shape)}`,
      );
    }
    return [{ shape: [rows, b!.shape[1]!], dtype: b!.dtype }];
  },
  grad: ({ dys: [dy], inputs: [indices, values, b], attrs }) => [
    undefined,
    runOp(sampledOp, [indices!, dy!, b!], attrs)[0]!,
    runOp(matmulOp, [indices!, values!, dy!], { shape: attrs.shape, transposeA: !attrs.transposeA })[0]!,
  ],
});

/**
 * The gradient of sparseMatmul with respect to the values: for each stored entry (r, c),
 * the dot product of row r of dy with row c of b (rows swapped when transposed). It is
 * differentiable too, so second derivatives work.
 */
const sampledOp: OpDef<SparseMatmulAttrs> = defineOp<SparseMatmulAttrs>({
  name: "sparseSampledMatmul",
  infer: ([indices, dy, b], { shape: [m, n], transposeA }) => {
    if (dy!.rank !== 2 || b!.rank !== 2) throw new ShapeError(`sparseSampledMatmul: operands must be 2-D, got ${showShape(dy!.shape)} and ${showShape(b!.shape)}`);
    const [rows, inner] = transposeA ? [n, m] : [m, n];
    if (dy!.shape[0] !== rows || b!.shape[0] !== inner || dy!.shape[1] !== b!.shape[1]) {
      throw new ShapeError(`sparseSampledMatmul: shapes ${showShape(dy!.shape)} and ${showShape(b!.shape)} do not fit a sparse operand of shape ${showShape([m, n])}`);
    }
    checkIndices("sparseSampledMatmul", indices!, indices!.shape[0] ?? 0, 2);
    return [{ shape: [indices!.shape[0]!], dtype: dy!.dtype }];
  },
  grad: ({ dys: [g], inputs: [indices, dy, b], attrs }) => [
    undefined,
    runOp(matmulOp, [indices!, g!, b!], attrs)[0]!,
    runOp(matmulOp, [indices!, g!, dy!], { shape: attrs.shape, transposeA: !attrs.transposeA })[0]!,
  ],
});

/**
 * A sparse tensor in coordinate (COO) form. Entries not listed are zero; an index listed
 * twice means the sum of its values. Immutable, like Tensor.
 * @example
 * const s = sparse([[0, 1], [2, 0]], [5, 7], [3, 2]);
 * s.toDense().arraySync() // [[0, 5], [0, 0], [7, 0]]
 */
export class SparseTensor {
  readonly denseShape: readonly number[];

  constructor(
    /** int32 [nnz, rank]: one row of coordinates per stored value. */
    readonly indices: Tensor,
    /** [nnz]: the stored values; gradients flow to them. */
    readonly values: Tensor,
    denseShape: Shape,
  ) {
    checkShape("sparse", denseShape);
    this.denseShape = [...denseShape];
    if (values.rank !== 1) throw new ShapeError(`sparse: values must be 1-D, got shape ${showShape(values.shape)}`);
    checkIndices("sparse", indices, values.shape[0]!, denseShape.length);
    const data = indices.dataSync();
    const rank = denseShape.length;
    for (let k = 0; k < data.length; k++) {
      const axis = k % rank;
      const i = data[k]!;
      if (i < 0 || i >= denseShape[axis]!) {
        const row = Math.floor(k / rank);
        throw new ArgumentError(`sparse: index [${Array.from(data.subarray(row * rank, row * rank + rank)).join(", ")}] of entry ${row} is out of range for shape ${showShape(denseShape)}`);
      }
    }
  }

  /** The dense shape (as for Tensor). */
  get shape(): readonly number[] {
    return this.denseShape;
  }

  get rank(): number {
    return this.denseShape.length;
  }

  get dtype(): DType {
    return this.values.dtype;
  }

  /** Number of stored entries. */
  get nnz(): number {
    return this.values.shape[0]!;
  }

  /**
   * The dense tensor (duplicated indices add up). Differentiable with respect to the values.
   * @example sparse([[1]], [4], [3]).toDense().arraySync() // [0, 4, 0]
   */
  toDense(): Tensor {
    return runOp(scatterOp, [this.indices, this.values], { shape: [...this.denseShape], axes: [] })[0]!;
  }

  /**
   * Sum over `axes` (all by default) as a dense tensor, in O(nnz). Differentiable with respect to the values.
   * @example sparse([[0, 1], [1, 1]], [2, 3], [2, 2]).sum(0).arraySync() // [0, 5]
   */
  sum(axes?: number | readonly number[], keepDims = false): Tensor {
    const list = normalizeAxes("SparseTensor.sum", axes, this.rank);
    const collapsed = this.denseShape.map((d, i) => (list.includes(i) ? 1 : d));
    const values = this.dtype === "bool" ? cast(this.values, "int32") : this.values;
    const summed = runOp(scatterOp, [this.indices, values], { shape: collapsed, axes: list })[0]!;
    return keepDims ? summed : reshape(summed, reducedShape(this.denseShape, list, false));
  }

  /**
   * This sparse matrix times a dense matrix: see sparseMatmul.
   * @example s.matmul(ones([2, 4]))
   */
  matmul(b: TensorLike, options: { transposeA?: boolean } = {}): Tensor {
    return sparseMatmul(this, b, options);
  }

  /**
   * The same sparsity pattern with new values (for example `s.withValues(s.values.mul(2))`).
   * @example s.withValues(s.values.neg())
   */
  withValues(values: TensorLike): SparseTensor {
    return new SparseTensor(this.indices, toTensor(values, this.dtype), this.denseShape);
  }

  /** Frees the indices and values. */
  dispose(): void {
    this.indices.dispose();
    this.values.dispose();
  }

  /**
   * The stored entries, one per line: coordinates and value.
   * @example String(sparse([[0, 1]], [5], [2, 2])) // "SparseTensor float32 [2, 2], 1 stored value\n  [0, 1]  5."
   */
  toString(): string {
    const header = `SparseTensor ${this.dtype} ${showShape(this.denseShape)}, ${this.nnz} stored value${this.nnz === 1 ? "" : "s"}`;
    if (this.values.isDisposed || this.indices.isDisposed) return `${header} (disposed)`;
    const { threshold, edgeItems } = getPrintOptions();
    const rows = this.nnz > threshold ? [...Array.from({ length: edgeItems }, (_, i) => i), -1, ...Array.from({ length: edgeItems }, (_, i) => this.nnz - edgeItems + i)] : Array.from({ length: this.nnz }, (_, i) => i);
    const indices = this.indices.dataSync();
    const values = this.values.dataSync();
    const format = elementFormatter(rows.filter((r) => r >= 0).map((r) => values[r]!), this.dtype);
    const coordinates = rows.map((r) => (r < 0 ? "..." : showShape(Array.from(indices.subarray(r * this.rank, (r + 1) * this.rank)))));
    const width = Math.max(0, ...coordinates.map((c) => c.length));
    return [header, ...rows.map((r, i) => (r < 0 ? "  ..." : `  ${coordinates[i]!.padEnd(width)}  ${format(values[r]!)}`))].join("\n");
  }

  /** The tensors this value holds, so tidy() keeps them when it is returned and dispose() frees them. */
  [Symbol.for("gradbook.tensors")](): Tensor[] {
    return [this.indices, this.values];
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /**
   * The non-zero entries of a dense tensor, in row-major order. The values are gathered by
   * an op, so gradients flow back to `dense`.
   * @example SparseTensor.fromDense(tensor([[0, 2], [3, 0]])).nnz // 2
   */
  static fromDense(dense: TensorLike): SparseTensor {
    const t = toTensor(dense);
    const data = t.dataSync();
    const strides = stridesOf(t.shape);
    const coordinates: number[] = [];
    let nnz = 0;
    for (let i = 0; i < data.length; i++) {
      if (data[i] === 0) continue;
      nnz++;
      let rest = i;
      for (const stride of strides) {
        coordinates.push(Math.floor(rest / stride));
        rest %= stride;
      }
    }
    const indices = tensor(Int32Array.from(coordinates), { shape: [nnz, t.rank], dtype: "int32" });
    const values = runOp(gatherOp, [t, indices], { shape: [...t.shape], axes: [] })[0]!;
    return new SparseTensor(indices, values, t.shape);
  }
}

/**
 * Makes a sparse COO tensor from coordinates (nested arrays or an int32 [nnz, rank]
 * tensor), values and the dense shape. Indices are checked against the shape.
 * @example
 * const a = sparse([[0, 0], [1, 2]], [1, 2], [2, 3]);
 * a.toDense().arraySync() // [[1, 0, 0], [0, 0, 2]]
 */
export function sparse(indices: TensorLike, values: TensorLike, denseShape: Shape, dtype?: DType): SparseTensor {
  checkShape("sparse", denseShape);
  const v = values instanceof Tensor ? values : tensor(values, dtype ? { dtype } : {});
  if (dtype && v.dtype !== dtype) throw new DTypeError(`sparse: the values are ${v.dtype}, not ${dtype}; use cast()`);
  let idx: Tensor;
  if (indices instanceof Tensor) {
    idx = indices;
  } else if (Array.isArray(indices) && indices.length === 0) {
    idx = tensor(new Int32Array(0), { shape: [0, denseShape.length], dtype: "int32" });
  } else {
    const plain = tensor(indices, "float64").dataSync();
    if (plain.some((i) => !Number.isInteger(i))) throw new ArgumentError("sparse: indices must be integers");
    idx = tensor(indices, "int32");
  }
  if (idx.rank === 1 && denseShape.length === 1) idx = reshape(idx, [-1, 1]);
  return new SparseTensor(idx, v, denseShape);
}

/**
 * The non-zero entries of a dense tensor as a SparseTensor (same as SparseTensor.fromDense).
 * @example sparseFromDense(eye(3)).nnz // 3
 */
export function sparseFromDense(dense: TensorLike): SparseTensor {
  return SparseTensor.fromDense(dense);
}

/**
 * Sparse 2-D × dense 2-D matrix product in O(nnz · columns of b), giving a dense matrix.
 * Differentiable with respect to `b` and to `a.values` (to any order). `transposeA`
 * multiplies by aᵀ instead.
 * @example
 * const a = sparse([[0, 1], [1, 0]], [2, 3], [2, 2]);
 * sparseMatmul(a, tensor([[1, 1], [10, 10]])).arraySync() // [[20, 20], [3, 3]]
 */
export function sparseMatmul(a: SparseTensor, b: TensorLike, options: { transposeA?: boolean } = {}): Tensor {
  if (!(a instanceof SparseTensor)) throw new ArgumentError("sparseMatmul: a must be a SparseTensor (from sparse() or sparseFromDense()); use matmul() for two dense tensors");
  if (a.rank !== 2) throw new ShapeError(`sparseMatmul: a must be 2-D, got dense shape ${showShape(a.denseShape)}`);
  const dense = toTensor(b, a.dtype);
  let values = a.values;
  let other = dense;
  // Mixed dtypes promote like dense ops (int32 · float32 → float32).
  if (values.dtype !== other.dtype && values.dtype !== "bool" && other.dtype !== "bool") {
    const wider = promote(values.dtype, other.dtype);
    values = cast(values, wider);
    other = cast(other, wider);
  }
  return runOp(matmulOp, [a.indices, values, other], { shape: [a.denseShape[0]!, a.denseShape[1]!], transposeA: options.transposeA ?? false })[0]!;
}
