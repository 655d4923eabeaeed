import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, variable, hostTensor, memory, type Tensor } from "../../../kernel/src/index.js";
import { constantFolding } from "../../../kernel/src/graph/passes/constant-folding.js";
import { assertClose, opsOf, traced } from "./helpers.js";

test("nodes computed from constants alone become constants; the results do not change", () => {
  const c = tensor([1, 2, 3]);
  const g = traced((x: Tensor) => x.add(c.mul(3).exp()), tensor([0, 0, 0]));
  const before = g.run({ arg0: tensor([1, -1, 2]) });
  assert.deepEqual(opsOf(g), ["mul", "exp", "add"]);
  const report = g.optimize([constantFolding]);
  assert.deepEqual(opsOf(g), ["add"], "mul and exp folded");
  assert.match(report.passes[0]!.did, /folded 2 nodes \(mul, exp\)/);
  const after = g.run({ arg0: tensor([1, -1, 2]) });
  assertClose(after, before);
  // Float64 reference: x + e^(3c).
  assertClose(after, [tensor([1, -1, 2].map((x, i) => x + Math.exp(3 * (i + 1))))], 1e-6);
});

test("variable reads, placeholders and host values are never folded", () => {
  const w = variable(tensor([1, 2]), { name: "w" });
  const g = traced(
    (x: Tensor) => x.add(w.value.mul(2)).add(hostTensor([2], "float32", () => Float32Array.of(1, 1), "ones").mul(5)),
    tensor([0, 0]),
  );
  g.optimize([constantFolding]);
  assert.deepEqual(opsOf(g).sort(), ["add", "add", "mul", "mul"]);
  w.assign(tensor([10, 20]));
  assert.deepEqual(g.run({ arg0: tensor([1, 1]) })[0]!.arraySync(), [1 + 20 + 5, 1 + 40 + 5], "the variable is still read at each run");
});

test("folded constants are freed with the graph; the tensor it captured stays the caller's", () => {
  const c = tensor([1, 2]).keep();
  const x = tensor([0, 0]);
  const start = memory().numTensors;
  const g = traced((x: Tensor) => x.add(c.square()), x);
  g.optimize([constantFolding]);
  assert.equal(g.heldTensors, 1, "the folded square is the graph's own");
  g.dispose();
  assert.equal(memory().numTensors, start, "the folded square is gone, the captured constant is not");
  assert.deepEqual(c.arraySync(), [1, 2]);
});
