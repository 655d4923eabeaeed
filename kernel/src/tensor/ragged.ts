/**
 * Ragged tensors: rows of different lengths, stored as one flat `values` tensor plus
 * `rowSplits` (row i is values[rowSplits[i] : rowSplits[i+1]]), as in TensorFlow.
 * Per-row reductions, padding to dense and elementwise maths are ops with gradient rules,
 * so a ragged computation differentiates like a dense one.
 */
import type { DType } from "./dtype.js";
import { runOp } from "./engine.js";
import { ArgumentError, DTypeError, ShapeError, showShape } from "./errors.js";
import { elementFormatter, formatValues, getPrintOptions } from "./format.js";
import { defineOp, type OpDef } from "./op.js";
import { Tensor, type NestedArray } from "./tensor.js";
import { tensor, toTensor, type TensorLike } from "./convert.js";
import { add, div, mul, neg, sub } from "./ops/arithmetic.js";
import { cast } from "./ops/cast.js";
import { equal } from "./ops/compare.js";
import { logicalAnd, logicalOr } from "./ops/logical.js";
import { isNaN } from "./ops/rounding.js";
import { reshape } from "./ops/shape-ops.js";

function checkSplits(op: string, values: Tensor, splits: Tensor): void {
  if (splits.dtype !== "int32" || splits.rank !== 1 || splits.shape[0]! < 1) {
    throw new ShapeError(`${op}: row splits must be a 1-D int32 tensor of nrows + 1 entries, got ${splits.dtype} ${showShape(splits.shape)}`);
  }
  if (values.rank < 1) throw new ShapeError(`${op}: values must have at least one axis, got a scalar`);
}

/** Attributes of ops that produce one row per value: the number of values. */
export interface RaggedSizeAttrs {
  size: number;
}

/** Attributes of raggedToDense: the padded row length and the padding value. */
export interface RaggedToDenseAttrs {
  width: number;
  pad: number;
}

/** Attributes of the per-row max/min ops. */
export interface RaggedExtremeAttrs {
  kind: "max" | "min";
}

const rowSumOp = defineOp<Record<string, never>>({
  name: "raggedRowSum",
  infer: ([values, splits]) => {
    checkSplits("raggedRowSum", values!, splits!);
    return [{ shape: [splits!.shape[0]! - 1, ...values!.shape.slice(1)], dtype: values!.dtype === "bool" ? "int32" : values!.dtype }];
  },
  grad: ({ dys: [dy], inputs: [values, splits] }) => [rowRepeat(dy!, splits!, values!.shape[0]!), undefined],
});

const rowRepeatOp = defineOp<RaggedSizeAttrs>({
  name: "raggedRowRepeat",
  infer: ([x, splits], { size }) => {
    checkSplits("raggedRowRepeat", x!, splits!);
    if (x!.shape[0] !== splits!.shape[0]! - 1) throw new ShapeError(`raggedRowRepeat: expected one row per ragged row (${splits!.shape[0]! - 1}), got shape ${showShape(x!.shape)}`);
    return [{ shape: [size, ...x!.shape.slice(1)], dtype: x!.dtype }];
  },
  grad: ({ dys: [dy], inputs: [, splits] }) => [runOp(rowSumOp, [dy!, splits!], {})[0]!, undefined],
});

/** Row i of x, repeated once per value of ragged row i: the adjoint of a per-row sum. */
function rowRepeat(x: Tensor, splits: Tensor, size: number): Tensor {
  return runOp(rowRepeatOp, [x, splits], { size })[0]!;
}

/**
 * Where each row reached its max (min) `extreme`, as weights summing to 1 per row: ties split
 * the gradient evenly and NaN matches NaN, the convention of the dense max()/min().
 */
function extremeWeights(values: Tensor, splits: Tensor, extreme: Tensor): Tensor {
  const reached = rowRepeat(extreme, splits, values.shape[0]!);
  const hit = cast(logicalOr(equal(values, reached), logicalAnd(isNaN(values), isNaN(reached))), values.dtype);
  return div(hit, rowRepeat(runOp(rowSumOp, [hit, splits], {})[0]!, splits, values.shape[0]!));
}

