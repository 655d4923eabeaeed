// An input pipeline in the style of tf.data: a Dataset is a recipe that makes a fresh
// async iterator for every pass (epoch). Samples of tensor-backed datasets travel as row
// references until a batch is made, so a batch is one copy of its rows from the source
// and nothing is materialised up front.
import { checkOptions, optionNames } from "../tensor/options.js";
import { tensor, type TensorLike } from "../tensor/convert.js";
import { allocate, type TypedArray } from "../tensor/dtype.js";
import { tensorFromValues } from "../tensor/engine.js";
import { ArgumentError, ShapeError, showShape } from "../tensor/errors.js";
import { shapesEqual } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { deriveSeed, resolveSeed, SeededRandom } from "./random.js";
import { gatherRows, hostOfAsync, rowOf, type HostArray } from "./rows.js";

/** The element fit() consumes: a batch of inputs and their targets, axis 0 the batch. */
export interface XYBatch {
  x: Tensor;
  y: Tensor;
}

/** What batching turns an element into: numbers and tensors become tensors with a batch axis, containers keep their shape. */
export type Batched<T> = T extends Tensor
  ? Tensor
  : T extends number | boolean | TypedArray
    ? Tensor
    : T extends readonly unknown[]
      ? { -readonly [K in keyof T]: Batched<T[K]> }
      : T extends object
        ? { [K in keyof T]: Batched<T[K]> }
        : never;

/** Columns of fromTensors, read into host memory once, when the first pass starts. */
class RowTable {
  private hosts: Promise<HostArray[]> | undefined;
  resolved: HostArray[] = [];

  constructor(
    private readonly columns: readonly Tensor[],
    /** Element keys ({x, y}); null when the element is the single tensor's row. */
    private readonly keys: readonly string[] | null,
  ) {}

  async load(): Promise<void> {
    this.hosts ??= Promise.all(this.columns.map(hostOfAsync));
    this.resolved = await this.hosts;
  }

  element(index: number): unknown {
    if (!this.keys) return rowOf(this.resolved[0]!, index);
    return Object.fromEntries(this.keys.map((key, k) => [key, rowOf(this.resolved[k]!, index)]));
  }

  batch(indices: ArrayLike<number>): unknown {
    if (!this.keys) return gatherRows(this.resolved[0]!, indices);
    return Object.fromEntries(this.keys.map((key, k) => [key, gatherRows(this.resolved[k]!, indices)]));
  }
}

/** A sample of a tensor-backed dataset that has not been read yet. */
class Row {
  constructor(
    readonly table: RowTable,
    readonly index: number,
  ) {}
}

function materialize(element: unknown): unknown {
  return element instanceof Row ? element.table.element(element.index) : element;
}

/** Stacks elements of one structure along a new axis 0 (the batch axis). */
async function stack(elements: readonly unknown[], path: string): Promise<unknown> {
  const first = elements[0];
  const where = `batch${path ? ` (at ${path})` : ""}`;
  if (first instanceof Tensor || ArrayBuffer.isView(first)) {
    const tensors = elements.map((e, i) => {
      if (e instanceof Tensor) return e;
      if (ArrayBuffer.isView(e)) return tensor(e as TypedArray);
      throw new ArgumentError(`${where}: element ${i} is ${typeof e}, but element 0 is a tensor; every element must have the same structure`);
    });
    const head = tensors[0]!;
    tensors.forEach((t, i) => {
      if (!shapesEqual(t.shape, head.shape) || t.dtype !== head.dtype) {
        throw new ShapeError(`${where}: element ${i} has shape ${showShape(t.shape)} (${t.dtype}) but element 0 has ${showShape(head.shape)} (${head.dtype}); use map() to bring them to one shape first`);
      }
    });
    const out = allocate(head.dtype, head.size * tensors.length);
    const parts = await Promise.all(tensors.map((t) => t.data()));
    parts.forEach((values, i) => out.set(values, i * head.size));
    return tensorFromValues(out, [tensors.length, ...head.shape], head.dtype);
  }
  if (typeof first === "number" || typeof first === "boolean") {
    if (elements.some((e) => typeof e !== typeof first)) throw new ArgumentError(`${where}: elements mix ${typeof first}s with other values`);
    return tensor(elements as number[] | boolean[]);
  }
  if (Array.isArray(first)) {
    return Promise.all(first.map((_, k) => stack(elements.map((e) => (e as unknown[])[k]), `${path}[${k}]`)));
  }
  if (first !== null && typeof first === "object") {
    const entries = await Promise.all(Object.keys(first).map(async (key) => [key, await stack(elements.map((e) => (e as Record<string, unknown>)[key]), path ? `${path}.${key}` : key)] as const));
    return Object.fromEntries(entries);
  }
  throw new ArgumentError(`${where}: cannot batch ${first === null ? "null" : typeof first} elements; elements must be tensors, numbers, typed arrays, or arrays/objects of them`);
}

