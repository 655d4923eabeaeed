import { GradbookError, showShape } from "../tensor/errors.js";
import { isFloat } from "../tensor/dtype.js";
import { Tensor, type Node } from "../tensor/tensor.js";
import { readVariableOp } from "../tensor/engine.js";
import { add } from "../tensor/ops/arithmetic.js";
import { zerosLike } from "../tensor/creation.js";

/**
 * The nodes between `xs` and `y`, in topological order (inputs first): only these need
 * a gradient rule; and for each tensor seen, whether it leads to a target (only those
 * need a gradient). Iterative, so deep graphs (long RNN chains) cannot overflow the stack.
 */
function relevantNodes(y: Tensor, isTarget: (t: Tensor) => boolean): { order: Node[]; leadsToTarget: Map<Tensor, boolean> } {
  const leadsToTarget = new Map<Tensor, boolean>();
  const order: Node[] = [];
  const visited = new Set<Node>();
  const stack: { tensor: Tensor; expanded: boolean }[] = [{ tensor: y, expanded: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const { tensor } = top;
    if (leadsToTarget.has(tensor)) {
      stack.pop();
      continue;
    }
    const node = tensor.node;
    if (node === null || isTarget(tensor)) {
      leadsToTarget.set(tensor, isTarget(tensor));
      stack.pop();
      continue;
    }
    if (!top.expanded) {
      top.expanded = true;
      for (const input of node.inputs) if (!leadsToTarget.has(input)) stack.push({ tensor: input, expanded: false });
      continue;
    }
    stack.pop();
    const leads = node.inputs.some((input) => leadsToTarget.get(input) === true);
    for (const output of node.outputs) leadsToTarget.set(output, leads);
    if (leads && !visited.has(node)) {
      visited.add(node);
      order.push(node);
    }
  }
  return { order, leadsToTarget };
}

/** A variable as autograd sees it: the thing its values' read nodes name. */
export type DifferentiableVariable = { readonly value: Tensor };

/** The variable a tensor is a read of (its current or an earlier value), if any. */
function variableRead(t: Tensor): object | undefined {
  return t.node?.op === readVariableOp ? (t.node.attrs as { variable: object }).variable : undefined;
}

/**
 * Reverse-mode gradients of `y` with respect to each of `xs`, computed with ops so the
 * result can be differentiated again. `dy` seeds the backward pass (default: ones, so a
 * non-scalar y is treated as sum(y)). A tensor `y` does not depend on gets zeros. For a
 * variable, the gradient flows through every read of it that `y` used, also reads of a
 * value that was assigned since (as TensorFlow's tape does).
 * @example
 * const x = tensor([1, 2, 3]);
 * gradients(x.square().sum(), [x])[0].arraySync() // [2, 4, 6]
 */
export function gradients(y: Tensor, xs: readonly (Tensor | DifferentiableVariable)[], dy?: Tensor): Tensor[] {
  const tensorTargets = new Set(xs.filter((x): x is Tensor => x instanceof Tensor));
  const variableTargets = new Set<object>(xs.filter((x) => !(x instanceof Tensor)));
  const isTarget = (t: Tensor) => tensorTargets.has(t) || (variableTargets.size > 0 && variableTargets.has(variableRead(t)!));
  for (const x of xs) {
    const t = x instanceof Tensor ? x : x.value;
    if (!isFloat(t.dtype)) throw new GradbookError(`grad: can only differentiate with respect to float tensors, got ${t.dtype} (shape ${showShape(t.shape)}); cast() it first`);
  }
  if (dy && dy.shape.join() !== y.shape.join()) throw new GradbookError(`grad: the seed gradient has shape ${showShape(dy.shape)} but the output has ${showShape(y.shape)}`);
  const grads = new Map<Tensor, Tensor>();
  grads.set(y, dy ?? zerosLike(y).add(1));
  const { order: nodes, leadsToTarget } = relevantNodes(y, isTarget);
  const hooked = new Set<Tensor>();
  for (let n = nodes.length - 1; n >= 0; n--) {
    const node = nodes[n]!;
    if (!node.outputs.some((o) => grads.has(o))) continue;
    const dys = node.outputs.map((o) => finish(o, grads, hooked) ?? zerosLike(o));
    if (!node.op.grad) throw new GradbookError(`grad: the op ${node.op.name} has no gradient; wrap its input in stopGradient() if that is intended`);
    // Inputs that lead to no target (a model's data, a constant) need no gradient: rules may skip them.
    const needs = node.inputs.map((input) => leadsToTarget.get(input) === true && isFloat(input.dtype));
    const inputGrads = node.op.grad({ dys, inputs: node.inputs, outputs: node.outputs, attrs: node.attrs, needs });
    node.inputs.forEach((input, i) => {
      const g = inputGrads[i];
      if (!g || !needs[i]) return;
      if (g.shape.join() !== input.shape.join()) {
        throw new Error(`internal: gradient of ${node.op.name} for input ${i} has shape ${showShape(g.shape)}, expected ${showShape(input.shape)}`);
      }
      const previous = grads.get(input);
      grads.set(input, previous ? add(previous, g) : g);
    });
  }
  return xs.map((x) => {
    if (x instanceof Tensor) return finish(x, grads, hooked) ?? zerosLike(x);
    // Every read of the variable that y used: the current value and any earlier one.
    const reads = [...grads.keys()].filter((t) => variableRead(t) === x);
    const parts = reads.map((t) => finish(t, grads, hooked)!);
    return parts.length === 0 ? zerosLike(x.value) : parts.reduce((a, b) => add(a, b));
  });
}

/**
 * A tensor's accumulated gradient, passed through its hooks once per backward pass
 * (`hooked` holds the tensors already done in this pass). Tracking tensors, not gradient
 * tensors, matters: an op whose gradient passes dy through unchanged (add) hands its
 * input the very tensor its output's hooks already saw, and the input's hooks must run too.
 */
function finish(t: Tensor, grads: Map<Tensor, Tensor>, hooked: Set<Tensor>): Tensor | undefined {
  let g = grads.get(t);
  if (g === undefined || t.gradHooks.length === 0 || hooked.has(t)) return g;
  for (const hook of t.gradHooks) g = hook(g) ?? g;
  hooked.add(t);
  grads.set(t, g);
  return g;
}