function defineExtreme(kind: "max" | "min") {
  return defineOp<RaggedExtremeAttrs>({
    name: kind === "max" ? "raggedRowMax" : "raggedRowMin",
    infer: ([values, splits]) => {
      checkSplits(`raggedRow${kind === "max" ? "Max" : "Min"}`, values!, splits!);
      return [{ shape: [splits!.shape[0]! - 1, ...values!.shape.slice(1)], dtype: values!.dtype }];
    },
    grad: ({ dys: [dy], inputs: [values, splits], outputs: [extreme] }) => [
      mul(rowRepeat(dy!, splits!, values!.shape[0]!), extremeWeights(values!, splits!, extreme!)),
      undefined,
    ],
  });
}
const rowMaxOp = defineExtreme("max");
const rowMinOp = defineExtreme("min");

const toDenseOp: OpDef<RaggedToDenseAttrs> = defineOp<RaggedToDenseAttrs>({
  name: "raggedToDense",
  infer: ([values, splits], { width }) => {
    checkSplits("raggedToDense", values!, splits!);
    return [{ shape: [splits!.shape[0]! - 1, width, ...values!.shape.slice(1)], dtype: values!.dtype }];
  },
  grad: ({ dys: [dy], inputs: [values, splits] }) => [runOp(fromDenseOp, [dy!, splits!], { size: values!.shape[0]! })[0]!, undefined],
});

const fromDenseOp: OpDef<RaggedSizeAttrs> = defineOp<RaggedSizeAttrs>({
  name: "raggedFromDense",
  infer: ([dense, splits], { size }) => {
    checkSplits("raggedFromDense", dense!, splits!);
    if (dense!.rank < 2 || dense!.shape[0] !== splits!.shape[0]! - 1) {
      throw new ShapeError(`raggedFromDense: expected a dense tensor of shape [${splits!.shape[0]! - 1}, width, ...], got ${showShape(dense!.shape)}`);
    }
    return [{ shape: [size, ...dense!.shape.slice(2)], dtype: dense!.dtype }];
  },
  grad: ({ dys: [dy], inputs: [dense, splits] }) => [runOp(toDenseOp, [dy!, splits!], { width: dense!.shape[1]!, pad: 0 })[0]!, undefined],
});

/** What ragged elementwise ops accept: a number, a tensor, or a ragged tensor with the same rows. */
export type RaggedOperand = RaggedTensor | TensorLike;

/**
 * Rows of different lengths: `values` holds every row's elements back to back and
 * `rowSplits` (int32, nrows + 1 entries, from 0 to values.shape[0]) marks where each row
 * starts. Immutable; ops return new ragged tensors that share the row splits.
 * @example
 * const r = ragged([[1, 2], [3], []]);
 * r.rowLengths().arraySync() // [2, 1, 0]
 * r.sum().arraySync()        // [3, 3, 0]
 */
export class RaggedTensor {
  readonly values: Tensor;
  readonly rowSplits: Tensor;
  /** A host copy of the splits: shapes of results depend on them. */
  private readonly splits: Int32Array;

  constructor(values: TensorLike, rowSplits: Tensor | ArrayLike<number>) {
    this.values = toTensor(values);
    if (this.values.rank < 1) throw new ShapeError(`ragged: values must have at least one axis, got a scalar`);
    const splits = rowSplits instanceof Tensor ? rowSplits.dataSync() : Array.from(rowSplits);
    if (splits.length < 1 || splits[0] !== 0) throw new ArgumentError(`ragged: row splits must start at 0, got [${Array.from(splits).join(", ")}]`);
    for (let i = 1; i < splits.length; i++) {
      if (!Number.isInteger(splits[i]) || splits[i]! < splits[i - 1]!) throw new ArgumentError(`ragged: row splits must be non-decreasing integers, got [${Array.from(splits).join(", ")}]`);
    }
    if (splits[splits.length - 1] !== this.values.shape[0]) {
      throw new ArgumentError(`ragged: row splits end at ${splits[splits.length - 1]} but there are ${this.values.shape[0]} values`);
    }
    this.splits = Int32Array.from(splits);
    this.rowSplits = rowSplits instanceof Tensor && rowSplits.dtype === "int32" && rowSplits.rank === 1 ? rowSplits : tensor(this.splits.slice(), "int32");
  }

  /** Number of rows. */
  get nrows(): number {
    return this.splits.length - 1;
  }

  get dtype(): DType {
    return this.values.dtype;
  }

  /** [nrows, null, ...inner]: null marks the ragged axis. */
  get shape(): (number | null)[] {
    return [this.nrows, null, ...this.values.shape.slice(1)];
  }