function checkCount(where: string, name: string, n: number, allowZero = true): void {
  if (Number.isInteger(n) && n >= (allowZero ? 0 : 1)) return;
  // One template per case, so each translates whole.
  throw new ArgumentError(allowZero ? `${where}: ${name} must be a non-negative integer, got ${n}` : `${where}: ${name} must be a positive integer, got ${n}`);
}

type Open = () => AsyncIterator<unknown>;

export interface BatchOptions {
  /** Drop a last batch smaller than batchSize (default false), so every batch has the same shape. */
  dropRemainder?: boolean;
}

export interface ShuffleOptions {
  /** With a seed every run gives the same order; pass k gets the seed derived from (seed, k). */
  seed?: number;
  /** Shuffle anew on each pass (default true); false repeats the first pass's order. */
  reshuffleEachIteration?: boolean;
}

/**
 * A pipeline of samples, consumed with `for await`. Each pass (epoch) starts a fresh
 * iteration, so a shuffled dataset gives a new order each epoch. Tensor-backed datasets
 * copy rows only when a batch (or a sample) is asked for.
 *
 * For fit(): a `Dataset<XYBatch>`, i.e. batches `{ x: Tensor, y: Tensor }` with the batch
 * on axis 0, as `Dataset.fromTensors(x, y).shuffle(n).batch(32)` makes. Each batch is a
 * new tensor owned by the consumer (fit disposes it after the step).
 * @example
 * const ds = Dataset.fromTensors(x, y).shuffle(1000, { seed: 0 }).batch(32).prefetch(2);
 * for await (const { x, y } of ds) { ... }   // x: [32, ...], y: [32, ...]
 * await model.fit(ds, undefined, { epochs: 5 });
 */
export class Dataset<T> implements AsyncIterable<T> {
  private constructor(
    private readonly open: Open,
    /** Elements per pass: Infinity for an endless dataset, undefined when unknown (generators, filter). */
    readonly size: number | undefined,
  ) {}

  /**
   * One element per row (axis 0) of `x`, or `{x, y}` pairs when `y` is given; rows are
   * read when asked for, from one host copy made when the first pass starts.
   * @example Dataset.fromTensors(tensor([[1, 2], [3, 4]]), tensor([0, 1])).batch(2) // one batch {x: [2, 2], y: [2]}
   */
  static fromTensors(x: Tensor): Dataset<Tensor>;
  static fromTensors(x: Tensor, y: Tensor): Dataset<XYBatch>;
  static fromTensors(x: Tensor, y?: Tensor): Dataset<Tensor> | Dataset<XYBatch> {
    const where = "Dataset.fromTensors";
    for (const [name, t] of [["x", x], ["y", y]] as const) {
      if (t !== undefined && !(t instanceof Tensor)) throw new ArgumentError(`${where}: ${name} must be a tensor; use Dataset.fromArrays for arrays`);
      if (t !== undefined && t.rank === 0) throw new ShapeError(`${where}: ${name} is a scalar (shape []); it needs a first axis of samples`);
    }
    const n = x.shape[0]!;
    if (y !== undefined && y.shape[0] !== n) throw new ShapeError(`${where}: x has ${n} samples (shape ${showShape(x.shape)}) but y has ${y.shape[0]} (shape ${showShape(y.shape)}); they need one row per sample`);
    const table = new RowTable(y === undefined ? [x] : [x, y], y === undefined ? null : ["x", "y"]);
    return new Dataset<Tensor>(async function* () {
      await table.load();
      for (let i = 0; i < n; i++) yield new Row(table, i);
    }, n);
  }

  /**
   * Like fromTensors for nested or typed arrays (converted with tensor(), float32 by default).
   * @example Dataset.fromArrays([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0]).batch(4)
   */
  static fromArrays(x: TensorLike): Dataset<Tensor>;
  static fromArrays(x: TensorLike, y: TensorLike): Dataset<XYBatch>;
  static fromArrays(x: TensorLike, y?: TensorLike): Dataset<Tensor> | Dataset<XYBatch> {
    if (y === undefined) return Dataset.fromTensors(tensor(x));
    return Dataset.fromTensors(tensor(x), tensor(y));
  }

