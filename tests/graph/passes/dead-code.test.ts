import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, variable, type Tensor } from "../../../kernel/src/index.js";
import { deadCode } from "../../../kernel/src/graph/passes/dead-code.js";
import { opsOf, traced } from "./helpers.js";

test("nodes reaching no output or assignment are removed, with the sources only they read", () => {
  const w = variable(tensor([1, 2]), { name: "w" });
  const unused = variable(tensor([5, 5]), { name: "unused" });
  const g = traced((x: Tensor) => {
    w.assign(w.value.add(x));
    return [unused.value.mul(x).exp(), x.square()];
  }, tensor([1, 1]));
  // Tracing records only what the results need; a pass (here: dropping an output) leaves the rest unread.
  g.ir.outputs = [g.ir.outputs[1]!];
  const report = g.optimize([deadCode]);
  assert.deepEqual(opsOf(g).sort(), ["add", "square"], "the assignment keeps add alive");
  assert.equal(report.passes[0]!.did, "removed 3 nodes (exp, mul, readVariable)");
  const sources = g.ir.nodes.filter((n) => n.op.source).map((n) => n.op.name).sort();
  assert.deepEqual(sources, ["placeholder", "readVariable"], "the unused variable's read is gone, the placeholder stays");
  assert.deepEqual(g.run({ arg0: tensor([1, 2]) })[0]!.arraySync(), [1, 4]);
  assert.deepEqual(w.value.arraySync(), [2, 4]);
});
