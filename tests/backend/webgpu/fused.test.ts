// Fused elementwise kernels on the GPU: a fused chain runs as one generated WGSL kernel and
// agrees with the JavaScript backend's float64 reference; a compiled training step fused on
// the GPU gives the losses of the eager GPU run and of the CPU.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { sequential, Dense, Adam, seed, randomNormal, randomInt, setBackend, getBackend, jit, tensor, where, greater, type Model, type Tensor } from "../../../kernel/src/index.js";
import { isFused } from "../../../kernel/src/graph/passes/fused-op.js";
import { elementwiseFusion } from "../../../kernel/src/graph/passes/elementwise-fusion.js";
import { deadCode } from "../../../kernel/src/graph/passes/dead-code.js";
import * as gb from "../../../kernel/src/index.js";
import { compiledStepOf } from "../../../kernel/src/train/compiled-step.js";
import { wgslExpression } from "../../../kernel/src/backend/webgpu/kernels/fused.js";
import { setStorageBufferLimit, storageBufferLimit } from "../../../kernel/src/backend/webgpu/codegen.js";
import type { Graph } from "../../../kernel/src/graph/graph.js";
import { CPU, assertClose, gpuReady, values } from "./gpu.js";

let ready = false;
before(async () => {
  ready = await gpuReady();
});

const fusedNodes = (g: Graph) => g.ir.nodes.filter((n) => isFused(n.op)).length;

test("expressions become typed WGSL: select's arguments reorder, constants fold (no 1.0 / 0.0 in WGSL)", () => {
  const names = new Map([["in0", { code: "x0", type: "f32" as const }]]);
  assert.deepEqual(wgslExpression("select((in0 > 0.0), in0, ((-0.5) * in0))", names), { code: "select(((-0.5) * x0), x0, (x0 > 0.0))", type: "f32" });
  assert.equal(wgslExpression("min(in0, (1 / 0))", names).code, "min(x0, bitcast<f32>(INF_BITS))");
  assert.throws(() => wgslExpression("(in0 + (in0 > 1.0))", names), /expected f32/);
  assert.throws(() => wgslExpression("foo(in0)", names), /unknown function foo/);
});

test("a chain with a broadcast bias, constants, a comparison and where is one WGSL kernel matching the CPU", async (t) => {
  if (!ready) return t.skip("no WebGPU adapter (set CI=1 to make this a failure)");
  const f = (x: Tensor, b: Tensor) => {
    const y = x.mul(2).add(b).sigmoid().sub(0.25);
    return [where(greater(y, 0.3), y.exp(), y.square().neg()), y.minimum(Infinity).log1p()];
  };
  const run = async (backend: string) => {
    setBackend(backend);
    try {
      const x = tensor(values(24, 3)).reshape([4, 6]);
      const b = tensor(values(6, 4));
      const g = jit(f).graphFor(x, b);
      if (backend === "webgpu") {
        g.optimize([elementwiseFusion, deadCode]);
        assert.equal(g.ir.nodes.filter((n) => !n.op.source).length, 1, g.toString());
        assert.equal(fusedNodes(g), 1);
      }
      return Promise.all(g.run({ arg0: x, arg1: b }).map(async (o) => Array.from(await o.data(), Number)));
    } finally {
      setBackend(CPU);
    }
  };
  assertClose({ cpu: await run(CPU), gpu: await run("webgpu") }, "fused chain", 1e-5);
});