  /**
   * The items of an array as they are (numbers, tensors, objects...).
   * @example Dataset.fromItems([1, 2, 3]).batch(2) // tensors [1, 2] and [3]
   */
  static fromItems<T>(items: readonly T[]): Dataset<T> {
    const copy = [...items];
    return new Dataset(async function* () {
      yield* copy;
    }, copy.length);
  }

  /**
   * Elements from a generator function, called afresh for every pass (so it may be endless
   * or read a file lazily).
   * @example Dataset.fromGenerator(function* () { for (let i = 0; i < 3; i++) yield { x: tensor([i]), y: tensor([2 * i]) }; })
   */
  static fromGenerator<T>(generate: () => Iterable<T> | AsyncIterable<T>): Dataset<T> {
    return new Dataset(async function* () {
      yield* generate();
    }, undefined);
  }

  private derive<U>(open: Open, size: number | undefined): Dataset<U> {
    return new Dataset<U>(open, size);
  }

  /**
   * Groups consecutive elements into batches of `batchSize` along a new axis 0; the last
   * batch may be smaller unless `dropRemainder`.
   * @example Dataset.fromTensors(x, y).batch(32, { dropRemainder: true })
   */
  batch(batchSize: number, options: BatchOptions = {}): Dataset<Batched<T>> {
    checkOptions("batch", options, optionNames<BatchOptions>({ dropRemainder: true }));
    checkCount("batch", "batchSize", batchSize, false);
    const dropRemainder = options.dropRemainder ?? false;
    const open = this.open;
    const size = this.size === undefined || this.size === Infinity ? this.size : dropRemainder ? Math.floor(this.size / batchSize) : Math.ceil(this.size / batchSize);
    const make = (elements: unknown[]): Promise<unknown> => {
      const head = elements[0];
      if (head instanceof Row && elements.every((e) => e instanceof Row && e.table === head.table)) {
        return Promise.resolve(head.table.batch((elements as Row[]).map((r) => r.index)));
      }
      return stack(elements.map(materialize), "");
    };
    return this.derive(async function* () {
      const upstream = open();
      let pending: unknown[] = [];
      for (;;) {
        const next = await upstream.next();
        if (next.done) break;
        pending.push(next.value);
        if (pending.length === batchSize) {
          const elements = pending;
          pending = [];
          yield await make(elements);
        }
      }
      if (pending.length > 0 && !dropRemainder) yield await make(pending);
    }, size);
  }

  /**
   * Shuffles through a buffer of `bufferSize` elements (tf.data's algorithm): a buffer at
   * least as large as the dataset gives a uniform shuffle. Each pass draws a new order
   * from a seed derived from `seed` and the pass number, so runs with one seed repeat.
   * @example Dataset.fromTensors(x, y).shuffle(x.shape[0], { seed: 42 }).batch(32)
   */
  shuffle(bufferSize: number, options: ShuffleOptions = {}): Dataset<T> {
    checkOptions("shuffle", options, optionNames<ShuffleOptions>({ seed: true, reshuffleEachIteration: true }));
    checkCount("shuffle", "bufferSize", bufferSize, false);
    const base = resolveSeed("shuffle", options.seed);
    const reshuffle = options.reshuffleEachIteration ?? true;
    const open = this.open;
    let pass = 0;
    return this.derive(async function* () {
      const random = new SeededRandom(deriveSeed(base, reshuffle ? pass++ : 0));
      const upstream = open();
      const buffer: unknown[] = [];
      let exhausted = false;
      while (buffer.length < bufferSize) {
        const next = await upstream.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        buffer.push(next.value);
      }
      while (buffer.length > 0) {
        const j = random.int(buffer.length);
        const chosen = buffer[j];
        const next = exhausted ? undefined : await upstream.next();
        if (next && !next.done) buffer[j] = next.value;
        else {
          exhausted = true;
          buffer[j] = buffer[buffer.length - 1];
          buffer.pop();
        }
        yield chosen;
      }
    }, this.size);
  }

  /**
   * Applies `fn` to every element (it may be async).
   * @example Dataset.fromTensors(images, labels).map(({ x, y }) => ({ x: x.div(255), y }))
   */
  map<U>(fn: (element: T) => U | Promise<U>): Dataset<U> {
    const open = this.open;
    return this.derive(async function* () {
      const upstream = open();
      for (let next = await upstream.next(); !next.done; next = await upstream.next()) yield await fn(materialize(next.value) as T);
    }, this.size);
  }

