// A compiled function's results come from its graph's run, not from eager ops, so they have no
// maker autograd could follow: a gradient taken through them (grad(jit(f))(x)) would find no
// path to x and silently give zeros. Each result is therefore made by one recorded node whose
// inputs are the call's tensor arguments and the variable values its graph read, and whose
// gradient rule says, as an error, where to take the gradient instead.
import { GradbookError } from "../tensor/errors.js";
import { opaqueNode } from "../tensor/engine.js";
import { defineOp } from "../tensor/op.js";
import { Tensor } from "../tensor/tensor.js";

/** Attributes of a compiled call's node: the function's name. */
export interface CompiledCallAttrs {
  readonly name: string;
}

/** The maker eager mode records for a compiled function's results (never a node of a graph). */
export const compiledCallOp = defineOp<CompiledCallAttrs>({
  name: "compiledCall",
  // Like a variable read: the values come from elsewhere (the graph's run), no kernel makes them.
  source: true,
  infer: () => {
    throw new GradbookError("compiledCall: recorded only for the results of a compiled function's run");
  },
  grad: ({ attrs }) => {
    throw new GradbookError(
      `grad: cannot differentiate through what a compiled function returned (jit: "${attrs.name}"): its graph ran without the eager ops autograd follows; take the gradient inside it (jit(() => gradient(...))), or call the function without jit`,
    );
  },
});

/**
 * Remakes `results` (a graph run's outputs, new tensors the caller owns) as tensors over the
 * same memory made by one compiledCall node over `inputs`; the results given are disposed.
 * @example recordCall("step", [x, ...variableValues], graph.run(feeds)) // grad through them: an error that says why
 */
export function recordCall(name: string, inputs: readonly Tensor[], results: readonly Tensor[]): Tensor[] {
  const node = opaqueNode(compiledCallOp, inputs, { name });
  return results.map((result, i) => {
    const made = new Tensor(result.shape, result.dtype, result.sharedStorage(), node, i);
    node.outputs.push(made);
    result.dispose();
    return made;
  });
}
