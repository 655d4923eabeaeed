import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, grads, setBackend, getBackend, randomNormal, where, greater, tile, relu, maxPool2d, type Tensor } from "../../../kernel/src/index.js";
import { poolReluGradient } from "../../../kernel/src/graph/passes/pool-relu-gradient.js";
import { deadCode } from "../../../kernel/src/graph/passes/dead-code.js";
import { optimizeGraph } from "../../../kernel/src/graph/passes/optimize.js";
import { assertClose, opsOf, traced } from "./helpers.js";
import { KERNELLESS } from "../../helpers/kernelless-backend.js";
import { asyncOnlyBackend } from "../../helpers/async-backend.js";

/** The gradient of sum(maxPool2d(relu(z)) · dy) with respect to z: where(z > 0, maxPoolGrad(relu(z), dy), 0). */
const poolReluGrad = (z: Tensor, dy: Tensor) => grads((p: Tensor) => maxPool2d(relu(p), 2).mul(dy).sum())(z)[0]!;

const z0 = randomNormal([2, 6, 6, 4], { seed: 1 });
const dy0 = randomNormal([2, 3, 3, 4], { seed: 2 });

test("relu → maxPool's gradient becomes one maxPoolReluGrad node that computes the same values", () => {
  const g = traced(poolReluGrad, z0, dy0);
  const before = g.run({ arg0: z0, arg1: dy0 });
  const ops = opsOf(g);
  const report = g.optimize([poolReluGradient, deadCode]);
  assert.equal(report.passes[0]!.did, "fused 1 relu → maxPool gradient (3 nodes into 1)");
  assert.equal(report.nodesAfter, report.nodesBefore - 2);
  assert.deepEqual(opsOf(g).filter((op) => ["where", "greater", "maxPoolGrad"].includes(op)), []);
  assert.equal(opsOf(g).filter((op) => op === "maxPoolReluGrad").length, 1);
  assert.ok(ops.includes("maxPoolGrad") && ops.includes("where"), `the traced gradient: ${ops.join(", ")}`);
  assertClose(g.run({ arg0: z0, arg1: dy0 }), before, 0);
  // And against eager mode, zeros, ties and NaN included.
  const z = tile(tensor([0, 0, -1, 2, 2, 2, Number.NaN, 1, -3, -2, 5, 0, -1, -1, 0, 0], { shape: [1, 4, 4, 1] }), [1, 1, 1, 4]);
  const dy = tile(tensor([1, 2, 3, 4], { shape: [1, 2, 2, 1] }), [1, 1, 1, 4]);
  const tiled = traced(poolReluGrad, z, dy);
  tiled.optimize([poolReluGradient, deadCode]);
  assertClose(tiled.run({ arg0: z, arg1: dy }), [poolReluGrad(z, dy)], 0);
});

test("the default passes run it, and the gradient of a whole relu → pool → loss agrees with eager mode", () => {
  const g = traced((z: Tensor, dy: Tensor) => [poolReluGrad(z, dy), maxPool2d(relu(z), 2).mul(dy).sum()], z0, dy0);
  const report = optimizeGraph(g.ir);
  assert.match(report.toString(), /pool-relu gradient fusion .* fused 1 relu → maxPool gradient/);
  assertClose(g.run({ arg0: z0, arg1: dy0 }), [poolReluGrad(z0, dy0), maxPool2d(relu(z0), 2).mul(dy0).sum()], 1e-6);
});

test("it leaves the ops when the mask or the pool gradient has another reader, the mask is not relu's, or the fill is −0", () => {
  const cases: ((z: Tensor, dy: Tensor) => Tensor[])[] = [
    // The pool gradient is returned too.
    (z, dy) => {
      const pooled = grads((p: Tensor) => maxPool2d(p, 2).mul(dy).sum())(relu(z))[0]!;
      return [where(greater(z, 0), pooled, 0), pooled];
    },
    // The mask compares another tensor than relu's input.
    (z, dy) => [where(greater(z.add(1), 0), grads((p: Tensor) => maxPool2d(p, 2).mul(dy).sum())(relu(z))[0]!, 0)],
    // −0 where the mask is off (the fused kernel writes +0 there).
    (z, dy) => [where(greater(z, 0), grads((p: Tensor) => maxPool2d(p, 2).mul(dy).sum())(relu(z))[0]!, tensor(-0))],
  ];
  for (const f of cases) {
    const g = traced(f, z0, dy0);
    const before = g.run({ arg0: z0, arg1: dy0 });
    const report = g.optimize([poolReluGradient, deadCode]);
    assert.equal(report.passes[0]!.did, "no relu → maxPool gradients");
    assert.ok(opsOf(g).includes("maxPoolGrad"));
    assertClose(g.run({ arg0: z0, arg1: dy0 }), before, 0);
  }
});

test("a backend without the fused kernel keeps the ops", (t) => {
  const previous = getBackend().name;
  setBackend(KERNELLESS);
  t.after(() => setBackend(previous));
  const g = traced(poolReluGrad, z0, dy0);
  assert.equal(g.optimize([poolReluGradient]).passes[0]!.did, `skipped: the ${KERNELLESS} backend has no maxPoolReluGrad kernel`);
  assert.ok(opsOf(g).includes("maxPoolGrad"));
});

test("on a backend that reads asynchronously (as webgpu), relu's mask still compares with the literal 0: the gradient fuses", (t) => {
  const previous = getBackend().name;
  setBackend(asyncOnlyBackend());
  t.after(() => setBackend(previous));
  const g = traced(poolReluGrad, z0, dy0);
  assert.equal(g.optimize([poolReluGradient]).passes[0]!.did, "fused 1 relu → maxPool gradient (3 nodes into 1)");
  assert.ok(opsOf(g).includes("maxPoolReluGrad"));
});

test("a conv layer's bias gradient (the sum of relu's gradient over batch, height and width) becomes the fused node's second output", () => {
  const b0 = randomNormal([4], { seed: 3 });
  const layer = (z: Tensor, b: Tensor, dy: Tensor) => grads((p: Tensor, q: Tensor) => maxPool2d(relu(p.add(q)), 2).mul(dy).sum())(z, b);
  const g = traced(layer, z0, b0, dy0);
  const before = g.run({ arg0: z0, arg1: b0, arg2: dy0 });
  const report = g.optimize([poolReluGradient, deadCode]);
  assert.equal(report.passes[0]!.did, "fused 1 relu → maxPool gradient (4 nodes into 1, with 1 bias gradient)");
  assert.deepEqual(opsOf(g).filter((op) => ["sum", "where", "maxPoolGrad"].includes(op)), []);
  assertClose(g.run({ arg0: z0, arg1: b0, arg2: dy0 }), before, 1e-5);
  assertClose(g.run({ arg0: z0, arg1: b0, arg2: dy0 }), layer(z0, b0, dy0), 1e-5);
  // Windows that do not tile the image (stride 1) keep the sum: only the vectorised kernel sums.
  const overlapping = traced((z: Tensor, b: Tensor, dy: Tensor) => grads((p: Tensor, q: Tensor) => maxPool2d(relu(p.add(q)), 2, { strides: 1 }).mul(dy).sum())(z, b), z0, b0, randomNormal([2, 5, 5, 4], { seed: 4 }));
  assert.equal(overlapping.optimize([poolReluGradient]).passes[0]!.did, "fused 1 relu → maxPool gradient (3 nodes into 1)");
  assert.ok(opsOf(overlapping).includes("sum"));
});