  get rank(): number {
    return this.values.rank + 1;
  }

  /**
   * The length of each row, as an int32 tensor.
   * @example ragged([[1, 2], [3]]).rowLengths().arraySync() // [2, 1]
   */
  rowLengths(): Tensor {
    const lengths = new Int32Array(this.nrows);
    for (let i = 0; i < lengths.length; i++) lengths[i] = this.splits[i + 1]! - this.splits[i]!;
    return tensor(lengths, "int32");
  }

  private maxLength(): number {
    let width = 0;
    for (let i = 0; i < this.nrows; i++) width = Math.max(width, this.splits[i + 1]! - this.splits[i]!);
    return width;
  }

  /**
   * A dense tensor [nrows, longest row, ...], short rows padded with `padValue`.
   * Differentiable with respect to the values.
   * @example ragged([[1, 2], [3]]).toDense(-1).arraySync() // [[1, 2], [3, -1]]
   */
  toDense(padValue: number | boolean = 0): Tensor {
    return runOp(toDenseOp, [this.values, this.rowSplits], { width: this.maxLength(), pad: Number(padValue) })[0]!;
  }

  /**
   * Sum of each row: a dense tensor [nrows, ...inner]; empty rows give 0.
   * @example ragged([[1, 2], [3], []]).sum().arraySync() // [3, 3, 0]
   */
  sum(): Tensor {
    return runOp(rowSumOp, [this.values, this.rowSplits], {})[0]!;
  }

  /**
   * Mean of each row (NaN for an empty row: there is nothing to average).
   * @example ragged([[1, 2], [3]]).mean().arraySync() // [1.5, 3]
   */
  mean(): Tensor {
    const sums = this.sum();
    const lengths = reshape(this.rowLengths(), [this.nrows, ...this.values.shape.slice(1).map(() => 1)]);
    return div(sums, cast(lengths, sums.dtype === "float64" ? "float64" : "float32"));
  }

  /**
   * Largest value of each row (−Infinity for an empty row, or the int32 minimum). NaN
   * propagates. The gradient goes to the values that hold the row's max, split evenly
   * between ties, as for the dense `max()`.
   * @example ragged([[1, 5], [3]]).max().arraySync() // [5, 3]
   */
  max(): Tensor {
    return runOp(rowMaxOp, [this.values, this.rowSplits], { kind: "max" })[0]!;
  }

  /**
   * Smallest value of each row (+Infinity for an empty row, or the int32 maximum); NaN,
   * gradient and ties as for `max()`.
   * @example ragged([[1, 5], [3]]).min().arraySync() // [1, 3]
   */
  min(): Tensor {
    return runOp(rowMinOp, [this.values, this.rowSplits], { kind: "min" })[0]!;
  }

  /**
   * Applies a function to the flat values (it must keep their first axis), keeping the rows.
   * @example ragged([[1, 4], [9]]).map((v) => v.sqrt())
   */
  map(fn: (values: Tensor) => Tensor): RaggedTensor {
    const result = fn(this.values);
    if (!(result instanceof Tensor) || result.rank < 1 || result.shape[0] !== this.values.shape[0]) {
      throw new ShapeError(`RaggedTensor.map: the function must return a tensor with ${this.values.shape[0]} rows (one per value), got ${result instanceof Tensor ? showShape(result.shape) : typeof result}`);
    }
    return new RaggedTensor(result, this.rowSplits);
  }

  /**
   * The other operand of an elementwise op as something that broadcasts against the flat
   * values: a ragged tensor with the same rows, a scalar (or a tensor matching the inner
   * axes), or a dense [nrows, 1, ...] tensor with one value per row.
   */
  private operand(op: string, other: RaggedOperand): Tensor {
    if (other instanceof RaggedTensor) {
      if (other.nrows !== this.nrows || other.splits.some((s, i) => s !== this.splits[i])) {
        throw new ShapeError(`${op}: ragged operands have different row lengths: [${Array.from(this.rowLengths().dataSync()).join(", ")}] and [${Array.from(other.rowLengths().dataSync()).join(", ")}]`);
      }
      return other.values;
    }
    const t = toTensor(other, this.dtype);
    const inner = this.values.rank - 1;
    if (t.rank <= inner) return t;
    if (t.rank === inner + 2 && t.shape[0] === this.nrows && t.shape[1] === 1) {
      return rowRepeat(reshape(t, [this.nrows, ...t.shape.slice(2)]), this.rowSplits, this.values.shape[0]!);
    }
    throw new ShapeError(
      `${op}: cannot broadcast shape ${showShape(t.shape)} against a ragged tensor of shape [${this.shape.map((d) => (d === null ? "None" : d)).join(", ")}]; use a scalar, a ragged tensor with the same rows, or one value per row with shape [${this.nrows}, 1]`,
    );
  }

