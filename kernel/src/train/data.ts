// What fit/evaluate/predict accept as data, turned into one shape: lists of tensors with
// one row per sample, split into batches. Validation split, sample and class weights and
// the one-time NaN check live here too.
import { ArgumentError, GradbookError, showShape } from "../tensor/errors.js";
import { isFloat } from "../tensor/dtype.js";
import { detach, tensorFromValues } from "../tensor/engine.js";
import { toTensor, type TensorLike } from "../tensor/convert.js";
import { Tensor } from "../tensor/tensor.js";
import { activeTrace } from "../tensor/trace-state.js";
import { gather } from "../tensor/ops/gather.js";
import { slice } from "../tensor/ops/slice.js";
import { argmax } from "../tensor/ops/reduce.js";
import { foldIn, permutationValues, type RandomKey } from "../tensor/random.js";

/**
 * Inputs or targets: one tensor (or nested arrays), a list of tensors (one per model input
 * or output), or a record of tensors keyed by input/output name.
 */
export type DataInput = TensorLike | Tensor | readonly Tensor[] | Readonly<Record<string, Tensor>>;

/** One batch as the training step sees it: one tensor per model input/output. */
export interface Batch {
  x: Tensor[];
  y: Tensor[];
  /** Per-sample weights, shape [batch] (sample weights times class weights), if any. */
  sampleWeight?: Tensor;
  /** Number of samples in the batch. */
  size: number;
}

/**
 * Turns one DataInput into a list of tensors in the order of `names` (records are matched by
 * name). fit, evaluate and predict loop over batches and read values: inside jit, or on
 * placeholders, they are refused here, pointing to model.apply.
 */
export function toTensorList(where: string, what: string, data: DataInput, names: readonly string[], owned: Tensor[]): Tensor[] {
  if (activeTrace() || (data instanceof Tensor && data.isSymbolic)) {
    throw new GradbookError(`${where}: loops over batches and reads values, so it cannot be part of a graph (a function compiled with jit, or placeholders); build it with model.apply(x) instead`);
  }
  if (data instanceof Tensor) return [data];
  if (Array.isArray(data) && data.length > 0 && data.every((d) => d instanceof Tensor)) return [...(data as unknown as Tensor[])];
  if (data !== null && typeof data === "object" && !Array.isArray(data) && !ArrayBuffer.isView(data) && Object.getPrototypeOf(data) === Object.prototype) {
    const record = data as Record<string, Tensor>;
    const unknown = Object.keys(record).filter((k) => !names.includes(k));
    if (unknown.length > 0) throw new ArgumentError(`${where}: ${what} has key(s) ${unknown.map((k) => JSON.stringify(k)).join(", ")}, but the model's names are ${names.map((k) => JSON.stringify(k)).join(", ") || "(none known)"}`);
    return names.map((name) => {
      const t = record[name];
      if (t === undefined) throw new ArgumentError(`${where}: ${what} has no entry for ${JSON.stringify(name)}; give one tensor per name (${names.join(", ")})`);
      if (t instanceof Tensor) return t;
      const converted = toTensor(t as TensorLike);
      owned.push(converted);
      return converted;
    });
  }
  try {
    const t = toTensor(data as TensorLike);
    owned.push(t);
    return [t];
  } catch (error) {
    throw new ArgumentError(`${where}: ${what} must be a tensor, nested arrays of numbers, a list of tensors (one per model input/output) or a record of them by name; ${(error as Error).message}`);
  }
}

/** Tensors with one row per sample: x (one per input), y (one per output), optional weights. */
export class TensorData {
  constructor(
    readonly x: Tensor[],
    readonly y: Tensor[],
    readonly sampleWeight: Tensor | undefined,
  ) {}

  /** The number of samples (rows). */
  get size(): number {
    return this.x[0]!.shape[0]!;
  }

  /** Rows [start, end) as a new TensorData; the caller owns (and disposes) it. */
  rows(start: number, end: number): TensorData {
    const take = (t: Tensor) => slice(t, [start], [end - start]);
    return new TensorData(this.x.map(take), this.y.map(take), this.sampleWeight && take(this.sampleWeight));
  }

