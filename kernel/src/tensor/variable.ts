import { detach, leafNode, readVariableOp } from "./engine.js";
import { activeTrace } from "./trace-state.js";
import { DTypeError, GradbookError, ShapeError, showShape } from "./errors.js";
import { shapesEqual } from "./shape.js";
import { checkOptions, optionNames } from "./options.js";
import { Tensor, type TensorMethods } from "./tensor.js";
import { toTensor, type TensorLike } from "./convert.js";
import type { DType } from "./dtype.js";
import { add, sub } from "./ops/arithmetic.js";

export interface VariableOptions {
  name?: string;
  /** Whether optimizers update it (default true). */
  trainable?: boolean;
  dtype?: DType;
}

let nextVariableId = 0;

/**
 * A named, mutable holder of a tensor: the thing optimizers update. Ops accept a variable
 * wherever they accept a tensor, and every tensor method works on it (on its current value).
 * @example
 * const w = variable(zeros([2]), { name: "w" });
 * w.assignSub(tensor([0.1, 0.2]));
 * w.value.arraySync() // [-0.1, -0.2]
 */
export class Variable {
  readonly name: string;
  trainable: boolean;
  private current: Tensor;

  constructor(initial: TensorLike, options: VariableOptions = {}) {
    checkOptions("variable", options, optionNames<VariableOptions>({ name: true, trainable: true, dtype: true }));
    const t = toTensor(initial);
    this.name = options.name ?? `variable_${nextVariableId++}`;
    this.trainable = options.trainable ?? true;
    this.current = this.snapshot(options.dtype && options.dtype !== t.dtype ? t.cast(options.dtype) : t);
  }

  /**
   * The current value. Its node is a read of this variable, so `gradient(loss, [v])` finds
   * every read that `loss` used, and a graph traced by `jit` reads the value anew at each run
   * (inside a trace, the value last assigned in it).
   */
  get value(): Tensor {
    return activeTrace()?.assignedValue(this) ?? this.current;
  }

  get shape(): readonly number[] {
    return this.current.shape;
  }

  get dtype(): DType {
    return this.current.dtype;
  }

  /** Replaces the value; the shape and dtype must stay the same. */
  assign(next: TensorLike): this {
    const t = toTensor(next, this.dtype);
    if (!shapesEqual(t.shape, this.shape)) throw new ShapeError(`assign: variable "${this.name}" has shape ${showShape(this.shape)}, the new value has ${showShape(t.shape)}`);
    if (t.dtype !== this.dtype) throw new DTypeError(`assign: variable "${this.name}" is ${this.dtype}, the new value is ${t.dtype}; cast() it first`);
    const trace = activeTrace();
    if (trace) {
      trace.assign(this, t);
      return this;
    }
    if (t.isSymbolic) throw new GradbookError(`assign: the new value of variable "${this.name}" is symbolic (a graph being built); assign inside a function compiled with jit(), which runs the assignment at each call`);
    const previous = this.current;
    this.current = this.snapshot(t);
    previous.dispose();
    return this;
  }

  /** value += delta. */
  assignAdd(delta: TensorLike): this {
    return this.assign(add(this.value, delta));
  }

  /** value -= delta. */
  assignSub(delta: TensorLike): this {
    return this.assign(sub(this.value, delta));
  }

  /** Frees the value. */
  dispose(): void {
    this.current.dispose();
  }

  toString(): string {
    return `Variable "${this.name}" ${String(this.current)}`;
  }

  /**
   * A detached, kept copy: the value does not drag the graph that computed it along
   * (a training loop would otherwise chain every step to the one before), and tidy()
   * never disposes a variable's value.
   */
  private snapshot(t: Tensor): Tensor {
    const value = detach(t, leafNode(readVariableOp, { variable: this })).keep();
    value.node!.outputs.push(value);
    value.name = this.name;
    return value;
  }
}

// Every tensor method, present and future, forwards to the variable's value.
export interface Variable extends TensorMethods, Pick<Tensor, "dataSync" | "data" | "arraySync" | "array" | "item"> {}
Object.setPrototypeOf(
  Variable.prototype,
  new Proxy(Object.prototype, {
    get(target, property, receiver) {
      // Read the descriptor, not the property: Tensor's getters must not run on the prototype.
      const method = Object.getOwnPropertyDescriptor(Tensor.prototype, property)?.value;
      if (typeof method === "function" && !(property in target)) {
        return function (this: Variable, ...args: unknown[]) {
          return (method as (...a: unknown[]) => unknown).apply(this.value, args);
        };
      }
      return Reflect.get(target, property, receiver);
    },
  }),
);

/**
 * Creates a Variable.
 * @example const b = variable(0, { name: "bias" });
 */
export function variable(initial: TensorLike, options: VariableOptions = {}): Variable {
  return new Variable(initial, options);
}
