import type { DType, TypedArray } from "./dtype.js";
import { sizeOf, type Shape } from "./shape.js";
import { Storage, forgetTensor, trackTensor, untrackTensor } from "./memory.js";
import type { OpDef } from "./op.js";
import { GradbookError } from "./errors.js";
import type { Backend } from "../backend/backend.js";

/**
 * One application of an op: what the graph view draws, what autograd walks backwards
 * and what graph mode records. Every tensor made by an op points at its node.
 */
export interface Node {
  readonly id: number;
  readonly op: OpDef<any>;
  readonly inputs: readonly Tensor[];
  readonly attrs: any;
  readonly outputs: Tensor[];
  /** Enclosing nameScope() names, outermost first (layers and user scopes; the graph view groups by them). */
  readonly scope: readonly string[];
}

/** Nested arrays of numbers or booleans, as `arraySync()` returns them. */
export type NestedArray = number | boolean | NestedArray[];

/** A function run on a tensor's gradient during backprop; it may return a replacement. */
export type GradHook = (grad: Tensor) => Tensor | void;

let nextTensorId = 0;

/**
 * The chainable methods (`t.add(1).relu()`). Each op file adds its own with
 * `declare module` augmentation and `installMethods`, so this file never lists ops.
 * Variables forward the same methods to their current value.
 */
export interface TensorMethods {}

// Declaration merging: a Tensor has every method of TensorMethods.
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface Tensor extends TensorMethods {}

/**
 * Adds chainable methods to Tensor (and so to Variable).
 * @example installMethods({ double(this: Tensor) { return mul(this, 2); } })
 */
export function installMethods(methods: Partial<TensorMethods> & ThisType<Tensor>): void {
  Object.assign(Tensor.prototype, methods);
}

/**
 * An immutable n-dimensional array. Ops return new tensors; the data lives in a backend.
 * @example
 * const t = tensor([[1, 2], [3, 4]]);
 * t.shape      // [2, 2]
 * t.add(1).arraySync() // [[2, 3], [4, 5]]
 */
export class Tensor {
  readonly id = nextTensorId++;
  readonly size: number;
  /** The length of each axis. Frozen: `t.shape[0] = 5` throws in strict code and changes nothing otherwise. */
  readonly shape: Shape;
  /**
   * Optional name, shown by the graph view and in messages. Unlike the values and the shape it
   * may be changed at any time (it is a label, not part of the value): `t.name = "x"`, or
   * `tensor(values, { name: "x" })` when making one.
   */
  name: string | undefined;
  /** Functions called with this tensor's gradient during backprop. */
  readonly gradHooks: GradHook[] = [];
  private disposed = false;
  private keepFlag = false;

  constructor(
    shape: Shape,
    readonly dtype: DType,
    /** Where the values live; null for a symbolic tensor (graph mode: shape and dtype only). */
    private storage: Storage | null,
    /** The op application that made this tensor; null for tensors made from data. */
    readonly node: Node | null = null,
    readonly outputIndex = 0,
  ) {
    // A frozen copy (unless already frozen, as the shapes of other tensors are): `readonly` only
    // holds in TypeScript, and callers may still own and reuse the array they passed.
    this.shape = Object.isFrozen(shape) ? shape : Object.freeze([...shape]);
    this.size = sizeOf(shape);
    // Symbolic tensors hold no memory, so memory scopes need not know them.
    if (storage === null) return;
    storage.retain();
    trackTensor(this);
  }

  /**
   * True for a tensor of a graph being built (placeholders, ops traced by `jit`): it has a
   * shape and a dtype, and gets values only when the graph runs.
   */
  get isSymbolic(): boolean {
    return this.storage === null;
  }

