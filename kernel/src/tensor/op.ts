import type { OutputInfo } from "../backend/backend.js";
import type { ElementwiseExpression } from "./expression.js";
import type { Tensor } from "./tensor.js";

/** What a gradient rule receives: the gradients of the outputs and the forward pass's tensors. */
export interface GradContext<A> {
  /** One gradient per output, shaped like that output (zeros where an output was unused). */
  readonly dys: readonly Tensor[];
  readonly inputs: readonly Tensor[];
  readonly outputs: readonly Tensor[];
  readonly attrs: A;
  /**
   * Whether each input's gradient is used (the input leads to a tensor being
   * differentiated); a rule may return undefined for the others instead of computing them.
   */
  readonly needs: readonly boolean[];
}

/**
 * The single definition of an op: its name, its shape/dtype rule and its gradient rule.
 * The gradient is written with other ops, so it can itself be differentiated.
 * Kernels live elsewhere and are registered per backend under `name`.
 */
export interface OpDef<A = Record<string, never>> {
  readonly name: string;
  /** Validates inputs and attrs (throwing errors that name the op) and gives each output's shape and dtype. */
  infer(inputs: readonly Tensor[], attrs: A): OutputInfo[];
  /** Gradient of the loss with respect to each input; undefined for inputs without one. Absent: not differentiable. */
  grad?(ctx: GradContext<A>): (Tensor | undefined)[];
  /**
   * A source of values from outside the graph (a variable read, a placeholder, host code):
   * graph mode's executor supplies its output, so no backend has a kernel for it.
   */
  readonly source?: boolean;
  /**
   * For elementwise ops: the op's value in the expression language shared by backends
   * (tensor/expression.ts), which lets graph mode fuse chains of such ops into one
   * generated kernel. Eager mode never uses it.
   */
  readonly expression?: ElementwiseExpression<A>;
  /**
   * Made by a graph pass in place of several ops (a GEMM with its epilogue, a pool with its
   * gradient's routing, a loss with its gradient): graph-only, counted among the fused
   * kernels of optimize()'s report.
   */
  readonly fused?: boolean;
  /** Attributes as they are shown by the graph view and saved by graph serialisation (defaults to attrs). */
  describe?(attrs: A): Record<string, unknown>;
  /** How graph views and summaries name a node of this op when its attributes change what it does (defaults to the op's name). */
  label?(attrs: A): string;
}

/**
 * The name graph views and summaries show for a node: the op's label for its attributes, else its name.
 * @example opLabel(matmulBiasReluOp, { transposeA: false, transposeB: false, relu: false }) // "matmulBias"
 */
export function opLabel<A>(op: OpDef<A>, attrs: A): string {
  return op.label?.(attrs) ?? op.name;
}

const ops = new Map<string, OpDef<any>>();

/**
 * Declares an op once; graph serialisation and the kernel registry find it by name.
 * @example
 * export const negOp = defineOp<{}>({
 *   name: "neg",
 *   infer: ([x]) => [{ shape: x.shape, dtype: x.dtype }],
 *   grad: ({ dys: [dy] }) => [neg(dy)],
 * });
 */
export function defineOp<A>(def: OpDef<A>): OpDef<A> {
  if (ops.has(def.name)) throw new Error(`op ${def.name} is defined twice`);
  ops.set(def.name, def);
  return def;
}

/** The op called `name`, if defined. */
export function findOp(name: string): OpDef<any> | undefined {
  return ops.get(name);
}

/** Names of every defined op with kernels (sources excluded). */
export function computeOpNames(): string[] {
  return [...ops.values()].filter((op) => !op.source).map((op) => op.name);
}

/** Names of every defined op. */
export function opNames(): string[] {
  return [...ops.keys()];
}