test("every function of the expression language, fused into WGSL kernels, matches the CPU's ops", async (t) => {
  if (!ready) return t.skip("no WebGPU adapter (set CI=1 to make this a failure)");
  const terms: ((x: Tensor) => Tensor)[] = [
    gb.abs, gb.sign, gb.exp, gb.expm1, (x) => gb.log1p(gb.abs(x)), (x) => gb.sqrt(gb.abs(x)), (x) => gb.log(gb.abs(x).add(0.5)), gb.sin, gb.cos, gb.tan, gb.tanh,
    gb.erf, gb.sigmoid, gb.relu, gb.relu6, gb.softplus, (x) => gb.leakyRelu(x, 0.2), (x) => gb.elu(x, 0.7), (x) => gb.clip(x, -0.3, 0.4),
    (x) => gb.floor(x.mul(3)), (x) => gb.ceil(x.mul(3)), (x) => gb.round(x.mul(4)), (x) => gb.pow(gb.abs(x).add(0.1), x), (x) => gb.maximum(x, x.mul(x)),
    (x) => gb.minimum(x, 0.1), (x) => gb.squaredDifference(x, 0.3), (x) => gb.rsqrt(gb.abs(x).add(1)), (x) => gb.reciprocal(x.add(3)), (x) => x.div(x.sub(2)),
  ];
  // In groups: on the GPU each scalar constant is an input buffer (its value is not
  // readable at fuse time), and a shader binds a limited number of buffers.
  const run = async (backend: string, f: (x: Tensor) => Tensor) => {
    setBackend(backend);
    try {
      const x = tensor(values(40, 7).map((v) => 2 * v)).reshape([8, 5]);
      const g = jit(f).graphFor(x);
      if (backend === "webgpu") {
        const report = g.optimize([elementwiseFusion, deadCode]);
        assert.equal(fusedNodes(g), 1, report.passes[0]!.did);
      }
      return [Array.from(await g.run({ arg0: x })[0]!.data(), Number)];
    } finally {
      setBackend(CPU);
    }
  };
  for (let start = 0; start < terms.length; start += 5) {
    const group = terms.slice(start, start + 5);
    const f = (x: Tensor) => group.slice(1).reduce((acc, term) => acc.add(term(x)), group[0]!(x));
    assertClose({ cpu: await run(CPU, f), gpu: await run("webgpu", f) }, `functions ${start}–${start + group.length - 1}`, 1e-5);
  }
});

test("a chain reading more buffers than the GPU binds stays unfused on webgpu and still computes", async (t) => {
  if (!ready) return t.skip("no WebGPU adapter (set CI=1 to make this a failure)");
  const limit = storageBufferLimit();
  setStorageBufferLimit(8); // WebGPU's default limit (lavapipe binds far more)
  setBackend("webgpu");
  try {
    const xs = Array.from({ length: 9 }, (_, k) => tensor(values(5, k + 1)));
    const g = jit((...a: Tensor[]) => a.reduce((s, x) => s.add(x.exp()))).graphFor(...xs);
    const report = g.optimize([elementwiseFusion, deadCode]);
    assert.equal(fusedNodes(g), 0);
    assert.match(report.passes[0]!.did, /no chains the webgpu backend can fuse/);
    const out = Array.from(await g.run(Object.fromEntries(xs.map((x, k) => [`arg${k}`, x])))[0]!.data());
    const expected = Array.from({ length: 5 }, (_, i) => values(5, 1)[i]! + xs.slice(1).reduce((s, _x, k) => s + Math.exp(values(5, k + 2)[i]!), 0));
    assertClose({ cpu: [expected], gpu: [out] }, "unfused sum", 1e-5);
  } finally {
    setStorageBufferLimit(limit);
    setBackend(CPU);
  }
});

async function train(backend: string, runEagerly: boolean): Promise<{ loss: number[]; fused: number }> {
  const previous = getBackend().name;
  setBackend(backend);
  try {
    seed(5);
    const model: Model = sequential([new Dense({ units: 10, activation: "tanh", inputShape: [4] }), new Dense({ units: 3, activation: "softmax" })]);
    model.compile({ optimizer: new Adam({ learningRate: 0.03 }), loss: "sparseCategoricalCrossentropy", runEagerly });
    const x = randomNormal([32, 4], { seed: 3 });
    const y = randomInt([32], 0, 3, { seed: 4 });
    const history = await model.fit(x, y, { epochs: 4, batchSize: 16, verbose: 0, shuffle: false });
    const graphs = compiledStepOf(model.compiled!)?.graphs ?? [];
    return { loss: history.history.loss!, fused: graphs.reduce((n, g) => n + fusedNodes(g), 0) };
  } finally {
    setBackend(previous);
  }
}

test("a compiled Adam step fused on webgpu gives the losses of eager webgpu and of the CPU", async (t) => {
  if (!ready) return t.skip("no WebGPU adapter (set CI=1 to make this a failure)");
  const fused = await train("webgpu", false);
  const eager = await train("webgpu", true);
  const cpu = await train(CPU, false);
  assert.ok(fused.fused > 0, "the GPU's training step has fused nodes");
  assert.equal(eager.fused, 0);
  assert.equal(fused.loss.length, 4);
  for (const [name, reference] of [["eager webgpu", eager.loss], ["cpu-js", cpu.loss]] as const) {
    fused.loss.forEach((v, i) => assert.ok(Math.abs(v - reference[i]!) < 1e-4 * (1 + Math.abs(reference[i]!)), `loss[${i}]: fused webgpu ${v}, ${name} ${reference[i]}`));
  }
});
