// The op that pool-relu-gradient fusion makes: the gradient through relu then maxPool2d in
// one kernel, where(x > 0, maxPoolGrad(x, dy), 0) with x relu's output. Graph-only: no
// eager code makes it, and it needs no gradient of its own (the graph it sits in was
// differentiated before it was made).
import { defineOp } from "../../tensor/op.js";
import type { PoolAttrs } from "../../tensor/ops/pool.js";

/**
 * maxPoolReluGrad(x, dy): dy routed to each window's argmax in x (as maxPoolGrad), kept
 * where x > 0 (relu's gradient, x being relu's output). Shaped and typed like x.
 * @example runOp(maxPoolReluGradOp, [reluOut, dy], poolAttrs) // a compiled CNN's backward step
 */
export const maxPoolReluGradOp = defineOp<PoolAttrs>({
  name: "maxPoolReluGrad",
  infer: ([x, dy]) => [{ shape: x!.shape, dtype: dy!.dtype }],
});