  /** Elementwise this + other (other: number, tensor, or ragged with the same rows). @example ragged([[1], [2, 3]]).add(10) */
  add(other: RaggedOperand): RaggedTensor {
    return new RaggedTensor(add(this.values, this.operand("add", other)), this.rowSplits);
  }

  /** Elementwise this − other. @example r.sub(r.mean().reshape([-1, 1])) // centre each row */
  sub(other: RaggedOperand): RaggedTensor {
    return new RaggedTensor(sub(this.values, this.operand("sub", other)), this.rowSplits);
  }

  /** Elementwise this · other. @example ragged([[1], [2, 3]]).mul(2) */
  mul(other: RaggedOperand): RaggedTensor {
    return new RaggedTensor(mul(this.values, this.operand("mul", other)), this.rowSplits);
  }

  /** Elementwise this / other. @example ragged([[1], [2, 3]]).div(2) */
  div(other: RaggedOperand): RaggedTensor {
    return new RaggedTensor(div(this.values, this.operand("div", other)), this.rowSplits);
  }

  /** Elementwise −this. @example ragged([[1], [2, 3]]).neg() */
  neg(): RaggedTensor {
    return new RaggedTensor(neg(this.values), this.rowSplits);
  }

  /** Converts the values to another dtype. @example ragged([[1.5]]).cast("int32") */
  cast(dtype: DType): RaggedTensor {
    return new RaggedTensor(cast(this.values, dtype), this.rowSplits);
  }

  /**
   * The rows as nested arrays of uneven length.
   * @example ragged([[1, 2], [3]]).arraySync() // [[1, 2], [3]]
   */
  arraySync(): NestedArray[] {
    const flat = this.values.arraySync() as NestedArray[];
    return Array.from({ length: this.nrows }, (_, i) => flat.slice(this.splits[i], this.splits[i + 1]));
  }

  /** Frees the values and row splits. */
  dispose(): void {
    this.values.dispose();
    this.rowSplits.dispose();
  }

  /**
   * A header with dtype and shape (None marks the ragged axis), then one row per line.
   * @example String(ragged([[1, 2], [3]])) // "RaggedTensor float32 [2, None]\n[[1., 2.],\n [3.]]"
   */
  toString(): string {
    const header = `RaggedTensor ${this.dtype} [${this.shape.map((d) => (d === null ? "None" : d)).join(", ")}]`;
    if (this.values.isDisposed) return `${header} (disposed)`;
    const { threshold, edgeItems } = getPrintOptions();
    const values = this.values.dataSync();
    const summarize = this.values.size > threshold;
    const pick = (n: number): number[] => (summarize && n > 2 * edgeItems ? [...Array.from({ length: edgeItems }, (_, i) => i), -1, ...Array.from({ length: edgeItems }, (_, i) => n - edgeItems + i)] : Array.from({ length: n }, (_, i) => i));
    const rows = pick(this.nrows);
    let body: string[];
    if (this.values.rank === 1) {
      // One formatter for every value shown, so columns line up across rows.
      const shownPerRow = rows.map((r) => (r < 0 ? [] : pick(this.splits[r + 1]! - this.splits[r]!)));
      const shown: number[] = [];
      rows.forEach((r, k) => r >= 0 && shownPerRow[k]!.forEach((j) => j >= 0 && shown.push(values[this.splits[r]! + j]!)));
      const format = elementFormatter(shown, this.dtype);
      body = rows.map((r, k) => (r < 0 ? "..." : `[${shownPerRow[k]!.map((j) => (j < 0 ? "..." : format(values[this.splits[r]! + j]!))).join(", ")}]`));
    } else {
      const inner = this.values.shape.slice(1);
      const rowSize = inner.reduce((a, b) => a * b, 1);
      body = rows.map((r) => {
        if (r < 0) return "...";
        const start = this.splits[r]!;
        const length = this.splits[r + 1]! - start;
        return formatValues(values.subarray(start * rowSize, (start + length) * rowSize), [length, ...inner], this.dtype).replace(/\n/g, "\n ");
      });
    }
    return `${header}\n[${body.join(",\n ")}]`;
  }