  get rank(): number {
    return this.shape.length;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** True once `keep()` exempted this tensor from tidy scopes. */
  get kept(): boolean {
    return this.keepFlag;
  }

  /** The backend memory behind this tensor (for kernels and the engine). */
  get dataId(): object {
    return this.sharedStorage().dataId;
  }

  /** The storage, shared with tensors that alias this one (reshape, detach). */
  sharedStorage(): Storage {
    this.assertAlive();
    if (this.storage === null) throw new GradbookError(symbolicMessage(this));
    return this.storage;
  }

  /** The backend that holds the values (undefined for a symbolic tensor). */
  get backend(): Backend | undefined {
    return this.storage?.backend;
  }

  /**
   * Moves the values to another backend's memory (the engine does this when an op needs
   * them there); aliases keep their own copy.
   */
  moveTo(storage: Storage): void {
    const previous = this.sharedStorage();
    this.storage = storage.retain();
    previous.release();
  }

  /** A copy of the values, synchronously (CPU backends only). */
  dataSync(): TypedArray {
    const storage = this.sharedStorage();
    if (!storage.backend.canReadSync) {
      throw new GradbookError(`dataSync: the ${storage.backend.name} backend reads asynchronously; use \`await t.data()\``);
    }
    return storage.backend.readSync(storage.dataId);
  }

  /** A copy of the values; works on every backend. */
  async data(): Promise<TypedArray> {
    const storage = this.sharedStorage();
    return storage.backend.read(storage.dataId);
  }

  /** Values as nested arrays (booleans for bool tensors), synchronously (CPU backend only). */
  arraySync(): NestedArray {
    return nest(this.dataSync(), this.shape, this.dtype);
  }

  /** Values as nested arrays; works on every backend. */
  async array(): Promise<NestedArray> {
    return nest(await this.data(), this.shape, this.dtype);
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new GradbookError(`item: the tensor has ${this.size} elements, item() needs exactly one (shape [${this.shape.join(", ")}])`);
    return this.dataSync()[0]!;
  }

  /** Releases the backend memory now. Idempotent; a symbolic tensor has none. */
  dispose(): void {
    if (this.disposed || this.storage === null) return;
    this.disposed = true;
    untrackTensor(this);
    this.storage.release();
  }

  /** Exempts this tensor from every enclosing and future tidy scope. */
  keep(): this {
    this.keepFlag = true;
    forgetTensor(this);
    return this;
  }

  /** Calls `hook` with this tensor's gradient whenever a backward pass reaches it. */
  onGrad(hook: GradHook): this {
    this.gradHooks.push(hook);
    return this;
  }

  private assertAlive(): void {
    if (this.disposed) {
      const [shape, name] = [this.shape.join(", "), this.name ? `, "${this.name}"` : ""];
      throw new GradbookError(
        this.node
          ? `cannot read a disposed tensor (shape [${shape}], ${this.dtype}${name}, made by ${this.node.op.name}); keep() it or return it from tidy()`
          : `cannot read a disposed tensor (shape [${shape}], ${this.dtype}${name}); keep() it or return it from tidy()`,
      );
    }
  }
}

/** Why a symbolic tensor's values cannot be read, and what to do instead. */
export function symbolicMessage(t: Tensor): string {
  const shape = t.shape.join(", ");
  if (t.node) {
    return `cannot read the values of a symbolic tensor (made by ${t.node.op.name}), shape [${shape}], ${t.dtype}: in graph mode (jit, placeholder) values exist only when the graph runs; return the tensor from the traced function, or run(outputs, feeds) the graph, and read the result`;
  }
  return `cannot read the values of a symbolic tensor, shape [${shape}], ${t.dtype}: in graph mode (jit, placeholder) values exist only when the graph runs; return the tensor from the traced function, or run(outputs, feeds) the graph, and read the result`;
}

function nest(values: TypedArray, shape: Shape, dtype: DType): NestedArray {
  const read = (i: number): number | boolean => (dtype === "bool" ? values[i] !== 0 : values[i]!);
  if (shape.length === 0) return read(0);
  const build = (axis: number, offset: number, stride: number): NestedArray[] => {
    const size = shape[axis]!;
    const inner = stride / Math.max(size, 1);
    return Array.from({ length: size }, (_, i) =>
      axis === shape.length - 1 ? read(offset + i) : build(axis + 1, offset + i * inner, inner),
    ) as NestedArray[];
  };
  return build(0, 0, sizeOf(shape));
}