  /** The batch with these rows: new tensors, which the caller disposes. */
  batch(indices: Int32Array | { start: number; end: number }): Batch {
    if (indices instanceof Int32Array) {
      const index = tensorFromValues(indices, [indices.length], "int32");
      const take = (t: Tensor) => gather(t, index, 0);
      const batch = { x: this.x.map(take), y: this.y.map(take), sampleWeight: this.sampleWeight && take(this.sampleWeight), size: indices.length };
      index.dispose();
      return batch;
    }
    // slice() of every row returns the tensor itself; the caller disposes the batch, so hand it
    // an alias of the same memory instead, or the user's own x and y would be disposed.
    const take = (t: Tensor) => {
      const rows = slice(t, [indices.start], [indices.end - indices.start]);
      return rows === t ? detach(t) : rows;
    };
    return { x: this.x.map(take), y: this.y.map(take), sampleWeight: this.sampleWeight && take(this.sampleWeight), size: indices.end - indices.start };
  }

  dispose(): void {
    for (const t of [...this.x, ...this.y, ...(this.sampleWeight ? [this.sampleWeight] : [])]) t.dispose();
  }
}

/** Checks that every tensor has at least one dimension and the same number of rows; returns it. */
export function checkRows(where: string, x: readonly Tensor[], y: readonly Tensor[], sampleWeight?: Tensor): number {
  const named: [string, Tensor][] = [
    ...x.map((t, i): [string, Tensor] => [x.length > 1 ? `x[${i}]` : "x", t]),
    ...y.map((t, i): [string, Tensor] => [y.length > 1 ? `y[${i}]` : "y", t]),
    ...(sampleWeight ? [["sampleWeight", sampleWeight] as [string, Tensor]] : []),
  ];
  for (const [name, t] of named) {
    if (t.rank === 0) throw new ArgumentError(`${where}: ${name} is a scalar; it needs a first (batch) axis with one row per sample`);
  }
  const n = named[0]![1].shape[0]!;
  for (const [name, t] of named.slice(1)) {
    if (t.shape[0] !== n) {
      throw new ArgumentError(`${where}: ${named[0]![0]} has ${n} samples but ${name} has ${t.shape[0]} (shapes ${showShape(named[0]![1].shape)} and ${showShape(t.shape)}); they need one row per sample, in the same order`);
    }
  }
  if (n === 0) throw new ArgumentError(`${where}: the data has no samples`);
  return n;
}

/**
 * Throws naming the first row with NaN or ±Infinity in a float tensor (checked once, at the
 * start of fit). Data on a GPU is not read for this: a NaN there shows as a NaN loss
 * (TerminateOnNaN stops training).
 */
export function checkFinite(where: string, name: string, t: Tensor): void {
  if (!isFloat(t.dtype) || !t.backend?.canReadSync) return;
  const data = t.dataSync();
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!Number.isFinite(v)) {
      const rowSize = t.rank === 0 ? 1 : t.size / t.shape[0]!;
      const row = Math.floor(i / rowSize);
      const kind = Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
      // One template per case, so each translates whole.
      throw new ArgumentError(
        t.rank > 1
          ? `${where}: ${name} contains ${kind} in row ${row} (element ${i - row * rowSize} of that row); remove or fill in missing values before training (drop the row, or replace NaN by the column's mean)`
          : `${where}: ${name} contains ${kind} in row ${row}; remove or fill in missing values before training (drop the row, or replace NaN by the column's mean)`,
      );
    }
  }
}

/** The class of each sample for classWeight: argmax of one-hot rows, else the rounded label. */
function classesOf(y: Tensor): Int32Array {
  if (y.rank > 1 && y.shape.at(-1)! > 1) {
    const idx = argmax(y, -1);
    const out = Int32Array.from(idx.dataSync(), Number);
    idx.dispose();
    return out;
  }
  return Int32Array.from(y.dataSync(), (v) => Math.round(Number(v)));
}

/**
 * The per-sample weights fit uses: sampleWeight × classWeight[class of y] (undefined when neither is given).
 */