  /** The tensors this value holds, so tidy() keeps them when it is returned and dispose() frees them. */
  [Symbol.for("gradbook.tensors")](): Tensor[] {
    return [this.values, this.rowSplits];
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /**
   * Rows of a dense [nrows, width, ...] tensor: all of each row, the first `lengths[i]`
   * entries of row i, or each row up to its trailing `padding` values. Differentiable
   * with respect to `dense`.
   * @example RaggedTensor.fromDense(tensor([[1, 2], [3, 0]]), { padding: 0 }).arraySync() // [[1, 2], [3]]
   */
  static fromDense(dense: TensorLike, options: { lengths?: readonly number[]; padding?: number | boolean } = {}): RaggedTensor {
    const t = toTensor(dense);
    if (t.rank < 2) throw new ShapeError(`raggedFromDense: expected a dense tensor with at least 2 axes [nrows, width, ...], got ${showShape(t.shape)}`);
    if (options.lengths !== undefined && options.padding !== undefined) throw new ArgumentError("raggedFromDense: give lengths or padding, not both");
    const [nrows, width] = [t.shape[0]!, t.shape[1]!];
    let lengths: number[];
    if (options.lengths !== undefined) {
      lengths = [...options.lengths];
      if (lengths.length !== nrows || lengths.some((n) => !Number.isInteger(n) || n < 0 || n > width)) {
        throw new ArgumentError(`raggedFromDense: lengths must be ${nrows} integers in 0 … ${width}, got [${lengths.join(", ")}]`);
      }
    } else if (options.padding !== undefined) {
      const pad = Number(options.padding);
      const data = t.dataSync();
      const rowSize = t.size / Math.max(nrows, 1) / Math.max(width, 1);
      // A row ends after its last position holding anything other than padding.
      lengths = Array.from({ length: nrows }, (_, r) => {
        let n = width;
        while (n > 0) {
          const start = (r * width + n - 1) * rowSize;
          let allPad = true;
          for (let j = 0; j < rowSize; j++) if (data[start + j] !== pad) allPad = false;
          if (!allPad) break;
          n--;
        }
        return n;
      });
    } else {
      lengths = new Array<number>(nrows).fill(width);
    }
    const splits = new Int32Array(nrows + 1);
    lengths.forEach((n, i) => (splits[i + 1] = splits[i]! + n));
    const rowSplits = tensor(splits, "int32");
    const values = runOp(fromDenseOp, [t, rowSplits], { size: splits[nrows]! })[0]!;
    return new RaggedTensor(values, rowSplits);
  }
}

/**
 * A ragged tensor from nested arrays whose rows have different lengths (each row may hold
 * numbers, or equal-shaped arrays for inner axes).
 * @example
 * const r = ragged([[1, 2], [3], []]);
 * r.shape // [3, null]
 */
export function ragged(rows: readonly NestedArray[], dtype?: DType): RaggedTensor {
  if (!Array.isArray(rows) || rows.some((row) => !Array.isArray(row))) throw new ArgumentError("ragged: expected an array of rows, each an array");
  const splits = new Int32Array(rows.length + 1);
  rows.forEach((row, i) => (splits[i + 1] = splits[i]! + (row as NestedArray[]).length));
  const flat = (rows as NestedArray[][]).flat(1);
  const values = flat.length === 0 ? tensor(new Float32Array(0), dtype ?? "float32") : tensor(flat, dtype ? { dtype } : {});
  if (dtype && values.dtype !== dtype) throw new DTypeError(`ragged: the values are ${values.dtype}, not ${dtype}`);
  return new RaggedTensor(values, splits);
}

/**
 * Rows of a dense tensor as a ragged tensor (same as RaggedTensor.fromDense).
 * @example raggedFromDense(tensor([[1, 0], [2, 3]]), { padding: 0 }).arraySync() // [[1], [2, 3]]
 */
export function raggedFromDense(dense: TensorLike, options: { lengths?: readonly number[]; padding?: number | boolean } = {}): RaggedTensor {
  return RaggedTensor.fromDense(dense, options);
}