  /**
   * Keeps the elements for which `predicate` is true.
   * @example Dataset.fromItems([1, 2, 3, 4]).filter((v) => v % 2 === 0) // 2, 4
   */
  filter(predicate: (element: T) => boolean | Promise<boolean>): Dataset<T> {
    const open = this.open;
    return this.derive(async function* () {
      const upstream = open();
      for (let next = await upstream.next(); !next.done; next = await upstream.next()) {
        const element = materialize(next.value) as T;
        if (await predicate(element)) yield element;
      }
    }, undefined);
  }

  /**
   * Goes through the dataset `count` times (forever without a count); a shuffle before
   * repeat gives each repetition a new order.
   * @example Dataset.fromItems([1, 2]).repeat(2) // 1, 2, 1, 2
   */
  repeat(count?: number): Dataset<T> {
    if (count !== undefined) checkCount("repeat", "count", count);
    const open = this.open;
    const size = this.size === 0 ? 0 : count === undefined ? (this.size === undefined ? undefined : Infinity) : this.size === undefined ? undefined : this.size * count;
    return this.derive(async function* () {
      for (let r = 0; count === undefined || r < count; r++) {
        const upstream = open();
        let any = false;
        for (let next = await upstream.next(); !next.done; next = await upstream.next()) {
          any = true;
          yield next.value;
        }
        if (!any) return; // an empty dataset repeated forever is still empty
      }
    }, size);
  }

  /**
   * The first `count` elements.
   * @example Dataset.fromItems([1, 2, 3]).take(2) // 1, 2
   */
  take(count: number): Dataset<T> {
    checkCount("take", "count", count);
    const open = this.open;
    return this.derive(async function* () {
      if (count === 0) return;
      const upstream = open();
      let taken = 0;
      for (let next = await upstream.next(); !next.done; next = await upstream.next()) {
        yield next.value;
        if (++taken === count) {
          await upstream.return?.();
          return;
        }
      }
    }, this.size === undefined ? undefined : Math.min(this.size, count));
  }

  /**
   * All but the first `count` elements.
   * @example Dataset.fromItems([1, 2, 3]).skip(2) // 3
   */
  skip(count: number): Dataset<T> {
    checkCount("skip", "count", count);
    const open = this.open;
    return this.derive(async function* () {
      const upstream = open();
      let skipped = 0;
      for (let next = await upstream.next(); !next.done; next = await upstream.next()) {
        if (skipped < count) skipped++;
        else yield next.value;
      }
    }, this.size === undefined ? undefined : Math.max(this.size - count, 0));
  }

  /**
   * Asks for up to `bufferSize` elements ahead while the consumer works on the current
   * one, in order. On the CPU this overlaps little; on the GPU it overlaps reads.
   * @example Dataset.fromTensors(x, y).batch(64).prefetch(2)
   */
  prefetch(bufferSize = 1): Dataset<T> {
    checkCount("prefetch", "bufferSize", bufferSize);
    const open = this.open;
    return this.derive(async function* () {
      const upstream = open();
      if (bufferSize === 0) {
        for (let next = await upstream.next(); !next.done; next = await upstream.next()) yield next.value;
        return;
      }
      // Requests to an async generator are served in order, so the queue keeps the order.
      const queue: Promise<IteratorResult<unknown>>[] = [];
      for (let i = 0; i < bufferSize; i++) queue.push(upstream.next());
      for (;;) {
        const next = await queue.shift()!;
        if (next.done) return;
        queue.push(upstream.next());
        yield next.value;
      }
    }, this.size);
  }

  /** A fresh pass over the elements. */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    const upstream = this.open();
    return {
      next: async () => {
        const next = await upstream.next();
        return next.done ? { done: true, value: undefined } : { done: false, value: materialize(next.value) as T };
      },
      return: async () => {
        await upstream.return?.();
        return { done: true, value: undefined };
      },
    };
  }

  /**
   * Every element of one pass, in an array (for small datasets and tests).
   * @example await Dataset.fromItems([1, 2]).toArray() // [1, 2]
   */
  async toArray(): Promise<T[]> {
    if (this.size === Infinity) throw new ArgumentError("toArray: the dataset is endless (repeat() without a count); take(n) first");
    const out: T[] = [];
    for await (const element of this) out.push(element);
    return out;
  }
}

/**
 * True for a Dataset (what fit() checks to tell a pipeline from arrays).
 * @example isDataset(Dataset.fromItems([1])) // true
 */
export function isDataset(value: unknown): value is Dataset<unknown> {
  return value instanceof Dataset;
}