export function combinedSampleWeight(where: string, n: number, y: readonly Tensor[], sampleWeight: TensorLike | undefined, classWeight: Readonly<Record<number, number>> | undefined, owned: Tensor[]): Tensor | undefined {
  let sw: Tensor | undefined;
  if (sampleWeight !== undefined) {
    sw = toTensor(sampleWeight);
    if (sw !== sampleWeight) owned.push(sw);
    if (sw.rank !== 1 || sw.shape[0] !== n) {
      throw new ArgumentError(`${where}: sampleWeight must have one weight per sample, shape [${n}], got ${showShape(sw.shape)}`);
    }
  }
  if (classWeight === undefined) return sw;
  if (y.length !== 1) throw new ArgumentError(`${where}: classWeight works for models with one output; for ${y.length} outputs give sampleWeight instead`);
  const classes = classesOf(y[0]!);
  const base = sw ? sw.dataSync() : undefined;
  const weights = new Float32Array(n);
  const known = Object.keys(classWeight).join(", ");
  for (let i = 0; i < n; i++) {
    const w = classWeight[classes[i]!];
    if (typeof w !== "number") throw new ArgumentError(`${where}: classWeight has no weight for class ${classes[i]} (row ${i}); it has classes ${known}. Give a weight for every class`);
    weights[i] = w * (base ? Number(base[i]) : 1);
  }
  const out = tensorFromValues(weights, [n], "float32");
  owned.push(out);
  return out;
}

/** The order rows are visited in during pass `pass`: a seeded permutation, or 0…n−1. */
export function passOrder(n: number, shuffle: boolean, key: RandomKey, pass: number): Int32Array | undefined {
  if (!shuffle) return undefined;
  // Drawn on the host: the order is needed there, whatever backend holds the data.
  return permutationValues(n, { key: foldIn(key, pass) });
}

/** Row ranges of the batches of one pass: ⌈n / batchSize⌉ batches, the last one partial. */
export function batchRanges(n: number, batchSize: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (let start = 0; start < n; start += batchSize) out.push({ start, end: Math.min(n, start + batchSize) });
  return out;
}

export function checkBatchSize(where: string, batchSize: unknown): number {
  if (typeof batchSize !== "number" || !Number.isInteger(batchSize) || batchSize < 1) {
    throw new ArgumentError(`${where}: batchSize must be a positive integer, got ${String(batchSize)}`);
  }
  return batchSize;
}

/** Splits off the last `fraction` of the rows (before any shuffling), as Keras does. */
export function validationSplitRows(where: string, n: number, fraction: number): number {
  if (typeof fraction !== "number" || !(fraction > 0 && fraction < 1)) {
    throw new ArgumentError(`${where}: validationSplit must be a fraction between 0 and 1 (exclusive), got ${String(fraction)}`);
  }
  const split = Math.floor(n * (1 - fraction));
  if (split === 0) throw new ArgumentError(`${where}: validationSplit ${fraction} of ${n} samples leaves no training samples; use a smaller validationSplit`);
  if (split === n) throw new ArgumentError(`${where}: validationSplit ${fraction} of ${n} samples leaves no validation samples (floor(${n} × ${1 - fraction}) = ${n}); use a larger validationSplit or more data`);
  return split;
}

/** Reads a Dataset element as a batch: `{x, y, sampleWeight?}` or `[x, y, sampleWeight?]`. */
export function batchFromElement(where: string, element: unknown, inputNames: readonly string[], outputNames: readonly string[], owned: Tensor[], needY: boolean): Batch {
  let x: unknown;
  let y: unknown;
  let sw: unknown;
  if (Array.isArray(element) && (element.length === 2 || element.length === 3) && !element.every((e) => typeof e === "number")) {
    [x, y, sw] = element;
  } else if (element !== null && typeof element === "object" && !(element instanceof Tensor) && "x" in element) {
    ({ x, y, sampleWeight: sw } = element as { x: unknown; y?: unknown; sampleWeight?: unknown });
  } else if (!needY) {
    x = element;
  } else {
    throw new GradbookError(`${where}: a Dataset for training must yield batches {x, y} (or [x, y]); got ${element instanceof Tensor ? "a single tensor" : typeof element}. Use Dataset.fromTensors(x, y).batch(32)`);
  }
  const xs = toTensorList(where, "x", x as DataInput, inputNames, owned);
  if (needY && y === undefined) throw new GradbookError(`${where}: the Dataset's batches have no y; use Dataset.fromTensors(x, y)`);
  const ys = y === undefined ? [] : toTensorList(where, "y", y as DataInput, outputNames, owned);
  let sampleWeight: Tensor | undefined;
  if (sw !== undefined) {
    sampleWeight = toTensor(sw as TensorLike);
    if (sampleWeight !== sw) owned.push(sampleWeight);
  }
  const size = checkRows(where, xs, ys, sampleWeight);
  return { x: xs, y: ys, sampleWeight, size };
}
